import Foundation
import LessonMarkup

/// A chart on two continuous axes: lines, bands, scatter, trajectories, contours, decision
/// regions and histograms, with axes, legend and annotations.
///
/// ```swift
/// let chart = Chart(
///   x: Axis("day"), y: Axis("temperature (°C)"),
///   marks: [.line(Line("β = 0.9", y: v09)), .line(Line("β = 0.98", y: v098))])
/// let svg = chart.svg(id: "temps", title: "EWA", description: "…")
/// ```
public struct Chart: Figure, Codable {
  public var width: Double
  public var height: Double
  /// A visible title above the plot (figures in a page usually rely on the caption instead).
  public var title: String?
  public var x: Axis
  public var y: Axis
  public var marks: [Mark]
  public var annotations: [Annotation]
  public var legend: LegendPosition
  /// Use the same pixels per unit on both axes (circles stay round: gradients are
  /// perpendicular to contours).
  public var equalAspect: Bool
  /// Bars of a `BarChart`, drawn on a categorical x axis.
  var bars: BarsSpec?

  public init(
    width: Double = 640, height: Double = 400, title: String? = nil, x: Axis = Axis(),
    y: Axis = Axis(), marks: [Mark], annotations: [Annotation] = [],
    legend: LegendPosition = .automatic, equalAspect: Bool = false
  ) {
    self.width = max(width, 120)
    self.height = max(height, 100)
    self.title = title
    self.x = x
    self.y = y
    self.marks = marks
    self.annotations = annotations
    self.legend = legend
    self.equalAspect = equalAspect
  }

  /// A line chart of several series over one x: the common case (EWAs, costs per step,
  /// learning rates per epoch) in one call. Series get palette colours and dashes in order
  /// and a legend where it hides no data.
  ///
  /// ```swift
  /// Chart.lines(x: days, series: [("β = 0.9", v9), ("β = 0.98", v98)], xLabel: "day", yLabel: "°C")
  ///   .svg(id: "temps", title: "Exponentially weighted averages", description: "…")
  /// ```
  public static func lines(
    x: [Double], series: [(label: String, y: [Double])], xLabel: String? = nil,
    yLabel: String? = nil, yScale: Scale = .linear, width: Double = 640, height: Double = 400
  ) -> Chart {
    Chart(
      width: width, height: height, x: Axis(xLabel), y: Axis(yLabel, scale: yScale),
      marks: series.map { .line(Line($0.label, x: x, y: $0.y)) })
  }

  public func drawing(id: String) -> Drawing {
    let styles = resolvedStyles()
    let (xExtent, yExtent) = extents()
    let wantsColorBar = marks.contains {
      if case .contour(let c) = $0 { return c.colorBar }
      return false
    }
    var layout = ChartLayout(
      chart: self, xExtent: xExtent, yExtent: yExtent, colorBar: wantsColorBar, legendWidth: 0)
    var layers = render(layout: layout, styles: styles, id: id)
    let entries = layers.flatMap(\.legend)
    var legendBox: Rect?
    var legendOrigins: [Point]?
    if !entries.isEmpty && legend != .hidden {
      let size = LegendRenderer.size(entries)
      // Automatic, and every corner would hide data: below the chart when that takes at
      // most two rows, else at the right.
      var placement = legend
      var corner: Rect?
      if legend != .below && legend != .outsideRight {
        corner = LegendRenderer.place(
          size: size, in: layout.plot, samples: layers.flatMap(\.samples), position: legend)
        if corner == nil {
          placement =
            LegendRenderer.flow(entries, width: width - 24).height <= 2 * LegendRenderer.rowHeight
            ? .below : .outsideRight
        }
      }
      if let corner {
        legendBox = corner
      } else if placement == .below {
        let flow = LegendRenderer.flow(entries, width: width - 24)
        layout = ChartLayout(
          chart: self, xExtent: xExtent, yExtent: yExtent, colorBar: wantsColorBar,
          legendWidth: 0, legendBelow: flow.height)
        layers = render(layout: layout, styles: styles, id: id)
        let top = layout.legendBelowTop
        let left = max(12, min(layout.plot.x, width - 12 - flow.width))
        legendOrigins = flow.origins.map { Point($0.x + left, $0.y + top) }
      } else {
        layout = ChartLayout(
          chart: self, xExtent: xExtent, yExtent: yExtent, colorBar: wantsColorBar,
          legendWidth: size.width + 12)
        layers = render(layout: layout, styles: styles, id: id)
        legendBox = Rect(
          x: layout.plot.maxX + 12 + layout.colorBarWidth, y: layout.plot.y, width: size.width,
          height: size.height)
      }
    }
    var nodes = assemble(
      layout: layout, layers: layers, legendBox: legendBox, entries: entries, id: id)
    if let legendOrigins {
      nodes.append(LegendRenderer.render(entries, at: legendOrigins, box: nil))
    }
    return Drawing(nodes: nodes, height: layout.figureHeight < height ? layout.figureHeight : nil)
  }

