import Foundation
import LessonMarkup

/// Draws lines, bands, scatter, trajectories and histograms.
enum MarkRenderer {
  /// Projects (x[i], y[i]) to pixels; nil where a value cannot be drawn.
  static func project(_ xs: [Double], _ ys: [Double], ctx: PlotContext) -> [Point?] {
    (0..<min(xs.count, ys.count)).map { i in
      let p = ctx.point(xs[i], ys[i])
      return p.x.isNaN || p.y.isNaN ? nil : p
    }
  }

  /// Path data through the pieces, each thinned to what the pixels show: no point is more
  /// than a quarter pixel from the drawn line.
  static func pathData(_ pieces: [[Point]]) -> String {
    var d = PathData()
    for piece in pieces.map({ Polyline.simplify($0, tolerance: 0.25) }) {
      guard let first = piece.first else { continue }
      d.move(first)
      for p in piece.dropFirst() { d.line(p) }
    }
    return d.text
  }

  static func line(_ line: Line, style: ResolvedStyle, ctx: PlotContext) -> Layer {
    var layer = Layer()
    let points = project(line.x, line.y, ctx: ctx)
    let (pieces, exit) = Polyline.clip(Polyline.simplifyByColumns(points), to: ctx.clipRect)
    var children: [Node] = []
    var marks: [Node] = []
    if !pieces.isEmpty { children.append(SVG.path(pathData(pieces), style.strokeAttributes)) }
    var dots: [Point] = []
    if let marker = style.marker {
      for i in stride(from: 0, to: points.count, by: style.markEvery) {
        if let p = points[i], ctx.plot.contains(p, margin: 0.5) { dots.append(p) }
      }
      if let node = Draw.markers(dots, shape: marker, size: max(6, style.lineWidth * 3)) {
        marks.append(node)
      }
    } else if pieces.isEmpty {
      // A single point (or isolated points between NaNs) would be invisible as a line.
      dots = points.compactMap { $0 }.filter { ctx.plot.contains($0, margin: 0.5) }
      if let node = Draw.markers(dots, shape: .circle, size: max(5, style.lineWidth * 2.5)) {
        marks.append(node)
      }
    }
    if !children.isEmpty { layer.main.append(SVG.group(style.groupAttributes, children)) }
    if !marks.isEmpty { layer.points.append(SVG.group(style.groupAttributes, marks)) }
    layer.samples = Polyline.samples(pieces) + dots
    finishPath(
      &layer, exit: exit, exitLabel: line.exitLabel, label: line.label, style: style, ctx: ctx)
    return layer
  }

  static func band(_ band: Band, style: ResolvedStyle, ctx: PlotContext) -> Layer {
    var layer = Layer()
    let n = min(band.x.count, band.lower.count, band.upper.count)
    let far = ctx.plot.insetBy(-4)
    func clamp(_ p: Point) -> Point {
      Point(max(far.x, min(far.maxX, p.x)), max(far.y, min(far.maxY, p.y)))
    }
    var d = PathData()
    var run: [(Point, Point)] = []
    func flush() {
      if run.count >= 2 {
        d.move(run[0].0)
        for (upper, _) in run.dropFirst() { d.line(upper) }
        for (_, lower) in run.reversed() { d.line(lower) }
        d.close()
        layer.samples += run.flatMap { [$0.0, $0.1, Point($0.0.x, ($0.0.y + $0.1.y) / 2)] }
      }
      run = []
    }
    for i in 0..<n {
      let u = ctx.point(band.x[i], band.upper[i])
      let l = ctx.point(band.x[i], band.lower[i])
      guard !u.x.isNaN, !u.y.isNaN, !l.y.isNaN else {
        flush()
        continue
      }
      run.append((clamp(Polyline.tame(u)!), clamp(Polyline.tame(l)!)))
    }
    flush()
    guard !d.isEmpty else { return layer }
    layer.under.append(
      SVG.group(
        style.color.attributes,
        [SVG.path(d.text, [("fill", "currentColor"), ("fill-opacity", fmt2(style.opacity))])]))
    if let label = band.label {
      layer.legend.append(
        LegendEntry(label: label, color: style.color, symbol: .swatch(opacity: style.opacity)))
    }
    return layer
  }

