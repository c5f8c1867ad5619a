#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import LessonKit
import LessonMarkdown
import LessonMarkup
import LessonMath
import LessonPlot

/// `{hyperparameter-search}`: how to sample hyperparameters (course 3.1–3.3).
///
/// - `alpha-scale`: the same uniform numbers u mapped to α on a linear scale
///   (α = lower + (upper − lower)·u) and on a log scale (α = 10ʳ, r uniform between the
///   decades); the share that lands in the top decade (90 % against 25 % on [10⁻⁴, 1]).
/// - `beta-scale`: β sampled linearly and as β = 1 − 10ʳ, drawn as 1 − β on a log axis.
/// - `sensitivity`: the window 1/(1 − β) before and after the same small change of β near
///   each end of the range: why β near 1 needs the finer scale.
/// - `grid-vs-random`: a k × k grid against k² random points over α (important) and Adam's
///   ε (unimportant), scored on a real objective: how many distinct α each one tries.
/// - `coarse-to-fine` and `rounds`: random search over α and momentum's β, zooming each
///   round into the neighbourhood of the best point (`LessonMath.HyperparameterSearch`).
///
/// The objective is either a short training of the course's moons network (its cost on a
/// held-out dev set) or 50 steps on the elongated quadratic; lower is better, a run that
/// diverges scores +∞ and never wins. The first part shown is the main item (`name`); the
/// others are `name-<part>`.
struct HyperparameterSearchDirective: Directive {
  static let name = "hyperparameter-search"
  static let summary =
    "Linear vs log-scale sampling of α and β, grid vs random search, coarse to fine on a real objective."
  static let publishedValues = [
    ValueDeclaration("decades", "log₁₀(upper/lower) of the α range (4 for [10⁻⁴, 1])."),
    ValueDeclaration(
      "alpha-top-decade[scale]",
      "The fraction of α samples in the top decade [upper/10, upper]; scale is linear or log."),
    ValueDeclaration(
      "alpha-top-decade-expected[scale]",
      "The same fraction in expectation: 0.9 · upper/(upper − lower) (linear), 1/decades (log)."),
    ValueDeclaration(
      "beta-split",
      "The β halfway along the 1 − β log scale: 1 − √((1 − lower)(1 − upper)) (0.99 for [0.9, 0.999])."
    ),
    ValueDeclaration(
      "beta-top-half[scale]", "The fraction of β samples above beta-split; scale is linear or log."),
    ValueDeclaration("beta-top-half-expected[scale]", "The same fraction in expectation."),
    ValueDeclaration(
      "window[β]", "1/(1 − β) for both ends of the β range and each end plus δ = (1 − upper)/2."),
    ValueDeclaration(
      "distinct[search]",
      "Distinct values of α tried by the grid or the random search (search is grid or random)."),
    ValueDeclaration("best[search]", "The best objective found by the grid or the random search."),
    ValueDeclaration("best-alpha[search]", "The α of that best trial."),
    ValueDeclaration("round-best[k]", "Coarse to fine: the best objective of round k (1-based)."),
    ValueDeclaration("round-alpha[k]", "The α of round k's best trial."),
    ValueDeclaration("round-beta[k]", "The β of round k's best trial."),
    ValueDeclaration(
      "round-median[k]",
      "The median objective of round k's trials (+∞ for diverged runs counts as worst)."),
    ValueDeclaration("round-width[k]", "The width of round k's α range, in decades."),
  ]

  /// The parts of the output, in the order `show` lists them.
  enum Part: String, OptionChoice {
    /// Histograms of α sampled on a linear and on a log scale.
    case alphaScale = "alpha-scale"
    /// Histograms of 1 − β sampled linearly and as 1 − β = 10ʳ.
    case betaScale = "beta-scale"
    /// A table of the window 1/(1 − β) before and after a small change of β.
    case sensitivity
    /// Grid against random search over α and ε.
    case gridVersusRandom = "grid-vs-random"
    /// Coarse-to-fine random search over α and β.
    case coarseToFine = "coarse-to-fine"
    /// A table of the coarse-to-fine rounds.
    case rounds
  }

  /// What a trial is scored on.
  enum Objective: String, OptionChoice {
    /// The dev-set cost of the course's moons network after a short training.
    case moons
    /// The loss after 50 steps on the elongated quadratic 0.1x² + 2y² from (−5, −2).
    case quadratic
  }

