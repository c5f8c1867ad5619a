import LessonMarkup

/// Grid lines, axis lines, ticks and their labels.
enum AxisRenderer {
  /// Light grid lines at the labelled ticks.
  static func grid(layout: ChartLayout, xGrid: Bool, yGrid: Bool) -> [Node] {
    let plot = layout.plot
    var d = PathData()
    if xGrid {
      for tick in layout.xTicks.ticks {
        let x = crisp(layout.xMap(tick.value))
        guard x.isFinite, x > plot.x + 0.5, x < plot.maxX - 0.5 else { continue }
        d.append("M\(fmt(x)) \(fmt(plot.y))V\(fmt(plot.maxY))")
      }
    }
    if yGrid {
      for tick in layout.yTicks.ticks {
        let y = crisp(layout.yMap(tick.value))
        guard y.isFinite, y > plot.y + 0.5, y < plot.maxY - 0.5 else { continue }
        d.append("M\(fmt(plot.x)) \(fmt(y))H\(fmt(plot.maxX))")
      }
    }
    guard !d.isEmpty else { return [] }
    return [
      SVG.path(
        d.text,
        [
          ("class", "lp-grid"), ("stroke", PlotStyle.lightGrid), ("stroke-width", "1"),
          ("fill", "none"),
        ])
    ]
  }

  /// Axis lines (or a frame), tick marks, tick labels and axis titles.
  static func axes(layout: ChartLayout, chart: Chart, framed: Bool) -> [Node] {
    let plot = layout.plot
    let t = ChartLayout.tickLength
    var lines = PathData()
    let left = crisp(plot.x)
    let bottom = crisp(plot.maxY)
    if framed {
      lines.append(
        "M\(fmt(left)) \(fmt(crisp(plot.y)))H\(fmt(crisp(plot.maxX)))V\(fmt(bottom))H\(fmt(left))Z")
    } else {
      lines.append("M\(fmt(left)) \(fmt(plot.y))V\(fmt(bottom))H\(fmt(plot.maxX))")
    }
    var labels: [Node] = []
    for tick in layout.xTicks.ticks {
      let x = layout.xMap(tick.value)
      guard x.isFinite, x >= plot.x - 0.5, x <= plot.maxX + 0.5 else { continue }
      lines.append("M\(fmt(crisp(x))) \(fmt(bottom))v\(fmt(t))")
      labels.append(
        SVG.text(tick.label, x: x, y: bottom + t + 3 + ChartLayout.fontSize * 0.8, anchor: "middle")
      )
    }
    for value in layout.xTicks.minor {
      let x = layout.xMap(value)
      guard x.isFinite, x >= plot.x, x <= plot.maxX else { continue }
      lines.append("M\(fmt(crisp(x))) \(fmt(bottom))v\(fmt(t * 0.6))")
    }
    for tick in layout.yTicks.ticks {
      let y = layout.yMap(tick.value)
      guard y.isFinite, y >= plot.y - 0.5, y <= plot.maxY + 0.5 else { continue }
      lines.append("M\(fmt(left)) \(fmt(crisp(y)))h\(fmt(-t))")
      labels.append(
        SVG.text(tick.label, x: left - t - 3, y: y + ChartLayout.fontSize * 0.35, anchor: "end"))
    }
    for value in layout.yTicks.minor {
      let y = layout.yMap(value)
      guard y.isFinite, y >= plot.y, y <= plot.maxY else { continue }
      lines.append("M\(fmt(left)) \(fmt(crisp(y)))h\(fmt(-t * 0.6))")
    }
    var nodes: [Node] = [
      SVG.path(
        lines.text,
        [
          ("class", "lp-axis"), ("stroke", PlotStyle.lightAxis), ("stroke-width", "1"),
          ("fill", "none"), ("shape-rendering", "crispEdges"),
        ]),
      SVG.group([("fill", "currentColor")], labels),
    ]
    if let label = chart.x.label {
      nodes.append(
        SVG.text(
          label, x: plot.midX, y: layout.xLabelBaseline, anchor: "middle",
          [("fill", "currentColor")]))
    }
    if let label = chart.y.label {
      nodes.append(
        SVG.text(
          label, x: -plot.midY, y: 15, anchor: "middle",
          [("transform", "rotate(-90)"), ("fill", "currentColor")]))
    }
    return nodes
  }

