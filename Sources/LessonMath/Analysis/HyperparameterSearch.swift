#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The scale on which a hyperparameter is sampled (course 3.1–3.3).
public enum ParameterScale: String, Sendable, Hashable, CaseIterable {
  /// Uniform in [lower, upper].
  case linear
  /// 10^r with r uniform in [log₁₀ lower, log₁₀ upper] (learning rates: r ~ U(−4, 0)).
  case logarithmic
  /// β = 1 − 10^r with r uniform in [log₁₀(1 − upper), log₁₀(1 − lower)]
  /// (β ∈ [0.9, 0.999] ⇔ r ∈ [−3, −1]); for averaging constants near 1.
  case oneMinusLogarithmic
}

/// A named hyperparameter range with its sampling scale.
public struct ParameterRange: Sendable, Hashable {
  /// The hyperparameter's name (e.g. `alpha`).
  public var name: String
  /// The smallest value.
  public var lower: Double
  /// The largest value.
  public var upper: Double
  /// How values are spread between the bounds.
  public var scale: ParameterScale

  public init(_ name: String, _ lower: Double, _ upper: Double, scale: ParameterScale = .linear) {
    precondition(lower <= upper, "range of \(name) is empty")
    switch scale {
    case .linear: break
    case .logarithmic: precondition(lower > 0, "a log-scale range must be positive")
    case .oneMinusLogarithmic: precondition(upper < 1, "a 1 − 10^r range must stay below 1")
    }
    self.name = name
    self.lower = lower
    self.upper = upper
    self.scale = scale
  }

  /// The value at position u ∈ [0, 1] along the range, on its scale (u = 0 → lower).
  public func value(at u: Double) -> Double {
    switch scale {
    case .linear:
      return lower + (upper - lower) * u
    case .logarithmic:
      let (a, b) = (log10(lower), log10(upper))
      return pow(10, a + (b - a) * u)
    case .oneMinusLogarithmic:
      let (a, b) = (log10(1 - lower), log10(1 - upper))  // a > b
      return 1 - pow(10, a + (b - a) * u)
    }
  }

  /// The position u ∈ [0, 1] of a value (inverse of `value(at:)`).
  public func position(of value: Double) -> Double {
    switch scale {
    case .linear:
      return upper == lower ? 0 : (value - lower) / (upper - lower)
    case .logarithmic:
      let (a, b) = (log10(lower), log10(upper))
      return b == a ? 0 : (log10(value) - a) / (b - a)
    case .oneMinusLogarithmic:
      let (a, b) = (log10(1 - lower), log10(1 - upper))
      return b == a ? 0 : (log10(1 - value) - a) / (b - a)
    }
  }
}

/// One round of a search: where it sampled and what each sample scored (lower is better).
public struct SearchRound: Sendable, Equatable {
  /// The ranges sampled in this round.
  public var ranges: [ParameterRange]
  /// The samples, one value per range each.
  public var samples: [[Double]]
  /// The objective of each sample.
  public var scores: [Double]
  /// The index of the best (lowest, first on ties; non-finite scores never win) sample.
  public var bestIndex: Int
}

/// Grid, random and coarse-to-fine hyperparameter search (course 3.1–3.3).
public enum HyperparameterSearch {
  /// Every combination of `pointsPerAxis` evenly spaced positions (on each range's scale),
  /// the first range varying slowest. A 5 × 5 grid tries only 5 values of each parameter.
  public static func grid(_ ranges: [ParameterRange], pointsPerAxis: Int) -> [[Double]] {
    precondition(pointsPerAxis >= 1, "pointsPerAxis must be positive")
    let axis = (0..<pointsPerAxis).map {
      pointsPerAxis == 1 ? 0.5 : Double($0) / Double(pointsPerAxis - 1)
    }
    var result: [[Double]] = [[]]
    for range in ranges {
      result = result.flatMap { prefix in axis.map { prefix + [range.value(at: $0)] } }
    }
    return result
  }

  /// `trials` random points, each coordinate sampled uniformly on its range's scale. For
  /// each trial the ranges are sampled in order from one seeded stream.
  public static func random(_ ranges: [ParameterRange], trials: Int, seed: Int = 0) -> [[Double]] {
    var rng = SeededGenerator(seed: seed)
    return random(ranges, trials: trials, using: &rng)
  }

  private static func random(
    _ ranges: [ParameterRange], trials: Int, using rng: inout SeededGenerator
  ) -> [[Double]] {
    (0..<trials).map { _ in ranges.map { $0.value(at: rng.nextUniform()) } }
  }

  /// Coarse to fine: sample `trialsPerRound` random points, keep the best, shrink every range
  /// to `zoom` of its width (measured on its scale) centred on the best point and clipped to
  /// the previous range, and repeat for `rounds` rounds.
  public static func coarseToFine(
    _ ranges: [ParameterRange], rounds: Int, trialsPerRound: Int, zoom: Double = 0.25,
    seed: Int = 0, objective: ([Double]) -> Double
  ) -> [SearchRound] {
    precondition(rounds >= 1 && trialsPerRound >= 1 && zoom > 0 && zoom <= 1)
    var rng = SeededGenerator(seed: seed)
    var current = ranges
    var result: [SearchRound] = []
    for _ in 0..<rounds {
      let samples = random(current, trials: trialsPerRound, using: &rng)
      let scores = samples.map(objective)
      var best = 0
      for i in scores.indices
      where scores[i].isFinite && (!scores[best].isFinite || scores[i] < scores[best]) {
        best = i
      }
      result.append(SearchRound(ranges: current, samples: samples, scores: scores, bestIndex: best))
      current = current.enumerated().map { k, range in
        let centre = range.position(of: samples[best][k])
        let low = min(max(centre - zoom / 2, 0), 1 - zoom)
        var narrowed = range
        narrowed.lower = range.value(at: low)
        narrowed.upper = range.value(at: low + zoom)
        if narrowed.lower > narrowed.upper { swap(&narrowed.lower, &narrowed.upper) }
        return narrowed
      }
    }
    return result
  }

  /// A cheap real objective of (α, β): the loss after `steps` steps of course-form momentum
  /// with rate α and decay β on the elongated quadratic 0.1x² + 2y² from (−5, −2); +∞ when
  /// the run diverges. Its minimum lies near the optimal α and β of the quadratic's condition
  /// number, so a search over log α and 1 − β has something real to find.
  public static func momentumOnQuadratic(learningRate: Double, beta: Double, steps: Int = 50)
    -> Double
  {
    let surface = ElongatedQuadratic()
    let run = surface.descend(
      method: .momentum(beta: beta, form: .course), learningRate: learningRate,
      from: surface.suggestedStart, steps: steps)
    return run.diverged ? .infinity : run.losses[run.losses.count - 1]
  }
}
