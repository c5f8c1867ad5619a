import LessonKit
import LessonMarkdown
import LessonMarkup
import LessonMath
import LessonPlot

/// `{optimizers}`: gradient descent, momentum, RMSprop and Adam on a 2-D loss surface
/// (course 2.6–2.8): their paths over the contours, the loss per step, and a table of where
/// each run ended.
///
/// The default is the course's elongated bowl f = 0.1x² + 2y² from (−5, −2) for 20 steps
/// (CONTENT.md 2.6): with one rate α = 0.4 gradient descent zig-zags across the valley while
/// momentum (β = 0.5) averages the zig-zag away. Every method follows `Optimizer` in
/// LessonMath: momentum in the course's form v = βv + (1 − β)g (or undampened, v = βv + g),
/// RMSprop and Adam with ε outside the root, Adam with bias correction and t counted from 1 —
/// PyTorch's conventions.
///
/// A run *diverges* when its loss exceeds 1000 times its starting loss (or 1000, if it starts
/// below 1) on a surface bounded below; it keeps running, and the figures clip it and mark
/// where it left. A run *stops* early at the step whose point has |x|, |y| or |f| above 10¹⁰
/// (or not finite): that point is not drawn, and on a surface bounded below the run counts as
/// diverged at that step at the latest. The table's caption says which runs stopped, when and
/// why.
struct Optimizers: Directive {
  static let name = "optimizers"
  static let summary =
    "Paths of gd, momentum, RMSprop and Adam over a loss surface's contours, their loss per step, and where each ended."
  static let publishedValues = [
    ValueDeclaration(
      "final-loss[run]",
      "f at the last point. A run is named by its method (gd, momentum, rmsprop, adam); a method listed twice adds its rate: gd@0.6."
    ),
    ValueDeclaration("min-loss[run]", "The lowest f along the path (including the start)."),
    ValueDeclaration("final-x[run]", "x at the last point."),
    ValueDeclaration("final-y[run]", "y at the last point."),
    ValueDeclaration(
      "diverged[run]",
      "The step at which the loss first exceeded 1000 × max(starting loss, 1), or the run stopped because |x|, |y| or |f| passed 10¹⁰; 0 if neither happened."
    ),
    ValueDeclaration(
      "steps-to-tolerance[run]",
      "The first step with f ≤ `tolerance` (0: the start); not published when the run never gets there (see reached[run])."
    ),
    ValueDeclaration("reached[run]", "1 if the run got to f ≤ `tolerance`, else 0."),
    ValueDeclaration(
      "reversals[run]",
      "Zig-zags: steps that turn back by more than 90° from the step before (negative dot product)."
    ),
    ValueDeclaration("lr[run]", "The run's learning rate α."),
    ValueDeclaration(
      "first-step[run]",
      "The largest change of one coordinate in the first step (RMSprop: α/√(1 − β); Adam: α)."),
    ValueDeclaration("start-loss", "f at the start point."),
    ValueDeclaration(
      "lr-limit[run]",
      "gd and momentum: the largest stable rate for the quadratic that matches f at the start (everywhere, on the bowl): 2/λ for gd, 2(1 + β)/((1 − β)λ) for course momentum, 2(1 + β)/λ undampened; λ the Hessian's largest eigenvalue there (not published when it is ≤ 0)."
    ),
    ValueDeclaration(
      "condition-number", "Elongated bowl only: κ = λ_max/λ_min, the ratio of the curvatures."),
    ValueDeclaration(
      "best-factor[gd]",
      "Elongated bowl only: the error's shrink factor per step of GD at its best rate, (κ − 1)/(κ + 1)."
    ),
    ValueDeclaration(
      "best-factor[momentum]",
      "Elongated bowl only: the same for momentum at its best α and β, (√κ − 1)/(√κ + 1)."),
    ValueDeclaration("best-beta", "Elongated bowl only: that best β, ((√κ − 1)/(√κ + 1))²."),
  ]

  /// A loss surface of LessonMath's `Surfaces`, by its name there.
  enum SurfaceChoice: String, OptionChoice {
    case elongated
    case rosenbrock
    case saddle
    case monkeySaddle = "monkey-saddle"
    case plateau
  }

  @Option("surface", help: "The loss surface f(x, y).")
  var surface = SurfaceChoice.elongated

  @Option(
    "methods", help: "The optimizers to run, in order; a method may appear twice with two rates.")
  var methods: [Method] = [.gd, .momentum]

