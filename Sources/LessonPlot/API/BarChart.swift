import LessonMarkup

/// One series of bars: a value per category.
public struct BarSeries: Sendable, Codable {
  public var label: String?
  public var values: [Double]
  public var color: PlotColor?

  public init(_ label: String? = nil, values: [Double], color: PlotColor? = nil) {
    self.label = label
    self.values = values
    self.color = color
  }
}

/// Bars per category: one series (softmax probabilities) or several side by side (grouped).
public struct BarChart: Figure, Codable {
  public var width: Double
  public var height: Double
  public var title: String?
  public var categories: [String]
  public var series: [BarSeries]
  /// The category axis title.
  public var xLabel: String?
  /// The value axis (linear from 0, or log).
  public var y: Axis
  /// Writes each bar's value above it in this style, e.g. `.fixed(2)`; nil for none.
  public var valueFormat: NumberStyle?
  public var legend: LegendPosition
  public var annotations: [Annotation]

  public init(
    width: Double = 640, height: Double = 360, title: String? = nil, categories: [String],
    series: [BarSeries], xLabel: String? = nil, y: Axis = Axis(), valueFormat: NumberStyle? = nil,
    legend: LegendPosition = .automatic, annotations: [Annotation] = []
  ) {
    self.width = width
    self.height = height
    self.title = title
    self.categories = categories
    self.series = series
    self.xLabel = xLabel
    self.y = y
    self.valueFormat = valueFormat
    self.legend = legend
    self.annotations = annotations
  }

  public func drawing(id: String) -> Drawing { chart.drawing(id: id) }

  public var dataExtents: [DataExtent] { chart.dataExtents }

  public func covering(_ extents: [DataExtent]) -> any Figure {
    var copy = self
    copy.y.include = DataExtent.union(y.include, extents.first?.y)
    return copy
  }

  /// The bars as a chart on a categorical x axis.
  var chart: Chart {
    var xAxis = Axis(xLabel, grid: false)
    xAxis.categories = categories
    var yAxis = y
    if yAxis.grid == nil { yAxis.grid = true }
    var chart = Chart(
      width: width, height: height, title: title, x: xAxis, y: yAxis, marks: [],
      annotations: annotations, legend: legend)
    var next = 1
    let resolved = series.map { s -> BarsSpec.Series in
      let color = s.color ?? .series(next)
      if s.color == nil { next += 1 }
      return BarsSpec.Series(label: s.label, values: s.values, color: color)
    }
    chart.bars = BarsSpec(
      categoryCount: categories.count, series: resolved, valueFormat: valueFormat)
    return chart
  }
}

/// Bars as the chart draws them.
struct BarsSpec: Sendable, Codable {
  struct Series: Sendable, Codable {
    var label: String?
    var values: [Double]
    var color: PlotColor
  }
  var categoryCount: Int
  var series: [Series]
  var valueFormat: NumberStyle?
}

extension MarkRenderer {
  static func bars(_ spec: BarsSpec, ctx: PlotContext) -> Layer {
    var layer = Layer()
    let k = max(spec.series.count, 1)
    let groupWidth = spec.series.count > 1 ? 0.8 : 0.66
    let barWidth = groupWidth / Double(k)
    let base: Double = ctx.y.scale == .linear ? ctx.y(0) : ctx.plot.maxY
    let baseY = max(ctx.plot.y, min(ctx.plot.maxY, base.isFinite ? base : ctx.plot.maxY))
    var labels: [Node] = []
    for (s, series) in spec.series.enumerated() {
      var d = PathData()
      for i in 0..<min(series.values.count, spec.categoryCount) {
        let v = series.values[i]
        let x0 = ctx.x(Double(i) + (1 - groupWidth) / 2 + Double(s) * barWidth)
        let x1 = ctx.x(Double(i) + (1 - groupWidth) / 2 + Double(s + 1) * barWidth)
        let yv = ctx.y(v)
        guard yv.isFinite || v.isInfinite, !v.isNaN else { continue }
        let top = max(ctx.plot.y, min(ctx.plot.maxY, yv.isNaN ? baseY : yv))
        let gap = min(1.5, (x1 - x0) * 0.1)
        let left = x0 + gap / 2
        let right = x1 - gap / 2
        d.move(Point(left, baseY))
        d.line(Point(left, top))
        d.line(Point(right, top))
        d.line(Point(right, baseY))
        d.close()
        var sy = min(top, baseY)
        while sy <= max(top, baseY) {
          layer.samples.append(Point((left + right) / 2, sy))
          layer.samples.append(Point(left, sy))
          layer.samples.append(Point(right, sy))
          sy += 6
        }
        if let format = spec.valueFormat, v.isFinite {
          let text = NumberFormat.display(v, format)
          let above = v >= 0 || ctx.y.scale == .log
          let ty = above ? top - 4 : top + 13
          labels.append(
            SVG.text(text, x: (left + right) / 2, y: max(ctx.plot.y - 1, ty), anchor: "middle"))
          layer.samples.append(Point((left + right) / 2, ty - 4))
        }
      }
      guard !d.isEmpty else { continue }
      layer.main.append(
        SVG.group(
          series.color.attributes,
          [SVG.path(d.text, [("fill", "currentColor"), ("fill-opacity", "0.85")])]))
      if let label = series.label {
        layer.legend.append(
          LegendEntry(label: label, color: series.color, symbol: .swatch(opacity: 0.85)))
      }
    }
    if !labels.isEmpty {
      layer.overlay.append(SVG.group([("fill", "currentColor"), ("font-size", "11")], labels))
    }
    return layer
  }
}
