import LessonKit
import LessonMarkup
import LessonMath
import LessonPlot

/// `{saddle-point}`: gradient descent near a saddle or on a plateau, with and without
/// mini-batch-like gradient noise, and the steps each run needs to escape (course 2.10).
///
/// Every method runs once on the exact gradient and, when `noise` σ > 0, once more with
/// N(0, σ²) added to each gradient coordinate (the same noise sequence for every method).
/// A run has *escaped* at the first step whose loss is below the `escape` threshold: on the
/// saddles, 1 below the saddle's value f(0, 0) = 0 — the run has rolled off the saddle;
/// on the plateau, halfway down the well. All three surfaces have their critical point at
/// the origin, so the distance from (0, 0) measures how close a run came to it.
struct SaddlePoint: Directive {
  static let name = "saddle-point"
  static let summary =
    "Gradient descent near a saddle or on a plateau, with and without gradient noise: paths, distance or loss per step, and the steps to escape."
  static let publishedValues = [
    ValueDeclaration(
      "escape-step[run]",
      "The first step whose loss is below the escape threshold; runs are named by method (gd, momentum, rmsprop, adam) and noisy-… for the runs with gradient noise. Published only for runs that escape."
    ),
    ValueDeclaration("escaped[run]", "1 if the run escaped within its steps, else 0."),
    ValueDeclaration(
      "steps[run]",
      "The steps the run made: `steps`, or fewer if it left twice the plotted window (escaped for good, or diverged) or |x|, |y| or |f| passed 10¹²."
    ),
    ValueDeclaration("closest[run]", "The run's smallest distance from the critical point (0, 0)."),
    ValueDeclaration("closest-step[run]", "The step at which the run came closest to (0, 0)."),
    ValueDeclaration(
      "mean-step[run]",
      "The mean length of the run's steps until it escaped (all its steps if it did not)."),
    ValueDeclaration("first-step[run]", "The length of the run's first step."),
    ValueDeclaration("final-loss[run]", "The loss after the run's last step."),
    ValueDeclaration("start-loss", "The loss at the start."),
    ValueDeclaration("start-gradient", "The length of the gradient ‖∇f‖ at the start."),
    ValueDeclaration("escape", "The escape threshold used (a loss)."),
  ]

  enum SurfaceChoice: String, OptionChoice {
    /// f = x² − y².
    case saddle
    /// f = x³ − 3xy².
    case monkeySaddle = "monkey-saddle"
    /// f = 1 − exp(−(x² + y²)/2).
    case plateau
  }

  enum Method: String, OptionChoice {
    case gd
    case momentum
    case rmsprop
    case adam
  }

  @Option(
    "surface",
    help:
      "The landscape: the saddle x² − y², the monkey saddle x³ − 3xy², or a plateau (a narrow well in a flat plane)."
  )
  var surface = SurfaceChoice.saddle

  @Option("methods", help: "The optimizers to run: gd, momentum, rmsprop, adam (default settings).")
  var methods: [Method] = [.gd]

  @Option("lr", symbol: "α", range: .open(0, 10), help: "The learning rate α of every run.")
  var lr = 0.1

  @Option("steps", range: .closed(1, 20_000), help: "How many steps each run makes at most.")
  var steps = 100

  @Option(
    "noise", symbol: "σ", range: .closed(0, 100),
    help:
      "σ of the Gaussian noise added to each gradient coordinate (as mini-batches would); when > 0 every method also runs with it."
  )
  var noise = 0.1

  @Option(
    "start",
    help:
      "Where every run starts; default on the ridge, [1, 1e-6], for the saddles and [3, 2.5] on the plateau."
  )
  var start: Point? = nil

  @Option(
    "escape",
    help:
      "A run has escaped once its loss is below this; default −1 on the saddles (1 below the saddle's value 0), 0.5 on the plateau (halfway down the well)."
  )
  var escape: Double? = nil

  @Option("table", help: "Show the table of escape steps under the figures.")
  var showTable = true