  static func scatter(_ scatter: Scatter, style: ResolvedStyle?, ctx: PlotContext) -> Layer {
    var layer = Layer()
    let points = project(scatter.x, scatter.y, ctx: ctx)
    var groups: [(Int, [Point])] = []
    if let classes = scatter.classes {
      let maxClass = classes.filter { $0 >= 0 }.max() ?? -1
      guard maxClass >= 0 else { return layer }
      var byClass = [[Point]](repeating: [], count: min(maxClass + 1, 64))
      for (i, p) in points.enumerated() {
        guard let p, i < classes.count, classes[i] >= 0, classes[i] < byClass.count,
          ctx.plot.contains(p, margin: 0.5)
        else { continue }
        byClass[classes[i]].append(p)
      }
      for (k, pts) in byClass.enumerated() { groups.append((k, pts)) }
    } else {
      groups = [(-1, points.compactMap { $0 }.filter { ctx.plot.contains($0, margin: 0.5) })]
    }
    for (k, pts) in groups {
      let color: PlotColor = k >= 0 ? .series(k + 1) : (style?.color ?? .series(1))
      let shape: MarkerShape = k >= 0 ? .automatic(k + 1) : (style?.marker ?? .circle)
      if let node = Draw.markers(pts, shape: shape, size: scatter.size) {
        var attrs = color.attributes
        if let opacity = style?.opacity, opacity < 1 { attrs.append(("opacity", fmt2(opacity))) }
        layer.points.append(SVG.group(attrs, [node]))
      }
      layer.samples += pts
      let label: String? =
        k >= 0
        ? (k < scatter.classNames.count ? scatter.classNames[k] : "class \(k)") : scatter.label
      if let label, k < 0 || !pts.isEmpty || k < scatter.classNames.count {
        layer.legend.append(LegendEntry(label: label, color: color, symbol: .marker(shape)))
      }
    }
    return layer
  }

  static func trajectory(_ t: Trajectory, style: ResolvedStyle, ctx: PlotContext) -> Layer {
    var layer = Layer()
    let points = project(t.x, t.y, ctx: ctx)
    let (pieces, exit) = Polyline.clip(points, to: ctx.clipRect)
    var children: [Node] = []
    if !pieces.isEmpty { children.append(SVG.path(pathData(pieces), style.strokeAttributes)) }
    let inside = points.enumerated().compactMap { i, p -> (Int, Point)? in
      guard let p, ctx.plot.contains(p, margin: 0.5) else { return nil }
      return (i, p)
    }
    var marks: [Node] = []
    if t.showSteps {
      let steps = inside.filter {
        $0.0 > 0 && $0.0 < points.count - 1 && $0.0 % style.markEvery == 0
      }
      if let node = Draw.markers(
        steps.map(\.1), shape: .circle, size: max(3.5, style.lineWidth * 2))
      {
        marks.append(node)
      }
    }
    // The end: the run's own marker, large, where it stopped inside the plot.
    if let last = points.last, let end = last, ctx.plot.contains(end, margin: 0.5),
      points.count > 1,
      let node = Draw.markers([end], shape: style.marker ?? .circle, size: 10)
    {
      marks.append(node)
    }
    if !children.isEmpty { layer.main.append(SVG.group(style.groupAttributes, children)) }
    if !marks.isEmpty { layer.points.append(SVG.group(style.groupAttributes, marks)) }
    // The start: a ring in the text colour, drawn above everything (runs often share it).
    if let first = points.first, let start = first, ctx.plot.contains(start, margin: 0.5) {
      layer.overlay.append(
        SVG.group(
          [("class", "lp-cfg"), ("color", PlotStyle.lightForeground)],
          [
            SVG.element(
              "circle",
              [
                ("cx", fmt(start.x)), ("cy", fmt(start.y)), ("r", "5"), ("fill", "none"),
                ("stroke", "currentColor"), ("stroke-width", "1.75"),
              ])
          ]))
    }
    layer.samples = Polyline.samples(pieces) + inside.map(\.1)
    finishPath(&layer, exit: exit, exitLabel: t.exitLabel, label: t.label, style: style, ctx: ctx)
    return layer
  }

  /// The end shared by lines and trajectories: the mark where a path leaves the plot, and
  /// its legend entry.
  private static func finishPath(
    _ layer: inout Layer, exit: Polyline.Exit?, exitLabel: String?, label: String?,
    style: ResolvedStyle,
    ctx: PlotContext
  ) {
    if let exit {
      let mark = Draw.exitMark(exit, label: exitLabel, plot: ctx.plot, color: style.color)
      layer.overlay.append(mark.node)
      layer.samples += mark.ink
    }
    if let label {
      layer.legend.append(
        LegendEntry(
          label: label, color: style.color,
          symbol: .line(
            dash: style.dash, width: style.lineWidth, marker: style.marker, opacity: style.opacity))
      )
    }
  }

