import Foundation
import LessonMarkup

/// One labelled position on an axis.
public struct Tick: Sendable, Equatable {
  /// The data value of the tick.
  public var value: Double
  /// The label a reader sees: no locale, no float noise, a true minus, `10⁻⁴` exponents.
  public var label: String

  public init(value: Double, label: String) {
    self.value = value
    self.label = label
  }
}

/// The ticks of one axis and the domain they span.
public struct TickSet: Sendable, Equatable {
  /// Labelled ticks, increasing.
  public var ticks: [Tick]
  /// Unlabelled minor ticks (2…9 × 10ⁿ on log axes), increasing.
  public var minor: [Double]
  /// The axis domain: from the first to the last tick, and always covering the data.
  public var domain: ClosedRange<Double>
}

/// "Nice" tick generation: steps of 1, 2 or 5 × 10ⁿ that cover the data.
///
/// The algorithm follows the classic one of Heckbert ("Nice numbers for graph labels",
/// Graphics Gems, 1990) and d3-scale's `ticks`/`nice`: the smallest step of the form
/// {1, 2, 5} × 10ⁿ whose tick count, from ⌊lo/step⌋ to ⌈hi/step⌉, stays within `maxCount`.
/// Labels are written from the integer multiple and the power of ten, never from the double,
/// so 0.1 is written `0.1` and not `0.10000000000000001`.
public enum Ticks {
  /// Magnitude beyond which input is clamped, so that spans and scale factors stay finite.
  static let limit = 1e300

  /// Ticks for a linear axis covering [lo, hi]: at most `maxCount` ticks, and at least 4 when
  /// `maxCount` ≥ 8 (with fewer allowed, the next nicer step can leave 3).
  ///
  /// Non-finite bounds are ignored (an empty or non-finite range gives [0, 1]); a constant
  /// range is widened by 10 % of its value (±1 around 0).
  public static func linear(_ lo: Double, _ hi: Double, maxCount: Int = 8) -> TickSet {
    let (lo, hi) = widened(lo, hi)
    let maxCount = max(maxCount, 3)
    let span = hi - lo
    var exponent = Int((log10(span / Double(maxCount))).rounded(.down)) - 1
    while true {
      let power = Self.power(exponent)
      for m in [1, 2, 5] as [Int64] {
        let step = Double(m) * power
        let tolerance = 1e-9
        let a = (lo / step + tolerance).rounded(.down)
        let b = (hi / step - tolerance).rounded(.up)
        guard abs(a) < 1e15, abs(b) < 1e15 else { continue }
        if b - a + 1 <= Double(maxCount) {
          let first = Int64(a)
          let last = Int64(b)
          let decimals = (first...last).map { DecimalNumber(mantissa: $0 * m, exponent: exponent) }
          let scientific = usesScientific(decimals)
          let ticks = decimals.map {
            Tick(value: $0.value, label: $0.label(scientific: scientific, unitMantissa: false))
          }
          let domain = min(ticks.first!.value, lo)...max(ticks.last!.value, hi)
          return TickSet(ticks: ticks, minor: [], domain: domain)
        }
      }
      exponent += 1
    }
  }

  /// Ticks inside a fixed domain (the author set it): nice values within [lo, hi] only.
  public static func linear(within domain: ClosedRange<Double>, maxCount: Int = 8) -> TickSet {
    let set = linear(domain.lowerBound, domain.upperBound, maxCount: maxCount + 2)
    let span = domain.upperBound - domain.lowerBound
    let slack = span * 1e-9
    let inside = set.ticks.filter {
      $0.value >= domain.lowerBound - slack && $0.value <= domain.upperBound + slack
    }
    return TickSet(ticks: inside, minor: [], domain: domain)
  }