  @Option(
    "seed", range: .closed(0, 4_294_967_295),
    help: "Seed of the gradient noise: the same seed, the same runs.")
  var seed = 0

  /// One optimizer run, with or without noise, and what it did.
  struct Run {
    var key: String
    var label: String
    /// The run's points and losses: the start, then one per step until `steps` or until the
    /// first point beyond twice the plotted window (kept, so the line leaves the plot where
    /// the run does; the run is over: it has escaped for good, or diverged).
    var points: [SIMD2<Double>]
    var losses: [Double]
    var escapeStep: Int?
    var distances: [Double]
    var closest: Double
    var closestStep: Int
    var meanStep: Double
    var firstStep: Double
  }

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    var seen: Set<Method> = []
    for method in methods where !seen.insert(method).inserted {
      throw DirectiveError("'methods' lists \(method.rawValue) twice", option: "methods")
    }
    let f = landscape
    let p0 = start.map { SIMD2($0.x, $0.y) } ?? f.suggestedStart
    let startLoss = f.value(at: p0)
    guard startLoss >= threshold else {
      throw DirectiveError(
        "the start's loss \(NumberFormat.ascii(startLoss, .significant(4))) is already below the escape threshold \(NumberFormat.ascii(threshold)): every run would escape at step 0",
        option: escape == nil ? "start" : "escape")
    }

    // The plotted window: the surface's, widened to show the start. A run is drawn until its
    // first point beyond twice the window (it has left for good).
    let window = plotWindow(around: p0)
    let reach =
      2
      * max(
        abs(window.x.lowerBound), abs(window.x.upperBound), abs(window.y.lowerBound),
        abs(window.y.upperBound))

    var runs: [Run] = []
    for method in methods {
      let optimizer = OptimizerMethod(name: method.rawValue)!
      runs.append(
        measure(
          key: method.rawValue, label: Self.label(method), method: optimizer, on: f, from: p0,
          reach: reach, noise: nil))
      if noise > 0 {
        runs.append(
          measure(
            key: "noisy-" + method.rawValue,
            label: "\(Self.label(method)) + noise σ = \(NumberFormat.display(noise))",
            method: optimizer, on: f, from: p0, reach: reach,
            noise: GradientNoise(standardDeviation: noise, seed: seed)))
      }
    }

    let paths = pathFigure(runs, surface: f, window: window, start: p0)
    let perStep = surface == .plateau ? lossFigure(runs) : distanceFigure(runs)
    var items: [DirectiveOutput.Item] = [.figure(paths), .figure(perStep)]
    if showTable { items.append(.table(table(runs))) }