  static func histogram(_ h: Histogram, style: ResolvedStyle, ctx: PlotContext) -> Layer {
    var layer = Layer()
    let bins = HistogramBins(h)
    guard bins.heights.count >= 1 else { return layer }
    let base = ctx.y.scale == .linear ? ctx.y(0) : ctx.plot.maxY
    let baseY = max(ctx.plot.y - 4, min(ctx.plot.maxY + 4, base.isFinite ? base : ctx.plot.maxY))
    func yOf(_ v: Double) -> Double {
      let y = ctx.y(v)
      if y.isNaN { return baseY }
      return max(ctx.plot.y - 4, min(ctx.plot.maxY + 4, y))
    }
    func xOf(_ v: Double) -> Double { max(ctx.plot.x - 4, min(ctx.plot.maxX + 4, ctx.x(v))) }
    var d = PathData()
    var outline = PathData()
    let x0 = xOf(bins.edges[0])
    guard x0.isFinite else { return layer }
    d.move(Point(x0, baseY))
    outline.move(Point(x0, baseY))
    for (i, height) in bins.heights.enumerated() {
      let xa = xOf(bins.edges[i])
      let xb = xOf(bins.edges[i + 1])
      let y = height > 0 ? yOf(height) : baseY
      guard xa.isFinite, xb.isFinite else { continue }
      for p in [Point(xa, y), Point(xb, y)] {
        d.line(p)
        outline.line(p)
      }
      // Ink for legend placement: the bar's area, every 8 px.
      var sy = y
      while sy < baseY {
        var sx = xa
        while sx < xb {
          layer.samples.append(Point(sx, sy))
          sx += 8
        }
        sy += 8
      }
    }
    let xn = xOf(bins.edges.last!)
    d.line(Point(xn, baseY))
    outline.line(Point(xn, baseY))
    d.close()
    layer.main.append(
      SVG.group(
        style.color.attributes,
        [
          SVG.path(d.text, [("fill", "currentColor"), ("fill-opacity", "0.3")]),
          SVG.path(
            outline.text,
            [
              ("fill", "none"), ("stroke", "currentColor"), ("stroke-width", fmt2(style.lineWidth)),
              ("stroke-linejoin", "round"),
            ]),
        ]))
    if let label = h.label {
      layer.legend.append(
        LegendEntry(label: label, color: style.color, symbol: .swatch(opacity: 0.3)))
    }
    return layer
  }
}

/// Bin edges and bar heights of a histogram.
struct HistogramBins {
  var edges: [Double]
  var heights: [Double]

  init(_ h: Histogram) {
    let isLog: Bool
    if case .log = h.bins { isLog = true } else { isLog = false }
    let values = h.values.filter { $0.isFinite && (!isLog || $0 > 0) }
    var edges: [Double] = []
    switch h.bins {
    case .linear(let count):
      if let lo = values.min(), let hi = values.max() {
        let ticks = Ticks.linear(lo, hi, maxCount: max(count, 1) + 1).ticks.map(\.value)
        edges = ticks.count >= 2 ? ticks : [lo - 0.5, hi + 0.5]
      }
    case .log(let perDecade):
      if let lo = values.min(), let hi = values.max() {
        let e0 = log10(lo).rounded(.down)
        var e1 = log10(hi).rounded(.up)
        if e1 <= e0 { e1 = e0 + 1 }
        let n = max(perDecade, 1)
        let count = Int(e1 - e0) * n
        edges = (0...count).map { i in
          i % n == 0
            ? DecimalNumber(mantissa: 1, exponent: Int(e0) + i / n).value
            : pow(10, e0 + Double(i) / Double(n))
        }
      }
    case .edges(let given):
      edges = given.filter(\.isFinite).sorted()
    }
    guard edges.count >= 2 else {
      self.edges = []
      self.heights = []
      return
    }
    var counts = [Double](repeating: 0, count: edges.count - 1)
    for v in values {
      guard v >= edges[0], v <= edges[edges.count - 1] else { continue }
      // Binary search for the bin; the last bin is closed on the right (numpy's convention).
      var lo = 0
      var hi = edges.count - 1
      while hi - lo > 1 {
        let mid = (lo + hi) / 2
        if v >= edges[mid] { lo = mid } else { hi = mid }
      }
      counts[lo] += 1
    }
    let total = Double(values.count)
    switch h.normalization {
    case .count: heights = counts
    case .fraction: heights = counts.map { total > 0 ? $0 / total : 0 }
    case .density:
      heights = counts.indices.map { i in
        let width = edges[i + 1] - edges[i]
        return total > 0 && width > 0 ? counts[i] / (total * width) : 0
      }
    }
    self.edges = edges
  }
}
