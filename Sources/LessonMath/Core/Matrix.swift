/// A dense, row-major matrix of `Double`s with contiguous storage.
///
/// Examples are rows (m × n), as in PyTorch; a vector is a `1 × n` matrix or a plain
/// `[Double]`. Element `(i, j)` lives at `storage[i * columns + j]`. Operations that return a
/// new matrix allocate once for the result and never per element; the `…(into:)` forms in
/// `MatrixKernels.swift` write into preallocated storage for hot loops (training).
public struct Matrix: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// Number of rows (examples).
  public let rows: Int
  /// Number of columns (features).
  public let columns: Int
  /// The elements, row after row (`rows * columns` of them).
  public var storage: [Double]

  /// A matrix filled with one value.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
    self.rows = rows
    self.columns = columns
    self.storage = Array(repeating: value, count: rows * columns)
  }

  /// A matrix over existing row-major storage; `storage.count` must be `rows * columns`.
  public init(rows: Int, columns: Int, storage: [Double]) {
    precondition(
      storage.count == rows * columns,
      "storage has \(storage.count) elements, "
        + "expected \(rows) × \(columns)")
    self.rows = rows
    self.columns = columns
    self.storage = storage
  }

  /// A matrix from nested rows, e.g. `Matrix([[1, 2], [3, 4]])`; all rows must be equally long.
  public init(_ nestedRows: [[Double]]) {
    let columns = nestedRows.first?.count ?? 0
    var storage: [Double] = []
    storage.reserveCapacity(nestedRows.count * columns)
    for row in nestedRows {
      precondition(row.count == columns, "ragged rows: \(row.count) vs \(columns)")
      storage.append(contentsOf: row)
    }
    self.init(rows: nestedRows.count, columns: columns, storage: storage)
  }

  /// A `1 × n` row vector.
  public init(row: [Double]) { self.init(rows: 1, columns: row.count, storage: row) }

  /// An `n × 1` column vector.
  public init(column: [Double]) { self.init(rows: column.count, columns: 1, storage: column) }

  /// The `n × n` identity matrix.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.storage[i * n + i] = 1 }
    return m
  }

  /// `(rows, columns)`.
  public var shape: (rows: Int, columns: Int) { (rows, columns) }

  /// Number of elements.
  public var count: Int { storage.count }

  /// Element `(i, j)`.
  @inlinable public subscript(row: Int, column: Int) -> Double {
    get { storage[row * columns + column] }
    set { storage[row * columns + column] = newValue }
  }

  /// Row `i` as an array.
  public func row(_ i: Int) -> [Double] {
    Array(storage[(i * columns)..<((i + 1) * columns)])
  }

  /// Column `j` as an array.
  public func column(_ j: Int) -> [Double] {
    (0..<rows).map { storage[$0 * columns + j] }
  }

  /// The rows as nested arrays (for printing and tests).
  public var nestedRows: [[Double]] { (0..<rows).map(row) }

  /// A new matrix made of the given rows, in the given order (rows may repeat).
  public func gatheringRows(_ indices: some Collection<Int>) -> Matrix {
    var result = Matrix(rows: indices.count, columns: columns)
    gatherRows(indices, into: &result.storage)
    return result
  }

  /// Copies the given rows, in order, into `destination` (which must hold them).
  public func gatherRows(_ indices: some Collection<Int>, into destination: inout [Double]) {
    precondition(destination.count >= indices.count * columns)
    let n = columns
    storage.withUnsafeBufferPointer { source in
      destination.withUnsafeMutableBufferPointer { target in
        var offset = 0
        for i in indices {
          precondition(i >= 0 && i < rows, "row index \(i) out of range 0..<\(rows)")
          for j in 0..<n { target[offset + j] = source[i * n + j] }
          offset += n
        }
      }
    }
  }

  /// The transpose `Aᵀ`.
  public var transposed: Matrix {
    var result = Matrix(rows: columns, columns: rows)
    transpose(into: &result.storage)
    return result
  }

  /// Writes `Aᵀ` (row-major, `columns × rows`) into `destination`.
  public func transpose(into destination: inout [Double]) {
    precondition(destination.count >= count)
    let (m, n) = (rows, columns)
    storage.withUnsafeBufferPointer { a in
      destination.withUnsafeMutableBufferPointer { t in
        // Blocked so both sides stay in cache for large matrices.
        let block = 32
        for i0 in stride(from: 0, to: m, by: block) {
          for j0 in stride(from: 0, to: n, by: block) {
            for i in i0..<min(i0 + block, m) {
              for j in j0..<min(j0 + block, n) { t[j * m + i] = a[i * n + j] }
            }
          }
        }
      }
    }
  }

  /// Applies `transform` to every element.
  @inlinable public func map(_ transform: (Double) throws -> Double) rethrows -> Matrix {
    Matrix(rows: rows, columns: columns, storage: try storage.map(transform))
  }

  /// Combines two matrices of equal shape element by element.
  @inlinable public func zipMap(
    _ other: Matrix, _ combine: (Double, Double) throws -> Double
  ) rethrows -> Matrix {
    precondition(rows == other.rows && columns == other.columns, "shape mismatch")
    var result = Matrix(rows: rows, columns: columns)
    for k in 0..<storage.count { result.storage[k] = try combine(storage[k], other.storage[k]) }
    return result
  }

  /// Sums over rows: the `1 × columns` vector of column sums (numpy `A.sum(axis=0)`).
  public func sumOverRows() -> Matrix {
    var sums = [Double](repeating: 0, count: columns)
    let n = columns
    storage.withUnsafeBufferPointer { a in
      sums.withUnsafeMutableBufferPointer { s in
        for i in 0..<rows { for j in 0..<n { s[j] += a[i * n + j] } }
      }
    }
    return Matrix(row: sums)
  }

  /// Sums over columns: the `rows × 1` vector of row sums (numpy `A.sum(axis=1)`).
  public func sumOverColumns() -> Matrix {
    var sums = [Double](repeating: 0, count: rows)
    for i in 0..<rows {
      var s = 0.0
      for j in 0..<columns { s += storage[i * columns + j] }
      sums[i] = s
    }
    return Matrix(column: sums)
  }

  /// The `1 × columns` vector of column means.
  public func meanOverRows() -> Matrix {
    precondition(rows > 0, "mean of an empty matrix")
    return sumOverRows() * (1 / Double(rows))
  }

  /// The index of the largest element of each row (first one on ties), like numpy `argmax(1)`.
  public func argmaxPerRow() -> [Int] {
    (0..<rows).map { i in
      var best = 0
      var bestValue = -Double.infinity
      for j in 0..<columns where storage[i * columns + j] > bestValue {
        best = j
        bestValue = storage[i * columns + j]
      }
      return best
    }
  }

  /// The sum of all elements.
  public func sum() -> Double { storage.reduce(0, +) }

  /// The Frobenius norm √(Σ aᵢⱼ²).
  public func frobeniusNorm() -> Double { storage.reduce(0) { $0 + $1 * $1 }.squareRoot() }

  public var description: String {
    "Matrix(\(rows)×\(columns)) " + nestedRows.description
  }
}

