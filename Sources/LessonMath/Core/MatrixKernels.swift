import CKernels

/// The hot loops behind `Matrix`: the matrix product over raw pointers.
///
/// Row-major throughout. The kernel is C (`Sources/CKernels/gemm.c`): B in panels of 8
/// columns, 6 × 8 tiles of C in AVX2 registers with fused multiply-adds when the processor has
/// them (about single-thread OpenBLAS's speed on 256³; last panels of 4 and of 8 + 2 columns
/// have tiles of their own), else portable C whose `fma()` rounds the same. Transposed operands are read through strides, never copied, and a narrow product
/// (10 classes) is computed as its transpose when that wastes fewer vector lanes. Each element
/// of C is one multiply-add chain over the inner index in order, so results are identical on
/// every x86-64 (and any other) machine, whatever the tile the element falls in. Callers that
/// train reuse their buffers and call the pointer forms directly.
public enum MatrixKernels {
  /// `C = A · B` (or `C += A · B` when `accumulate`), A `m × k`, B `k × n`, C `m × n`,
  /// all dense row-major arrays.
  public static func gemm(
    m: Int, n: Int, k: Int, a: [Double], b: [Double], c: inout [Double], accumulate: Bool
  ) {
    precondition(a.count >= m * k && b.count >= k * n && c.count >= m * n, "gemm: buffer sizes")
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          gemm(
            m: m, n: n, k: k, a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: n,
            c: pc.baseAddress!, ldc: n, accumulate: accumulate)
        }
      }
    }
  }

  /// `C = A · B` (or `C += A · B`) over raw pointers with leading dimensions (row strides).
  ///
  /// Zero-sized operands are allowed (`k == 0` gives `C = 0`, or leaves C when accumulating).
  public static func gemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int,
    accumulate: Bool
  ) {
    gemm(
      m: m, n: n, k: k, a: a, lda: lda, transposeA: false, b: b, ldb: ldb, transposeB: false,
      c: c, ldc: ldc, accumulate: accumulate)
  }

  /// `C = Aᵀ · B` (or `C += Aᵀ · B`): A is stored `k × m` row-major (leading dimension `lda`),
  /// B `k × n`, C `m × n`. Used for weight gradients `Xᵀ · dZ` without transposing X.
  public static func gemmTransposedA(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int,
    accumulate: Bool
  ) {
    gemm(
      m: m, n: n, k: k, a: a, lda: lda, transposeA: true, b: b, ldb: ldb, transposeB: false,
      c: c, ldc: ldc, accumulate: accumulate)
  }

  /// `C = A · Bᵀ` (or `C += A · Bᵀ`): A `m × k`, B is stored `n × k` row-major (leading
  /// dimension `ldb`), C `m × n`. Used for back-propagating `dZ · Wᵀ` without transposing W.
  public static func gemmTransposedB(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int,
    accumulate: Bool
  ) {
    gemm(
      m: m, n: n, k: k, a: a, lda: lda, transposeA: false, b: b, ldb: ldb, transposeB: true,
      c: c, ldc: ldc, accumulate: accumulate)
  }

  /// `count` zeroed doubles starting on a 64-byte boundary (a cache line), for buffers the
  /// kernel reads many times: a row of 8 then fills one line instead of straddling two, which
  /// makes `Xᵀ · dZ` on the digits 13 % faster. Free with `deallocateAligned`.
  public static func allocateAligned(_ count: Int) -> UnsafeMutablePointer<Double> {
    let count = max(count, 1)
    let p = UnsafeMutableRawPointer.allocate(
      byteCount: count * MemoryLayout<Double>.stride, alignment: 64
    ).bindMemory(to: Double.self, capacity: count)
    p.initialize(repeating: 0, count: count)
    return p
  }

  public static func deallocateAligned(_ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).deallocate()
  }

  /// The general form: `C = op(A) · op(B)` (or `+=`), where op transposes when asked; `lda`
  /// and `ldb` are the row strides of A and B as stored. A transpose is a pair of strides.
  static func gemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, lda: Int, transposeA: Bool,
    b: UnsafePointer<Double>, ldb: Int, transposeB: Bool,
    c: UnsafeMutablePointer<Double>, ldc: Int,
    accumulate: Bool
  ) {
    lessons_dgemm(
      m, n, k, a, transposeA ? 1 : lda, transposeA ? lda : 1, b, transposeB ? 1 : ldb,
      transposeB ? ldb : 1, c, ldc, 1, accumulate ? 1 : 0)
  }
}
