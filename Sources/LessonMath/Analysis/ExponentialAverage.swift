#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// An exponentially weighted average, `v₀ = 0`, `vₜ = β vₜ₋₁ + (1 − β) θₜ` (course 2.3–2.5).
///
/// The recursion always runs on the uncorrected `value`; `biasCorrected` reports
/// `vₜ / (1 − βᵗ)` without feeding it back (the course notes write the corrected value inside
/// the recursion, which is wrong if implemented literally). The corrected series equals
/// pandas `Series.ewm(alpha=1−β, adjust=True).mean()`; pandas' `adjust=False` starts at θ₁
/// rather than at 0 and is not the course's v.
public struct ExponentialAverage: Sendable, Equatable {
  /// The decay β in [0, 1).
  public let beta: Double
  /// The uncorrected average vₜ.
  public private(set) var value: Double = 0
  /// The number of values seen, t.
  public private(set) var step: Int = 0
  /// βᵗ, kept by multiplication so that the correction costs no `pow`.
  private var betaPower: Double = 1

  /// An average with decay β, starting at v₀ = 0.
  public init(beta: Double) {
    precondition(beta >= 0 && beta < 1, "beta must be in [0, 1), got \(beta)")
    self.beta = beta
  }

  /// Adds θₜ: `v ← βv + (1 − β)θ`; returns the new (uncorrected) v.
  @discardableResult
  public mutating func update(_ theta: Double) -> Double {
    value = beta * value + (1 - beta) * theta
    step += 1
    betaPower *= beta
    return value
  }

  /// vₜ / (1 − βᵗ); equals θ₁ after the first value. Zero before any value.
  public var biasCorrected: Double { step == 0 ? 0 : value / (1 - betaPower) }

  /// The effective window 1/(1 − β) (≈ the number of values averaged, since β^(1/(1−β)) ≈ 1/e).
  public static func effectiveWindow(beta: Double) -> Double { 1 / (1 - beta) }

  /// β^(1/(1 − β)): the weight left on a value one window ago (≈ 1/e: 0.348678 for β = 0.9,
  /// 0.364170 for 0.98, 0.367695 for 0.999).
  public static func weightAfterWindow(beta: Double) -> Double {
    pow(beta, 1 / (1 - beta))
  }

  /// The mean delay of the weights, Σₖ k (1 − β) βᵏ = β/(1 − β): how far a steady trend is
  /// shifted right (9 days for β = 0.9, 49 for β = 0.98).
  public static func theoreticalLag(beta: Double) -> Double { beta / (1 - beta) }

  /// The uncorrected averages v₁…vₙ of a series (one pass, no allocation besides the result).
  public static func series(_ values: [Double], beta: Double) -> [Double] {
    let n = values.count
    return values.withUnsafeBufferPointer { x in
      [Double](unsafeUninitializedCapacity: n) { v, initialized in
        var current = 0.0
        let oneMinusBeta = 1 - beta
        for t in 0..<n {
          current = beta * current + oneMinusBeta * x[t]  // vₜ = βvₜ₋₁ + (1 − β)θₜ
          v.initializeElement(at: t, to: current)
        }
        initialized = n
      }
    }
  }

  /// The bias-corrected averages v̂ₜ = vₜ/(1 − βᵗ) of a series.
  public static func biasCorrectedSeries(_ values: [Double], beta: Double) -> [Double] {
    var result = series(values, beta: beta)
    var power = 1.0
    for t in result.indices {
      power *= beta
      result[t] /= 1 - power
    }
    return result
  }

  /// The shift L ∈ 0…maxLag that best aligns `series[t]` with `reference[t − L]`: the L with the
  /// largest Pearson correlation over t ∈ max(skip, L)..<n (ties: the smaller L).
  ///
  /// Use it with the noise-free seasonal signal of `TemperatureYear` and the bias-corrected
  /// average, skipping the first days; correlation ignores the amplitude loss of smoothing.
  public static func measuredLag(
    of series: [Double], behind reference: [Double], maxLag: Int, skip: Int = 0
  ) -> Int {
    precondition(series.count == reference.count, "series must be equally long")
    var bestLag = 0
    var bestCorrelation = -Double.infinity
    for lag in 0...maxLag {
      let start = max(skip, lag)
      let n = series.count - start
      guard n >= 3 else { break }
      var (sx, sy, sxx, syy, sxy) = (0.0, 0.0, 0.0, 0.0, 0.0)
      for t in start..<series.count {
        let x = series[t]
        let y = reference[t - lag]
        sx += x
        sy += y
        sxx += x * x
        syy += y * y
        sxy += x * y
      }
      let count = Double(n)
      let cov = sxy - sx * sy / count
      let varX = sxx - sx * sx / count
      let varY = syy - sy * sy / count
      let correlation = cov / (varX * varY).squareRoot()
      if correlation > bestCorrelation {
        bestCorrelation = correlation
        bestLag = lag
      }
    }
    return bestLag
  }
}