  /// Centres a 1-pixel line on a pixel so it renders sharp at 100 %.
  static func crisp(_ v: Double) -> Double { (v - 0.5).rounded() + 0.5 }
}

/// The legend: size, placement that hides the least data, drawing.
enum LegendRenderer {
  static let rowHeight = 18.0
  static let padding = 7.0
  static let symbolWidth = 26.0

  static func size(_ entries: [LegendEntry]) -> (width: Double, height: Double) {
    let text = entries.map { textWidth($0.label, size: 12) }.max() ?? 0
    return (
      padding * 2 + symbolWidth + 6 + text, padding * 2 + rowHeight * Double(entries.count) - 4
    )
  }

  /// The box for the legend inside the plot, or nil when it should go outside: every corner
  /// of the plot would hide data (`automatic` only; fixed corners are always honoured).
  static func place(
    size: (width: Double, height: Double), in plot: Rect, samples: [Point], position: LegendPosition
  ) -> Rect? {
    let inset = 8.0
    let w = size.width
    let h = size.height
    let corners: [(LegendPosition, Rect)] = [
      (.topRight, Rect(x: plot.maxX - inset - w, y: plot.y + inset, width: w, height: h)),
      (.topLeft, Rect(x: plot.x + inset, y: plot.y + inset, width: w, height: h)),
      (.bottomRight, Rect(x: plot.maxX - inset - w, y: plot.maxY - inset - h, width: w, height: h)),
      (.bottomLeft, Rect(x: plot.x + inset, y: plot.maxY - inset - h, width: w, height: h)),
    ]
    if let fixed = corners.first(where: { $0.0 == position }) { return fixed.1 }
    guard w < plot.width * 0.6, h < plot.height * 0.7 else { return nil }
    var best: (Int, Rect)?
    for (_, box) in corners {
      let grown = box.insetBy(-4)
      let hidden = samples.reduce(0) { $0 + (grown.contains($1) ? 1 : 0) }
      if best == nil || hidden < best!.0 { best = (hidden, box) }
    }
    guard let best, best.0 == 0 else { return nil }
    return best.1
  }

  /// Entries laid out in rows across `width` (a legend below the chart): each entry's origin
  /// relative to the legend's top left, and the legend's size.
  static func flow(_ entries: [LegendEntry], width: Double) -> (
    origins: [Point], width: Double, height: Double
  ) {
    var origins: [Point] = []
    var x = 0.0
    var row = 0
    var widest = 0.0
    for entry in entries {
      let w = symbolWidth + 6 + textWidth(entry.label, size: 12)
      if x > 0, x + w > width {
        row += 1
        x = 0
      }
      origins.append(Point(x, Double(row) * rowHeight + 7))
      widest = max(widest, x + w)
      x += w + 20
    }
    return (origins, widest, Double(row + 1) * rowHeight)
  }

