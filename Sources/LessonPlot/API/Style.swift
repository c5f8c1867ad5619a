import Foundation

/// A colour that follows the page theme: the series palette or the text colours.
///
/// Colours are CSS custom properties (`--lp-series-1` … `--lp-series-8`, `--lp-fg`,
/// `--lp-muted`) set by `PlotStyle.css` for light and dark pages; the SVG carries the light
/// colours as presentation attributes so that a standalone file still looks right.
public enum PlotColor: Sendable, Equatable, Hashable, Codable {
  /// The n-th colour of the Okabe–Ito palette (1-based, cycling after 8).
  case series(Int)
  /// The text colour.
  case foreground
  /// A neutral grey for raw data, reference lines and context.
  case muted

  var cssClass: String {
    switch self {
    case .series(let n): return "lp-c\(PlotColor.wrap(n))"
    case .foreground: return "lp-cfg"
    case .muted: return "lp-cmuted"
    }
  }

  /// The light-theme colour, used as the presentation-attribute fallback.
  var fallback: String {
    switch self {
    case .series(let n): return PlotStyle.lightSeries[PlotColor.wrap(n) - 1]
    case .foreground: return PlotStyle.lightForeground
    case .muted: return PlotStyle.lightMuted
    }
  }

  static func wrap(_ n: Int) -> Int { ((max(n, 1) - 1) % 8) + 1 }

  /// The `class` and `color` attributes that set this colour on a group; children draw with
  /// `currentColor`.
  var attributes: [(String, String)] { [("class", cssClass), ("color", fallback)] }
}

/// A stroke pattern, so that series stay distinct without colour.
public enum Dash: Sendable, Equatable, Codable {
  case solid
  case dashed
  case dotted
  case dashDot
  case longDash

  /// The `stroke-dasharray` for a line of width `w`, or nil for solid.
  func pattern(width w: Double) -> String? {
    switch self {
    case .solid: return nil
    case .dashed: return "\(fmt(4 * w)) \(fmt(2.5 * w))"
    case .dotted: return "\(fmt(0.1)) \(fmt(2 * w))"
    case .dashDot: return "\(fmt(5 * w)) \(fmt(2 * w)) \(fmt(0.1)) \(fmt(2 * w))"
    case .longDash: return "\(fmt(8 * w)) \(fmt(3 * w))"
    }
  }

  /// Dotted patterns need round caps to show dots.
  var needsRoundCaps: Bool { self == .dotted || self == .dashDot }

  /// The dash given to the n-th automatically styled line (1-based).
  static func automatic(_ n: Int) -> Dash {
    [.solid, .dashed, .dashDot, .dotted, .longDash][(max(n, 1) - 1) % 5]
  }
}

/// The shape of a point marker.
public enum MarkerShape: Sendable, Equatable, CaseIterable, Codable {
  case circle
  case square
  case triangle
  case diamond
  case triangleDown
  case cross
  case plus
  case star

  /// The marker given to the n-th automatically styled series or class (1-based).
  static func automatic(_ n: Int) -> MarkerShape {
    [.circle, .square, .triangle, .diamond, .triangleDown, .plus, .cross, .star][
      (max(n, 1) - 1) % 8]
  }

  /// Whether the shape is drawn with strokes only (no interior).
  var isStrokeOnly: Bool { self == .cross || self == .plus }

  /// Relative path commands drawing the shape centred on (cx, cy), with `size` the diameter
  /// of the circle of equal visual weight.
  func commands(at c: Point, size: Double) -> String {
    let r = size / 2
    switch self {
    case .circle:
      return
        "M\(fmt(c.x - r)) \(fmt(c.y))a\(fmt(r)) \(fmt(r)) 0 1 0 \(fmt(2 * r)) 0a\(fmt(r)) \(fmt(r)) 0 1 0 \(fmt(-2 * r)) 0"
    case .square:
      let s = r * 0.9
      return "M\(fmt(c.x - s)) \(fmt(c.y - s))h\(fmt(2 * s))v\(fmt(2 * s))h\(fmt(-2 * s))z"
    case .triangle, .triangleDown:
      let s = r * 1.2
      let sign = self == .triangle ? 1.0 : -1.0
      let h = s * 0.866 * 2 * sign
      return "M\(fmt(c.x)) \(fmt(c.y - s * sign))l\(fmt(s)) \(fmt(h * 0.87))h\(fmt(-2 * s))z"
    case .diamond:
      let s = r * 1.25
      return
        "M\(fmt(c.x)) \(fmt(c.y - s))l\(fmt(s * 0.8)) \(fmt(s))l\(fmt(-s * 0.8)) \(fmt(s))l\(fmt(-s * 0.8)) \(fmt(-s))z"
    case .cross:
      let s = r * 0.9
      return
        "M\(fmt(c.x - s)) \(fmt(c.y - s))l\(fmt(2 * s)) \(fmt(2 * s))m0 \(fmt(-2 * s))l\(fmt(-2 * s)) \(fmt(2 * s))"
    case .plus:
      let s = r * 1.1
      return "M\(fmt(c.x - s)) \(fmt(c.y))h\(fmt(2 * s))M\(fmt(c.x)) \(fmt(c.y - s))v\(fmt(2 * s))"
    case .star:
      // A five-pointed star: outer radius 1.3 r, inner 0.55 r, first point up.
      var d = ""
      for i in 0..<10 {
        let radius = (i % 2 == 0 ? 1.35 : 0.58) * r
        let angle = Double(i) * Double.pi / 5 - Double.pi / 2
        d +=
          (i == 0 ? "M" : "L") + fmt(c.x + radius * cos(angle)) + " "
          + fmt(c.y + radius * sin(angle))
      }
      return d + "z"
    }
  }
}

/// How one series looks; `nil` fields are filled in automatically by the series' order.
public struct SeriesStyle: Sendable, Equatable, Codable {
  public var color: PlotColor?
  public var dash: Dash?
  /// A marker drawn at the data points (every `markEvery`-th point); `nil`: none for lines.
  public var marker: MarkerShape?
  public var markEvery: Int
  /// Stroke width in pixels.
  public var lineWidth: Double
  /// Opacity of the whole series, 0…1 (raw, noisy data reads well at 0.5).
  public var opacity: Double

  public init(
    color: PlotColor? = nil, dash: Dash? = nil, marker: MarkerShape? = nil, markEvery: Int = 1,
    lineWidth: Double = 2, opacity: Double = 1
  ) {
    self.color = color
    self.dash = dash
    self.marker = marker
    self.markEvery = max(markEvery, 1)
    self.lineWidth = lineWidth
    self.opacity = opacity
  }
}