  @Option(
    "lr", symbol: "α", range: .positive,
    help:
      "Learning rate α: one for all runs, a list with one per method, or a mapping such as {gd: 0.4, adam: 0.3}."
  )
  var lr = LearningRates.perMethod([.gd: 0.4, .momentum: 0.4, .rmsprop: 0.3, .adam: 0.3])

  @Option("steps", range: .closed(1, 10_000), help: "How many updates each optimizer makes.")
  var steps = 20

  @Option(
    "start", help: "The start point [x, y] (default: the surface's own, e.g. [-5, -2] on the bowl)."
  )
  var start: Point? = nil

  @Option(
    "beta", symbol: "β", range: .open(0, 1),
    help: "Momentum's β (0.5 suits the small bowl; the course's usual value for networks is 0.9).")
  var beta = 0.5

  @Option("momentum-form", help: "course: v = βv + (1 − β)g; undampened: v = βv + g (PyTorch SGD).")
  var momentumForm = MomentumFormChoice.course

  @Option(
    "rmsprop-beta", symbol: "β₂", range: .open(0, 1),
    help:
      "RMSprop's decay β of the squared-gradient average (the course's β₂; Keras rho, PyTorch alpha)."
  )
  var rmspropBeta = 0.9

  @Option("beta1", symbol: "β₁", range: .open(0, 1), help: "Adam's β₁ (first moment).")
  var beta1 = 0.9

  @Option("beta2", symbol: "β₂", range: .open(0, 1), help: "Adam's β₂ (second moment).")
  var beta2 = 0.999

  @Option(
    "epsilon", symbol: "ε", range: .positive,
    help: "ε of RMSprop and Adam, added outside the square root.")
  var epsilon = 1e-8

  @Option(
    "noise", symbol: "σ", range: .nonNegative,
    help:
      "Standard deviation of Gaussian noise added to every gradient coordinate (mini-batch noise).")
  var noise = 0.0

  @Option(
    "seed", range: .closed(0, 4_294_967_295),
    help: "Seed of the gradient noise: the same seed, the same paths.")
  var seed = 0

  @Option("tolerance", range: .positive, help: "The loss level for steps-to-tolerance.")
  var tolerance = 1e-3

  @Option(
    "x-range", help: "The plotted x interval [low, high] (default: fits the surface and the runs).")
  var xRange: [Double]? = nil

  @Option(
    "y-range", help: "The plotted y interval [low, high] (default: fits the surface and the runs).")
  var yRange: [Double]? = nil

  @Option("contour", help: "Show the paths over the contours.")
  var showContour = true

  @Option("loss-curve", help: "Show the loss per step.")
  var showLoss = true

  @Option("table", help: "Show the table of where each run ended.")
  var showTable = true

  /// Loss above this many times the starting loss (at least 1) counts as divergence.
  static let divergenceFactor = 1000.0
  /// |x|, |y| or |f| beyond 10^stopExponent stops the run (LessonMath's default divergence
  /// limit).
  static let stopExponent = 10
  static let stopLimit = (0..<stopExponent).reduce(1.0) { power, _ in power * 10 }

  /// One optimizer run: a method with its rate, and what it did.
  struct Run {
    var method: Method
    var rate: Double
    var key: String
    var label: String
    var trajectory: LessonMath.Trajectory
    var divergedAt: Int?
    /// Why the run stopped before its last step, if it did.
    var stop: Stop?
    var stepsToTolerance: Int?
    var reversals: Int
  }

  /// A run that stopped early: at which step, and which quantity passed the limit there.
  struct Stop {
    var step: Int
    /// TeX, e.g. `|f| > 10^{10}`.
    var reason: String
  }

  /// Why a run stopped at `step`: the same run (same method, rate and noise sequence) replayed
  /// to that step without a limit gives the point it stopped at.
  func stop(
    at step: Int, method: OptimizerMethod, rate: Double, on f: any Surface,
    from origin: SIMD2<Double>,
    noise: GradientNoise?
  ) -> Stop {
    let replay = f.descend(
      method: method, learningRate: rate, from: origin, steps: step, noise: noise,
      divergenceLimit: .infinity)
    let limit = "10^{\(Self.stopExponent)}"
    guard replay.points.count == step + 1 else {
      return Stop(step: step, reason: "\\text{a value is not finite}")
    }
    let p = replay.final
    let value = replay.losses.last!
    var reasons: [String] = []
    if !(abs(p.x) <= Self.stopLimit) {
      reasons.append(p.x.isFinite ? "|x| > \(limit)" : "x = \\infty")
    }
    if !(abs(p.y) <= Self.stopLimit) {
      reasons.append(p.y.isFinite ? "|y| > \(limit)" : "y = \\infty")
    }
    if !(abs(value) <= Self.stopLimit) {
      reasons.append(value.isFinite ? "|f| > \(limit)" : "f \\text{ not finite}")
    }
    return Stop(step: step, reason: reasons.joined(separator: ",\\ "))
  }

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    guard showContour || showLoss || showTable else {
      throw DirectiveError(
        "nothing to show: 'contour', 'loss-curve' and 'table' are all false", option: "table")
    }
    let f = Surfaces.named(surface.rawValue)!
    let origin = start.map { SIMD2($0.x, $0.y) } ?? f.suggestedStart
    let rates = try lr.rates(for: methods)
    let keys = try Method.runKeys(methods, rates)
    let xWindow = try Self.interval(xRange, option: "x-range")
    let yWindow = try Self.interval(yRange, option: "y-range")