    var values: [NamedValue] = [
      NamedValue("start-loss", startLoss),
      NamedValue("start-gradient", (f.gradient(at: p0) * f.gradient(at: p0)).sum().squareRoot()),
      NamedValue("escape", threshold, style: .automatic),
    ]
    for run in runs {
      let k = run.key
      values.append(NamedValue("escaped[\(k)]", run.escapeStep == nil ? 0 : 1, style: .integer))
      if let step = run.escapeStep {
        values.append(NamedValue("escape-step[\(k)]", Double(step), style: .integer))
      }
      values.append(
        NamedValue("steps[\(k)]", Double(run.points.count - 1), style: .integer))
      values.append(NamedValue("closest[\(k)]", run.closest, style: .significant(2)))
      values.append(NamedValue("closest-step[\(k)]", Double(run.closestStep), style: .integer))
      values.append(NamedValue("mean-step[\(k)]", run.meanStep, style: .significant(2)))
      values.append(NamedValue("first-step[\(k)]", run.firstStep, style: .significant(2)))
      values.append(NamedValue("final-loss[\(k)]", run.losses.last!, style: .significant(3)))
    }
    return DirectiveOutput(items: items, values: values)
  }

  // MARK: - Runs

  var landscape: any Surface {
    switch surface {
    case .saddle: Saddle()
    case .monkeySaddle: MonkeySaddle()
    case .plateau: Plateau()
    }
  }

  /// |x|, |y| or |f| beyond this stops a run (documented in `steps[run]`); far outside any
  /// plotted window, where a run is over anyway.
  static let stopLimit = 1e12

  func measure(
    key: String, label: String, method: OptimizerMethod, on f: any Surface,
    from p0: SIMD2<Double>, reach: Double, noise: GradientNoise?
  ) -> Run {
    let trajectory = f.descend(
      method: method, learningRate: lr, from: p0, steps: steps, noise: noise,
      divergenceLimit: Self.stopLimit)
    let leaving = trajectory.points.firstIndex { abs($0.x) > reach || abs($0.y) > reach }
    let count = leaving.map { $0 + 1 } ?? trajectory.points.count
    let points = Array(trajectory.points.prefix(count))
    let losses = Array(trajectory.losses.prefix(count))
    let escapeStep = losses.indices.dropFirst().first { losses[$0] < threshold }
    let distances = points.map { ($0 * $0).sum().squareRoot() }
    var closestStep = 0
    for (k, d) in distances.enumerated() where d < distances[closestStep] { closestStep = k }
    let lengths = zip(points, points.dropFirst()).map { a, b in
      ((b - a) * (b - a)).sum().squareRoot()
    }
    let counted = lengths.prefix(escapeStep ?? lengths.count)
    return Run(
      key: key, label: label, points: points, losses: losses, escapeStep: escapeStep,
      distances: distances, closest: distances[closestStep], closestStep: closestStep,
      meanStep: counted.isEmpty ? 0 : counted.reduce(0, +) / Double(counted.count),
      firstStep: lengths.first ?? 0)
  }

  func plotWindow(around p: SIMD2<Double>) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
    let d = landscape.suggestedDomain
    let margin = 0.1 * max(d.x.upperBound - d.x.lowerBound, d.y.upperBound - d.y.lowerBound)
    return (
      min(d.x.lowerBound, p.x - margin)...max(d.x.upperBound, p.x + margin),
      min(d.y.lowerBound, p.y - margin)...max(d.y.upperBound, p.y + margin)
    )
  }

  // MARK: - Figures

  func pathFigure(
    _ runs: [Run], surface f: any Surface, window: (x: ClosedRange<Double>, y: ClosedRange<Double>),
    start p0: SIMD2<Double>
  ) -> LessonKit.Figure {
    let grid = Grid.sample(x: window.x, y: window.y, columns: 81, rows: 81) {
      f.value(at: SIMD2($0, $1))
    }
    // On the plateau, rings up to 0.999 show how flat the outside is.
    let levels: ContourLevels =
      surface == .plateau ? .values([0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999]) : .automatic(9)
    var marks: [Mark] = [.contour(Contour(grid, levels: levels))]
    for (i, run) in runs.enumerated() {
      marks.append(
        .trajectory(
          LessonPlot.Trajectory(
            run.label, x: run.points.map(\.x), y: run.points.map(\.y),
            style: SeriesStyle(color: .series(i + 1), lineWidth: 1.75),
            showSteps: run.points.count <= 400,
            exitLabel: run.escapeStep != nil ? "escapes" : "diverged")))
    }
    // The name sits up and to the left of the cross, away from the ridge and the start.
    let offset = 0.03 * (window.x.upperBound - window.x.lowerBound)
    let chart = Chart(
      height: 460, x: Axis("x"), y: Axis("y"), marks: marks,
      annotations: [
        .marker(x: 0, y: 0, shape: .cross),
        .text(criticalPointName, x: -offset, y: offset, anchor: .end),
      ],
      legend: .below, equalAspect: true)

    let outcomes = runs.map { run -> String in
      "\(run.label) comes within \(Self.number(run.closest)) of (0, 0) at step \(run.closestStep) and "
        + (run.escapeStep.map { "escapes at step \($0)" }
          ?? "has not escaped after \(run.points.count - 1) steps")
    }
    let description =
      "Contours of \(f.formula) with the paths of \(runs.count == 1 ? "one run" : "\(runs.count) runs") of at most \(steps) steps at α = \(NumberFormat.display(lr)) from (\(Self.number(p0.x)), \(Self.number(p0.y))): "
      + outcomes.joined(separator: "; ") + "."
    let caption =
      "\(captionSurface) with \(Self.list(runs.map(\.label))) from $\(Self.tex(p0))$, $\\alpha = \(NumberFormat.display(lr))$. "
      + (surface == .plateau
        ? "The cross marks the minimum; outside the rings the plateau is almost flat."
        : "The cross marks the saddle point; a run has escaped once its loss is below \(NumberFormat.display(threshold)).")
    var columns: [(String, [Double])] = []
    for run in runs {
      columns.append(("\(run.key) x", run.points.map(\.x)))
      columns.append(("\(run.key) y", run.points.map(\.y)))
      columns.append(("\(run.key) loss", run.losses))
    }
    return LessonKit.Figure(
      caption: caption, description: description,
      data: DataTable([("step", stepColumn(runs))] + columns),
      chart: chart)
  }

  func distanceFigure(_ runs: [Run]) -> LessonKit.Figure {
    var marks: [Mark] = []
    var annotations: [Annotation] = []
    for (i, run) in runs.enumerated() {
      marks.append(
        .line(
          Line(
            legendLabel(run), x: run.distances.indices.map(Double.init), y: run.distances,
            style: SeriesStyle(color: .series(i + 1)))))
      if let step = run.escapeStep {
        annotations.append(.marker(x: Double(step), y: run.distances[step], shape: .circle))
      }
    }
    let chart = Chart(
      height: 340, x: Axis("step"), y: Axis("distance from the saddle", scale: .log),
      marks: marks, annotations: annotations, legend: .below)
    let outcomes = runs.map { run -> String in
      "\(run.label) gets down to \(Self.number(run.closest)) at step \(run.closestStep)"
        + (run.escapeStep.map { " and escapes at step \($0)" }
          ?? " and has not escaped after \(run.points.count - 1) steps")
    }
    let description =
      "Distance from the saddle point (0, 0) per step, log scale: "
      + outcomes.joined(separator: "; ")
      + "."
    let caption =
      surface == .saddle
      ? "Distance from the saddle per step (log scale; dots mark the escapes). Near $x^2 - y^2$ the distance shrinks, then grows, by a constant factor per step — straight lines here — so the closer a run comes, the longer it needs to climb back out."
      : "Distance from the monkey saddle per step (log scale; dots mark the escapes). Its curvature is zero at the saddle: the pull towards it and the push away are both weak, and a run that comes close crawls."
    var columns: [(String, [Double])] = []
    for run in runs { columns.append(("\(run.key) distance", run.distances)) }
    return LessonKit.Figure(
      key: "distance", caption: caption, description: description,
      data: DataTable([("step", stepColumn(runs))] + columns),
      chart: chart)
  }

  func lossFigure(_ runs: [Run]) -> LessonKit.Figure {
    var marks: [Mark] = []
    for (i, run) in runs.enumerated() {
      marks.append(
        .line(
          Line(
            legendLabel(run), x: run.losses.indices.map(Double.init), y: run.losses,
            style: SeriesStyle(color: .series(i + 1)))))
    }
    let t = NumberFormat.display(threshold)
    // The plateau's loss lies in [0, 1): no room above 1 is needed.
    let chart = Chart(
      height: 320, x: Axis("step"),
      y: Axis("loss f(x, y)", domain: 0...max(1.05, threshold + 0.05)), marks: marks,
      annotations: [.horizontalRule(y: threshold, label: "escape: f = \(t)")], legend: .below)
    let outcomes = runs.map { run -> String in
      "\(run.label) moves \(Self.number(run.meanStep)) per step on average"
        + (run.escapeStep.map { " and falls below \(t) at step \($0)" }
          ?? " and is still at loss \(NumberFormat.display(run.losses.last!, .significant(3))) after \(run.points.count - 1) steps")
    }
    let description = "Loss per step: " + outcomes.joined(separator: "; ") + "."
    let caption =
      "Loss per step. On the plateau the loss hardly changes from one step to the next; a run has escaped once it is below the line at $f = \(t)$."
    var columns: [(String, [Double])] = []
    for run in runs { columns.append(("\(run.key) loss", run.losses)) }
    return LessonKit.Figure(
      key: "loss", caption: caption, description: description,
      data: DataTable([("step", stepColumn(runs))] + columns),
      chart: chart)
  }

  /// Per run: the escape step; near a saddle the closest approach, on the plateau the first
  /// step's length; and the mean step length.
  func table(_ runs: [Run]) -> Table {
    let plateau = surface == .plateau
    let rows = runs.map { run -> [Cell] in
      [
        .text(run.label),
        run.escapeStep.map { .number(Double($0)) } ?? .text("not in \(run.points.count - 1) steps"),
      ]
        + (plateau
          ? [.number(run.firstStep)] : [.number(run.closest), .number(Double(run.closestStep))])
        + [.number(run.meanStep)]
    }
    let t = NumberFormat.display(threshold)
    let caption =
      plateau
      ? "Each run: the step at which its loss first fell below \(t), the length of its first step, and its mean step length until it escaped."
      : "Each run: the step at which its loss first fell below \(t), its closest approach to the \(criticalPointName) at $(0, 0)$, and its mean step length until it escaped."
    return Table(
      key: "table", caption: caption,
      columns: [
        Table.Column("run"),
        Table.Column("escapes at step", csv: "escape step", style: .integer),
      ]
        + (plateau
          ? [Table.Column("first step length", csv: "first step", style: .significant(2))]
          : [
            Table.Column("closest to $(0, 0)$", csv: "closest distance", style: .significant(2)),
            Table.Column("at step", csv: "closest step", style: .integer),
          ])
        + [Table.Column("mean step length", csv: "mean step", style: .significant(2))],
      rows: rows)
  }

  /// 0, 1, … up to the longest run.
  func stepColumn(_ runs: [Run]) -> [Double] {
    (0..<(runs.map(\.points.count).max() ?? 0)).map(Double.init)
  }

  /// A run's label with its outcome, for the per-step charts.
  func legendLabel(_ run: Run) -> String {
    run.label
      + (run.escapeStep.map { ": escapes at step \($0)" }
        ?? ": no escape in \(run.points.count - 1) steps")
  }

  // MARK: - Text

  /// The escape threshold: the option's value or the surface's default.
  var threshold: Double { escape ?? (surface == .plateau ? 0.5 : -1) }

  var criticalPointName: String {
    switch surface {
    case .saddle: "saddle"
    case .monkeySaddle: "monkey saddle"
    case .plateau: "minimum"
    }
  }

  var captionSurface: String {
    switch surface {
    case .saddle: "The saddle $f(x, y) = x^2 - y^2$"
    case .monkeySaddle: "The monkey saddle $f(x, y) = x^3 - 3xy^2$"
    case .plateau: "The plateau $f(x, y) = 1 - e^{-(x^2 + y^2)/2}$"
    }
  }

  static func label(_ method: Method) -> String {
    switch method {
    case .gd: "GD"
    case .momentum: "momentum"
    case .rmsprop: "RMSprop"
    case .adam: "Adam"
    }
  }

  static func number(_ x: Double) -> String { NumberFormat.display(x, .significant(2)) }

  static func tex(_ p: SIMD2<Double>) -> String {
    func one(_ v: Double) -> String {
      let text = NumberFormat.ascii(v, .significant(3))
      guard let e = text.firstIndex(of: "e") else { return text }
      let exponent = Int(text[text.index(after: e)...])!
      let mantissa = text[..<e]
      return (mantissa == "1" ? "" : "\(mantissa) \\times ") + "10^{\(exponent)}"
    }
    return "(\(one(p.x)), \(one(p.y)))"
  }

  static func list(_ items: [String]) -> String { EWA.list(items) }
}
