import Foundation
import Testing

@testable import LessonPlot

/// Hostile input never crashes and never writes NaN, ∞ or exponents into the SVG.
@Suite struct RobustnessTests {
  /// Renders, parses as XML and checks every attribute; returns the SVG.
  @discardableResult
  static func check(
    _ figure: any Figure, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) -> String {
    let svg = figure.svg(id: name, title: name, description: "robustness case \(name)")
    guard let xml = XMLCheck.parse(svg) else { return svg }
    #expect(
      xml.nonFiniteAttributes.isEmpty, "\(name): \(xml.nonFiniteAttributes.prefix(5))",
      sourceLocation: sourceLocation)
    // Geometry stays near the figure: clipped, not thrown a million pixels away.
    let far = xml.coordinates.filter { abs($0) > 5000 }
    #expect(
      far.isEmpty, "\(name): far coordinates \(far.prefix(5))", sourceLocation: sourceLocation)
    return svg
  }

  static let hostileSeries: [(String, [Double])] = [
    ("empty", []),
    ("single", [3]),
    ("constant", [2, 2, 2, 2, 2]),
    ("missing", [.nan, .nan, .nan]),
    ("mixed", [1, .nan, 3, .infinity, 2, -.infinity, 4]),
    ("huge", [1e300, -1e300, 1e300, 0]),
    ("max", [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1]),
    ("tiny", [1e-300, 2e-300, 3e-300]),
    ("zeros", [0, 0, 0]),
  ]

  @Test(arguments: [Scale.linear, .log])
  func lineChart_hostileSeries(scale: Scale) {
    for (name, ys) in Self.hostileSeries {
      let chart = Chart(
        x: Axis("x"), y: Axis("y", scale: scale),
        marks: [
          .line(Line(name, y: ys, style: SeriesStyle(marker: .circle))),
          .band(Band(x: [1, 2, 3], lower: ys, upper: ys.map { $0 + 1 })),
        ],
        annotations: [
          .horizontalRule(y: .nan), .text("t", x: .infinity, y: 1),
          .arrow(fromX: .nan, fromY: 0, toX: 1, toY: 1),
        ])
      Self.check(chart, "line-\(name)-\(scale)")
      let scatter = Chart(marks: [
        .scatter(Scatter(x: ys, y: ys.reversed(), classes: ys.indices.map { $0 % 3 }))
      ])
      Self.check(scatter, "scatter-\(name)-\(scale)")
      let hist = Chart(
        x: Axis(scale: scale),
        marks: [
          .histogram(Histogram(values: ys, bins: scale == .log ? .log(perDecade: 3) : .linear(10)))
        ])
      Self.check(hist, "hist-\(name)-\(scale)")
      let bars = BarChart(
        categories: ["a", "b", "c"], series: [BarSeries(values: ys)], y: Axis(scale: scale),
        valueFormat: .fixed(2))
      Self.check(bars, "bars-\(name)-\(scale)")
      let traj = Chart(marks: [.trajectory(Trajectory(x: ys, y: ys))])
      Self.check(traj, "trajectory-\(name)-\(scale)")
    }
  }

  @Test func gridFigures_hostileValues() {
    let bad: [[Double]] = [[.nan, 1, .infinity], [-.infinity, 1e300, 0], [2, 2, .nan]]
    Self.check(Heatmap(values: bad, cellFormat: .fixed(2)), "heatmap-bad")
    Self.check(Heatmap(values: [[1, 1], [1, 1]], cellFormat: .fixed(2)), "heatmap-constant")
    Self.check(Heatmap(values: []), "heatmap-empty")
    Self.check(Heatmap(values: [[5]], colorMap: .diverging), "heatmap-single")
    let grid = Grid(x: [0, 1, 2], y: [0, 1, 2], values: bad)
    Self.check(Chart(marks: [.contour(Contour(grid, colorBar: true))]), "contour-bad")
    Self.check(
      Chart(marks: [.contour(Contour(Grid(x: [0, 1], y: [0, 1], values: [[1, 1], [1, 1]])))]),
      "contour-constant")
    Self.check(Chart(marks: [.contour(Contour(Grid(x: [], y: [], values: [])))]), "contour-empty")
    Self.check(
      Chart(marks: [
        .contour(Contour(grid, levels: .log(5))),
        .contour(Contour(grid, levels: .values([.nan, 1]))),
      ]), "contour-levels")
    Self.check(
      Chart(marks: [.regions(Regions(x: [0, 1], y: [0, 1], classes: [[0, -1], [3, 200]]))]),
      "regions-odd")
    Self.check(Chart(marks: [.regions(Regions(x: [0], y: [0], classes: [[0]]))]), "regions-tiny")
    Self.check(
      ImageGrid(images: [
        GridImage(width: 2, height: 2, pixels: [.nan, .infinity, -1, 1e300]),
        GridImage(width: 0, height: 0, pixels: []),
      ]), "images-bad")
    Self.check(ImageGrid(images: []), "images-empty")
    Self.check(Panels([]), "panels-empty")
  }

  @Test func emptyChart_drawsAxesOnly() {
    let svg = Self.check(Chart(marks: []), "empty")
    #expect(svg.contains("lp-axis"))
  }

  @Test func divergingRun_isClippedAndMarkedWhereItLeft() {
    // GD on f = 2y² with η = 0.6: y ← −1.4 y, the course's diverging example.
    var y = [-2.0]
    for _ in 0..<60 { y.append(y.last! * -1.4) }
    y += [.infinity, .nan]
    let chart = Chart(
      x: Axis("step"), y: Axis("w₂", domain: -3...3),
      marks: [.line(Line("η = 0.6", y: y, start: 0, exitLabel: "diverged"))])
    let svg = Self.check(chart, "diverging")
    #expect(svg.contains(">diverged</text>"))
    // Drawn up to where it left: the path has a few points, not 60 streaks across the plot.
    let path = svg.components(separatedBy: "stroke-linejoin=\"round\"").count
    #expect(path >= 2)
    let d =
      svg.range(
        of: #"<path d="M[^"]*" fill="none" stroke="currentColor" stroke-width="2""#,
        options: .regularExpression
      ).map { String(svg[$0]) } ?? ""
    #expect(d.split(separator: " ").count < 12, "\(d)")
  }

  @Test func trajectoryLeavingPlot_getsExitMark() {
    let chart = Chart(
      x: Axis(domain: -1...1), y: Axis(domain: -1...1),
      marks: [.trajectory(Trajectory("run", x: [0, 0.5, 2, 8, 30], y: [0, 0.5, 2, -8, 30]))])
    let svg = Self.check(chart, "trajectory-exit")
    #expect(svg.contains(">diverged</text>"))
  }

  @Test func sameInput_sameBytes() {
    for entry in PlotGallery.entries {
      #expect(entry.svg == entry.svg, "\(entry.name) is not deterministic")
    }
  }
}