    let startLoss = f.value(at: origin)
    let boundedBelow = surface.isBoundedBelow
    let threshold = Self.divergenceFactor * max(startLoss, 1)
    let gradientNoise = noise > 0 ? GradientNoise(standardDeviation: noise, seed: seed) : nil

    let runs = zip(methods, zip(rates, keys)).map { method, rateAndKey -> Run in
      let (rate, key) = rateAndKey
      let optimizer = method.optimizerMethod(
        beta: beta, form: momentumForm.form, rmspropBeta: rmspropBeta, beta1: beta1,
        beta2: beta2, epsilon: epsilon)
      let path = f.descend(
        method: optimizer, learningRate: rate, from: origin, steps: steps, noise: gradientNoise,
        divergenceLimit: Self.stopLimit)
      // On a saddle the loss falls without bound: a run that leaves escapes, it does not
      // diverge (it stops once |x|, |y| or |f| passes 10¹⁰).
      var diverged = boundedBelow ? path.divergedAtStep : nil
      if boundedBelow, let t = path.losses.firstIndex(where: { !($0 <= threshold) }) {
        diverged = min(diverged ?? t, t)
      }
      return Run(
        method: method, rate: rate, key: key,
        label: method.label(rate: rate, beta: beta, form: momentumForm.form),
        trajectory: path, divergedAt: diverged,
        stop: path.divergedAtStep.map {
          stop(at: $0, method: optimizer, rate: rate, on: f, from: origin, noise: gradientNoise)
        },
        stepsToTolerance: path.losses.firstIndex { $0 <= tolerance },
        reversals: Self.reversals(path.points))
    }

    var values = [NamedValue("start-loss", startLoss)]
    for run in runs {
      let end = run.trajectory.final
      values += [
        NamedValue("final-loss[\(run.key)]", run.trajectory.losses.last!),
        NamedValue("min-loss[\(run.key)]", run.trajectory.losses.min()!),
        NamedValue("final-x[\(run.key)]", end.x),
        NamedValue("final-y[\(run.key)]", end.y),
        NamedValue("diverged[\(run.key)]", Double(run.divergedAt ?? 0), style: .integer),
        NamedValue("reached[\(run.key)]", run.stepsToTolerance == nil ? 0 : 1, style: .integer),
        NamedValue("reversals[\(run.key)]", Double(run.reversals), style: .integer),
        NamedValue("lr[\(run.key)]", run.rate),
      ]
      let points = run.trajectory.points
      if points.count > 1 {
        let step = points[1] - points[0]
        values.append(NamedValue("first-step[\(run.key)]", max(abs(step.x), abs(step.y))))
      }
      if let t = run.stepsToTolerance {
        values.append(NamedValue("steps-to-tolerance[\(run.key)]", Double(t), style: .integer))
      }
    }
    // The stability limits of the quadratic model at the start: αλ < 2 for gradient descent,
    // α(1 − β)λ < 2(1 + β) for the course's momentum (ηλ < 2 + 2β undampened).
    let largest = SymmetricEigen.eigenvalues(f.hessian(at: origin)).max() ?? 0
    if largest > 0 {
      for run in runs {
        switch run.method {
        case .gd: values.append(NamedValue("lr-limit[\(run.key)]", 2 / largest))
        case .momentum:
          let limit = 2 * (1 + beta) / largest
          values.append(
            NamedValue(
              "lr-limit[\(run.key)]", momentumForm == .course ? limit / (1 - beta) : limit))
        case .rmsprop, .adam: break
        }
      }
    }
    if surface == .elongated, let bowl = f as? ElongatedQuadratic {
      let curvatures = [2 * bowl.a, 2 * bowl.b]
      let kappa = curvatures.max()! / curvatures.min()!
      let root = kappa.squareRoot()
      values += [
        NamedValue("condition-number", kappa),
        NamedValue("best-factor[gd]", (kappa - 1) / (kappa + 1)),
        NamedValue("best-factor[momentum]", (root - 1) / (root + 1)),
        NamedValue("best-beta", (root - 1) / (root + 1) * (root - 1) / (root + 1)),
      ]
    }