  // MARK: - Styles and extents

  /// Fills in automatic colours, dashes and markers by the order of the series.
  func resolvedStyles() -> [ResolvedStyle?] {
    var next = 1
    var lastLineColor: PlotColor?
    var styles = marks.map { mark -> ResolvedStyle? in
      func auto(_ style: SeriesStyle, marker: MarkerShape?) -> ResolvedStyle {
        let n = next
        if style.color == nil { next += 1 }
        let color = style.color ?? .series(n)
        return ResolvedStyle(
          color: color, dash: style.dash ?? .automatic(n), marker: style.marker ?? marker,
          markEvery: style.markEvery, lineWidth: style.lineWidth, opacity: style.opacity)
      }
      switch mark {
      case .line(let line):
        let s = auto(line.style, marker: nil)
        lastLineColor = s.color
        return s
      case .trajectory(let t):
        var s = auto(t.style, marker: .automatic(next))
        s.dash = t.style.dash ?? .solid
        lastLineColor = s.color
        return s
      case .histogram(let h):
        return auto(SeriesStyle(color: h.color, dash: .solid, lineWidth: 1.25), marker: nil)
      case .scatter(let s) where s.classes == nil:
        var r = auto(s.style, marker: .automatic(next))
        r.dash = .solid
        return r
      case .band(let b):
        return ResolvedStyle(
          color: b.color ?? lastLineColor ?? .muted, dash: .solid, marker: nil, markEvery: 1,
          lineWidth: 0, opacity: b.opacity)
      default:
        return nil
      }
    }
    // A band drawn before its line (so the line is on top) takes that line's colour.
    for (i, mark) in marks.enumerated() {
      guard case .band(let b) = mark, b.color == nil else { continue }
      let earlier = marks[..<i].contains {
        if case .line = $0 { return true }
        if case .trajectory = $0 { return true }
        return false
      }
      if !earlier,
        let next = marks.indices.dropFirst(i + 1).first(where: {
          if case .line = marks[$0] { return true }
          return false
        }), let color = styles[next]?.color
      {
        styles[i]?.color = color
      }
    }
    return styles
  }

  /// The finite extents of all marks on each axis (positive values only on log axes).
  func extents() -> (ClosedRange<Double>?, ClosedRange<Double>?) {
    var xs = Extent(scale: x.scale)
    var ys = Extent(scale: y.scale)
    for mark in marks {
      switch mark {
      case .line(let l):
        for i in 0..<min(l.x.count, l.y.count) where xs.accepts(l.x[i]) && ys.accepts(l.y[i]) {
          xs.add(l.x[i])
          ys.add(l.y[i])
        }
      case .trajectory(let t):
        // Only the start decides the view; a diverging run must not blow up the axes.
        if let x0 = t.x.first, let y0 = t.y.first {
          xs.add(x0)
          ys.add(y0)
        }
      case .band(let b):
        for i in 0..<min(b.x.count, b.lower.count, b.upper.count) where xs.accepts(b.x[i]) {
          xs.add(b.x[i])
          ys.add(b.lower[i])
          ys.add(b.upper[i])
        }
      case .scatter(let s):
        for i in 0..<min(s.x.count, s.y.count) where xs.accepts(s.x[i]) && ys.accepts(s.y[i]) {
          xs.add(s.x[i])
          ys.add(s.y[i])
        }
      case .contour(let c):
        xs.add(all: c.grid.x)
        ys.add(all: c.grid.y)
      case .regions(let r):
        xs.add(all: r.x)
        ys.add(all: r.y)
      case .histogram(let h):
        let bins = HistogramBins(h)
        xs.add(all: bins.edges)
        if y.scale == .linear { ys.add(0) }
        ys.add(all: bins.heights)
      }
    }
    if let bars {
      xs.add(0)
      xs.add(Double(bars.categoryCount))
      if y.scale == .linear { ys.add(0) }
      for series in bars.series { ys.add(all: series.values) }
      // Room above the tallest bar for its value label.
      if bars.valueFormat != nil, y.scale == .linear, ys.hi > 0 { ys.add(ys.hi * 1.08) }
    }
    if let r = x.include {
      xs.add(r.lowerBound)
      xs.add(r.upperBound)
    }
    if let r = y.include {
      ys.add(r.lowerBound)
      ys.add(r.upperBound)
    }
    // A chart of trajectories alone: let them decide.
    if xs.range == nil {
      for case .trajectory(let t) in marks {
        for i in 0..<min(t.x.count, t.y.count) {
          xs.add(t.x[i])
          ys.add(t.y[i])
        }
      }
    }
    return (xs.range, ys.range)
  }