  /// Draws the entries, each symbol starting at its origin (vertically centred on it), over
  /// a background box when given.
  static func render(_ entries: [LegendEntry], at origins: [Point], box: Rect?) -> Node {
    var children: [Node] = []
    if let box {
      children.append(
        SVG.rect(
          box,
          [
            ("class", "lp-bg lp-grid"), ("fill", PlotStyle.lightBackground),
            ("fill-opacity", "0.9"),
            ("stroke", PlotStyle.lightGrid), ("rx", "3"),
          ]))
    }
    var texts: [Node] = []
    for (i, entry) in entries.enumerated() {
      let cy = origins[i].y
      let x0 = origins[i].x
      var symbol: [Node] = []
      switch entry.symbol {
      case .line(let dash, let width, let marker, let opacity):
        let style = ResolvedStyle(
          color: entry.color, dash: dash, marker: marker, markEvery: 1, lineWidth: width,
          opacity: opacity)
        symbol.append(
          SVG.path("M\(fmt(x0)) \(fmt(cy))h\(fmt(symbolWidth))", style.strokeAttributes))
        if let marker,
          let m = Draw.markers([Point(x0 + symbolWidth / 2, cy)], shape: marker, size: 7)
        {
          symbol.append(m)
        }
        var attrs = entry.color.attributes
        if opacity < 1 { attrs.append(("opacity", fmt2(opacity))) }
        children.append(SVG.group(attrs, symbol))
      case .marker(let shape):
        if let m = Draw.markers([Point(x0 + symbolWidth / 2, cy)], shape: shape, size: 8) {
          children.append(SVG.group(entry.color.attributes, [m]))
        }
      case .swatch(let opacity):
        children.append(
          SVG.group(
            entry.color.attributes,
            [
              SVG.rect(
                Rect(x: x0 + 3, y: cy - 6, width: symbolWidth - 6, height: 12),
                [
                  ("fill", "currentColor"), ("fill-opacity", fmt2(max(opacity, 0.3))),
                  ("stroke", "currentColor"),
                ])
            ]))
      }
      texts.append(SVG.text(entry.label, x: x0 + symbolWidth + 6, y: cy + 4.2))
    }
    children.append(SVG.group([("fill", "currentColor")], texts))
    return SVG.group([("class", "lp-legend")], children)
  }
}

/// Text, arrows, markers and reference lines over the data.
enum AnnotationRenderer {
  static func render(_ annotations: [Annotation], ctx: PlotContext, avoiding samples: [Point] = [])
    -> [Node]
  {
    let plot = ctx.plot
    var nodes: [Node] = []
    for annotation in annotations {
      switch annotation {
      case .text(let text, let x, let y, let anchor):
        let p = ctx.point(x, y)
        guard p.isFinite, plot.contains(p, margin: 1) else { continue }
        nodes.append(
          SVG.group(Draw.haloText, [SVG.text(text, x: p.x, y: p.y, anchor: anchor.rawValue)]))
      case .arrow(let fx, let fy, let tx, let ty, let text):
        let a = ctx.point(fx, fy)
        let b = ctx.point(tx, ty)
        guard a.isFinite, b.isFinite, plot.contains(a, margin: 1), plot.contains(b, margin: 1)
        else {
          continue
        }
        let dir = Point(b.x - a.x, b.y - a.y)
        let len = (dir.x * dir.x + dir.y * dir.y).squareRoot()
        guard len > 4 else { continue }
        let shaft = Point(b.x - dir.x / len * 8, b.y - dir.y / len * 8)
        var d = PathData()
        d.move(a)
        d.line(shaft)
        var children: [Node] = [
          SVG.path(
            d.text, [("fill", "none"), ("stroke", "currentColor"), ("stroke-width", "1.25")]),
          SVG.path(Draw.arrowhead(tip: b, direction: dir), [("fill", "currentColor")]),
        ]
        if let text {
          let anchor = dir.x > len * 0.3 ? "end" : (dir.x < -len * 0.3 ? "start" : "middle")
          let dy = dir.y > len * 0.3 ? -5.0 : (dir.y < -len * 0.3 ? 14.0 : 4.0)
          let dx = anchor == "end" ? -4.0 : (anchor == "start" ? 4.0 : 0)
          children.append(
            SVG.group(Draw.haloText, [SVG.text(text, x: a.x + dx, y: a.y + dy, anchor: anchor)]))
        }
        nodes.append(
          SVG.group([("class", "lp-cfg"), ("color", PlotStyle.lightForeground)], children))
      case .marker(let x, let y, let shape, let text):
        let p = ctx.point(x, y)
        guard p.isFinite, plot.contains(p, margin: 1) else { continue }
        var children: [Node] = []
        if let m = Draw.markers([p], shape: shape, size: 10) { children.append(m) }
        if let text {
          let anchor = p.x + 8 + textWidth(text, size: 12) > plot.maxX ? "end" : "start"
          let tx = anchor == "end" ? p.x - 8 : p.x + 8
          children.append(
            SVG.group(Draw.haloText, [SVG.text(text, x: tx, y: p.y - 7, anchor: anchor)]))
        }
        nodes.append(
          SVG.group([("class", "lp-cfg"), ("color", PlotStyle.lightForeground)], children))
      case .horizontalRule(let y, let label):
        let py = ctx.y(y)
        guard py.isFinite, py >= plot.y, py <= plot.maxY else { continue }
        let spots = [
          (Point(plot.maxX - 4, py - 5), "end"), (Point(plot.x + 4, py - 5), "start"),
          (Point(plot.maxX - 4, py + 14), "end"), (Point(plot.x + 4, py + 14), "start"),
        ]
        let (at, anchor) = clearest(spots, label: label, samples: samples, plot: plot)
        nodes.append(
          rule(
            from: Point(plot.x, py), to: Point(plot.maxX, py), label: label, labelAt: at,
            anchor: anchor))
      case .verticalRule(let x, let label):
        let px = ctx.x(x)
        guard px.isFinite, px >= plot.x, px <= plot.maxX else { continue }
        let spots = [
          (Point(px + 4, plot.y + 13), "start"), (Point(px - 4, plot.y + 13), "end"),
          (Point(px + 4, plot.maxY - 6), "start"), (Point(px - 4, plot.maxY - 6), "end"),
        ]
        let (at, anchor) = clearest(spots, label: label, samples: samples, plot: plot)
        nodes.append(
          rule(
            from: Point(px, plot.y), to: Point(px, plot.maxY), label: label, labelAt: at,
            anchor: anchor))
      }
    }
    return nodes
  }