    var items: [DirectiveOutput.Item] = []
    if showContour {
      items.append(.figure(contourFigure(f, origin: origin, runs: runs, x: xWindow, y: yWindow)))
    }
    if showLoss {
      items.append(.figure(lossFigure(runs, startLoss: startLoss, threshold: threshold)))
    }
    if showTable { items.append(.table(table(runs))) }
    // The first item shown is the main one: {numref}`name` refers to it.
    switch items[0] {
    case .figure(var figure):
      figure.key = ""
      items[0] = .figure(figure)
    case .table(var table):
      table.key = ""
      items[0] = .table(table)
    }
    return DirectiveOutput(items: items, values: values)
  }

  // MARK: - Figures

  func contourFigure(
    _ f: any Surface, origin: SIMD2<Double>, runs: [Run], x: ClosedRange<Double>?,
    y: ClosedRange<Double>?
  ) -> LessonKit.Figure {
    let window = plotWindow(f, origin: origin, runs: runs, x: x, y: y)
    let aspect =
      (window.y.upperBound - window.y.lowerBound) / (window.x.upperBound - window.x.lowerBound)
    let columns = 121
    let rows = max(21, min(161, Int((Double(columns) * aspect).rounded())))
    let grid = Grid.sample(x: window.x, y: window.y, columns: columns, rows: rows) {
      f.value(at: SIMD2($0, $1))
    }
    let markSteps = steps <= 60
    var marks: [Mark] = [
      .contour(Contour(grid, labels: false, colorBar: true, colorBarLabel: "f(x, y)"))
    ]
    for (i, run) in runs.enumerated() {
      let points = run.trajectory.points
      marks.append(
        .trajectory(
          LessonPlot.Trajectory(
            run.label, x: points.map(\.x), y: points.map(\.y),
            style: SeriesStyle(
              color: .series(i + 1), dash: .solid, marker: Self.marker(i), lineWidth: 1.75),
            showSteps: markSteps,
            exitLabel: run.divergedAt != nil
              ? "diverged" : (surface.isBoundedBelow ? "leaves" : "escapes"))))
    }
    let special = surface.specialPoint
    let annotations: [Annotation] =
      window.x.contains(special.point.x) && window.y.contains(special.point.y)
      ? [.marker(x: special.point.x, y: special.point.y, shape: .star)] : []
    let chart = Chart(
      height: 420, x: Axis("x"), y: Axis("y"), marks: marks, annotations: annotations,
      legend: .below, equalAspect: true)

    // End markers closer than 1 % of the window cover each other: say whose they are.
    let span = max(
      window.x.upperBound - window.x.lowerBound, window.y.upperBound - window.y.lowerBound)
    let ended = runs.filter { $0.divergedAt == nil }
    var together: [String] = []
    var seen = Set<Int>()
    for (i, a) in ended.enumerated() where !seen.contains(i) {
      let group = ended.indices.filter { j in
        j >= i && !seen.contains(j)
          && abs(ended[j].trajectory.final.x - a.trajectory.final.x) < 0.01 * span
          && abs(ended[j].trajectory.final.y - a.trajectory.final.y) < 0.01 * span
      }
      if group.count > 1 {
        seen.formUnion(group)
        together.append(
          (EWA.list(group.map { ended[$0].label })
            + " end at the same point, so their end markers lie on top of each other.")
            .capitalizedFirst)
      }
    }
    let startText = Self.point(origin)
    let caption =
      "\(steps) step\(steps == 1 ? "" : "s") of \(EWA.list(runs.map(\.label))) on $\(surface.tex)$ from \(startText)\(noise > 0 ? ", with gradient noise σ = \(NumberFormat.display(noise))" : ""). "
      + "A ring marks the start, a large marker each run's end\(markSteps ? ", dots every step" : "")\(annotations.isEmpty ? "" : ", the star the \(special.name)")."
      + together.map { " " + $0 }.joined()
    let outcomes = runs.map { run -> String in
      let end = run.trajectory.final
      if let t = run.divergedAt { return "\(run.label) diverged at step \(t)" }
      return
        "\(run.label) ends at \(Self.point(end)) with loss \(Self.number(run.trajectory.losses.last!))"
        + (run.reversals > 0
          ? " after \(run.reversals) zig-zag\(run.reversals == 1 ? "" : "s")" : "")
    }
    let description =
      "Contours of \(surface.plainFormula) over x from \(Self.number(window.x.lowerBound)) to \(Self.number(window.x.upperBound)) and y from \(Self.number(window.y.lowerBound)) to \(Self.number(window.y.upperBound)), "
      + "with the paths of \(runs.count) optimizer\(runs.count == 1 ? "" : "s") over \(steps) steps from \(startText): "
      + outcomes.joined(separator: "; ") + "."
    var columns2: [(String, [Double])] = [("step", (0...steps).map(Double.init))]
    for run in runs {
      columns2.append(("\(run.key) x", run.trajectory.points.map(\.x)))
      columns2.append(("\(run.key) y", run.trajectory.points.map(\.y)))
    }
    return Figure(
      caption: caption, description: description, data: DataTable(columns2),
      chart: chart)
  }

  func lossFigure(_ runs: [Run], startLoss: Double, threshold: Double) -> LessonKit.Figure {
    let logScale = surface.isBoundedBelow
    let stable = runs.filter { $0.divergedAt == nil }
    var yDomain: ClosedRange<Double>?
    if logScale {
      // The axis fits the data unless a run diverged (the top is then the divergence level,
      // where the run is marked) or a run fell more than 12 decades (cut there).
      let starts = runs.map { $0.trajectory.losses[0] }.max() ?? 1
      let diverging = stable.count < runs.count
      let top = max(
        starts, stable.flatMap(\.trajectory.losses).filter(\.isFinite).max() ?? starts,
        diverging ? threshold : 0)
      let positive = runs.flatMap(\.trajectory.losses).filter { $0 > 0 && $0.isFinite }
      let lowest = positive.min() ?? top * 1e-3
      if diverging || lowest < top * 1e-12 {
        let bottom = max(lowest, top * 1e-12)
        if bottom < top { yDomain = bottom...(diverging ? top : 2 * top) }
      }
    } else {
      let finite = runs.flatMap(\.trajectory.losses).filter(\.isFinite)
      let low = finite.min() ?? -1
      let high = finite.max() ?? 1
      let startHigh = max(startLoss, stable.flatMap(\.trajectory.losses).max() ?? startLoss)
      // Runs that escape to −∞ would flatten everything: show a few times the start's scale.
      let span = max(abs(startHigh), 1)
      let lowCut = max(low, startHigh - 10 * span)
      if lowCut < high { yDomain = lowCut...min(high, startHigh + span) }
    }
    let markSteps = steps <= 60
    let marks: [Mark] = runs.enumerated().map { i, run in
      .line(
        Line(
          run.label, y: run.trajectory.losses, start: 0,
          style: SeriesStyle(
            color: .series(i + 1), dash: Self.dash(i), marker: markSteps ? Self.marker(i) : nil,
            markEvery: markSteps ? max(1, steps / 20) : 1),
          exitLabel: run.divergedAt != nil ? "diverged" : nil))
    }
    var annotations: [Annotation] = []
    if tolerance < (yDomain?.upperBound ?? .infinity), tolerance > (yDomain?.lowerBound ?? 0),
      runs.contains(where: { $0.stepsToTolerance != nil })
    {
      annotations.append(
        .horizontalRule(y: tolerance, label: "tolerance \(NumberFormat.display(tolerance))"))
    }
    let chart = Chart(
      height: 340, x: Axis("step", domain: 0...Double(steps)),
      y: Axis("loss f(x, y)", scale: logScale ? .log : .linear, domain: yDomain),
      marks: marks, annotations: annotations, legend: .below)
    // The dashed rule is the level the table's "step with f ≤ …" column counts to: say so.
    let rule =
      annotations.isEmpty
      ? ""
      : " The dashed line is the tolerance $f = \(NumberFormat.display(tolerance))$"
        + (showTable
          ? ": the table's last column gives the step at which each run first gets below it."
          : ", a loss level to compare the runs by.")
    let coincident = Coincidence.note(
      runs.map { ($0.label, $0.trajectory.losses) },
      x: (0...steps).map(Double.init), unit: "step")
    let caption =
      (showContour
        ? "The loss $f$ after each step\(logScale ? " (log scale)" : ""), same runs as the paths."
        : "The loss $f$ after each step\(logScale ? " (log scale)" : "") of \(EWA.list(runs.map(\.label))) on $\(surface.tex)$ from \(Self.point(runs[0].trajectory.points[0])).")
      + rule + (coincident.map { " " + $0 } ?? "")
    let outcomes = runs.map { run -> String in
      if let t = run.divergedAt {
        return
          "\(run.label) grows past \(Self.number(Self.divergenceFactor)) times the start and diverges at step \(t)"
      }
      let reach =
        run.stepsToTolerance.map { "reaches \(NumberFormat.display(tolerance)) at step \($0) and " }
        ?? ""
      return "\(run.label) \(reach)ends at \(Self.number(run.trajectory.losses.last!))"
    }
    let description =
      "The loss per step\(logScale ? " on a log scale" : ""), from \(Self.number(startLoss)) at the start: "
      + outcomes.joined(separator: "; ") + "."
    var columns: [(String, [Double])] = [("step", (0...steps).map(Double.init))]
    for run in runs { columns.append(("\(run.key) loss", run.trajectory.losses)) }
    return Figure(
      key: "loss", caption: caption, description: description, data: DataTable(columns),
      chart: chart)
  }

  func table(_ runs: [Run]) -> Table {
    Table(
      key: "table",
      caption:
        "Where each run ended \(Self.ending(runs, steps: steps)): the last point, its loss, the step at which the run diverged, and the first step with $f \\le \(NumberFormat.display(tolerance))$.",
      columns: [
        Table.Column("run", csv: "run"),
        Table.Column("$\\alpha$", csv: "lr", style: .automatic),
        Table.Column("final $x$", csv: "final x", style: .significant(4)),
        Table.Column("final $y$", csv: "final y", style: .significant(4)),
        Table.Column("final $f$", csv: "final loss", style: .significant(4)),
        Table.Column("zig-zags", csv: "reversals", style: .integer),
        Table.Column("diverged at step", csv: "diverged at step", style: .integer),
        Table.Column(
          "step with $f \\le \(NumberFormat.display(tolerance))$", csv: "steps to tolerance",
          style: .integer),
      ],
      rows: runs.map { run in
        let end = run.trajectory.final
        return [
          .text(
            run.method.title
              + (run.method == .momentum && momentumForm == .undampened ? " (undampened)" : "")),
          .number(run.rate), .number(end.x), .number(end.y),
          .number(run.trajectory.losses.last!), .number(Double(run.reversals)),
          run.divergedAt.map { .number(Double($0)) } ?? .empty,
          run.stepsToTolerance.map { .number(Double($0)) } ?? .empty,
        ]
      })
  }

  // MARK: - Helpers

  /// `after 100 steps`, or, when runs stopped early, `after 100 steps or when it stopped
  /// (gd stopped at step 32: $|f| > 10^{10}$)`.
  static func ending(_ runs: [Run], steps: Int) -> String {
    let after = "after \(steps) step\(steps == 1 ? "" : "s")"
    let stopped = runs.compactMap { run in
      run.stop.map { "\(run.label) stopped at step \($0.step): $\($0.reason)$" }
    }
    return stopped.isEmpty
      ? after : after + " or when it stopped (" + stopped.joined(separator: "; ") + ")"
  }

  /// The plotted window: the given ranges, else the surface's own window grown to hold the
  /// start and (on surfaces bounded below) every run that did not diverge.
  func plotWindow(
    _ f: any Surface, origin: SIMD2<Double>, runs: [Run], x: ClosedRange<Double>?,
    y: ClosedRange<Double>?
  ) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
    var (xs, ys) = f.suggestedDomain
    var points = [origin]
    if surface.isBoundedBelow {
      for run in runs where run.divergedAt == nil { points += run.trajectory.points }
    }
    let lowX = points.map(\.x).min()!
    let highX = points.map(\.x).max()!
    let lowY = points.map(\.y).min()!
    let highY = points.map(\.y).max()!
    let margin = 0.06 * max(highX - lowX, highY - lowY, 1e-9)
    if lowX - margin < xs.lowerBound { xs = (lowX - margin)...xs.upperBound }
    if highX + margin > xs.upperBound { xs = xs.lowerBound...(highX + margin) }
    if lowY - margin < ys.lowerBound { ys = (lowY - margin)...ys.upperBound }
    if highY + margin > ys.upperBound { ys = ys.lowerBound...(highY + margin) }
    return (x ?? xs, y ?? ys)
  }

  /// Steps whose direction turns back by more than 90° from the step before.
  static func reversals(_ points: [SIMD2<Double>]) -> Int {
    guard points.count >= 3 else { return 0 }
    var count = 0
    for i in 2..<points.count {
      let a = points[i - 1] - points[i - 2]
      let b = points[i] - points[i - 1]
      if (a * b).sum() < 0 { count += 1 }
    }
    return count
  }

  /// `[low, high]` from a two-number option.
  static func interval(_ values: [Double]?, option: String) throws(DirectiveError) -> ClosedRange<
    Double
  >? {
    guard let values else { return nil }
    guard values.count == 2, values[0] < values[1] else {
      throw DirectiveError("'\(option)' must be two increasing numbers [low, high]", option: option)
    }
    return values[0]...values[1]
  }

  static func marker(_ i: Int) -> MarkerShape {
    [.circle, .square, .triangle, .diamond, .triangleDown, .star][i % 6]
  }

  static func dash(_ i: Int) -> Dash { [.solid, .dashed, .dashDot, .dotted, .longDash][i % 5] }

  /// A number for prose: four significant digits, typographic minus.
  static func number(_ value: Double) -> String { NumberFormat.display(value, .significant(4)) }

  /// "(−5, −2)".
  static func point(_ p: SIMD2<Double>) -> String { "(\(number(p.x)), \(number(p.y)))" }
}