  /// Whether the plot is filled edge to edge (contours, regions): framed, no grid.
  var isFilled: Bool {
    marks.contains {
      switch $0 {
      case .contour, .regions: return true
      default: return false
      }
    }
  }

  /// Whether every mark is a series over x (lines, bands, points whose x increases, such as
  /// raw daily data): the x axis may end where the data ends.
  var isSeriesChart: Bool {
    bars == nil
      && marks.contains {
        if case .line = $0 { return true }
        return false
      }
      && marks.allSatisfy {
        switch $0 {
        case .line, .band: return true
        case .scatter(let s):
          return s.classes == nil && zip(s.x, s.x.dropFirst()).allSatisfy { $0 <= $1 }
        default: return false
        }
      }
  }

  // MARK: - Rendering

  func render(layout: ChartLayout, styles: [ResolvedStyle?], id: String) -> [Layer] {
    let ctx = PlotContext(id: id, plot: layout.plot, x: layout.xMap, y: layout.yMap)
    var extra: [Layer] = []
    if let bars { extra.append(MarkRenderer.bars(bars, ctx: ctx)) }
    return extra
      + zip(marks, styles).map { mark, style in
        switch mark {
        case .line(let l): return MarkRenderer.line(l, style: style!, ctx: ctx)
        case .band(let b): return MarkRenderer.band(b, style: style!, ctx: ctx)
        case .scatter(let s): return MarkRenderer.scatter(s, style: style, ctx: ctx)
        case .trajectory(let t): return MarkRenderer.trajectory(t, style: style!, ctx: ctx)
        case .histogram(let h): return MarkRenderer.histogram(h, style: style!, ctx: ctx)
        case .contour(let c): return ContourRenderer.render(c, ctx: ctx)
        case .regions(let r): return ContourRenderer.regions(r, ctx: ctx)
        }
      }
  }

  func assemble(
    layout: ChartLayout, layers: [Layer], legendBox: Rect?, entries: [LegendEntry], id: String
  ) -> [Node] {
    let plot = layout.plot
    var nodes: [Node] = []
    let clipID = "\(id)-clip"
    nodes.append(
      SVG.element(
        "defs", [],
        [SVG.element("clipPath", [("id", clipID)], [SVG.rect(plot)])]))
    let under = layers.flatMap(\.under)
    if !under.isEmpty {
      nodes.append(SVG.group([("clip-path", "url(#\(clipID))")], under))
    }
    let showGrid = { (axis: Axis) in axis.grid ?? !isFilled }
    nodes.append(
      contentsOf: AxisRenderer.grid(layout: layout, xGrid: showGrid(x), yGrid: showGrid(y)))
    let main = layers.flatMap(\.main)
    if !main.isEmpty {
      nodes.append(SVG.group([("clip-path", "url(#\(clipID))")], main))
    }
    nodes.append(contentsOf: AxisRenderer.axes(layout: layout, chart: self, framed: isFilled))
    // Markers are not clipped: a point on the plot's edge shows whole.
    nodes.append(contentsOf: layers.flatMap(\.points))
    let ctx = PlotContext(id: id, plot: plot, x: layout.xMap, y: layout.yMap)
    let notes = AnnotationRenderer.render(
      annotations, ctx: ctx, avoiding: layers.flatMap(\.samples))
    if !notes.isEmpty { nodes.append(contentsOf: notes) }
    let contourLabels = layers.flatMap(\.contourLabels)
    if !contourLabels.isEmpty {
      nodes.append(
        contentsOf: ContourRenderer.labels(
          contourLabels, plot: plot, avoiding: layers.flatMap(\.samples)))
    }
    nodes.append(contentsOf: layers.flatMap(\.overlay))
    if let bar = layers.lazy.compactMap(\.colorBar).first, layout.colorBarWidth > 0 {
      nodes.append(
        ColorBarRenderer.render(bar, x: plot.maxX + 14, top: plot.y, height: plot.height))
    }
    if let legendBox {
      let origins = entries.indices.map {
        Point(
          legendBox.x + LegendRenderer.padding,
          legendBox.y + LegendRenderer.padding + LegendRenderer.rowHeight * Double($0) + 7)
      }
      nodes.append(LegendRenderer.render(entries, at: origins, box: legendBox))
    }
    if let title {
      nodes.append(
        SVG.text(
          title, x: plot.midX, y: 19, anchor: "middle",
          [("font-size", "14"), ("font-weight", "600"), ("fill", "currentColor")]))
    }
    return nodes
  }
}