  /// Ticks for a base-10 log axis covering [lo, hi] (both > 0): decades (every k-th decade if
  /// there are many), else 1-2-5 or 1…9 steps inside a decade, else linear steps.
  ///
  /// Decades are labelled `10ⁿ` unless every tick lies in [0.001, 10000], where plain
  /// decimals read better. Non-positive or non-finite bounds fall back to [1, 10].
  public static func log(_ lo: Double, _ hi: Double, maxCount: Int = 10) -> TickSet {
    var lo = lo.isFinite && lo > 0 ? max(min(lo, limit), 1 / limit) : 1
    var hi = hi.isFinite && hi > 0 ? max(min(hi, limit), 1 / limit) : lo * 10
    if hi < lo { swap(&lo, &hi) }
    if hi == lo {
      lo /= 2
      hi *= 2
    }
    let maxCount = max(maxCount, 4)
    let e0 = Int((log10(lo) + 1e-9).rounded(.down))
    let e1 = max(Int((log10(hi) - 1e-9).rounded(.up)), e0 + 1)
    let decades = e1 - e0

    func make(_ decimals: [DecimalNumber], minor: [Double]) -> TickSet {
      let scientific = decimals.contains {
        let v = $0.value
        return v < 1e-3 || v > 1e4
      }
      let ticks = decimals.map {
        Tick(value: $0.value, label: $0.label(scientific: scientific, unitMantissa: true))
      }
      let domain = min(ticks.first!.value, lo)...max(ticks.last!.value, hi)
      return TickSet(ticks: ticks, minor: minor.filter { domain.contains($0) }, domain: domain)
    }

    // Candidate 1: decades, every `stride`-th one.
    if decades >= 3 {
      let stride = (decades + maxCount - 2) / (maxCount - 1)
      var first = floorDiv(e0, stride) * stride
      var last = -floorDiv(-e1, stride) * stride
      // Stay within the doubles: the domain still covers the data (it includes lo and hi).
      while first < -300 { first += stride }
      while last > 300 { last -= stride }
      let decimals = Swift.stride(from: first, through: last, by: stride).map {
        DecimalNumber(mantissa: 1, exponent: $0)
      }
      var minor: [Double] = []
      if stride == 1 && decades <= 8 {
        for e in first..<last {
          for m in 2...9 { minor.append(DecimalNumber(mantissa: Int64(m), exponent: e).value) }
        }
      }
      return make(decimals, minor: minor)
    }
    // Candidates 2 and 3: 1-2-5 or 1…9 within decades, trimmed to the data.
    for mantissas in [[1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]] as [[Int64]] {
      var all: [DecimalNumber] = []
      for e in e0..<e1 {
        for m in mantissas { all.append(DecimalNumber(mantissa: m, exponent: e)) }
      }
      all.append(DecimalNumber(mantissa: 1, exponent: e1))
      let firstIndex = all.lastIndex { $0.value <= lo * (1 + 1e-12) } ?? 0
      let lastIndex = all.firstIndex { $0.value >= hi * (1 - 1e-12) } ?? all.count - 1
      let chosen = Array(all[firstIndex...lastIndex])
      if chosen.count >= 4 && chosen.count <= maxCount {
        var minor: [Double] = []
        if mantissas.count == 3 {
          for e in e0..<e1 {
            for m in [3, 4, 6, 7, 8, 9] as [Int64] {
              minor.append(DecimalNumber(mantissa: m, exponent: e).value)
            }
          }
        }
        return make(chosen, minor: minor)
      }
    }
    // Candidate 4: a narrow range inside one decade reads best with linear steps.
    let linearSet = linear(lo, hi, maxCount: min(maxCount, 8))
    if linearSet.domain.lowerBound > 0 { return linearSet }
    // Linear ticks would reach zero: keep the positive ones and the data's own bound.
    let positive = linearSet.ticks.filter { $0.value > 0 }
    return TickSet(
      ticks: positive, minor: [],
      domain: min(positive.first?.value ?? lo, lo)...linearSet.domain.upperBound)
  }

  /// Bounds made usable: clamped to ±1e300, ordered, non-degenerate.
  static func widened(_ lo: Double, _ hi: Double) -> (Double, Double) {
    var lo = lo.isFinite ? max(min(lo, limit), -limit) : .nan
    var hi = hi.isFinite ? max(min(hi, limit), -limit) : .nan
    if lo.isNaN && hi.isNaN { return (0, 1) }
    if lo.isNaN { lo = hi }
    if hi.isNaN { hi = lo }
    if hi < lo { swap(&lo, &hi) }
    let magnitude = max(abs(lo), abs(hi))
    if hi - lo <= magnitude * 1e-12 {
      if magnitude == 0 { return (-1, 1) }
      let mid = (lo + hi) / 2
      return (mid - magnitude * 0.1, mid + magnitude * 0.1)
    }
    return (lo, hi)
  }

  static func power(_ exponent: Int) -> Double {
    exponent >= 0 ? pow(10, Double(exponent)) : 1 / pow(10, Double(-exponent))
  }

  static func usesScientific(_ decimals: [DecimalNumber]) -> Bool {
    let largest = decimals.map { abs($0.value) }.max() ?? 0
    return largest >= 1e6 || (largest > 0 && largest < 1e-4)
  }

  private static func floorDiv(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }
}

/// An exact decimal `mantissa × 10^exponent`, the source of tick values and labels.
struct DecimalNumber: Equatable, Sendable {
  var mantissa: Int64
  var exponent: Int

  /// The nearest double: integer times or divided by an exact power of ten, so `1 × 10⁻¹`
  /// is the double `0.1`, the same one the literal gives.
  var value: Double {
    if exponent >= 0 { return Double(mantissa) * pow(10, Double(exponent)) }
    if exponent >= -22 { return Double(mantissa) / pow(10, Double(-exponent)) }
    return Double(mantissa) / pow(10, 22) / pow(10, Double(-exponent - 22))
  }

  /// The label: plain decimals, or `m × 10ⁿ` when `scientific` (`10ⁿ` alone for a mantissa
  /// of 1 when `unitMantissa`). Negative numbers use the minus sign U+2212.
  func label(scientific: Bool, unitMantissa: Bool) -> String {
    if mantissa == 0 { return "0" }
    var digits = String(mantissa.magnitude)
    var e = exponent
    while digits.count > 1 && digits.hasSuffix("0") {
      digits.removeLast()
      e += 1
    }
    let sign = mantissa < 0 ? "\u{2212}" : ""
    if scientific {
      let power = e + digits.count - 1
      var m = String(digits.prefix(1))
      if digits.count > 1 { m += "." + digits.dropFirst() }
      if m == "1" && unitMantissa { return sign + "10" + NumberFormat.superscript(power) }
      return sign + m + "\u{00D7}10" + NumberFormat.superscript(power)
    }
    if e >= 0 { return sign + digits + String(repeating: "0", count: e) }
    let shift = -e
    if digits.count > shift {
      let split = digits.index(digits.endIndex, offsetBy: -shift)
      return sign + digits[..<split] + "." + digits[split...]
    }
    return sign + "0." + String(repeating: "0", count: shift - digits.count) + digits
  }
}
