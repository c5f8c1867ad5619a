import Foundation
import Testing

@testable import LessonPlot

/// Golden SVGs of every chart kind from small inputs, in `Snapshots/`. Re-record on purpose
/// with `RECORD_SNAPSHOTS=1 swift test --filter LessonPlotTests` (that run fails), look at the
/// diff, commit.
@Suite struct SnapshotTests {
  static let cases: [(String, any Figure)] = [
    (
      "line-three-series",
      Chart(
        width: 480, height: 300, x: Axis("day"), y: Axis("value"),
        marks: [
          .line(
            Line("data", y: [3, 5, 4, 6, 5, 7], style: SeriesStyle(color: .muted, marker: .circle))),
          .line(Line("β = 0.5", y: [1.5, 3.25, 3.63, 4.81, 4.91, 5.95])),
          .line(Line("β = 0.9", y: [0.3, 0.77, 1.09, 1.58, 1.93, 2.43])),
        ])
    ),
    (
      "band",
      Chart(
        width: 400, height: 260, x: Axis("epoch"), y: Axis("cost"),
        marks: [
          .band(
            Band(
              "range", x: [1, 2, 3, 4], lower: [0.8, 0.5, 0.3, 0.2], upper: [1, 0.7, 0.5, 0.35])),
          .line(Line("mean", x: [1, 2, 3, 4], y: [0.9, 0.6, 0.4, 0.27])),
        ], legend: .topRight)
    ),
    (
      "scatter-classes",
      Chart(
        width: 360, height: 280, x: Axis("x₁"), y: Axis("x₂"),
        marks: [
          .scatter(
            Scatter(
              x: [0, 1, 2, 0.5, 1.5, 2.5, 1, 2], y: [0, 1, 0.5, 2, 2.5, 1.5, -1, -0.5],
              classes: [0, 0, 0, 1, 1, 1, 2, 2], classNames: ["a", "b", "c"]))
        ])
    ),
    (
      "contour-trajectories",
      Chart(
        width: 480, height: 320, x: Axis("w₁"), y: Axis("w₂"),
        marks: [
          .contour(
            Contour(
              Grid.sample(x: -3...3, y: -2...2, columns: 9, rows: 7) { 0.2 * $0 * $0 + $1 * $1 },
              levels: .automatic(4), colorBar: true, colorBarLabel: "f")),
          .trajectory(Trajectory("gd", x: [-2.5, -2, -1.6, -1.3], y: [-1.5, -0.6, -0.2, -0.1])),
          .trajectory(Trajectory("too large", x: [-2.5, -2.4, -2.3], y: [-1.5, 1.9, -3.5])),
        ], legend: .below)
    ),
    (
      "contour-saddle-lines",
      Chart(
        width: 320, height: 300,
        marks: [
          .contour(
            Contour(
              Grid.sample(x: -1...1, y: -1...1, columns: 7, rows: 7) { $0 * $0 - $1 * $1 },
              levels: .linear(4), filled: false))
        ],
        equalAspect: true)
    ),
    (
      "heatmap",
      Heatmap(
        width: 320, height: 240, values: [[0.25, -0.1], [-0.1, 0.09]], rowLabels: ["a₁", "a₂"],
        columnLabels: ["z₁", "z₂"], colorMap: .diverging, cellFormat: .fixed(2),
        colorBarLabel: "∂a/∂z")
    ),
    (
      "regions",
      Chart(
        width: 360, height: 280,
        marks: [
          .regions(
            Regions(
              x: [0, 1, 2, 3, 4], y: [0, 1, 2, 3],
              classes: [[0, 0, 0, 1, 1], [0, 0, 1, 1, 1], [0, 1, 1, 1, 2], [1, 1, 1, 2, 2]])),
          .scatter(Scatter(x: [0.5, 3.5, 3.8], y: [0.5, 1, 2.8], classes: [0, 1, 2])),
        ], legend: .hidden)
    ),
    (
      "bars",
      BarChart(
        width: 360, height: 240, categories: ["1", "2", "3", "4"],
        series: [BarSeries(values: [0.842, 0.042, 0.002, 0.114])], xLabel: "class",
        y: Axis("probability"), valueFormat: .fixed(3))
    ),
    (
      "bars-grouped",
      BarChart(
        width: 400, height: 260, categories: ["a", "b", "c"],
        series: [
          BarSeries("before", values: [3, 1, 2]), BarSeries("after", values: [2, 2.5, -1]),
        ], y: Axis("count"))
    ),
    (
      "histogram-linear",
      Chart(
        width: 360, height: 240, x: Axis("z"), y: Axis("count"),
        marks: [
          .histogram(
            Histogram(
              "z", values: [0.1, 0.2, 0.25, 0.5, 0.55, 0.6, 0.62, 0.9, 1.3], bins: .linear(5)))
        ])
    ),
    (
      "histogram-log",
      Chart(
        width: 360, height: 240, x: Axis("α", scale: .log), y: Axis("samples"),
        marks: [
          .histogram(
            Histogram(
              values: [1e-4, 3e-4, 2e-3, 0.01, 0.02, 0.05, 0.3, 0.5, 0.9], bins: .log(perDecade: 2))
          )
        ])
    ),
    (
      "image-grid",
      ImageGrid(
        images: [
          GridImage(width: 3, height: 3, pixels: [0, 16, 0, 0, 16, 0, 0, 16, 0], label: "1"),
          GridImage(
            width: 3, height: 3, pixels: [16, 16, 16, 0, 8, 0, 16, 16, 16], label: "7 (true 2)",
            highlighted: true),
        ], columns: 2, cellSize: 36)
    ),
    (
      "panels",
      Panels(
        [
          Chart(
            width: 240, height: 200, y: Axis("cost"), marks: [.line(Line(y: [2, 1, 0.5, 0.25]))]),
          Chart(
            width: 240, height: 200, y: Axis("cost", scale: .log),
            marks: [.line(Line(y: [2, 1, 0.5, 0.25]))]),
        ], subtitles: ["(a) linear", "(b) log"])
    ),
    (
      "log-axes-annotations",
      Chart(
        width: 480, height: 320, title: "Annotations", x: Axis("n", scale: .log),
        y: Axis("fraction", scale: .log),
        marks: [
          .line(
            Line(
              "0.5ⁿ", x: [1, 2, 4, 8, 16], y: [0.5, 0.25, 0.0625, 0.0039, 1.5e-5],
              style: SeriesStyle(marker: .square)))
        ],
        annotations: [
          .text("note", x: 2, y: 1e-4),
          .arrow(fromX: 6, fromY: 0.1, toX: 4, toY: 0.0625, text: "here"),
          .marker(x: 8, y: 0.0039, shape: .star, text: "star"),
          .horizontalRule(y: 1e-3, label: "10⁻³"),
          .verticalRule(x: 3, label: "n = 3"),
        ])
    ),
  ]

  @Test(arguments: cases.map(\.0))
  func snapshot(name: String) throws {
    let figure = try #require(Self.cases.first { $0.0 == name }?.1)
    let svg = figure.svg(id: name, title: name, description: "Snapshot of \(name).")
    #expect(XMLCheck.parse(svg) != nil)
    Snapshot.assertMatches(svg, named: name)
  }
}
