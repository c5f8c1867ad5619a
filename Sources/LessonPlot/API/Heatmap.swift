import LessonMarkup

/// A matrix of values as coloured cells with a colour bar and optional cell values: a
/// softmax Jacobian, a confusion matrix.
public struct Heatmap: Figure, Codable {
  public var width: Double
  public var height: Double
  public var title: String?
  /// `values[row][column]`; row 0 is drawn at the top, as a matrix is written.
  public var values: [[Double]]
  public var rowLabels: [String]
  public var columnLabels: [String]
  public var xLabel: String?
  public var yLabel: String?
  public var colorMap: ColorMap
  /// The values mapped to the ends of the colour map; nil: the data's range (symmetric about
  /// zero for `.diverging`).
  public var domain: ClosedRange<Double>?
  /// Writes each cell's value in this style; nil for none (cells too small get none).
  public var cellFormat: NumberStyle?
  public var colorBarLabel: String?

  public init(
    width: Double = 480, height: Double = 420, title: String? = nil, values: [[Double]],
    rowLabels: [String] = [], columnLabels: [String] = [], xLabel: String? = nil,
    yLabel: String? = nil, colorMap: ColorMap = .themeSequential,
    domain: ClosedRange<Double>? = nil,
    cellFormat: NumberStyle? = nil, colorBarLabel: String? = nil
  ) {
    self.width = width
    self.height = height
    self.title = title
    self.values = values
    self.rowLabels = rowLabels
    self.columnLabels = columnLabels
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.colorMap = colorMap
    self.domain = domain
    self.cellFormat = cellFormat
    self.colorBarLabel = colorBarLabel
  }

