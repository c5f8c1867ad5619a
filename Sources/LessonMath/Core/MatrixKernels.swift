/// The hot loops behind `Matrix`: a register-blocked matrix product over raw pointers.
///
/// Row-major throughout. The micro-kernel keeps a 4 × 4 tile of C in eight `SIMD2<Double>`
/// accumulators (the baseline x86-64 target has 128-bit SSE2 registers, no FMA), so each
/// element of A and B loaded from memory feeds four multiply-adds. Products and sums are
/// separate operations (no fused multiply-add), so results are identical on every CPU of an
/// architecture. Callers that train reuse their buffers and call the pointer form directly.
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
      m: m, n: n, k: k, a: a, rowStride: lda, innerStride: 1, b: b, ldb: ldb, c: c, ldc: ldc,
      accumulate: accumulate)
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
      m: m, n: n, k: k, a: a, rowStride: 1, innerStride: lda, b: b, ldb: ldb, c: c, ldc: ldc,
      accumulate: accumulate)
  }

  /// The shared driver: element (i, p) of A is `a[i * rowStride + p * innerStride]`.
  @inline(__always)
  private static func gemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, rowStride rs: Int, innerStride ps: Int,
    b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int,
    accumulate: Bool
  ) {
    if m == 0 || n == 0 { return }
    if n <= 12 {
      narrow(
        m: m, n: n, k: k, a: a, rs: rs, ps: ps, b: b, ldb: ldb, c: c, ldc: ldc,
        accumulate: accumulate)
      return
    }
    let n4 = n & ~3
    var i = 0
    while i + 4 <= m {
      var j = 0
      while j < n4 {
        kernel4x4(
          k: k, a: a + i * rs, rs: rs, ps: ps, b: b + j, ldb: ldb, c: c + i * ldc + j,
          ldc: ldc, accumulate: accumulate)
        j += 4
      }
      if j + 2 <= n {
        kernel4x2(
          k: k, a: a + i * rs, rs: rs, ps: ps, b: b + j, ldb: ldb, c: c + i * ldc + j,
          ldc: ldc, accumulate: accumulate)
        j += 2
      }
      if j < n {
        kernel4x1(
          k: k, a: a + i * rs, rs: rs, ps: ps, b: b + j, ldb: ldb, c: c + i * ldc + j,
          ldc: ldc, accumulate: accumulate)
      }
      i += 4
    }
    while i < m {
      var j = 0
      while j < n4 {
        kernel1x4(
          k: k, a: a + i * rs, ps: ps, b: b + j, ldb: ldb, c: c + i * ldc + j,
          accumulate: accumulate)
        j += 4
      }
      while j < n {
        // At most three columns of at most three rows: a plain dot product.
        var sum = 0.0
        for p in 0..<k { sum += a[i * rs + p * ps] * b[p * ldb + j] }
        c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum
        j += 1
      }
      i += 1
    }
  }

  /// Products with at most 12 columns (the lessons' class counts and hidden widths): each pair
  /// of rows keeps its whole output row in ⌊n/2⌋ registers, so every broadcast element of A
  /// feeds up to 6 multiply-adds (a 4 × 4 tiling would broadcast it up to 3 times).
  @inline(__always)
  private static func narrow(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, rs: Int, ps: Int,
    b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int,
    accumulate: Bool
  ) {
    let pairs = n / 2
    var i = 0
    while i < m {
      let rows = min(2, m - i)
      let ai = a + i * rs
      let ci = c + i * ldc
      switch pairs {
      case 1: rowPanel(InlineArray<1, Int>.self, rows, k, ai, rs, ps, b, ldb, ci, ldc, accumulate)
      case 2: rowPanel(InlineArray<2, Int>.self, rows, k, ai, rs, ps, b, ldb, ci, ldc, accumulate)
      case 3: rowPanel(InlineArray<3, Int>.self, rows, k, ai, rs, ps, b, ldb, ci, ldc, accumulate)
      case 4: rowPanel(InlineArray<4, Int>.self, rows, k, ai, rs, ps, b, ldb, ci, ldc, accumulate)
      case 5: rowPanel(InlineArray<5, Int>.self, rows, k, ai, rs, ps, b, ldb, ci, ldc, accumulate)
      case 6: rowPanel(InlineArray<6, Int>.self, rows, k, ai, rs, ps, b, ldb, ci, ldc, accumulate)
      default: break
      }
      if n % 2 == 1 {  // the last column: one accumulator per row
        let j = n - 1
        for r in 0..<rows {
          var sum = 0.0
          for p in 0..<k { sum += ai[r * rs + p * ps] * b[p * ldb + j] }
          ci[r * ldc + j] = accumulate ? ci[r * ldc + j] + sum : sum
        }
      }
      i += 2
    }
  }

  /// One or two rows of C, columns 0..<2W, accumulated in 2W `SIMD2` registers.
  @inline(__always)
  private static func rowPanel<let W: Int>(
    _: InlineArray<W, Int>.Type, _ rows: Int, _ k: Int,
    _ a: UnsafePointer<Double>, _ rs: Int, _ ps: Int,
    _ b: UnsafePointer<Double>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ accumulate: Bool
  ) {
    var c0 = InlineArray<W, SIMD2<Double>>(repeating: .zero)
    var c1 = InlineArray<W, SIMD2<Double>>(repeating: .zero)
    var pa = a
    var pb = b
    if rows == 2 {
      for _ in 0..<k {
        let x0 = SIMD2(repeating: pa[0])
        let x1 = SIMD2(repeating: pa[rs])
        for w in 0..<W {
          let bw = load2(pb + 2 * w)
          c0[w] += x0 * bw
          c1[w] += x1 * bw
        }
        pa += ps
        pb += ldb
      }
    } else {
      for _ in 0..<k {
        let x0 = SIMD2(repeating: pa[0])
        for w in 0..<W { c0[w] += x0 * load2(pb + 2 * w) }
        pa += ps
        pb += ldb
      }
    }
    for w in 0..<W {
      put(c0[w], c + 2 * w, accumulate)
      if rows == 2 { put(c1[w], c + ldc + 2 * w, accumulate) }
    }
  }

  @inline(__always)
  private static func load2(_ p: UnsafePointer<Double>) -> SIMD2<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD2<Double>.self)
  }

  @inline(__always)
  private static func store2(_ v: SIMD2<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD2<Double>.self)
  }

  /// A 4 × 4 tile of C: rows `a[0..<4]`, columns `b[0..<4]`.
  @inline(__always)
  private static func kernel4x4(
    k: Int, a: UnsafePointer<Double>, rs: Int, ps: Int, b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool
  ) {
    var c00 = SIMD2<Double>(), c01 = SIMD2<Double>()
    var c10 = SIMD2<Double>(), c11 = SIMD2<Double>()
    var c20 = SIMD2<Double>(), c21 = SIMD2<Double>()
    var c30 = SIMD2<Double>(), c31 = SIMD2<Double>()
    var pa = a
    var pb = b
    for _ in 0..<k {
      let b0 = load2(pb)
      let b1 = load2(pb + 2)
      let x0 = SIMD2(repeating: pa[0])
      let x1 = SIMD2(repeating: pa[rs])
      let x2 = SIMD2(repeating: pa[2 * rs])
      let x3 = SIMD2(repeating: pa[3 * rs])
      c00 += x0 * b0
      c01 += x0 * b1
      c10 += x1 * b0
      c11 += x1 * b1
      c20 += x2 * b0
      c21 += x2 * b1
      c30 += x3 * b0
      c31 += x3 * b1
      pa += ps
      pb += ldb
    }
    put(c00, c01, c, accumulate)
    put(c10, c11, c + ldc, accumulate)
    put(c20, c21, c + 2 * ldc, accumulate)
    put(c30, c31, c + 3 * ldc, accumulate)
  }

  /// Stores (or adds) four results held in two registers.
  @inline(__always)
  private static func put(
    _ lo: SIMD2<Double>, _ hi: SIMD2<Double>, _ c: UnsafeMutablePointer<Double>, _ accumulate: Bool
  ) {
    if accumulate {
      store2(lo + load2(c), c)
      store2(hi + load2(c + 2), c + 2)
    } else {
      store2(lo, c)
      store2(hi, c + 2)
    }
  }

  /// A 1 × 4 tile of C (the rows left over below the last full 4-row block).
  @inline(__always)
  private static func kernel1x4(
    k: Int, a: UnsafePointer<Double>, ps: Int, b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, accumulate: Bool
  ) {
    var lo = SIMD2<Double>(), hi = SIMD2<Double>()
    var pb = b
    for p in 0..<k {
      let x = SIMD2(repeating: a[p * ps])
      lo += x * load2(pb)
      hi += x * load2(pb + 2)
      pb += ldb
    }
    put(lo, hi, c, accumulate)
  }

  /// A 4 × 2 tile of C (two columns left over right of the 4-wide tiles).
  @inline(__always)
  private static func kernel4x2(
    k: Int, a: UnsafePointer<Double>, rs: Int, ps: Int, b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool
  ) {
    var c0 = SIMD2<Double>(), c1 = SIMD2<Double>(), c2 = SIMD2<Double>(), c3 = SIMD2<Double>()
    var pa = a
    var pb = b
    for _ in 0..<k {
      let b0 = load2(pb)
      c0 += SIMD2(repeating: pa[0]) * b0
      c1 += SIMD2(repeating: pa[rs]) * b0
      c2 += SIMD2(repeating: pa[2 * rs]) * b0
      c3 += SIMD2(repeating: pa[3 * rs]) * b0
      pa += ps
      pb += ldb
    }
    put(c0, c, accumulate)
    put(c1, c + ldc, accumulate)
    put(c2, c + 2 * ldc, accumulate)
    put(c3, c + 3 * ldc, accumulate)
  }

  /// Stores (or adds) two results held in one register.
  @inline(__always)
  private static func put(
    _ v: SIMD2<Double>, _ c: UnsafeMutablePointer<Double>, _ accumulate: Bool
  ) {
    store2(accumulate ? v + load2(c) : v, c)
  }

  /// A 4 × 1 tile of C (the last odd column): four independent accumulators.
  @inline(__always)
  private static func kernel4x1(
    k: Int, a: UnsafePointer<Double>, rs: Int, ps: Int, b: UnsafePointer<Double>, ldb: Int,
    c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool
  ) {
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    var pa = a
    var pb = b
    for _ in 0..<k {
      let x = pb[0]
      s0 += pa[0] * x
      s1 += pa[rs] * x
      s2 += pa[2 * rs] * x
      s3 += pa[3 * rs] * x
      pa += ps
      pb += ldb
    }
    if accumulate {
      c[0] += s0
      c[ldc] += s1
      c[2 * ldc] += s2
      c[3 * ldc] += s3
    } else {
      c[0] = s0
      c[ldc] = s1
      c[2 * ldc] = s2
      c[3 * ldc] = s3
    }
  }
}
