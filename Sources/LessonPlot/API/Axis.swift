import Foundation
import LessonMarkup

/// How data values map to positions along an axis.
public enum Scale: Sendable, Equatable, Codable {
  /// Position proportional to the value.
  case linear
  /// Position proportional to log₁₀ of the value; values ≤ 0 are not drawn.
  case log
}

/// One axis of a chart: scale, label, optional fixed domain.
public struct Axis: Sendable, Equatable, Codable {
  /// The axis title, e.g. `"day"` or `"learning rate α"`; `nil` for none.
  public var label: String?
  public var scale: Scale
  /// A fixed domain; data outside it is clipped. `nil` chooses nice bounds that cover the data.
  public var domain: ClosedRange<Double>?
  /// Whether light grid lines are drawn at the labelled ticks (`nil`: the chart decides).
  public var grid: Bool?
  /// Explicit tick values (labelled with `NumberFormat.display`); `nil` chooses nice ticks.
  public var ticks: [Double]?
  /// Category names for a bar chart's axis: category i spans [i, i + 1].
  var categories: [String]?
  /// Values the automatic domain covers besides the chart's own data: the frames of an
  /// explorable figure share their axes this way, so the axes stay still as frames change.
  var include: ClosedRange<Double>?

  public init(
    _ label: String? = nil, scale: Scale = .linear, domain: ClosedRange<Double>? = nil,
    grid: Bool? = nil, ticks: [Double]? = nil
  ) {
    self.label = label
    self.scale = scale
    self.domain = domain
    self.grid = grid
    self.ticks = ticks
  }

  /// The ticks and domain of this axis for data spanning `extent` (nil: no data).
  func tickSet(extent: ClosedRange<Double>?, maxCount: Int) -> TickSet {
    if let categories {
      let ticks = categories.enumerated().map {
        Tick(value: Double($0.offset) + 0.5, label: $0.element)
      }
      return TickSet(ticks: ticks, minor: [], domain: 0...Double(max(categories.count, 1)))
    }
    if let ticks, !ticks.isEmpty {
      let finite = ticks.filter { $0.isFinite && (scale == .linear || $0 > 0) }.sorted()
      if let first = finite.first, let last = finite.last {
        let values = finite.map { Tick(value: $0, label: NumberFormat.display($0)) }
        let lo = domain?.lowerBound ?? min(first, extent?.lowerBound ?? first)
        let hi = domain?.upperBound ?? max(last, extent?.upperBound ?? last)
        return TickSet(ticks: values, minor: [], domain: lo...(hi > lo ? hi : lo + 1))
      }
    }
    switch scale {
    case .linear:
      if let domain, domain.upperBound > domain.lowerBound, domain.lowerBound.isFinite,
        domain.upperBound.isFinite
      {
        return Ticks.linear(within: domain, maxCount: maxCount)
      }
      return Ticks.linear(extent?.lowerBound ?? 0, extent?.upperBound ?? 1, maxCount: maxCount)
    case .log:
      if let domain, domain.lowerBound > 0, domain.upperBound > domain.lowerBound,
        domain.upperBound.isFinite
      {
        let set = Ticks.log(domain.lowerBound, domain.upperBound, maxCount: maxCount + 1)
        let slack = 1e-9
        let inside = set.ticks.filter {
          $0.value >= domain.lowerBound * (1 - slack) && $0.value <= domain.upperBound * (1 + slack)
        }
        return TickSet(
          ticks: inside, minor: set.minor.filter { domain.contains($0) }, domain: domain)
      }
      return Ticks.log(extent?.lowerBound ?? 1, extent?.upperBound ?? 10, maxCount: maxCount + 1)
    }
  }
}

/// Maps data values on one axis to SVG coordinates.
struct ScaleMap: Sendable {
  let scale: Scale
  let domain: ClosedRange<Double>
  let range: (Double, Double)
  private let d0: Double
  private let k: Double

  init(scale: Scale, domain: ClosedRange<Double>, range: (Double, Double)) {
    self.scale = scale
    self.domain = domain
    self.range = range
    switch scale {
    case .linear:
      d0 = domain.lowerBound
      let span = domain.upperBound - domain.lowerBound
      k = span > 0 && span.isFinite ? (range.1 - range.0) / span : 0
    case .log:
      d0 = log10(max(domain.lowerBound, .leastNormalMagnitude))
      let span = log10(max(domain.upperBound, .leastNormalMagnitude)) - d0
      k = span > 0 ? (range.1 - range.0) / span : 0
    }
  }

  /// The coordinate of `value`: NaN when it cannot be drawn (NaN, or ≤ 0 on a log scale);
  /// ±∞ maps to ±∞ (far outside the plot, where clipping takes over).
  func callAsFunction(_ value: Double) -> Double {
    switch scale {
    case .linear:
      if value.isInfinite { return (value > 0) == (k >= 0) ? .infinity : -.infinity }
      return range.0 + (value - d0) * k
    case .log:
      guard value > 0 else { return .nan }
      if value.isInfinite { return k >= 0 ? .infinity : -.infinity }
      return range.0 + (log10(value) - d0) * k
    }
  }

  /// Whether `value` can be drawn on this scale at all.
  func accepts(_ value: Double) -> Bool {
    scale == .linear ? !value.isNaN : value > 0
  }
}
