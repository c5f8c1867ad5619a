import Foundation
import LessonMarkup

/// Contours (tinted, lined, labelled) and decision regions.
enum ContourRenderer {
  /// Opacity of one level's tint; nested levels stack, so the lowest region is the deepest.
  static let tint = 0.085

  static func render(_ contour: Contour, ctx: PlotContext) -> Layer {
    var layer = Layer()
    let grid = contour.grid
    let levels = ContourLevelChooser.levels(contour.levels, values: grid.values)
    guard !levels.isEmpty, grid.x.count >= 2, grid.y.count >= 2 else { return layer }
    let squares = MarchingSquares(grid.values)
    var filled: [Node] = []
    var labelCandidates: [(level: Double, rings: [[Point]])] = []
    // Highest level first: each smaller region is painted over the larger ones.
    for level in levels.reversed() {
      // Filled: closed rings around {f < level}, padded so they run along the border. Lines
      // only: the open iso-lines themselves, so nothing is drawn along the frame.
      let lines = squares.lines(at: level, padded: contour.filled)
      let rings = lines.map { line in
        Polyline.simplify(line.map { toPixel($0, grid: grid, ctx: ctx) }, tolerance: 0.35)
      }.filter { $0.count >= (contour.filled ? 3 : 2) }
      guard !rings.isEmpty else { continue }
      var d = PathData()
      for ring in rings {
        d.move(ring[0])
        for p in ring.dropFirst() { d.line(p) }
        if contour.filled { d.close() }
      }
      var attrs: [(String, String)] = [("d", d.text)]
      if contour.filled {
        attrs += [("fill-opacity", fmt2(tint))]
      } else {
        attrs += [("fill", "none")]
      }
      filled.append(SVG.element("path", attrs))
      labelCandidates.append((level, rings))
    }
    let styleAttrs: [(String, String)] = [
      ("class", "lp-level lp-level-line"), ("fill", PlotStyle.lightLevel),
      ("fill-rule", "evenodd"), ("stroke", PlotStyle.lightLevelLine), ("stroke-width", "0.8"),
      ("stroke-opacity", "0.75"), ("stroke-linejoin", "round"),
    ]
    layer.under.append(SVG.group(styleAttrs, filled))
    if contour.labels { layer.contourLabels = labelCandidates.reversed() }
    if contour.colorBar {
      let n = levels.count
      let opacities = (0...n).map { k in contour.filled ? 1 - pow(1 - tint, Double(n - k)) : 0 }
      layer.colorBar = ColorBarSpec(
        levels: levels, opacities: opacities, tickLabels: levels.map { NumberFormat.display($0) },
        label: contour.colorBarLabel)
    }
    return layer
  }

  /// Grid indices (fractional) to pixels, through the data coordinates.
  static func toPixel(_ f: (Double, Double), grid: Grid, ctx: PlotContext) -> Point {
    Point(ctx.x(interpolate(grid.x, f.0)), ctx.y(interpolate(grid.y, f.1)))
  }

  static func interpolate(_ axis: [Double], _ f: Double) -> Double {
    let i = max(0, min(axis.count - 2, Int(f.rounded(.down))))
    let t = f - Double(i)
    return axis[i] + t * (axis[i + 1] - axis[i])
  }

  /// One label per level, on its longest ring, at the point nearest the plot's upper right
  /// that keeps the text inside the plot and clear of other labels.
  static func labels(
    _ candidates: [(level: Double, rings: [[Point]])], plot: Rect, avoiding samples: [Point]
  ) -> [Node] {
    var placed: [Rect] = []
    var nodes: [Node] = []
    for (level, rings) in candidates {
      let text = NumberFormat.display(level)
      let w = textWidth(text, size: 11) + 4
      let h = 13.0
      let inner = plot.insetBy(3)
      var choices: [(Double, Point)] = []
      for ring in rings {
        for p in ring where inner.contains(p) {
          let score = (p.x - plot.x) / plot.width - (p.y - plot.y) / plot.height
          choices.append((score, p))
        }
      }
      choices.sort { $0.0 > $1.0 }
      for (_, p) in choices {
        let box = Rect(x: p.x - w / 2, y: p.y - h / 2, width: w, height: h)
        guard plot.insetBy(1).contains(Point(box.x, box.y)),
          plot.insetBy(1).contains(Point(box.maxX, box.maxY)),
          !placed.contains(where: { $0.insetBy(-3).intersects(box) }),
          !samples.contains(where: { box.insetBy(-3).contains($0) })
        else { continue }
        placed.append(box)
        nodes.append(SVG.text(text, x: p.x, y: p.y + 3.8, anchor: "middle"))
        break
      }
    }
    guard !nodes.isEmpty else { return [] }
    return [SVG.group(Draw.haloText + [("font-size", "11")], nodes)]
  }

