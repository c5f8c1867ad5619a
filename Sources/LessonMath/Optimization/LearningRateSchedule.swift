/// How epochs are numbered when a schedule is evaluated.
public enum EpochNumbering: String, Sendable, Hashable, CaseIterable {
  /// The first epoch is 0 (the course's programming assignment): α starts at α₀.
  case zeroBased
  /// The first epoch is 1 (the lecture): inverse time with decay 1 starts at α₀/2.
  case oneBased

  /// The epoch number of the epoch at position `index` (0, 1, 2, … in training order).
  public func epochNumber(index: Int) -> Int { self == .zeroBased ? index : index + 1 }
}

/// Learning-rate decay (course 2.9): α as a function of α₀ and the epoch number.
public enum LearningRateSchedule: Sendable, Hashable {
  /// α = α₀.
  case constant
  /// Inverse time: α = α₀ / (1 + decayRate · epoch).
  case inverseTime(decayRate: Double)
  /// Exponential: α = base^epoch · α₀ (e.g. base 0.95).
  case exponential(base: Double)
  /// α = k/√epoch · α₀; epoch 0 is treated as 1 (the formula is undefined there).
  case inverseSquareRoot(k: Double)
  /// Staircase (the assignment's scheduled decay): α = α₀ / (1 + decayRate · ⌊epoch/interval⌋).
  case staircase(decayRate: Double, interval: Int)

  /// The short name lessons use: `constant`, `inverse-time`, `exponential`, `inverse-sqrt`,
  /// `staircase`.
  public var name: String {
    switch self {
    case .constant: "constant"
    case .inverseTime: "inverse-time"
    case .exponential: "exponential"
    case .inverseSquareRoot: "inverse-sqrt"
    case .staircase: "staircase"
    }
  }

  /// α at epoch number `epoch` (as numbered by the caller) for initial rate α₀.
  public func learningRate(initial alpha0: Double, epoch: Int) -> Double {
    switch self {
    case .constant:
      return alpha0
    case .inverseTime(let decayRate):
      return alpha0 / (1 + decayRate * Double(epoch))
    case .exponential(let base):
      // base^epoch by repeated squaring: O(log epoch), so a whole schedule stays linear.
      var power = 1.0
      var factor = base
      var exponent = max(epoch, 0)
      while exponent > 0 {
        if exponent & 1 == 1 { power *= factor }
        factor *= factor
        exponent >>= 1
      }
      return power * alpha0
    case .inverseSquareRoot(let k):
      return k / Double(max(epoch, 1)).squareRoot() * alpha0
    case .staircase(let decayRate, let interval):
      precondition(interval >= 1, "interval must be positive")
      let steps = epoch >= 0 ? epoch / interval : 0
      return alpha0 / (1 + decayRate * Double(steps))
    }
  }

  /// α for `epochs` consecutive epochs, numbered from 0 or from 1.
  public func learningRates(initial alpha0: Double, epochs: Int, numbering: EpochNumbering)
    -> [Double]
  {
    (0..<epochs).map { learningRate(initial: alpha0, epoch: numbering.epochNumber(index: $0)) }
  }
}