  @Option(
    "show",
    help:
      "Which parts to show, in this order: alpha-scale, beta-scale, sensitivity, grid-vs-random, coarse-to-fine, rounds."
  )
  var show: [Part] = [
    .alphaScale, .betaScale, .sensitivity, .gridVersusRandom, .coarseToFine, .rounds,
  ]

  @Option(
    "alpha", range: .positive,
    help: "The range [low, high] of the learning rate α, sampled on a log scale.")
  var alpha = SearchRange(1e-4, 1)

  @Option(
    "beta", symbol: "β",
    range: NumberRange(lower: 0, upper: 1, includesLower: true, includesUpper: false),
    help: "The range [low, high] of the averaging constant β, sampled as β = 1 − 10ʳ.")
  var beta = SearchRange(0.9, 0.999)

  @Option(
    "epsilon", symbol: "ε", range: .positive,
    help:
      "The range [low, high] of Adam's ε, the unimportant parameter of the grid-vs-random search.")
  var epsilon = SearchRange(1e-8, 1e-4)

  @Option(
    "samples", range: .closed(10, 100_000),
    help: "How many values the alpha-scale and beta-scale histograms draw.")
  var samples = 1000

  @Option(
    "trials", range: .closed(1, 400),
    help:
      "Trials of a search: k² for grid-vs-random (a k × k grid against k² random points), per round for coarse-to-fine."
  )
  var trials = 25

  @Option("rounds", range: .closed(1, 6), help: "Rounds of the coarse-to-fine search.")
  var roundCount = 3

  @Option(
    "zoom", range: NumberRange(lower: 0, upper: 1, includesLower: false, includesUpper: true),
    help: "The fraction of each range (on its scale) kept around the best point for the next round."
  )
  var zoom = 0.25

  @Option(
    "objective",
    help:
      "What a trial is scored on: moons (dev cost of the course's 2-5-2-1 network after a short training) or quadratic (loss after 50 steps on 0.1x² + 2y²)."
  )
  var objective = Objective.moons

  @Option(
    "epochs", range: .closed(1, 200), help: "Epochs of each moons training (mini-batches of 64).")
  var epochs = 50