  static func boxBlur(_ v: [[Double]]) -> [[Double]] {
    let rows = v.count
    let columns = v.first?.count ?? 0
    var out = v
    for j in 0..<rows {
      for i in 0..<columns {
        var sum = 0.0
        var n = 0.0
        for dj in -1...1 {
          for di in -1...1 {
            let (a, b) = (i + di, j + dj)
            guard a >= 0, a < columns, b >= 0, b < rows else { continue }
            sum += v[b][a]
            n += 1
          }
        }
        out[j][i] = sum / n
      }
    }
    return out
  }

  static func regions(_ regions: Regions, ctx: PlotContext) -> Layer {
    var layer = Layer()
    let rows = regions.classes.count
    let columns = regions.classes.map(\.count).min() ?? 0
    guard rows >= 2, columns >= 2, regions.x.count >= columns, regions.y.count >= rows else {
      return layer
    }
    let grid = Grid(
      x: Array(regions.x.prefix(columns)), y: Array(regions.y.prefix(rows)), values: [])
    var present: [Int] = []
    for row in regions.classes {
      for k in row.prefix(columns) where k >= 0 && !present.contains(k) { present.append(k) }
    }
    present.sort()
    for k in present {
      let indicator = regions.classes.map { row in row.prefix(columns).map { $0 == k ? 0.0 : 1.0 } }
      // A 3×3 box blur before tracing the 0.5 line turns the staircase of a class map into a
      // smooth boundary in the same place (for two classes, both sides trace the same line).
      let lines = MarchingSquares(boxBlur(indicator)).lines(at: 0.5, padded: true)
      var d = PathData()
      for line in lines {
        let ring = Polyline.simplify(
          line.map { toPixel($0, grid: grid, ctx: ctx) }, tolerance: 0.35)
        guard ring.count >= 3 else { continue }
        d.move(ring[0])
        for p in ring.dropFirst() { d.line(p) }
        d.close()
      }
      guard !d.isEmpty else { continue }
      layer.under.append(
        SVG.group(
          PlotColor.series(k + 1).attributes,
          [
            SVG.path(
              d.text,
              [
                ("fill", "currentColor"), ("fill-opacity", fmt2(regions.opacity)),
                ("fill-rule", "evenodd"), ("stroke", "currentColor"),
                ("stroke-opacity", fmt2(min(1, regions.opacity * 2.5))), ("stroke-width", "1"),
              ])
          ]))
    }
    return layer
  }
}

/// Chooses contour levels.
enum ContourLevelChooser {
  static func levels(_ spec: ContourLevels, values: [[Double]]) -> [Double] {
    let finite = values.flatMap { $0 }.filter(\.isFinite)
    guard let lo = finite.min(), let hi = finite.max(), hi > lo else {
      if case .values(let v) = spec { return v.filter(\.isFinite).sorted() }
      return []
    }
    func inside(_ v: [Double]) -> [Double] { v.filter { $0 > lo && $0 < hi } }
    switch spec {
    case .values(let v):
      return Array(Set(v.filter(\.isFinite))).sorted()
    case .linear(let n):
      return inside(Ticks.linear(lo, hi, maxCount: max(n, 3) + 2).ticks.map(\.value))
    case .log(let n):
      // Start at the 2nd percentile: levels below it would ring a region too small to see.
      let positive = finite.filter { $0 > 0 }.sorted()
      let low = positive.isEmpty ? hi * 1e-4 : positive[positive.count / 50]
      return inside(logLevels(max(low, hi * 1e-6), hi, count: n))
    case .automatic(let n):
      let n = max(n, 2)
      if lo < 0, hi > 0, min(-lo, hi) / max(-lo, hi) > 0.05 {
        return inside(Ticks.linear(lo, hi, maxCount: n + 2).ticks.map(\.value))
      }
      // Values crowding near the bottom (a long flat valley, Rosenbrock): log spacing above it.
      let nearBottom = finite.filter { $0 <= lo + 0.01 * (hi - lo) }.count
      if Double(nearBottom) > 0.05 * Double(finite.count) {
        let floor = max(lo + (hi - lo) * 1e-5, lo > 0 ? lo : 0)
        let shifted = logLevels(floor - min(lo, 0), hi - min(lo, 0), count: n).map {
          $0 + min(lo, 0)
        }
        return inside(shifted)
      }
      // A bowl: levels on a squared ramp give evenly spaced rings for a quadratic; each rounded
      // to two significant digits so the labels read as plain numbers.
      var out: [Double] = []
      for k in 1...n {
        let t = Double(k) / Double(n + 1)
        let v = round2(lo + (hi - lo) * t * t)
        if v > lo, v < hi, out.last.map({ v > $0 }) ?? true { out.append(v) }
      }
      return out
    }
  }

