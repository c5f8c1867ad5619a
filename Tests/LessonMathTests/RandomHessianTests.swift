import Testing

@testable import LessonMath

@Suite struct RandomHessianTests {
  /// The Cholesky test agrees with the Jacobi eigenvalues on every matrix: 3,000 random
  /// Hessians of dimensions 1 to 6, plus matrices built to be definite or not.
  @Test func cholesky_agreesWithEigenvalues() {
    var rng = SeededGenerator(seed: 5)
    var positive = 0
    for trial in 0..<3_000 {
      let n = 1 + trial % 6
      var h = SymmetricEigen.randomSymmetricMatrix(dimension: n, using: &rng)
      // Every third matrix is shifted towards definiteness so both verdicts occur often.
      if trial % 3 == 0 { for i in 0..<n { h[i, i] += 2 * Double(n) } }
      let byEigenvalues = SymmetricEigen.eigenvalues(h)[0] > 0
      #expect(RandomHessian.isPositiveDefinite(h) == byEigenvalues)
      if byEigenvalues { positive += 1 }
    }
    #expect(positive > 800 && positive < 2_200)
    #expect(RandomHessian.isPositiveDefinite(Matrix([[2, 1], [1, 2]])))
    #expect(!RandomHessian.isPositiveDefinite(Matrix([[1, 2], [2, 1]])))  // eigenvalues 3, −1
    #expect(!RandomHessian.isPositiveDefinite(Matrix([[1, 1], [1, 1]])))  // semidefinite: 0
  }

  /// Exact values: the closed forms against scipy 1.17.1 `integrate.nquad` of the joint
  /// eigenvalue density ∏|λᵢ − λⱼ| e^(−Σλ²/4) over ordered eigenvalues on [−14, 14]
  /// (positive part / whole): n = 2 → 0.14644660604558765, n = 3 → 0.024920920960723476.
  @Test func exactFractions_matchIntegratedDensity() throws {
    #expect(RandomHessian.exactFraction(dimension: 1) == 0.5)
    #expect(
      abs(try #require(RandomHessian.exactFraction(dimension: 2)) - 0.14644660604558765) < 1e-8)
    #expect(
      abs(try #require(RandomHessian.exactFraction(dimension: 3)) - 0.024920920960723476) < 1e-15)
    #expect(RandomHessian.exactFraction(dimension: 4) == nil)
  }

  /// Monte Carlo counts within 4 binomial standard errors of the exact probabilities; n = 4
  /// against the same scipy `nquad` integral, 0.0024567092597862247 (relative error 2e−9).
  @Test func countMinima_matchesExactProbabilities() {
    let reference = [
      1: 0.5, 2: 0.1464466094067262, 3: 0.02492092096072346, 4: 0.0024567092597862247,
    ]
    for (n, p) in reference.sorted(by: { $0.key < $1.key }) {
      let count = RandomHessian.countMinima(dimension: n, trials: 400_000, seed: 3)
      let se = (p * (1 - p) / 400_000).squareRoot()
      #expect(abs(count.fraction - p) < 4 * se, "n = \(n): \(count.fraction) vs \(p)")
      #expect(count.naive == RandomHessian.naiveFraction(dimension: n))
    }
  }

  /// The counts are a pure function of (n, trials, seed), and the standard error is the
  /// binomial one.
  @Test func countMinima_isDeterministic_withBinomialError() {
    let a = RandomHessian.countMinima(dimension: 3, trials: 10_000, seed: 9)
    #expect(a == RandomHessian.countMinima(dimension: 3, trials: 10_000, seed: 9))
    #expect(a != RandomHessian.countMinima(dimension: 3, trials: 10_000, seed: 10))
    let p = a.fraction
    #expect(abs(a.standardError - (p * (1 - p) / 10_000).squareRoot()) < 1e-15)
    #expect(RandomHessian.naiveFraction(dimension: 5) == 0.03125)
  }
}
