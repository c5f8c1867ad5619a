/// A layer of a `Chart`: what is drawn in the plot area, in data coordinates.
public enum Mark: Sendable, Codable {
  case line(Line)
  case band(Band)
  case scatter(Scatter)
  case trajectory(Trajectory)
  case contour(Contour)
  case regions(Regions)
  case histogram(Histogram)
}

/// A series drawn as a polyline, optionally with markers at its points.
///
/// NaN breaks the line; ±∞ and huge values leave the plot and are clipped. When the series
/// ends outside the plot (a diverging run), an arrowhead marks where it left, with
/// `exitLabel` beside it if given. Long series are reduced per pixel column without
/// changing what is drawn.
public struct Line: Sendable, Codable {
  /// The legend label; `nil` keeps the series out of the legend.
  public var label: String?
  public var x: [Double]
  public var y: [Double]
  public var style: SeriesStyle
  /// Text written where the series leaves the plot for good, e.g. "diverged".
  public var exitLabel: String?

  /// A series of points (x[i], y[i]); extra values in the longer array are ignored.
  public init(
    _ label: String? = nil, x: [Double], y: [Double], style: SeriesStyle = SeriesStyle(),
    exitLabel: String? = nil
  ) {
    self.label = label
    self.x = x
    self.y = y
    self.style = style
    self.exitLabel = exitLabel
  }

  /// A series over x = start, start + 1, … (days, steps, epochs).
  public init(
    _ label: String? = nil, y: [Double], start: Double = 1, style: SeriesStyle = SeriesStyle(),
    exitLabel: String? = nil
  ) {
    self.init(
      label, x: y.indices.map { start + Double($0) }, y: y, style: style, exitLabel: exitLabel)
  }
}

/// A shaded band between two curves (a spread, a confidence interval, min…max).
public struct Band: Sendable, Codable {
  public var label: String?
  public var x: [Double]
  public var lower: [Double]
  public var upper: [Double]
  /// `nil`: the colour of the line drawn just before the band, else muted grey.
  public var color: PlotColor?
  public var opacity: Double

  public init(
    _ label: String? = nil, x: [Double], lower: [Double], upper: [Double],
    color: PlotColor? = nil, opacity: Double = 0.18
  ) {
    self.label = label
    self.x = x
    self.lower = lower
    self.upper = upper
    self.color = color
    self.opacity = opacity
  }
}

/// Points, optionally split into classes; class k (0-based) gets palette colour k + 1 and
/// its own marker shape, so classes stay distinct in grey print.
public struct Scatter: Sendable, Codable {
  public var x: [Double]
  public var y: [Double]
  /// The class of each point (0-based), or nil for one class.
  public var classes: [Int]?
  /// Legend labels of the classes; missing names read "class k".
  public var classNames: [String]
  /// Legend label when there are no classes.
  public var label: String?
  /// Colour and marker for a scatter without classes.
  public var style: SeriesStyle
  /// Marker diameter in pixels.
  public var size: Double

  public init(
    _ label: String? = nil, x: [Double], y: [Double], classes: [Int]? = nil,
    classNames: [String] = [], style: SeriesStyle = SeriesStyle(), size: Double = 7
  ) {
    self.label = label
    self.x = x
    self.y = y
    self.classes = classes
    self.classNames = classNames
    self.style = style
    self.size = size
  }
}

/// The path of an optimizer over a surface: a polyline with a marker at every step, a ring
/// at the start and a larger marker at the end. A run that diverges is clipped to the plot
/// and marked where it left (`exitLabel`, "diverged" by default).
public struct Trajectory: Sendable, Codable {
  public var label: String?
  public var x: [Double]
  public var y: [Double]
  public var style: SeriesStyle
  /// Whether a small marker is drawn at each step.
  public var showSteps: Bool
  public var exitLabel: String?

  public init(
    _ label: String? = nil, x: [Double], y: [Double],
    style: SeriesStyle = SeriesStyle(lineWidth: 1.75),
    showSteps: Bool = true, exitLabel: String? = "diverged"
  ) {
    self.label = label
    self.x = x
    self.y = y
    self.style = style
    self.showSteps = showSteps
    self.exitLabel = exitLabel
  }
}

/// Values of a function sampled on a rectangular grid: `values[row][column]` is the value at
/// (x[column], y[row]).
public struct Grid: Sendable, Codable {
  public var x: [Double]
  public var y: [Double]
  public var values: [[Double]]

  public init(x: [Double], y: [Double], values: [[Double]]) {
    self.x = x
    self.y = y
    self.values = values
  }

  /// Samples `f` at `columns` × `rows` evenly spaced points covering the two ranges.
  public static func sample(
    x: ClosedRange<Double>, y: ClosedRange<Double>, columns: Int = 81, rows: Int = 61,
    _ f: (Double, Double) -> Double
  ) -> Grid {
    let columns = max(columns, 2)
    let rows = max(rows, 2)
    let xs = (0..<columns).map {
      x.lowerBound + (x.upperBound - x.lowerBound) * Double($0) / Double(columns - 1)
    }
    let ys = (0..<rows).map {
      y.lowerBound + (y.upperBound - y.lowerBound) * Double($0) / Double(rows - 1)
    }
    return Grid(x: xs, y: ys, values: ys.map { yv in xs.map { xv in f(xv, yv) } })
  }
}