  public func drawing(id: String) -> Drawing {
    let rows = values.count
    let columns = values.map(\.count).max() ?? 0
    guard rows > 0, columns > 0 else { return Drawing(nodes: []) }
    let finite = values.flatMap { $0 }.filter(\.isFinite)
    var lo = finite.min() ?? 0
    var hi = finite.max() ?? 1
    if let domain, domain.lowerBound.isFinite, domain.upperBound.isFinite {
      lo = domain.lowerBound
      hi = domain.upperBound
    } else if colorMap == .diverging || colorMap == .themeDiverging {
      let m = max(abs(lo), abs(hi))
      lo = -m
      hi = m
    }
    (lo, hi) = Ticks.widened(lo, hi)
    if domain == nil, colorMap != .diverging, colorMap != .themeDiverging,
      finite.min() == finite.max(), let v = finite.first
    {
      (lo, hi) = (v - 1, v + 1)
    }
    let font = 12.0
    let rowLabelWidth = (0..<rows).map { textWidth(label(rowLabels, $0), size: font) }.max() ?? 0
    let top = 10.0 + (title != nil ? 22 : 0)
    let left = 8 + (yLabel != nil ? 22 : 0) + rowLabelWidth + 6
    let bottom = 8 + font + 6 + (xLabel != nil ? 20 : 0)
    let colorBarSpace = 84.0
    let cell = max(
      4,
      min(
        (width - left - colorBarSpace - 8) / Double(columns), (height - top - bottom) / Double(rows)
      ))
    let plot = Rect(x: left, y: top, width: cell * Double(columns), height: cell * Double(rows))
    var nodes: [Node] = []
    var cells: [Node] = []
    var tinted: [PlotColor: [Node]] = [:]
    var texts: [Node] = []
    let showValues = cellFormat != nil && cell >= 22
    for r in 0..<rows {
      for c in 0..<columns {
        let v = c < values[r].count ? values[r][c] : .nan
        let rect = Rect(
          x: plot.x + Double(c) * cell, y: plot.y + Double(r) * cell, width: cell, height: cell)
        guard v.isFinite else {
          cells.append(
            SVG.rect(
              rect, [("class", "lp-grid"), ("fill", "none"), ("stroke", PlotStyle.lightGrid)]))
          continue
        }
        let t = (v - lo) / (hi - lo)
        // Text on a theme tint is in the page's text colour (tints stay light enough for it in
        // either theme); on a fixed map it is white or near-black by the cell's luminance.
        var textFill = "currentColor"
        if let (color, opacity) = colorMap.tint(at: t) {
          if opacity >= 0.005 {
            tinted[color, default: []].append(SVG.rect(rect, [("fill-opacity", fmt2(opacity))]))
          }
        } else {
          cells.append(SVG.rect(rect, [("fill", colorMap.color(at: t))]))
          textFill = colorMap.wantsLightText(at: t) ? "#FFFFFF" : PlotStyle.lightForeground
        }
        if showValues, let format = cellFormat {
          texts.append(
            SVG.text(
              NumberFormat.display(v, format), x: rect.midX, y: rect.midY + 4, anchor: "middle",
              [("fill", textFill)]))
        }
      }
    }
    nodes.append(SVG.group([("shape-rendering", "crispEdges")], cells))
    for color in [PlotColor.series(1), .series(2)] {
      if let rects = tinted[color] {
        nodes.append(
          SVG.group(
            color.attributes + [("fill", "currentColor"), ("shape-rendering", "crispEdges")], rects)
        )
      }
    }
    if colorMap.tint(at: 0) != nil {
      nodes.append(
        SVG.rect(plot, [("class", "lp-grid"), ("fill", "none"), ("stroke", PlotStyle.lightGrid)]))
    }
    if !texts.isEmpty {
      nodes.append(SVG.group([("font-size", cell < 34 ? "11" : "12")], texts))
    }
    // Row and column labels, axis titles.
    var labels: [Node] = []
    for r in 0..<rows where r < rowLabels.count {
      labels.append(
        SVG.text(
          rowLabels[r], x: plot.x - 6, y: plot.y + (Double(r) + 0.5) * cell + 4, anchor: "end"))
    }
    for c in 0..<columns where c < columnLabels.count {
      labels.append(
        SVG.text(
          columnLabels[c], x: plot.x + (Double(c) + 0.5) * cell, y: plot.maxY + 6 + font * 0.85,
          anchor: "middle"))
    }
    if let xLabel {
      labels.append(SVG.text(xLabel, x: plot.midX, y: plot.maxY + 6 + font + 18, anchor: "middle"))
    }
    if let yLabel {
      labels.append(
        SVG.text(yLabel, x: -plot.midY, y: 15, anchor: "middle", [("transform", "rotate(-90)")]))
    }
    if let title {
      labels.append(
        SVG.text(
          title, x: plot.midX, y: 19, anchor: "middle",
          [("font-size", "14"), ("font-weight", "600")]))
    }
    nodes.append(SVG.group([("fill", "currentColor")], labels))
    // Colour bar: a vertical gradient, high values at the top.
    let barX = plot.maxX + 16
    let barTop = plot.y + (colorBarLabel != nil ? 20 : 0)
    let barHeight = max(plot.maxY - barTop, 20)
    let gradientID = "\(id)-ramp"
    let stops = (0...10).map { k -> Node in
      let t = Double(k) / 10
      return SVG.element("stop", [("offset", fmt2(t)), ("stop-color", colorMap.color(at: 1 - t))])
    }
    if colorMap.tint(at: 0) == nil {
      nodes.insert(
        SVG.element(
          "defs", [],
          [
            SVG.element(
              "linearGradient",
              [("id", gradientID), ("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "1")], stops)
          ]),
        at: 0)
    }
    let barRect = Rect(x: barX, y: barTop, width: 14, height: barHeight)
    var bar: [Node] = []
    if colorMap.tint(at: 0) != nil {
      // Theme tints cannot live in a gradient (its colour would not follow the page): a
      // column of thin bands instead.
      let n = 32
      var byColor: [PlotColor: [Node]] = [:]
      for k in 0..<n {
        let t = (Double(k) + 0.5) / Double(n)
        let (color, opacity) = colorMap.tint(at: t)!
        let band = Rect(
          x: barX, y: barRect.maxY - Double(k + 1) * barHeight / Double(n), width: 14,
          height: barHeight / Double(n) + 0.3)
        byColor[color, default: []].append(SVG.rect(band, [("fill-opacity", fmt2(opacity))]))
      }
      for color in [PlotColor.series(1), .series(2)] {
        if let rects = byColor[color] {
          bar.append(SVG.group(color.attributes + [("fill", "currentColor")], rects))
        }
      }
    } else {
      bar.append(SVG.rect(barRect, [("fill", "url(#\(gradientID))")]))
    }
    bar.append(
      SVG.rect(barRect, [("class", "lp-axis"), ("fill", "none"), ("stroke", PlotStyle.lightAxis)]))
    let ticks = Ticks.linear(within: lo...hi, maxCount: max(3, min(7, Int(barHeight / 40) + 1)))
    var tickPath = PathData()
    var tickLabels: [Node] = []
    for tick in ticks.ticks {
      let y = barRect.maxY - (tick.value - lo) / (hi - lo) * barHeight
      guard y.isFinite else { continue }
      tickPath.append("M\(fmt(barRect.maxX)) \(fmt(y))h4")
      tickLabels.append(SVG.text(tick.label, x: barRect.maxX + 7, y: y + 4, [("font-size", "11")]))
    }
    bar.append(SVG.path(tickPath.text, [("class", "lp-axis"), ("stroke", PlotStyle.lightAxis)]))
    if let colorBarLabel { tickLabels.append(SVG.text(colorBarLabel, x: barX, y: plot.y + 10)) }
    bar.append(SVG.group([("fill", "currentColor")], tickLabels))
    nodes.append(SVG.group([("class", "lp-colorbar")], bar))
    // Square cells may need less height than asked for: trim the empty band below.
    let used = plot.maxY + bottom
    return Drawing(nodes: nodes, height: used < height - 1 ? used : nil)
  }

  private func label(_ labels: [String], _ i: Int) -> String { i < labels.count ? labels[i] : "" }
}