// MARK: - Shared option types ({optimizers} and {train})

/// An optimizer by its short name.
enum Method: String, OptionChoice {
  case gd
  case momentum
  case rmsprop
  case adam

  /// The name readers know: GD, momentum, RMSprop, Adam.
  var title: String {
    switch self {
    case .gd: "GD"
    case .momentum: "momentum"
    case .rmsprop: "RMSprop"
    case .adam: "Adam"
    }
  }

  func optimizerMethod(
    beta: Double, form: MomentumForm, rmspropBeta: Double, beta1: Double, beta2: Double,
    epsilon: Double
  ) -> OptimizerMethod {
    switch self {
    case .gd: .gradientDescent
    case .momentum: .momentum(beta: beta, form: form)
    case .rmsprop: .rmsprop(beta: rmspropBeta, epsilon: epsilon)
    case .adam: .adam(beta1: beta1, beta2: beta2, epsilon: epsilon)
    }
  }

  /// "GD, α = 0.4", "momentum β = 0.5, α = 1.2", "undampened momentum β = 0.5, α = 0.6".
  func label(rate: Double, beta: Double, form: MomentumForm) -> String {
    let alpha = "α = \(NumberFormat.display(rate))"
    switch self {
    case .momentum:
      let b = "β = \(NumberFormat.display(beta))"
      return form == .course ? "momentum \(b), \(alpha)" : "undampened momentum \(b), \(alpha)"
    default: return "\(title), \(alpha)"
    }
  }