/// Accumulates the finite range of values (positive only on a log scale).
struct Extent {
  let scale: Scale
  var lo = Double.infinity
  var hi = -Double.infinity

  init(scale: Scale) { self.scale = scale }

  func accepts(_ v: Double) -> Bool { v.isFinite && (scale == .linear || v > 0) }

  mutating func add(_ v: Double) {
    guard accepts(v) else { return }
    let v = max(-Ticks.limit, min(Ticks.limit, v))
    lo = min(lo, v)
    hi = max(hi, v)
  }

  mutating func add(all values: [Double]) {
    for v in values { add(v) }
  }

  var range: ClosedRange<Double>? { lo <= hi ? lo...hi : nil }
}

/// The geometry of a chart: margins, plot rectangle, ticks and scales.
struct ChartLayout {
  var plot: Rect
  var xTicks: TickSet
  var yTicks: TickSet
  var xMap: ScaleMap
  var yMap: ScaleMap
  var colorBarWidth: Double
  /// The figure's height: less than asked when equal aspect made the plot shorter.
  var figureHeight: Double
  /// Where a legend below the chart starts.
  var legendBelowTop: Double
  /// The baseline of the x axis title.
  var xLabelBaseline: Double

  static let tickLength = 5.0
  static let fontSize = 12.0