/// Which values the contour lines are drawn at.
public enum ContourLevels: Sendable, Equatable, Codable {
  /// About `count` levels chosen from the data: evenly spaced for surfaces that cross zero
  /// (saddles); for bowls, spaced as the square of an even ramp so that rings of a quadratic
  /// are evenly spaced — or log-spaced when the values span more than three decades.
  case automatic(Int)
  /// About `count` nice, evenly spaced levels.
  case linear(Int)
  /// About `count` log-spaced levels (1-2-5 steps or decades) above the minimum.
  case log(Int)
  /// Exactly these levels.
  case values([Double])
}

/// Contour lines of a function on a grid (marching squares, saddle cells resolved by the
/// cell's mean), optionally filled as nested tints, labelled, with a colour bar.
public struct Contour: Sendable, Codable {
  public var grid: Grid
  public var levels: ContourLevels
  /// Tint the regions below each level (deeper tint = lower value).
  public var filled: Bool
  /// Write the level value on each ring.
  public var labels: Bool
  /// Show a colour bar of the levels at the right of the plot.
  public var colorBar: Bool
  /// The colour bar's title, e.g. "loss".
  public var colorBarLabel: String?

  public init(
    _ grid: Grid, levels: ContourLevels = .automatic(9), filled: Bool = true,
    labels: Bool = true, colorBar: Bool = false, colorBarLabel: String? = nil
  ) {
    self.grid = grid
    self.levels = levels
    self.filled = filled
    self.labels = labels
    self.colorBar = colorBar
    self.colorBarLabel = colorBarLabel
  }
}

/// Decision regions: a class map over the plane, `classes[row][column]` at
/// (x[column], y[row]), filled with light tints of the class colours; boundaries are traced
/// between grid points so they are smooth, not staircase.
public struct Regions: Sendable, Codable {
  public var x: [Double]
  public var y: [Double]
  public var classes: [[Int]]
  public var opacity: Double

  public init(x: [Double], y: [Double], classes: [[Int]], opacity: Double = 0.2) {
    self.x = x
    self.y = y
    self.classes = classes
    self.opacity = opacity
  }

  /// Classifies `columns` × `rows` grid points covering the two ranges with `classify`.
  public static func sample(
    x: ClosedRange<Double>, y: ClosedRange<Double>, columns: Int = 101, rows: Int = 81,
    _ classify: (Double, Double) -> Int
  ) -> Regions {
    let grid = Grid.sample(x: x, y: y, columns: columns, rows: rows) { Double(classify($0, $1)) }
    return Regions(x: grid.x, y: grid.y, classes: grid.values.map { $0.map { Int($0) } })
  }
}

/// How values are grouped into histogram bins.
public enum Bins: Sendable, Equatable, Codable {
  /// At most `count` bins of equal width with nice edges (1, 2, 5 × 10ⁿ).
  case linear(Int)
  /// Bins of equal width in log₁₀, `perDecade` of them per decade, aligned to decades; values
  /// ≤ 0 are dropped. Draw it on a chart whose x axis is `.log`.
  case log(perDecade: Int)
  /// Explicit increasing edges; values outside are dropped.
  case edges([Double])
}

/// What a histogram bar's height means.
public enum HistogramNormalization: Sendable, Equatable, Codable {
  case count
  /// Count / (total × bin width): the area is 1, comparable across sample sizes.
  case density
  /// Count / total.
  case fraction
}

/// A histogram of values, drawn as a tinted step outline (several overlay well).
public struct Histogram: Sendable, Codable {
  public var label: String?
  public var values: [Double]
  public var bins: Bins
  public var normalization: HistogramNormalization
  public var color: PlotColor?

  public init(
    _ label: String? = nil, values: [Double], bins: Bins = .linear(30),
    normalization: HistogramNormalization = .count, color: PlotColor? = nil
  ) {
    self.label = label
    self.values = values
    self.bins = bins
    self.normalization = normalization
    self.color = color
  }
}

/// How text is aligned to its anchor point.
public enum TextAnchor: String, Sendable, Codable {
  case start
  case middle
  case end
}

/// A note drawn over the data, in data coordinates; never part of the legend.
public enum Annotation: Sendable, Codable {
  /// Text at a point.
  case text(String, x: Double, y: Double, anchor: TextAnchor = .start)
  /// An arrow from a point to a point (the head at `to`), with text at its tail.
  case arrow(fromX: Double, fromY: Double, toX: Double, toY: Double, text: String? = nil)
  /// A marker at a point, with optional text beside it.
  case marker(x: Double, y: Double, shape: MarkerShape = .cross, text: String? = nil)
  /// A horizontal reference line across the plot, with an optional label at its right end.
  case horizontalRule(y: Double, label: String? = nil)
  /// A vertical reference line across the plot, with an optional label at its top.
  case verticalRule(x: Double, label: String? = nil)
}

/// Where the legend goes.
public enum LegendPosition: Sendable, Equatable, Codable {
  /// Inside the plot, in the corner that hides the least data; outside at the right when
  /// every corner would hide some.
  case automatic
  case hidden
  case topLeft
  case topRight
  case bottomLeft
  case bottomRight
  /// Outside the plot, at its right.
  case outsideRight
  /// Below the chart, entries in rows (wide legends, many series).
  case below
}
