/// Eigenvalues of symmetric matrices and random symmetric Hessians (course 2.10).
public enum SymmetricEigen {
  /// The eigenvalues of a symmetric matrix, ascending, by the cyclic Jacobi method.
  ///
  /// Each sweep visits every off-diagonal pair (p, q) and applies the rotation that zeroes
  /// a_pq (Golub & Van Loan, *Matrix Computations*, §8.5, with the stable choice of
  /// t = sign(θ)/(|θ| + √(θ² + 1))). Sweeps stop when the off-diagonal Frobenius norm is below
  /// 1e−14 times the whole norm, or after 100 sweeps. The matrix must be symmetric (checked
  /// to 1e−12 relative to its norm). Accurate to a few ulps of the norm; fine for n ≤ 50.
  public static func eigenvalues(_ matrix: Matrix) -> [Double] {
    let n = matrix.rows
    precondition(matrix.columns == n, "eigenvalues need a square matrix")
    var a = matrix.storage
    let norm = matrix.frobeniusNorm()
    for i in 0..<n {
      for j in 0..<i {
        precondition(
          abs(a[i * n + j] - a[j * n + i]) <= 1e-12 * max(norm, 1), "matrix is not symmetric")
      }
    }
    if n == 1 { return [a[0]] }
    a.withUnsafeMutableBufferPointer { a in
      for _ in 0..<100 {
        var off = 0.0
        for p in 0..<n { for q in (p + 1)..<n { off += 2 * a[p * n + q] * a[p * n + q] } }
        if off.squareRoot() <= 1e-14 * norm || off == 0 { break }
        for p in 0..<(n - 1) {
          for q in (p + 1)..<n {
            let apq = a[p * n + q]
            if apq == 0 { continue }
            let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
            let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
            let c = 1 / (t * t + 1).squareRoot()
            let s = t * c
            // A ← Jᵀ A J with J the rotation in the (p, q) plane.
            for k in 0..<n {
              let akp = a[k * n + p]
              let akq = a[k * n + q]
              a[k * n + p] = c * akp - s * akq
              a[k * n + q] = s * akp + c * akq
            }
            for k in 0..<n {
              let apk = a[p * n + k]
              let aqk = a[q * n + k]
              a[p * n + k] = c * apk - s * aqk
              a[q * n + k] = s * apk + c * aqk
            }
            a[p * n + q] = 0
            a[q * n + p] = 0
          }
        }
      }
    }
    return (0..<n).map { a[$0 * n + $0] }.sorted()
  }

  /// A random symmetric "Hessian" H = (A + Aᵀ)/√2 with A's entries i.i.d. N(0, 1) (a GOE
  /// matrix: off-diagonal entries N(0, 1), diagonal N(0, 2)). A is drawn row by row.
  public static func randomSymmetricMatrix(dimension n: Int, using rng: inout SeededGenerator)
    -> Matrix
  {
    var a = Matrix(rows: n, columns: n)
    for k in 0..<(n * n) { a.storage[k] = rng.nextNormal() }
    var h = Matrix(rows: n, columns: n)
    let scale = 1 / 2.0.squareRoot()
    for i in 0..<n { for j in 0..<n { h[i, j] = (a[i, j] + a[j, i]) * scale } }
    return h
  }

  /// The fraction of `trials` random symmetric matrices of dimension n whose eigenvalues are
  /// all positive (a critical point with that Hessian is a minimum). Exactly (2 − √2)/4 ≈
  /// 0.1464 for n = 2; ≈ 0.025 for n = 3; far below the 0.5ⁿ an independence argument gives.
  public static func fractionOfMinima(dimension n: Int, trials: Int, seed: Int = 0) -> Double {
    precondition(n >= 1 && trials >= 1, "dimension and trials must be positive")
    var rng = SeededGenerator(seed: seed, stream: n)
    var minima = 0
    for _ in 0..<trials {
      let h = randomSymmetricMatrix(dimension: n, using: &rng)
      if eigenvalues(h)[0] > 0 { minima += 1 }
    }
    return Double(minima) / Double(trials)
  }
}