// MARK: - Arithmetic

extension Matrix {
  /// Element-wise sum; a `1 × n` right operand is broadcast over the rows, an `m × 1` one over
  /// the columns (numpy broadcasting for the shapes the lessons use).
  public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
    broadcast(lhs, rhs, +)
  }

  /// Element-wise difference, broadcasting like `+`.
  public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
    broadcast(lhs, rhs, -)
  }

  /// Element-wise (Hadamard) product, broadcasting like `+`.
  public static func .* (lhs: Matrix, rhs: Matrix) -> Matrix {
    broadcast(lhs, rhs, *)
  }

  /// Element-wise quotient, broadcasting like `+`.
  public static func / (lhs: Matrix, rhs: Matrix) -> Matrix {
    broadcast(lhs, rhs, /)
  }

  /// Every element times a scalar.
  public static func * (lhs: Matrix, rhs: Double) -> Matrix { lhs.map { $0 * rhs } }

  /// Every element times a scalar.
  public static func * (lhs: Double, rhs: Matrix) -> Matrix { rhs.map { lhs * $0 } }

  /// Every element plus a scalar.
  public static func + (lhs: Matrix, rhs: Double) -> Matrix { lhs.map { $0 + rhs } }

  /// Element-wise negation.
  public static prefix func - (operand: Matrix) -> Matrix { operand.map { -$0 } }

  /// The matrix product `A · B`, optionally with either operand transposed first.
  ///
  /// Uses the register-blocked kernel of `MatrixKernels.swift`; the result equals the naive
  /// triple loop up to the order of floating-point additions.
  public func matmul(_ other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false)
    -> Matrix
  {
    let m = transposeSelf ? columns : rows
    let k = transposeSelf ? rows : columns
    let k2 = transposeOther ? other.columns : other.rows
    let n = transposeOther ? other.rows : other.columns
    precondition(k == k2, "matmul: inner dimensions \(k) and \(k2) differ")
    var result = Matrix(rows: m, columns: n)
    // Aᵀ and Bᵀ are read in place by the kernel, through strides.
    storage.withUnsafeBufferPointer { pa in
      other.storage.withUnsafeBufferPointer { pb in
        result.storage.withUnsafeMutableBufferPointer { pc in
          guard m > 0, n > 0, let a = pa.baseAddress, let b = pb.baseAddress else { return }
          MatrixKernels.gemm(
            m: m, n: n, k: k, a: a, lda: columns, transposeA: transposeSelf, b: b,
            ldb: other.columns, transposeB: transposeOther, c: pc.baseAddress!, ldc: n,
            accumulate: false)
        }
      }
    }
    return result
  }

  private static func broadcast(_ lhs: Matrix, _ rhs: Matrix, _ op: (Double, Double) -> Double)
    -> Matrix
  {
    if lhs.rows == rhs.rows && lhs.columns == rhs.columns { return lhs.zipMap(rhs, op) }
    var result = Matrix(rows: lhs.rows, columns: lhs.columns)
    let n = lhs.columns
    if rhs.rows == 1 && rhs.columns == n {
      for i in 0..<lhs.rows {
        for j in 0..<n { result.storage[i * n + j] = op(lhs.storage[i * n + j], rhs.storage[j]) }
      }
    } else if rhs.columns == 1 && rhs.rows == lhs.rows {
      for i in 0..<lhs.rows {
        for j in 0..<n { result.storage[i * n + j] = op(lhs.storage[i * n + j], rhs.storage[i]) }
      }
    } else {
      preconditionFailure(
        "cannot broadcast \(rhs.rows)×\(rhs.columns) onto \(lhs.rows)×\(lhs.columns)")
    }
    return result
  }
}

infix operator .* : MultiplicationPrecedence
