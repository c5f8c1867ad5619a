#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A synthetic year of daily temperatures: a seasonal sine plus Gaussian noise.
///
/// The course plots London's daily temperatures, but that series is not published, so the
/// lessons use this stand-in (and say so). Units are °F, as in the course's example values
/// (θ₁ = 40, θ₂ = 49, …). Day d (1-based) has the noise-free seasonal value
///
///     s(d) = mean − amplitude · cos(2π (d − coldestDay) / 365)
///
/// and the observed value s(d) + N(0, noise²). The noise-free `seasonal` series is exposed so
/// that the lag of an average can be measured against it.
public struct TemperatureYear: Sendable, Equatable {
  /// Day numbers, 1…days.
  public let days: [Int]
  /// The noise-free seasonal signal s(d).
  public let seasonal: [Double]
  /// The observed temperatures s(d) + noise.
  public let observed: [Double]

  /// A seeded year; defaults give a London-like range (≈ 37 °F in January, ≈ 67 °F in July).
  public init(
    days: Int = 365, mean: Double = 52, amplitude: Double = 15, coldestDay: Int = 15,
    noise: Double = 5, seed: Int = 0
  ) {
    precondition(days >= 1, "days must be positive")
    var rng = SeededGenerator(seed: seed)
    self.days = Array(1...days)
    seasonal = self.days.map { d in
      mean - amplitude * cos(2 * Double.pi * Double(d - coldestDay) / 365)
    }
    observed = seasonal.map { $0 + rng.nextNormal(standardDeviation: noise) }
  }

  /// A cold snap: `before` °F until the middle day, then `after` °F, plus the same seeded
  /// noise. A step shows an average's lag more plainly than a season does: it reaches half
  /// the jump about ln 2 / (1 − β) days late.
  public static func coldSnap(
    days: Int = 365, before: Double = 60, after: Double = 40, noise: Double = 5, seed: Int = 0
  ) -> TemperatureYear {
    precondition(days >= 2, "a cold snap needs at least two days")
    var rng = SeededGenerator(seed: seed)
    let numbers = Array(1...days)
    let level = numbers.map { $0 <= days / 2 ? before : after }
    return TemperatureYear(
      days: numbers, seasonal: level,
      observed: level.map { $0 + rng.nextNormal(standardDeviation: noise) })
  }

  private init(days: [Int], seasonal: [Double], observed: [Double]) {
    self.days = days
    self.seasonal = seasonal
    self.observed = observed
  }
}