  /// The keys of runs in published values: the method's name, with `@rate` when the method
  /// is listed more than once (`gd@0.6`). Two runs with one key are an error.
  static func runKeys(_ methods: [Method], _ rates: [Double]) throws(DirectiveError) -> [String] {
    var keys: [String] = []
    for (method, rate) in zip(methods, rates) {
      let repeated = methods.filter { $0 == method }.count > 1
      let key = repeated ? "\(method.rawValue)@\(NumberFormat.ascii(rate))" : method.rawValue
      guard !keys.contains(key) else {
        throw DirectiveError(
          "\(method.rawValue) is listed twice with the same rate \(NumberFormat.ascii(rate)): give 'lr' as a list, one rate per method",
          option: "lr")
      }
      keys.append(key)
    }
    return keys
  }
}

/// Momentum's recursion, as an option.
enum MomentumFormChoice: String, OptionChoice {
  /// v = βv + (1 − β)g, the course's.
  case course
  /// v = βv + g, PyTorch's SGD with dampening 0.
  case undampened

  var form: MomentumForm { self == .course ? .course : .undampened }
}

/// Learning rates for several runs: one for all (`lr: 0.4`), one per entry of the method
/// list (`lr: [0.4, 0.6, 1.2]`), or one per method name (`lr: {gd: 0.4, adam: 0.3}`).
enum LearningRates: OptionValue, Equatable {
  case all(Double)
  case perRun([Double])
  case perMethod([Method: Double])

