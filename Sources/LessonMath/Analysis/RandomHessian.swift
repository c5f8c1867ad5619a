/// How often a random critical point is a minimum (course 2.10): Monte Carlo counts over
/// random symmetric Hessians, the exact values known for small n, and the notes' 0.5ⁿ.
///
/// A critical point is a minimum when its Hessian H is positive definite (every eigenvalue
/// > 0). The Hessians are H = (A + Aᵀ)/√2 with A's entries i.i.d. N(0, 1), as in
/// `SymmetricEigen.randomSymmetricMatrix`: off-diagonal entries N(0, 1), diagonal N(0, 2)
/// (the Gaussian orthogonal ensemble).
public enum RandomHessian {
  /// The minima found among `trials` random Hessians of one dimension.
  public struct Count: Sendable, Equatable {
    /// The dimension n of the Hessians.
    public var dimension: Int
    /// How many Hessians were drawn.
    public var trials: Int
    /// How many of them were positive definite.
    public var minima: Int

    public init(dimension: Int, trials: Int, minima: Int) {
      self.dimension = dimension
      self.trials = trials
      self.minima = minima
    }

    /// The measured fraction p̂ = minima / trials.
    public var fraction: Double { Double(minima) / Double(trials) }

    /// The binomial standard error of `fraction`, √(p̂(1 − p̂)/N) (0 when no minimum or every
    /// draw was one: then the count itself is the information).
    public var standardError: Double {
      let p = fraction
      return (p * (1 - p) / Double(trials)).squareRoot()
    }

    /// The notes' estimate 0.5ⁿ: each of n directions curving up independently with
    /// probability ½.
    public var naive: Double { RandomHessian.naiveFraction(dimension: dimension) }
  }

  /// 0.5ⁿ.
  public static func naiveFraction(dimension n: Int) -> Double {
    var p = 1.0
    for _ in 0..<n { p *= 0.5 }
    return p
  }

  /// The exact probability that a random H of dimension n is positive definite, for n ≤ 3
  /// (nil above): ½, (2 − √2)/4 ≈ 0.146447 and (π − 2√2)/(4π) ≈ 0.024921.
  ///
  /// Integrals of the ensemble's joint eigenvalue density ∏ᵢ<ⱼ |λᵢ − λⱼ| · e^(−Σλ²/4) over
  /// the positive orthant; the closed forms agree with scipy `nquad` of that density to
  /// 1e−8 (n = 2) and 1e−15 (n = 3).
  public static func exactFraction(dimension n: Int) -> Double? {
    let root2 = 2.0.squareRoot()
    switch n {
    case 1: return 0.5
    case 2: return (2 - root2) / 4
    case 3: return (Double.pi - 2 * root2) / (4 * Double.pi)
    default: return nil
    }
  }

  /// Counts the positive-definite matrices among `trials` random Hessians of dimension n.
  ///
  /// Each Hessian is decided by a Cholesky factorization H = LLᵀ computed row by row
  /// (Cholesky–Banachiewicz), which exists with every pivot > 0 exactly when H is positive
  /// definite. The entries of H are drawn as the factorization needs them — row i's
  /// H[i][0…i] just before row i is factored — and the draw stops at the first pivot ≤ 0:
  /// the rest of that matrix could not change the verdict, and the next matrix starts from
  /// fresh draws, so the trials stay independent and identically distributed. Half of all
  /// matrices are decided by their first entry, so a trial costs a few normal draws whatever
  /// n is. The stream is `SeededGenerator(seed:stream: n)`: the count for one n does not
  /// depend on which other dimensions are counted.
  public static func countMinima(dimension n: Int, trials: Int, seed: Int = 0) -> Count {
    precondition(n >= 1 && trials >= 1, "dimension and trials must be positive")
    var rng = SeededGenerator(seed: seed, stream: n)
    let root2 = 2.0.squareRoot()
    var l = [Double](repeating: 0, count: n * n)
    var minima = 0
    l.withUnsafeMutableBufferPointer { l in
      for _ in 0..<trials {
        var positiveDefinite = true
        rows: for i in 0..<n {
          for j in 0...i {
            // H[i][j] for j ≤ i: N(0, 2) on the diagonal, N(0, 1) off it.
            var s = i == j ? root2 * rng.nextNormal() : rng.nextNormal()
            for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
            if j < i {
              l[i * n + j] = s / l[j * n + j]  // L[i][j] = (H[i][j] − Σₖ L[i][k]L[j][k]) / L[j][j]
            } else if s > 0 {
              l[i * n + i] = s.squareRoot()  // L[i][i] = √(H[i][i] − Σₖ L[i][k]²)
            } else {
              positiveDefinite = false
              break rows
            }
          }
        }
        if positiveDefinite { minima += 1 }
      }
    }
    return Count(dimension: n, trials: trials, minima: minima)
  }

  /// Whether a symmetric matrix is positive definite (all eigenvalues > 0), by attempting
  /// its Cholesky factorization: every pivot must be positive.
  public static func isPositiveDefinite(_ matrix: Matrix) -> Bool {
    let n = matrix.rows
    precondition(matrix.columns == n, "positive definiteness needs a square matrix")
    var l = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0...i {
        var s = matrix[i, j]
        for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
        if j < i {
          l[i * n + j] = s / l[j * n + j]
        } else if s > 0 {
          l[i * n + i] = s.squareRoot()
        } else {
          return false
        }
      }
    }
    return true
  }
}