  init(
    chart: Chart, xExtent: ClosedRange<Double>?, yExtent: ClosedRange<Double>?, colorBar: Bool,
    legendWidth: Double, legendBelow: Double = 0
  ) {
    let font = ChartLayout.fontSize
    let top: Double = 12 + (chart.title != nil ? 22 : 0)
    let axisBottom = ChartLayout.tickLength + 4 + font + 6 + (chart.x.label != nil ? font + 8 : 0)
    let bottom = axisBottom + (legendBelow > 0 ? legendBelow + 8 : 0)
    let plotHeight = max(chart.height - top - bottom, 40)
    let yCount = max(4, min(8, Int(plotHeight / 42) + 1))
    // Contours and regions fill the plot edge to edge: their axes are tight to the grid.
    var xAxis = chart.x
    var yAxis = chart.y
    if chart.isFilled {
      if xAxis.domain == nil, let e = xExtent, e.upperBound > e.lowerBound { xAxis.domain = e }
      if yAxis.domain == nil, let e = yExtent, e.upperBound > e.lowerBound { yAxis.domain = e }
    }
    // A line lying exactly on the top or bottom of the plot hides under the frame, and a
    // marker there is cut in half: give them a margin (one more tick step). Lines and bars
    // may sit on 0, where costs and counts belong on the axis.
    let hasPoints = chart.marks.contains {
      if case .scatter = $0 { return true }
      return false
    }
    var yExtent = yExtent
    if !chart.isFilled, chart.bars == nil {
      yExtent = ChartLayout.margin(yExtent, axis: yAxis, maxCount: yCount, zeroIsAxis: !hasPoints)
    }
    let yTicks = yAxis.tickSet(extent: yExtent, maxCount: yCount)
    let yLabelWidth = yTicks.ticks.map { textWidth($0.label, size: font) }.max() ?? 0
    let left: Double =
      6 + (chart.y.label != nil ? font + 8 : 0) + yLabelWidth + 4 + ChartLayout.tickLength
    colorBarWidth = colorBar ? 78 : 0
    var right = 14 + colorBarWidth + legendWidth
    var plotWidth = max(chart.width - left - right, 40)
    // As many x ticks as fit without their labels touching.
    var xCount = max(4, min(10, Int(plotWidth / 48) + 1))
    // Series over an index (days, steps, epochs) end where the data ends, as in matplotlib
    // and Observable Plot, when nice bounds would add a wide empty margin.
    if chart.isSeriesChart, xAxis.domain == nil, xAxis.scale == .linear, let e = xExtent,
      e.upperBound > e.lowerBound
    {
      let nice = xAxis.tickSet(extent: e, maxCount: xCount).domain
      let span = e.upperBound - e.lowerBound
      if (e.lowerBound - nice.lowerBound) > 0.04 * span
        || (nice.upperBound - e.upperBound) > 0.04 * span
      {
        xAxis.domain = e
      }
    }
    var xExtent = xExtent
    if hasPoints, !chart.isFilled, !chart.isSeriesChart {
      xExtent = ChartLayout.margin(xExtent, axis: xAxis, maxCount: xCount, zeroIsAxis: false)
    }
    var xTicks = xAxis.tickSet(extent: xExtent, maxCount: xCount)
    while xCount > 4 {
      let widths = xTicks.ticks.map { textWidth($0.label, size: font) + 10 }
      if widths.reduce(0, +) * 1.15 <= plotWidth { break }
      xCount -= 1
      xTicks = xAxis.tickSet(extent: xExtent, maxCount: xCount)
    }
    // The last x label is centred on the plot's right edge: leave room for its half.
    if let last = xTicks.ticks.last, legendWidth == 0, colorBarWidth == 0 {
      let half = textWidth(last.label, size: font) / 2 + 4
      if half > right {
        right = half
        plotWidth = max(chart.width - left - right, 40)
      }
    }
    var plot = Rect(x: left, y: top, width: plotWidth, height: plotHeight)
    if chart.equalAspect {
      let xSpan = ChartLayout.span(xTicks.domain, chart.x.scale)
      let ySpan = ChartLayout.span(yTicks.domain, chart.y.scale)
      if xSpan > 0, ySpan > 0 {
        let k = min(plot.width / xSpan, plot.height / ySpan)
        let w = xSpan * k
        let h = ySpan * k
        plot = Rect(x: plot.x + (plot.width - w) / 2, y: plot.y, width: w, height: h)
      }
    }
    self.plot = plot
    figureHeight = plot.maxY + bottom
    legendBelowTop = plot.maxY + axisBottom + 8
    xLabelBaseline = plot.maxY + ChartLayout.tickLength + 4 + font + 6 + font + 1
    self.xTicks = xTicks
    self.yTicks = yTicks
    xMap = ScaleMap(scale: chart.x.scale, domain: xTicks.domain, range: (plot.x, plot.maxX))
    yMap = ScaleMap(scale: chart.y.scale, domain: yTicks.domain, range: (plot.maxY, plot.y))
  }

  /// The extent widened by 3 % of the nice span at an end where the data touches the nice
  /// bound (at a 0 bound too, unless `zeroIsAxis`); unchanged for fixed domains and log axes.
  static func margin(
    _ extent: ClosedRange<Double>?, axis: Axis, maxCount: Int, zeroIsAxis: Bool
  ) -> ClosedRange<Double>? {
    guard let e = extent, axis.domain == nil, axis.scale == .linear, axis.categories == nil else {
      return extent
    }
    let domain = axis.tickSet(extent: e, maxCount: maxCount).domain
    let span = domain.upperBound - domain.lowerBound
    var (lo, hi) = (e.lowerBound, e.upperBound)
    // With `zeroIsAxis` the margin never crosses zero: a cost approaching 0 keeps 0 as its
    // bound. Points may sit on 0 and get their margin like any other value.
    if !(zeroIsAxis && hi == 0), domain.upperBound - hi < 0.01 * span {
      hi = zeroIsAxis && hi <= 0 ? min(hi + 0.03 * span, 0) : hi + 0.03 * span
    }
    if !(zeroIsAxis && lo == 0), lo - domain.lowerBound < 0.01 * span {
      lo = zeroIsAxis && lo >= 0 ? max(lo - 0.03 * span, 0) : lo - 0.03 * span
    }
    return lo...hi
  }

  static func span(_ d: ClosedRange<Double>, _ s: Scale) -> Double {
    s == .log
      ? log10(d.upperBound) - log10(max(d.lowerBound, .leastNormalMagnitude))
      : d.upperBound - d.lowerBound
  }
}