  static var typeDescription: String {
    "a number, a list of numbers (one per method) or a mapping such as {gd: 0.4, adam: 0.3}"
  }

  static func decode(_ node: YAMLNode, range: NumberRange?) throws(OptionProblem) -> LearningRates {
    switch node.value {
    case .scalar: return .all(try Double.decode(node, range: range))
    case .sequence: return .perRun(try [Double].decode(node, range: range))
    case .mapping(let entries):
      guard !entries.isEmpty else { throw OptionProblem("must not be an empty mapping", at: node) }
      var rates: [Method: Double] = [:]
      for entry in entries {
        guard let method = Method(rawValue: entry.key) else {
          let names = Method.allCases.map(\.rawValue)
          var notes: [String] = []
          if let guess = Spelling.suggestion(for: entry.key, among: names) {
            notes.append("did you mean '\(guess)'?")
          }
          notes.append("the methods are: \(names.joined(separator: ", "))")
          throw OptionProblem(
            "has a rate for an unknown method '\(entry.key)'",
            at: YAMLNode(
              .scalar(entry.key, plain: true), at: entry.keyLocation,
              length: entry.key.unicodeScalars.count),
            notes: notes)
        }
        rates[method] = try Double.decode(entry.value, range: range)
      }
      return .perMethod(rates)
    }
  }