  /// The text position, among `spots`, whose text box covers the fewest data points and stays
  /// inside the plot; the first wins ties.
  static func clearest(
    _ spots: [(Point, String)], label: String?, samples: [Point], plot: Rect
  ) -> (Point, String) {
    guard let label else { return spots[0] }
    let w = textWidth(label, size: 12)
    var best: (Int, (Point, String))?
    for spot in spots {
      let (p, anchor) = spot
      let x0 = anchor == "end" ? p.x - w : (anchor == "middle" ? p.x - w / 2 : p.x)
      let box = Rect(x: x0 - 2, y: p.y - 11, width: w + 4, height: 14)
      guard box.x >= plot.x - 1, box.maxX <= plot.maxX + 1, box.y >= plot.y - 1,
        box.maxY <= plot.maxY + 1
      else { continue }
      let hits = samples.reduce(0) { $0 + (box.contains($1) ? 1 : 0) }
      if best == nil || hits < best!.0 { best = (hits, spot) }
    }
    return best?.1 ?? spots[0]
  }

  static func rule(from a: Point, to b: Point, label: String?, labelAt: Point, anchor: String)
    -> Node
  {
    var d = PathData()
    d.move(a)
    d.line(b)
    var children: [Node] = [
      SVG.path(
        d.text,
        [
          ("fill", "none"), ("stroke", "currentColor"), ("stroke-width", "1.25"),
          ("stroke-dasharray", "5 4"),
        ])
    ]
    if let label {
      children.append(
        SVG.group(Draw.haloText, [SVG.text(label, x: labelAt.x, y: labelAt.y, anchor: anchor)]))
    }
    return SVG.group([("class", "lp-cmuted"), ("color", PlotStyle.lightMuted)], children)
  }
}
