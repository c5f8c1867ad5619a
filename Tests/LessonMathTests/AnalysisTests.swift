import Testing

@testable import LessonMath

@Suite struct SymmetricEigenTests {
  /// scipy 1.17.1 `scipy.linalg.eigh(H, eigvals_only=True)` for this 4 × 4 matrix.
  @Test func jacobi_fourByFour_matchesScipyEigh() {
    let h = Matrix([[4, 1, -2, 0.5], [1, -3, 0.25, 1], [-2, 0.25, 2, -1], [0.5, 1, -1, 0.5]])
    let scipy = [-3.4657449339229784, 0.2858272193746539, 1.1638080677970775, 5.516109646751248]
    #expect(maxAbsDifference(SymmetricEigen.eigenvalues(h), scipy) < 1e-13)
  }

  /// Eigenvalues of a random 30 × 30 matrix: sum = trace and Σλ² = ‖H‖²_F (invariants).
  @Test func jacobi_randomMatrix_preservesTraceAndFrobeniusNorm() {
    var rng = SeededGenerator(seed: 1)
    let h = SymmetricEigen.randomSymmetricMatrix(dimension: 30, using: &rng)
    let lambda = SymmetricEigen.eigenvalues(h)
    let trace = (0..<30).reduce(0.0) { $0 + h[$1, $1] }
    #expect(abs(lambda.reduce(0, +) - trace) < 1e-11)
    let norm2 = h.storage.reduce(0) { $0 + $1 * $1 }
    #expect(abs(lambda.reduce(0) { $0 + $1 * $1 } - norm2) < 1e-10 * norm2)
    #expect(lambda == lambda.sorted())
  }

  /// n = 2: the exact fraction of positive-definite H is (2 − √2)/4 = 0.1464466…; with
  /// 200,000 samples the standard error is 0.00079, so ±0.005 is > 6 standard errors.
  @Test func fractionOfMinima_n2_isWithin0005OfExactValue() {
    let fraction = SymmetricEigen.fractionOfMinima(dimension: 2, trials: 200_000, seed: 0)
    #expect(abs(fraction - 0.1464466094067262) < 0.005)
  }

  /// The fraction decreases with n and stays below 0.5ⁿ for n ≥ 2 (CONTENT.md 2.10:
  /// ≈ 0.025 for n = 3, ≈ 0.0025 for n = 4).
  @Test func fractionOfMinima_decreasesWithDimension_andIsBelowHalfToTheN() {
    let fractions = (1...4).map {
      SymmetricEigen.fractionOfMinima(dimension: $0, trials: 40_000, seed: 1)
    }
    #expect(abs(fractions[0] - 0.5) < 0.01)
    for n in 2...4 {
      #expect(fractions[n - 1] < fractions[n - 2])
      var half = 1.0
      for _ in 0..<n { half *= 0.5 }
      #expect(fractions[n - 1] < half)
    }
    #expect(abs(fractions[2] - 0.025) < 0.005)
  }
}

@Suite struct HyperparameterSearchTests {
  /// CONTENT.md 3.3: uniform sampling on [1e−4, 1] puts ≈ 90 % of samples in [0.1, 1], log
  /// sampling 25 %.
  @Test func logSampling_putsAQuarterPerDecade_uniformPutsNinetyPercentInTopDecade() {
    let log = HyperparameterSearch.random(
      [ParameterRange("alpha", 1e-4, 1, scale: .logarithmic)], trials: 20_000, seed: 1)
    let linear = HyperparameterSearch.random(
      [ParameterRange("alpha", 1e-4, 1)], trials: 20_000, seed: 1)
    func topDecade(_ s: [[Double]]) -> Double {
      Double(s.filter { $0[0] >= 0.1 }.count) / Double(s.count)
    }
    #expect(abs(topDecade(log) - 0.25) < 0.015)
    #expect(abs(topDecade(linear) - 0.9) < 0.015)
  }

  /// β = 1 − 10^r with r ~ U(−3, −1): β ∈ [0.9, 0.999], half the samples above 0.99.
  @Test func betaSampling_oneMinusTenToTheR() {
    let range = ParameterRange("beta", 0.9, 0.999, scale: .oneMinusLogarithmic)
    #expect(abs(range.value(at: 0) - 0.9) < 1e-15 && abs(range.value(at: 1) - 0.999) < 1e-15)
    #expect(abs(range.value(at: 0.5) - 0.99) < 1e-15)
    let samples = HyperparameterSearch.random([range], trials: 10_000, seed: 2).map { $0[0] }
    #expect(samples.allSatisfy { $0 >= 0.9 && $0 <= 0.999 })
    let above = Double(samples.filter { $0 > 0.99 }.count) / 10_000
    #expect(abs(above - 0.5) < 0.03)
    #expect(abs(range.position(of: range.value(at: 0.3)) - 0.3) < 1e-12)
  }

  @Test func grid_triesOnlyFewValuesPerAxis() {
    let grid = HyperparameterSearch.grid(
      [ParameterRange("a", 0, 1), ParameterRange("b", 1e-3, 1, scale: .logarithmic)],
      pointsPerAxis: 5)
    #expect(grid.count == 25)
    #expect(Set(grid.map { $0[0] }).count == 5)
    #expect(grid[0] == [0, 1e-3] && abs(grid[24][1] - 1) < 1e-15)
  }

  @Test func coarseToFine_onMomentumObjective_narrowsAndImproves() {
    let ranges = [
      ParameterRange("alpha", 1e-3, 1, scale: .logarithmic),
      ParameterRange("beta", 0.5, 0.999, scale: .oneMinusLogarithmic),
    ]
    let rounds = HyperparameterSearch.coarseToFine(
      ranges, rounds: 3, trialsPerRound: 20, zoom: 0.3, seed: 4
    ) { HyperparameterSearch.momentumOnQuadratic(learningRate: $0[0], beta: $0[1]) }
    #expect(rounds.count == 3)
    let best = rounds.map { $0.scores[$0.bestIndex] }
    #expect(best[2] <= best[0])
    #expect(rounds[2].ranges[0].upper / rounds[2].ranges[0].lower < 1000)  // narrowed
    for round in rounds {
      for (k, range) in round.ranges.enumerated() {
        #expect(
          round.samples.allSatisfy { $0[k] >= range.lower - 1e-12 && $0[k] <= range.upper + 1e-12 })
      }
    }
  }
}