  /// About `count` log-spaced levels in [lo, hi]: decades, or 1-3 or 1-2-5 steps per decade
  /// when there are few decades.
  static func logLevels(_ lo: Double, _ hi: Double, count: Int) -> [Double] {
    guard lo > 0, hi > lo else { return [] }
    let e0 = Int(log10(lo).rounded(.down))
    let e1 = Int(log10(hi).rounded(.up))
    let decades = max(e1 - e0, 1)
    let mantissas: [Int64] =
      2 * count >= 5 * decades ? [1, 2, 5] : (2 * count >= 3 * decades ? [1, 3] : [1])
    var out: [Double] = []
    for e in e0...e1 {
      for m in mantissas {
        let v = DecimalNumber(mantissa: m, exponent: e).value
        if v >= lo, v <= hi { out.append(v) }
      }
    }
    if out.count > count + 2 {
      let stride = (out.count + count - 1) / count
      out = out.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
    }
    return out
  }

  /// `v` rounded to two significant digits.
  static func round2(_ v: Double) -> Double {
    guard v != 0, v.isFinite else { return v }
    let e = Int(log10(abs(v)).rounded(.down)) - 1
    let m = (v / Ticks.power(e)).rounded()
    return DecimalNumber(mantissa: Int64(m), exponent: e).value
  }
}

/// The colour bar of a contour: a column of the nested tints with the level values.
enum ColorBarRenderer {
  static func render(_ spec: ColorBarSpec, x: Double, top: Double, height: Double) -> Node {
    let barWidth = 14.0
    let n = spec.levels.count
    let titleSpace = spec.label != nil ? 20.0 : 0
    let h = min(height - titleSpace, 260)
    let y0 = top + titleSpace
    let bandH = h / Double(n + 1)
    var bands: [Node] = []
    for k in 0...n {
      // Band k lies between level k−1 and level k; the lowest band is at the bottom.
      let y = y0 + h - Double(k + 1) * bandH
      bands.append(
        SVG.rect(
          Rect(x: x, y: y, width: barWidth, height: bandH),
          [("fill-opacity", fmt2(spec.opacities[k]))]))
    }
    var labels: [Node] = []
    var ticks = PathData()
    for (k, label) in spec.tickLabels.enumerated() {
      let y = y0 + h - Double(k + 1) * bandH
      ticks.append("M\(fmt(x + barWidth)) \(fmt(y))h4")
      labels.append(SVG.text(label, x: x + barWidth + 7, y: y + 4, [("font-size", "11")]))
    }
    var children: [Node] = [
      SVG.group([("class", "lp-level"), ("fill", PlotStyle.lightLevel)], bands),
      SVG.rect(
        Rect(x: x, y: y0, width: barWidth, height: h),
        [
          ("class", "lp-axis"), ("fill", "none"), ("stroke", PlotStyle.lightAxis),
          ("shape-rendering", "crispEdges"),
        ]),
      SVG.path(ticks.text, [("class", "lp-axis"), ("stroke", PlotStyle.lightAxis)]),
      SVG.group([("fill", "currentColor")], labels),
    ]
    if let label = spec.label {
      children.append(SVG.text(label, x: x, y: top + 10, [("fill", "currentColor")]))
    }
    return SVG.group([("class", "lp-colorbar")], children)
  }
}
