import LessonMarkup

/// Where a chart draws: the plot rectangle and the two scales.
struct PlotContext {
  let id: String
  let plot: Rect
  let x: ScaleMap
  let y: ScaleMap

  func point(_ xv: Double, _ yv: Double) -> Point { Point(x(xv), y(yv)) }

  /// Lines are clipped geometrically a little beyond the plot (the clip path trims the rest),
  /// so coordinates stay small while caps and joins at the edge still look right.
  var clipRect: Rect { plot.insetBy(-2) }
}

/// What a mark contributes to a chart.
struct Layer {
  /// Fills under everything else (regions, contour tints), clipped to the plot.
  var under: [Node] = []
  /// The data, clipped to the plot.
  var main: [Node] = []
  /// Point markers, drawn above the data and not clipped (they lie inside the plot).
  var points: [Node] = []
  /// Drawn unclipped above the data: exit marks, labels.
  var overlay: [Node] = []
  /// Points in pixel space where this mark has ink, for placing the legend.
  var samples: [Point] = []
  /// Legend entries.
  var legend: [LegendEntry] = []
  /// Contour rings to label, lowest level first; placed once every mark's ink is known.
  var contourLabels: [(level: Double, rings: [[Point]])] = []
  /// A colour bar requested by the mark.
  var colorBar: ColorBarSpec?
}

/// One legend row.
struct LegendEntry {
  enum Symbol {
    case line(dash: Dash, width: Double, marker: MarkerShape?, opacity: Double)
    case marker(MarkerShape)
    case swatch(opacity: Double)
  }
  var label: String
  var color: PlotColor
  var symbol: Symbol
}

/// A colour bar: a ramp of tints at the chart's right.
struct ColorBarSpec {
  /// Level boundaries, increasing, and the opacity of the tint of the band below each.
  var levels: [Double]
  var opacities: [Double]
  var tickLabels: [String]
  var label: String?
}

/// A style with every field decided.
struct ResolvedStyle {
  var color: PlotColor
  var dash: Dash
  var marker: MarkerShape?
  var markEvery: Int
  var lineWidth: Double
  var opacity: Double

  /// Attributes of the group holding the series: its colour and opacity.
  var groupAttributes: [(String, String)] {
    var attrs = color.attributes
    if opacity < 1 { attrs.append(("opacity", fmt2(max(opacity, 0)))) }
    return attrs
  }

  /// Attributes of the series' stroke.
  var strokeAttributes: [(String, String)] {
    var attrs: [(String, String)] = [
      ("fill", "none"), ("stroke", "currentColor"), ("stroke-width", fmt2(lineWidth)),
      ("stroke-linejoin", "round"),
    ]
    if let pattern = dash.pattern(width: lineWidth) { attrs.append(("stroke-dasharray", pattern)) }
    if dash.needsRoundCaps { attrs.append(("stroke-linecap", "round")) }
    return attrs
  }
}

/// Shared drawing helpers.
enum Draw {
  /// A path of markers in the current colour, with a thin halo so overlapping points and
  /// points over lines stay readable.
  static func markers(_ points: [Point], shape: MarkerShape, size: Double) -> Node? {
    guard !points.isEmpty else { return nil }
    if shape == .circle && size <= 4.5 {
      // Small dots (raw data, steps): a zero-length line with round caps is a filled circle in
      // a quarter of the bytes of two arcs.
      var d = PathData()
      for p in points { d.append("M\(fmt(p.x)) \(fmt(p.y))h0") }
      return SVG.path(
        d.text,
        [("stroke", "currentColor"), ("stroke-width", fmt2(size)), ("stroke-linecap", "round")])
    }
    var d = PathData()
    for p in points { d.append(shape.commands(at: p, size: size)) }
    if shape.isStrokeOnly {
      return SVG.path(
        d.text,
        [
          ("fill", "none"), ("stroke", "currentColor"),
          ("stroke-width", fmt2(max(size / 4.5, 1.25))),
        ])
    }
    return SVG.path(
      d.text,
      [
        ("fill", "currentColor"), ("class", "lp-halo"), ("stroke", PlotStyle.lightBackground),
        ("stroke-width", "0.75"),
      ])
  }

  /// An arrowhead whose tip is at `tip`, pointing along `direction`.
  static func arrowhead(tip: Point, direction: Point, length: Double = 9, halfWidth: Double = 4)
    -> String
  {
    let norm = (direction.x * direction.x + direction.y * direction.y).squareRoot()
    let u = norm > 0 ? Point(direction.x / norm, direction.y / norm) : Point(0, -1)
    let base = Point(tip.x - u.x * length, tip.y - u.y * length)
    let left = Point(base.x - u.y * halfWidth, base.y + u.x * halfWidth)
    let right = Point(base.x + u.y * halfWidth, base.y - u.x * halfWidth)
    var d = PathData()
    d.move(tip)
    d.line(left)
    d.line(right)
    d.close()
    return d.text
  }

  /// Attributes that give text a halo in the page background colour, so it reads over data.
  /// `paint-order` is a style property: SVG 1.1 (and the Nu HTML Checker's schema for SVG in
  /// HTML) has no presentation attribute of that name.
  static let haloText: [(String, String)] = [
    ("class", "lp-halo"), ("stroke", PlotStyle.lightBackground), ("stroke-width", "3"),
    ("stroke-linejoin", "round"), ("style", "paint-order:stroke"), ("fill", "currentColor"),
  ]

  /// Where a series left the plot: an arrowhead at the boundary and optional text inside.
  static func exitMark(_ exit: Polyline.Exit, label: String?, plot: Rect, color: PlotColor)
    -> (node: Node, ink: [Point])
  {
    var ink: [Point] = [exit.at]
    var children: [Node] = [
      SVG.path(
        arrowhead(tip: exit.at, direction: exit.direction),
        [("fill", "currentColor")])
    ]
    if let label {
      let onTop = exit.at.y <= plot.y + 1
      let onBottom = exit.at.y >= plot.maxY - 1
      let onRight = exit.at.x >= plot.maxX - 1
      var anchor = "start"
      var tx = exit.at.x + 8
      var ty = exit.at.y
      if onTop {
        ty += 16
      } else if onBottom {
        ty -= 8
      } else if onRight {
        anchor = "end"
        tx = exit.at.x - 10
        ty -= 8
      } else {
        ty -= 8
      }
      if anchor == "start", tx + textWidth(label, size: 12) > plot.maxX {
        anchor = "end"
        tx = exit.at.x - 8
      }
      children.append(
        SVG.group(
          haloText, [SVG.text(label, x: tx, y: ty, anchor: anchor, [("font-style", "italic")])]))
      let w = textWidth(label, size: 12)
      let x0 = anchor == "end" ? tx - w : tx
      for k in 0...Int(w / 6) {
        ink += [Point(x0 + Double(k) * 6, ty - 4), Point(x0 + Double(k) * 6, ty - 9)]
      }
    }
    return (SVG.group(color.attributes, children), ink)
  }
}