  @Option(
    "seed", range: .closed(0, 4_294_967_295),
    help: "Seed of the samples, the data and the initial weights: the same seed, the same figure.")
  var seed = 0

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    var shown: Set<Part> = []
    for part in show where !shown.insert(part).inserted {
      throw DirectiveError("'show' lists \(part.rawValue) twice", option: "show")
    }
    if objective == .moons {
      // Every trial trains the moons network: 240 examples in mini-batches of 64 per epoch.
      var trainings = 0
      if show.contains(.gridVersusRandom) { trainings += 2 * trials }
      if show.contains(.coarseToFine) || show.contains(.rounds) { trainings += trials * roundCount }
      try TrainingBudget.check(
        updates: Double(trainings * epochs * 4),
        what: "\(trainings) trainings of \(epochs) epochs", option: "trials")
    }
    var items: [DirectiveOutput.Item] = []
    var values: [NamedValue] = []
    var search: CoarseToFine?
    for part in show {
      let key = items.isEmpty ? "" : part.rawValue
      switch part {
      case .alphaScale:
        let (figure, published) = alphaFigure(key: key)
        items.append(.figure(figure))
        values += published
      case .betaScale:
        let (figure, published) = betaFigure(key: key)
        items.append(.figure(figure))
        values += published
      case .sensitivity:
        let (table, published) = sensitivityTable(key: key)
        items.append(.table(table))
        values += published
      case .gridVersusRandom:
        let (figure, published) = try gridFigure(key: key)
        items.append(.figure(figure))
        values += published
      case .coarseToFine, .rounds:
        if search == nil {
          search = coarseToFine()
          values += search!.values
        }
        if part == .coarseToFine {
          items.append(.figure(coarseToFineFigure(search!, key: key)))
        } else {
          items.append(.table(roundsTable(search!, key: key)))
        }
      }
    }
    return DirectiveOutput(items: items, values: values)
  }

  // MARK: - Sampling scales

  /// The same `samples` uniform numbers mapped through both scales of one range.
  func draws(_ linear: ParameterRange, _ other: ParameterRange) -> ([Double], [Double]) {
    var rng = SeededGenerator(seed: seed)
    let u = (0..<samples).map { _ in rng.nextUniform() }
    return (u.map(linear.value(at:)), u.map(other.value(at:)))
  }

  func alphaFigure(key: String) -> (LessonKit.Figure, [NamedValue]) {
    let (lo, hi) = (alpha.lower, alpha.upper)
    let (uniform, logScale) = draws(
      ParameterRange("alpha", lo, hi), ParameterRange("alpha", lo, hi, scale: .logarithmic))
    let decades = log10(hi / lo)
    let cut = max(hi / 10, lo)
    let share = { (xs: [Double]) in Double(xs.filter { $0 >= cut }.count) / Double(xs.count) }
    let measured = (share(uniform), share(logScale))
    let expected = ((hi - cut) / (hi - lo), min(1, 1 / decades))
    let range = "[\(Self.text(lo)), \(Self.text(hi))]"
    let top = "[\(Self.text(cut)), \(Self.text(hi))]"
    // Both panels on one y-scale: the two ways of sampling compare bar for bar.
    let alphaTop = max(
      Self.histogramTop(uniform, perDecade: 4), Self.histogramTop(logScale, perDecade: 4))
    func chart(_ xs: [Double], color: Int, fraction: Double) -> Chart {
      Chart(
        width: 320, height: 260, x: Axis("α", scale: .log),
        y: Axis("share of samples", domain: 0...alphaTop),
        marks: [
          .histogram(
            Histogram(
              values: xs, bins: .log(perDecade: 4), normalization: .fraction,
              color: .series(color)))
        ],
        annotations: [
          .verticalRule(x: cut, label: "\(NumberFormat.display(fraction, .percent(0))) above")
        ], legend: .hidden)
    }
    let panels = Panels(
      [
        chart(uniform, color: 1, fraction: measured.0),
        chart(logScale, color: 2, fraction: measured.1),
      ], subtitles: ["(a) α uniform on \(range)", "(b) α = 10ʳ, r uniform"])
    let figure = LessonKit.Figure(
      key: key,
      caption:
        "The same \(samples) random numbers turned into learning rates on \(range): (a) uniformly, $\\alpha = a + (b-a)\\,u$, puts \(NumberFormat.display(measured.0, .percent(0))) of them in the top decade \(top); (b) on a log scale, $\\alpha = 10^r$ with $r$ uniform, gives every decade the same share.",
      description:
        "Two histograms of \(samples) learning rates on \(range), drawn on a log axis with 4 bins per decade. Sampled uniformly, \(NumberFormat.display(measured.0, .percent(1))) fall in the top decade \(top) (expected \(NumberFormat.display(expected.0, .percent(1)))); sampled as 10 to a uniform power, \(NumberFormat.display(measured.1, .percent(1))) do (expected \(NumberFormat.display(expected.1, .percent(1))), one decade in \(NumberFormat.display(decades, .significant(3)))).",
      data: DataTable([("alpha uniform", uniform), ("alpha log scale", logScale)]),
      chart: panels)
    let values = [
      NamedValue("decades", decades, style: .significant(3)),
      NamedValue("alpha-top-decade[linear]", measured.0, style: .percent(0)),
      NamedValue("alpha-top-decade[log]", measured.1, style: .percent(0)),
      NamedValue("alpha-top-decade-expected[linear]", expected.0, style: .percent(0)),
      NamedValue("alpha-top-decade-expected[log]", expected.1, style: .percent(0)),
    ]
    return (figure, values)
  }

  func betaFigure(key: String) -> (LessonKit.Figure, [NamedValue]) {
    let (lo, hi) = (beta.lower, beta.upper)
    let (uniform, logScale) = draws(
      ParameterRange("beta", lo, hi), ParameterRange("beta", lo, hi, scale: .oneMinusLogarithmic))
    let split = 1 - ((1 - lo) * (1 - hi)).squareRoot()
    let share = { (xs: [Double]) in Double(xs.filter { $0 >= split }.count) / Double(xs.count) }
    let measured = (share(uniform), share(logScale))
    let expected = ((hi - split) / (hi - lo), 0.5)
    let range = "[\(Self.text(lo)), \(Self.text(hi))]"
    let r = (log10(1 - hi), log10(1 - lo))
    // Ticks at whole decades of 1 − β: β = 0.999, 0.99, 0.9 from left to right.
    let decadeTicks = (Int(floor(r.0))...Int(ceil(r.1))).map { pow(10, Double($0)) }
    // Both panels on one y-scale (the taller of the two).
    let top = [uniform, logScale].map { Self.histogramTop($0.map { 1 - $0 }, perDecade: 4) }.max()!
    func chart(_ xs: [Double], color: Int, fraction: Double) -> Chart {
      let gaps = xs.map { 1 - $0 }
      return Chart(
        width: 320, height: 260, x: Axis("1 − β", scale: .log, ticks: decadeTicks),
        y: Axis("share of samples", domain: 0...top),
        marks: [
          .histogram(
            Histogram(
              values: gaps, bins: .log(perDecade: 4), normalization: .fraction,
              color: .series(color)))
        ],
        annotations: [
          // Samples with β above the split have 1 − β below it: to the left of the rule.
          .verticalRule(x: 1 - split),
          .text(
            "β ≥ \(Self.text(split)): \(NumberFormat.display(fraction, .percent(0)))",
            x: (1 - split) / 1.12, y: top * 0.93, anchor: .end),
        ], legend: .hidden)
    }
    let panels = Panels(
      [
        chart(uniform, color: 1, fraction: measured.0),
        chart(logScale, color: 2, fraction: measured.1),
      ], subtitles: ["(a) β uniform on \(range)", "(b) β = 1 − 10ʳ, r uniform"])
    let figure = LessonKit.Figure(
      key: key,
      caption:
        "The same \(samples) random numbers turned into β on \(range), drawn as $1-\\beta$ on a log axis: (a) uniformly in β, only \(NumberFormat.display(measured.0, .percent(0))) reach β ≥ \(Self.text(split)); (b) as $\\beta = 1 - 10^r$ with $r$ uniform in [\(Self.text(r.0)), \(Self.text(r.1))], half of them do.",
      description:
        "Two histograms of 1 − β for \(samples) values of β on \(range), on a log axis. Sampled uniformly in β, \(NumberFormat.display(measured.0, .percent(1))) have β ≥ \(Self.text(split)) (expected \(NumberFormat.display(expected.0, .percent(1)))); sampled as 1 − 10 to a uniform power, \(NumberFormat.display(measured.1, .percent(1))) do (expected \(NumberFormat.display(expected.1, .percent(1)))).",
      data: DataTable([("beta uniform", uniform), ("beta one minus log scale", logScale)]),
      chart: panels)
    let values = [
      NamedValue("beta-split", split),
      NamedValue("beta-top-half[linear]", measured.0, style: .percent(0)),
      NamedValue("beta-top-half[log]", measured.1, style: .percent(0)),
      NamedValue("beta-top-half-expected[linear]", expected.0, style: .percent(0)),
      NamedValue("beta-top-half-expected[log]", expected.1, style: .percent(0)),
    ]
    return (figure, values)
  }

  func sensitivityTable(key: String) -> (Table, [NamedValue]) {
    let delta = (1 - beta.upper) / 2
    let window = { (b: Double) in 1 / (1 - b) }
    let pairs = [beta.lower, beta.upper].map { ($0, $0 + delta) }
    let table = Table(
      key: key,
      caption:
        "The same change of β, $\\delta = \(Self.text(delta))$, at both ends of [\(Self.text(beta.lower)), \(Self.text(beta.upper))]: near the low end the average's window $1/(1-\\beta)$ hardly moves; near 1 it changes by a large factor.",
      columns: [
        Table.Column("$\\beta$", csv: "beta"),
        Table.Column("window $1/(1-\\beta)$", csv: "window", style: .significant(4)),
        Table.Column("$\\beta + \\delta$", csv: "beta + delta"),
        Table.Column("window $1/(1-\\beta-\\delta)$", csv: "window after", style: .significant(4)),
        Table.Column("ratio", csv: "ratio", style: .significant(3)),
      ],
      rows: pairs.map { b, c in
        [
          .number(b), .number(window(b)), .number(c), .number(window(c)),
          .number(window(c) / window(b)),
        ]
      })
    var values: [NamedValue] = []
    for (b, c) in pairs {
      values.append(NamedValue("window[\(NumberFormat.ascii(b))]", window(b)))
      values.append(NamedValue("window[\(NumberFormat.ascii(c))]", window(c)))
    }
    return (table, values)
  }

  // MARK: - Objectives

  /// The objective of one trial: an optimizer with rate α, scored on `objective`.
  struct Scorer {
    var objective: Objective
    var train: Dataset
    var dev: Dataset
    var network: NeuralNetwork
    var epochs: Int
    var seed: Int

    func score(_ method: OptimizerMethod, learningRate: Double) -> Double {
      switch objective {
      case .quadratic:
        let surface = ElongatedQuadratic()
        let run = surface.descend(
          method: method, learningRate: learningRate, from: surface.suggestedStart, steps: 50)
        return run.diverged ? .infinity : run.losses[run.losses.count - 1]
      case .moons:
        var model = network
        let history = model.train(
          on: train,
          options: TrainingOptions(
            optimizer: method, learningRate: learningRate, batchSize: 64, epochs: epochs,
            seed: seed))
        guard history.divergedAtEpoch == nil else { return .infinity }
        let cost = model.evaluate(dev).loss
        return cost.isFinite ? cost : .infinity
      }
    }
  }

  /// The course's moons experiment as an objective: 300 points (noise 0.2), 240 to train and
  /// 60 to score, the 2-5-2-1 network (ReLU, He initialization) from one fixed start.
  func scorer() -> Scorer {
    let moons = Dataset.moons(count: 300, noise: 0.2, seed: seed)
    let (train, dev) = moons.trainTestSplit(testFraction: 0.2, seed: seed)
    let network = NeuralNetwork(NetworkConfiguration(layerSizes: [2, 5, 2, 1]), seed: seed)
    return Scorer(
      objective: objective, train: train, dev: dev, network: network, epochs: epochs, seed: seed)
  }

  var objectiveText: String {
    switch objective {
    case .moons: "the dev-set cost of the moons network after \(epochs) epochs"
    case .quadratic: "the loss after 50 steps on 0.1x² + 2y²"
    }
  }

  var objectiveAxis: String {
    switch objective {
    case .moons: "dev cost"
    case .quadratic: "loss after 50 steps"
    }
  }

  // MARK: - Grid against random

  func gridFigure(key: String) throws(DirectiveError) -> (LessonKit.Figure, [NamedValue]) {
    let k = Int(Double(trials).squareRoot().rounded())
    guard k * k == trials, k >= 2 else {
      throw DirectiveError(
        "grid-vs-random compares a k × k grid with k² random points: trials must be a square (4, 9, 16, 25, …), got \(trials)",
        option: "trials")
    }
    let ranges = [
      ParameterRange("alpha", alpha.lower, alpha.upper, scale: .logarithmic),
      ParameterRange("epsilon", epsilon.lower, epsilon.upper, scale: .logarithmic),
    ]
    let scorer = scorer()
    let score = { (p: [Double]) in
      scorer.score(.adam(beta1: 0.9, beta2: 0.999, epsilon: p[1]), learningRate: p[0])
    }
    let grid = LessonMath.HyperparameterSearch.grid(ranges, pointsPerAxis: k)
    let random = LessonMath.HyperparameterSearch.random(ranges, trials: trials, seed: seed)
    let searches = [("grid", grid, grid.map(score)), ("random", random, random.map(score))]

    var values: [NamedValue] = []
    var summaries: [String] = []
    var charts: [any LessonPlot.Figure] = []
    var profiles: [any LessonPlot.Figure] = []
    var bests: [String] = []
    let finite = searches.flatMap { $0.2 }.filter(\.isFinite)
    // One y-scale for both profiles, so that the panels side by side compare at a glance.
    let yDomain =
      objective == .quadratic
      ? Self.logDomain(finite)
      : finite.min().flatMap { lo in
        finite.max().map { hi in
          let pad = max(hi - lo, 1e-12) * 0.05
          return (lo - pad)...(hi + pad)
        }
      }
    for (index, (name, points, scores)) in searches.enumerated() {
      let distinct = Set(points.map { $0[0] }).count
      let best = Self.bestIndex(scores)
      let bestText = NumberFormat.display(scores[best], .significant(3))
      values.append(NamedValue("distinct[\(name)]", Double(distinct), style: .integer))
      values.append(NamedValue("best[\(name)]", scores[best], style: .significant(3)))
      values.append(NamedValue("best-alpha[\(name)]", points[best][0], style: .significant(3)))
      summaries.append(
        (name == "grid"
          ? "the \(k) × \(k) grid tries \(distinct) distinct α and its"
          : "the \(trials) random points try \(distinct) distinct α and their")
          + " best \(objectiveAxis) is \(bestText) at α = \(NumberFormat.display(points[best][0], .significant(3)))"
      )
      let color = PlotColor.series(index + 1)
      charts.append(
        Chart(
          width: 320, height: 250,
          x: Axis("α (important)", scale: .log, domain: Self.padded(alpha.lower, alpha.upper)),
          y: Axis(
            "ε (unimportant)", scale: .log, domain: Self.padded(epsilon.lower, epsilon.upper)),
          marks: [
            .scatter(
              Scatter(
                x: points.map { $0[0] }, y: points.map { $0[1] },
                style: SeriesStyle(color: color, marker: index == 0 ? .square : .circle), size: 6))
          ],
          annotations: [.marker(x: points[best][0], y: points[best][1], shape: .star)],
          legend: .hidden))
      profiles.append(
        Chart(
          width: 320, height: 230,
          x: Axis("α", scale: .log, domain: Self.padded(alpha.lower, alpha.upper)),
          y: Axis(objectiveAxis, scale: objective == .quadratic ? .log : .linear, domain: yDomain),
          marks: [
            .scatter(
              Scatter(
                x: points.map { $0[0] }, y: scores,
                style: SeriesStyle(color: color, marker: index == 0 ? .square : .circle), size: 6))
          ],
          annotations: [.marker(x: points[best][0], y: scores[best], shape: .star)],
          legend: .hidden))
      bests.append(bestText)
    }
    let diverged = searches.flatMap { $0.2 }.filter { !$0.isFinite }.count
    let description =
      "Top: the trials of a \(k) × \(k) grid and of \(trials) random points over α (log scale, \(Self.interval(alpha))) and Adam's ε (log scale, \(Self.interval(epsilon))). Bottom: each trial's \(objectiveAxis) against its α. "
      + summaries.joined(separator: "; ").capitalizedFirst + "."
      + (diverged > 0 ? " \(diverged) trials diverged and are not drawn." : "")
    let caption =
      "Grid against random search with the same budget of \(trials) trials, scored on \(objectiveText) with Adam. Top: where the trials are. Bottom: what they found, against α. The grid tries only \(k) values of the parameter that matters; random search tries \(trials). The star marks the best trial."
    var columns: [(String, [Double])] = []
    for (name, points, scores) in searches {
      columns.append(("\(name) alpha", points.map { $0[0] }))
      columns.append(("\(name) epsilon", points.map { $0[1] }))
      columns.append(("\(name) \(objectiveAxis)", scores))
    }
    let panels = Panels(
      charts + profiles,
      subtitles: [
        "(a) grid \(k) × \(k)", "(b) \(trials) random points",
        "(c) grid: \(k) distinct α, best \(bests[0])",
        "(d) random: \(Set(random.map { $0[0] }).count) distinct α, best \(bests[1])",
      ], columns: 2)
    let figure = LessonKit.Figure(
      key: key, caption: caption, description: description, data: DataTable(columns),
      chart: panels)
    return (figure, values)
  }

  // MARK: - Coarse to fine

  struct CoarseToFine {
    var rounds: [SearchRound]
    var values: [NamedValue]
  }

  func coarseToFine() -> CoarseToFine {
    let ranges = [
      ParameterRange("alpha", alpha.lower, alpha.upper, scale: .logarithmic),
      ParameterRange("beta", beta.lower, beta.upper, scale: .oneMinusLogarithmic),
    ]
    let scorer = scorer()
    let rounds = LessonMath.HyperparameterSearch.coarseToFine(
      ranges, rounds: roundCount, trialsPerRound: trials, zoom: zoom, seed: seed
    ) { p in
      scorer.score(.momentum(beta: p[1], form: .course), learningRate: p[0])
    }
    var values: [NamedValue] = []
    for (k, round) in rounds.enumerated() {
      let best = round.samples[round.bestIndex]
      values.append(
        NamedValue("round-best[\(k + 1)]", round.scores[round.bestIndex], style: .significant(3)))
      values.append(NamedValue("round-alpha[\(k + 1)]", best[0], style: .significant(3)))
      values.append(NamedValue("round-beta[\(k + 1)]", best[1], style: .significant(4)))
      values.append(
        NamedValue("round-median[\(k + 1)]", Self.median(round.scores), style: .significant(3)))
      values.append(
        NamedValue(
          "round-width[\(k + 1)]", log10(round.ranges[0].upper / round.ranges[0].lower),
          style: .significant(2)))
    }
    return CoarseToFine(rounds: rounds, values: values)
  }

  func coarseToFineFigure(_ search: CoarseToFine, key: String) -> LessonKit.Figure {
    let rounds = search.rounds
    var classes: [Int] = []
    var xs: [Double] = []
    var ys: [Double] = []
    for (k, round) in rounds.enumerated() {
      for sample in round.samples {
        classes.append(k)
        xs.append(sample[0])
        ys.append(1 - sample[1])
      }
    }
    let names = rounds.indices.map { "round \($0 + 1)" }
    // Each round's box, drawn in its round's colour.
    let boxes: [Mark] = rounds.enumerated().map { k, round in
      let (a, b) = (round.ranges[0], round.ranges[1])
      return .line(
        Line(
          x: [a.lower, a.upper, a.upper, a.lower, a.lower],
          y: [1 - b.lower, 1 - b.lower, 1 - b.upper, 1 - b.upper, 1 - b.lower],
          style: SeriesStyle(color: .series(k + 1), dash: .dashed, lineWidth: 1.25)))
    }
    let gap = (1 - beta.upper)...(1 - beta.lower)
    // The best trial of all rounds (a later round need not beat an earlier one).
    let all = rounds.flatMap { zip($0.samples, $0.scores) }
    let overall = all[Self.bestIndex(all.map(\.1))].0
    let plane = Chart(
      width: 640, height: 340,
      x: Axis("learning rate α", scale: .log, domain: Self.padded(alpha.lower, alpha.upper)),
      y: Axis(
        "1 − β", scale: .log, domain: Self.padded(gap.lowerBound, gap.upperBound),
        ticks: Self.logTicks(gap)),
      marks: boxes + [
        .scatter(Scatter(x: xs, y: ys, classes: classes, classNames: names, size: 6))
      ],
      annotations: [.marker(x: overall[0], y: 1 - overall[1], shape: .star)],
      legend: .outsideRight)

    // The objective of every trial in order, and the best so far.
    let scores = rounds.flatMap(\.scores)
    let trialIndex = scores.indices.map { Double($0 + 1) }
    var bestSoFar: [Double] = []
    var running = Double.infinity
    for s in scores {
      if s.isFinite { running = min(running, s) }
      bestSoFar.append(running)
    }
    let progress = Chart(
      width: 640, height: 230, x: Axis("trial", domain: 0...Double(scores.count + 1)),
      y: Axis(objectiveAxis, scale: objective == .quadratic ? .log : .linear),
      marks: [
        .scatter(
          Scatter(
            x: trialIndex, y: scores, classes: classes, classNames: names, size: 5)),
        .line(
          Line(
            "best so far", x: trialIndex, y: bestSoFar,
            style: SeriesStyle(color: .foreground, dash: .solid, lineWidth: 1.5))),
      ], legend: .outsideRight)

    let perRound = rounds.enumerated().map { k, round in
      "round \(k + 1) samples α in \(Self.interval(round.ranges[0].lower, round.ranges[0].upper)) and β in \(Self.interval(round.ranges[1].lower, round.ranges[1].upper)), best \(NumberFormat.display(round.scores[round.bestIndex], .significant(3)))"
    }
    let description =
      "Coarse-to-fine random search over α (log scale) and β (as 1 − β on a log scale), \(trials) trials per round, scored on \(objectiveText) with momentum: "
      + perRound.joined(separator: "; ")
      + ". Bottom: every trial's score in order and the best so far."
    let caption =
      "Coarse to fine: \(trials) random trials per round over α and β, scored on \(objectiveText); each round samples only the dashed box, a \(NumberFormat.display(zoom, .percent(0))) slice of the previous range (on its scale) around its best point. Bottom: each trial's score and the best so far."
    var columns: [(String, [Double])] = [
      ("round", classes.map { Double($0 + 1) }), ("alpha", xs), ("beta", ys.map { 1 - $0 }),
      (objectiveAxis, scores),
    ]
    columns.append(("best so far", bestSoFar))
    return LessonKit.Figure(
      key: key, caption: caption, description: description, data: DataTable(columns),
      chart: Panels(
        [plane, progress],
        subtitles: [
          "(a) the trials of each round and its box; ★ the best: α = \(NumberFormat.display(overall[0], .significant(3))), β = \(NumberFormat.display(overall[1], .significant(3)))",
          "(b) every trial's \(objectiveAxis), in order, and the best so far",
        ], columns: 1))
  }

  func roundsTable(_ search: CoarseToFine, key: String) -> Table {
    Table(
      key: key,
      caption:
        "Each round of the coarse-to-fine search: the ranges it sampled, its best trial, that trial's score (\(objectiveText)) and the median score of the round's \(trials) trials.",
      columns: [
        Table.Column("round", style: .integer),
        Table.Column("$\\alpha$ from", csv: "alpha low", style: .significant(3)),
        Table.Column("$\\alpha$ to", csv: "alpha high", style: .significant(3)),
        Table.Column("$\\beta$ from", csv: "beta low", style: .significant(4)),
        Table.Column("$\\beta$ to", csv: "beta high", style: .significant(4)),
        Table.Column("best $\\alpha$", csv: "best alpha", style: .significant(3)),
        Table.Column("best $\\beta$", csv: "best beta", style: .significant(4)),
        Table.Column("best \(objectiveAxis)", csv: "best \(objectiveAxis)", style: .significant(3)),
        Table.Column("median", csv: "median \(objectiveAxis)", style: .significant(3)),
      ],
      rows: search.rounds.enumerated().map { k, round in
        let best = round.samples[round.bestIndex]
        return [
          .number(Double(k + 1)), .number(round.ranges[0].lower), .number(round.ranges[0].upper),
          .number(round.ranges[1].lower), .number(round.ranges[1].upper), .number(best[0]),
          .number(best[1]), .number(round.scores[round.bestIndex]),
          .number(Self.median(round.scores)),
        ]
      })
  }

  // MARK: - Helpers

  /// The lowest finite score's index (the first on ties); 0 when none is finite.
  static func bestIndex(_ scores: [Double]) -> Int {
    var best = 0
    for i in scores.indices
    where scores[i].isFinite && (!scores[best].isFinite || scores[i] < scores[best]) {
      best = i
    }
    return best
  }

  /// The median (the mean of the two middle values for an even count); +∞ counts as large.
  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let n = sorted.count
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
  }

  /// A log-axis domain a little wider than [lower, upper] (4 % of its decades on each side),
  /// so that markers on the range's ends are not cut by the frame.
  static func padded(_ lower: Double, _ upper: Double) -> ClosedRange<Double> {
    let k = pow(upper / lower, 0.04)
    return (lower / k)...(upper * k)
  }

  /// Ticks for a log axis over `domain`: its ends and the decades between them.
  static func logTicks(_ domain: ClosedRange<Double>) -> [Double] {
    let inner = (Int(ceil(log10(domain.lowerBound)))...Int(floor(log10(domain.upperBound))))
      .map { pow(10, Double($0)) }
    var ticks = [domain.lowerBound]
    for t in inner where t > domain.lowerBound * 1.5 && t < domain.upperBound / 1.5 {
      ticks.append(t)
    }
    return ticks + [domain.upperBound]
  }

  /// Whole decades around the finite values (a log axis with room for every point).
  static func logDomain(_ values: [Double]) -> ClosedRange<Double>? {
    let positive = values.filter { $0 > 0 }
    guard let lo = positive.min(), let hi = positive.max() else { return nil }
    let a = floor(log10(lo))
    let b = max(ceil(log10(hi)), a + 1)
    return pow(10, a)...pow(10, b)
  }

  /// A y-axis top for a `.fraction` histogram in log bins aligned to decades, as LessonPlot
  /// bins it: the largest bin's share plus room for a label, rounded up to a nice step.
  static func histogramTop(_ values: [Double], perDecade: Int) -> Double {
    var counts: [Int: Int] = [:]
    for v in values where v > 0 {
      counts[Int(floor(log10(v) * Double(perDecade))), default: 0] += 1
    }
    let largest = Double(counts.values.max() ?? 0) / Double(max(values.count, 1))
    let step = largest * 1.3 > 0.2 ? 0.1 : 0.05
    return max(step, (largest * 1.3 / step).rounded(.up) * step)
  }

  static func text(_ x: Double) -> String { NumberFormat.display(x, .significant(4)) }

  static func interval(_ range: SearchRange) -> String { interval(range.lower, range.upper) }

  static func interval(_ a: Double, _ b: Double) -> String {
    "[\(NumberFormat.display(a, .significant(3))), \(NumberFormat.display(b, .significant(3)))]"
  }
}

/// A hyperparameter's range in a lesson: `[low, high]`, low < high.
struct SearchRange: OptionValue, Equatable {
  var lower: Double
  var upper: Double

  init(_ lower: Double, _ upper: Double) {
    self.lower = lower
    self.upper = upper
  }

  static var typeDescription: String { "a range [low, high]" }

  static func decode(_ node: YAMLNode, range: NumberRange?) throws(OptionProblem) -> SearchRange {
    guard case .sequence(let items) = node.value, items.count == 2 else {
      throw OptionProblem("must be a range [low, high], not \(node.kindDescription)", at: node)
    }
    let low = try Double.decode(items[0], range: range)
    let high = try Double.decode(items[1], range: range)
    guard low < high else {
      throw OptionProblem(
        "must be a range [low, high] with low < high, got [\(NumberFormat.ascii(low)), \(NumberFormat.ascii(high))]",
        at: node)
    }
    return SearchRange(low, high)
  }

  var optionText: String { "[\(lower.optionText), \(upper.optionText)]" }
  var cacheText: String { "[\(lower.cacheText), \(upper.cacheText)]" }
}