  var optionText: String {
    switch self {
    case .all(let rate): return rate.optionText
    case .perRun(let rates): return rates.optionText
    case .perMethod(let rates):
      let pairs = Method.allCases.compactMap { m in
        rates[m].map { "\(m.rawValue): \($0.optionText)" }
      }
      return "{" + pairs.joined(separator: ", ") + "}"
    }
  }

  var cacheText: String {
    switch self {
    case .all(let rate): return rate.cacheText
    case .perRun(let rates): return rates.cacheText
    case .perMethod(let rates):
      let pairs = Method.allCases.compactMap { m in
        rates[m].map { "\(m.rawValue): \($0.cacheText)" }
      }
      return "{" + pairs.joined(separator: ", ") + "}"
    }
  }

  /// One rate per entry of `methods`.
  func rates(for methods: [Method], option: String = "lr", listName: String = "methods")
    throws(DirectiveError) -> [Double]
  {
    switch self {
    case .all(let rate): return methods.map { _ in rate }
    case .perRun(let rates):
      guard rates.count == methods.count || rates.count == 1 else {
        throw DirectiveError(
          "'\(option)' has \(rates.count) rates for \(methods.count) \(listName): give one rate, one per entry of '\(listName)', or a mapping such as {gd: 0.4}",
          option: option)
      }
      return rates.count == 1 ? methods.map { _ in rates[0] } : rates
    case .perMethod(let rates):
      var result: [Double] = []
      for method in methods {
        guard let rate = rates[method] else {
          throw DirectiveError("'\(option)' gives no rate for \(method.rawValue)", option: option)
        }
        result.append(rate)
      }
      return result
    }
  }
}

extension Optimizers.SurfaceChoice {
  /// Whether f has a finite minimum (0): the loss can be drawn on a log scale and a run that
  /// climbs far above its start has diverged. Saddles fall to −∞: a run may *escape*.
  var isBoundedBelow: Bool {
    switch self {
    case .elongated, .rosenbrock, .plateau: true
    case .saddle, .monkeySaddle: false
    }
  }

  /// The minimum, or the saddle point, marked on the contours.
  var specialPoint: (point: SIMD2<Double>, name: String) {
    switch self {
    case .elongated, .plateau: ([0, 0], "minimum")
    case .rosenbrock: ([1, 1], "minimum (1, 1)")
    case .saddle, .monkeySaddle: ([0, 0], "saddle point")
    }
  }

  /// The formula in TeX, for captions (LessonMath's default parameters).
  var tex: String {
    switch self {
    case .elongated: "f(x, y) = 0.1x^2 + 2y^2"
    case .rosenbrock: "f(x, y) = (1 - x)^2 + 100\\,(y - x^2)^2"
    case .saddle: "f(x, y) = x^2 - y^2"
    case .monkeySaddle: "f(x, y) = x^3 - 3xy^2"
    case .plateau: "f(x, y) = 1 - e^{-(x^2 + y^2)/2}"
    }
  }

  /// The formula as plain text, for descriptions.
  var plainFormula: String {
    switch self {
    case .elongated: "f(x, y) = 0.1x² + 2y²"
    case .rosenbrock: "f(x, y) = (1 − x)² + 100(y − x²)²"
    case .saddle: "f(x, y) = x² − y²"
    case .monkeySaddle: "f(x, y) = x³ − 3xy²"
    case .plateau: "f(x, y) = 1 − exp(−(x² + y²)/2)"
    }
  }
}
