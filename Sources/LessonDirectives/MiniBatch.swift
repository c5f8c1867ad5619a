import LessonKit
import LessonMarkdown
import LessonMarkup
import LessonMath
import LessonPlot

/// `{minibatch}`: batch, mini-batch and stochastic gradient descent on one data set
/// (course 2.1–2.2).
///
/// Every batch size trains the same model from the same start with plain gradient descent.
/// Each epoch shuffles the m examples (one permutation of X and Y together, stream
/// (seed, epoch)) and cuts them into ⌊m/b⌋ batches of b plus one short batch of m mod b
/// (`MiniBatches`); each batch is one iteration: the cost of that batch, then one step.
///
/// Figures (chosen with `show`; the first one shown is the main figure, `name`, the others
/// are `name-epochs`, `name-partition`, `name-table`): the cost of every iteration's batch,
/// one panel per batch size over a shared epoch axis, with the cost of the whole training set
/// after each epoch; the whole-set cost per epoch of every batch size in one chart; the
/// first epoch's mini-batches in the plane (two-feature data); a table of batch counts, the
/// short last batch and the final costs.
struct MiniBatch: Directive {
  static let name = "minibatch"
  static let summary =
    "Batch, mini-batch and stochastic gradient descent: cost per iteration and per epoch, the shuffled partition with its short last batch."
  static let publishedValues = [
    ValueDeclaration("examples", "m, the number of training examples."),
    ValueDeclaration(
      "initial-cost",
      "The cost of the whole training set before training (the same start for every b)."),
    ValueDeclaration("batches[b]", "Mini-batches per epoch: ⌈m/b⌉ (b = all: 1)."),
    ValueDeclaration(
      "last-batch[b]", "The size of an epoch's last batch: m mod b, or b when b divides m."),
    ValueDeclaration("iterations[b]", "Updates over the whole run: epochs × batches per epoch."),
    ValueDeclaration("final-cost[b]", "The cost of the whole training set after the last epoch."),
    ValueDeclaration(
      "cost[b,e]", "The cost of the whole training set after epoch e (e = 0: before training)."),
    ValueDeclaration(
      "rises[b]",
      "The fraction of iterations whose batch cost is above the previous iteration's (0: monotone)."
    ),
    ValueDeclaration(
      "spread[b]",
      "The standard deviation of the batch costs in the last epoch (0 for batch gradient descent)."),
  ]

  /// The data sets the directive can train on.
  enum DataChoice: String, OptionChoice {
    /// Two interleaving half circles (2 features, 2 classes), noise 0.2.
    case moons
    /// Three Gaussian blobs (2 features, 3 classes).
    case blobs
    /// The 8×8 handwritten digits (64 features, 10 classes).
    case digits
  }

  /// The parts of the output.
  enum Part: String, OptionChoice {
    /// The cost of every iteration's batch, one panel per batch size.
    case iterations
    /// The cost of the whole training set after every epoch, all batch sizes in one chart.
    case epochs
    /// The first epoch's mini-batches drawn in the plane (two-feature data sets).
    case partition
    /// The table of batch counts, last batches and costs.
    case table
  }

  @Option(
    "dataset",
    help: "The training set: moons (2 classes), blobs (3 classes) or the 8×8 digits (10 classes).")
  var dataset = DataChoice.moons

  @Option(
    "batch-sizes", range: .atLeast(1),
    help:
      "Mini-batch sizes b to compare, one run each; all means the whole set (batch gradient descent), 1 is stochastic gradient descent."
  )
  var batchSizes: [BatchSize] = [.all, .size(64), .size(1)]

  @Option(
    "epochs", range: .closed(1, 500),
    help: "Passes over the training set, the same for every batch size.")
  var epochs = 20

  @Option(
    "lr", symbol: "α", range: .open(0, 100),
    help: "The learning rate α of gradient descent, the same for every batch size.")
  var learningRate = 0.5

  @Option(
    "examples", range: .closed(10, 5000),
    help: "m, the number of training examples; default 300 (digits: all 1,797).")
  var examples: Int? = nil

  @Option(
    "hidden", range: .closed(1, 64),
    help:
      "Hidden-layer widths, e.g. [5, 2] (the course's moons network, ReLU, He initialization); when not given, logistic (softmax) regression from zero weights."
  )
  var hidden: [Int]? = nil

  @Option(
    "show",
    help:
      "Which parts to show, in this order: iterations, epochs, partition (two-feature data only), table."
  )
  var show: [Part] = [.iterations, .epochs, .table]

  @Option(
    "seed", range: .closed(0, 4_294_967_295),
    help: "Seed of the data, the initial weights and the shuffles: the same seed, the same figure.")
  var seed = 0

  /// One batch size's run.
  struct Run {
    var batchSize: BatchSize
    /// b as used: at most m.
    var size: Int
    var sizes: [Int]
    /// The cost of each iteration's batch, before its update.
    var iterationCosts: [Double]
    /// The whole training set's cost before training and after each epoch.
    var epochCosts: [Double]
    var rises: Double
    var spread: Double
    var diverged: Bool
  }

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    var seen: Set<BatchSize> = []
    for b in batchSizes where !seen.insert(b).inserted {
      throw DirectiveError("batch size \(b.optionText) is listed twice", option: "batch-sizes")
    }
    var shown: Set<Part> = []
    for part in show where !shown.insert(part).inserted {
      throw DirectiveError("'show' lists \(part.rawValue) twice", option: "show")
    }
    if dataset == .digits, let examples, examples > 1797 {
      throw DirectiveError("the digits set has 1,797 examples, not \(examples)", option: "examples")
    }
    let data = trainingSet()
    let m = data.count
    // Checked before training, which is the slow part.
    let partitionBatchSize = show.contains(.partition) ? try partitionBatchSize(data) : nil
    if needsTraining {
      try TrainingBudget.check(
        epochs: epochs, examples: m, layers: model(for: data).configuration.layerSizes,
        runs: batchSizes.count, option: "epochs")
      let perEpoch = batchSizes.map { size -> Double in
        guard case .size(let b) = size, b < m else { return 1 }
        return Double((m + b - 1) / b)
      }
      try TrainingBudget.check(
        updates: Double(epochs) * perEpoch.reduce(0, +),
        what: "\(epochs) epochs over \(m) examples with batch sizes \(batchSizes.optionText)",
        option: "epochs")
    }
    let runs = needsTraining ? batchSizes.map { train(on: data, batchSize: $0) } : []

    var items: [DirectiveOutput.Item] = []
    for part in show {
      let key = items.isEmpty ? "" : part.rawValue
      switch part {
      case .iterations: items.append(.figure(iterationsFigure(runs, m: m, key: key)))
      case .epochs: items.append(.figure(epochsFigure(runs, m: m, key: key)))
      case .partition:
        items.append(.figure(partitionFigure(data, batchSize: partitionBatchSize!, key: key)))
      case .table: items.append(.table(table(runs, m: m, key: key)))
      }
    }

    var values = [NamedValue("examples", Double(m), style: .integer)]
    for b in batchSizes {
      let sizes = MiniBatches.sizes(count: m, batchSize: b.size(of: m))
      values.append(NamedValue("batches[\(b.optionText)]", Double(sizes.count), style: .integer))
      values.append(NamedValue("last-batch[\(b.optionText)]", Double(sizes.last!), style: .integer))
      values.append(
        NamedValue("iterations[\(b.optionText)]", Double(sizes.count * epochs), style: .integer))
    }
    if let first = runs.first { values.append(NamedValue("initial-cost", first.epochCosts[0])) }
    for run in runs {
      let key = run.batchSize.optionText
      values.append(NamedValue("final-cost[\(key)]", run.epochCosts.last!))
      values.append(NamedValue("rises[\(key)]", run.rises, style: .percent(0)))
      values.append(NamedValue("spread[\(key)]", run.spread))
      for (e, cost) in run.epochCosts.enumerated() {
        values.append(NamedValue("cost[\(key),\(e)]", cost))
      }
    }
    return DirectiveOutput(items: items, values: values)
  }

  /// Whether any part needs the training runs.
  var needsTraining: Bool { show.contains { $0 != .partition } }

  /// The standardized training set (x′ = (x − μ)/σ per feature, σ = 0 guarded).
  func trainingSet() -> Dataset {
    let raw: Dataset
    switch dataset {
    case .moons: raw = .moons(count: examples ?? 300, noise: 0.2, seed: seed)
    case .blobs: raw = .blobs(count: examples ?? 300, centers: 3, seed: seed)
    case .digits:
      let all = Dataset.digits()
      // The file is ordered by writer: take a shuffled subset when fewer are asked for.
      if let examples, examples < all.count {
        var rng = SeededGenerator(seed: seed)
        raw = all.subset(Array(rng.permutation(all.count).prefix(examples)))
      } else {
        raw = all
      }
    }
    return Standardizer(fitting: raw.features).transform(raw)
  }

  /// The model: logistic (softmax) regression from zero weights, or a ReLU network with He
  /// initialization from `seed`; the same start for every batch size.
  func model(for data: Dataset) -> NeuralNetwork {
    let outputs = data.classCount == 2 ? 1 : data.classCount
    let configuration =
      hidden.map {
        NetworkConfiguration(
          layerSizes: [data.featureCount] + $0 + [outputs], hiddenActivation: .relu,
          initialization: .he)
      } ?? NetworkConfiguration(layerSizes: [data.featureCount, outputs], initialization: .zeros)
    return NeuralNetwork(configuration, seed: seed)
  }

  func train(on data: Dataset, batchSize: BatchSize) -> Run {
    let m = data.count
    let b = batchSize.size(of: m)
    var network = model(for: data)
    let initial = network.evaluate(data).loss
    let history = network.train(
      on: data,
      options: TrainingOptions(
        optimizer: .gradientDescent, learningRate: learningRate, batchSize: b, epochs: epochs,
        seed: seed, recordIterationLosses: true),
      evaluationSet: data)
    let costs = history.iterationLosses
    let epochCosts = [initial] + history.epochs.map { $0.evaluationLoss ?? $0.loss }
    let rises = zip(costs, costs.dropFirst()).filter { $1 > $0 }.count
    let perEpoch = MiniBatches.sizes(count: m, batchSize: b).count
    let last = costs.suffix(perEpoch)
    let mean = last.reduce(0, +) / Double(max(last.count, 1))
    let variance = last.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(last.count, 1))
    return Run(
      batchSize: batchSize, size: b, sizes: MiniBatches.sizes(count: m, batchSize: b),
      iterationCosts: costs, epochCosts: epochCosts,
      rises: costs.count > 1 ? Double(rises) / Double(costs.count - 1) : 0,
      spread: variance.squareRoot(), diverged: history.divergedAtEpoch != nil)
  }

  // MARK: - Figures

  /// "batch GD (b = m = 300)", "b = 64", "SGD (b = 1)".
  static func label(_ run: Run, m: Int) -> String {
    if run.size >= m { return "batch GD (b = m = \(m))" }
    if run.size == 1 { return "SGD (b = 1)" }
    return "mini-batch, b = \(run.size)"
  }

  /// The b column: "all (batch GD)", "64", "1 (SGD)".
  static func tableLabel(_ run: Run, m: Int) -> String {
    if run.size >= m { return "\(run.batchSize.optionText) (batch GD)" }
    if run.size == 1 { return "1 (SGD)" }
    return run.batchSize.optionText
  }

  func iterationsFigure(_ runs: [Run], m: Int, key: String) -> LessonKit.Figure {
    let top = yTop(runs)
    let charts = runs.enumerated().map { index, run -> Chart in
      let perEpoch = Double(run.sizes.count)
      let epochX = run.epochCosts.indices.map(Double.init)
      guard run.size < m else {
        // Batch gradient descent: one iteration per epoch, its batch is the whole set.
        return Chart(
          width: 640, height: 190, x: Axis("epoch", domain: 0...Double(epochs)),
          y: Axis("cost", domain: 0...top),
          marks: [
            .line(
              Line(
                "cost per iteration", x: epochX, y: run.epochCosts,
                style: SeriesStyle(color: .series(index + 1), dash: .solid),
                exitLabel: run.diverged ? "diverged" : nil))
          ], legend: .hidden)
      }
      // Thousands of iterations fill the panel: draw them thin and light.
      let dense = run.iterationCosts.count > 400
      // The legend is the same in every noisy panel: show it once, where it hides no data.
      let firstNoisy = runs.firstIndex { $0.size < m } == index
      return Chart(
        width: 640, height: 190, x: Axis("epoch", domain: 0...Double(epochs)),
        y: Axis("cost", domain: 0...top),
        marks: [
          .line(
            Line(
              "cost of the iteration's batch",
              x: run.iterationCosts.indices.map { Double($0) / perEpoch }, y: run.iterationCosts,
              style: SeriesStyle(
                color: .series(index + 1), dash: .solid, lineWidth: dense ? 0.6 : 1.1,
                opacity: dense ? 0.45 : 0.85),
              exitLabel: run.diverged ? "diverged" : nil)),
          .line(
            Line(
              "whole training set, after each epoch", x: epochX, y: run.epochCosts,
              style: SeriesStyle(color: .foreground, dash: .solid, lineWidth: 1.5))),
        ], legend: firstNoisy && !dense ? .automatic : .hidden)
    }
    let subtitles = runs.map { run in
      "\(Self.label(run, m: m)): \(run.sizes.count) \(run.sizes.count == 1 ? "iteration" : "iterations") per epoch"
    }
    var columns: [(String, [Double])] = []
    for run in runs {
      let name = "b=\(run.batchSize.optionText)"
      let perEpoch = Double(run.sizes.count)
      columns.append(("\(name) iteration", run.iterationCosts.indices.map { Double($0 + 1) }))
      columns.append(("\(name) epoch", run.iterationCosts.indices.map { Double($0) / perEpoch }))
      columns.append(("\(name) batch cost", run.iterationCosts))
    }
    let parts = runs.map { run -> String in
      let what =
        run.size >= m
        ? "falls smoothly\(run.rises == 0 ? " and never rises" : "")"
        : "rises in \(NumberFormat.display(run.rises, .percent(0))) of its iterations (batch costs spread by \(NumberFormat.display(run.spread, .significant(2))) in the last epoch)"
      return
        "\(Self.label(run, m: m)) makes \(run.sizes.count * epochs) updates and its cost \(what), ending at \(Self.cost(run.epochCosts.last!)) on the whole set"
    }
    let description =
      "Cost of each iteration's batch over \(epochs) epochs on \(dataName(m: m)), from \(Self.cost(runs.first?.epochCosts[0] ?? 0)), one panel per batch size: "
      + parts.joined(separator: "; ") + "."
    let caption =
      "Cost per iteration on \(dataName(m: m)), one panel per batch size, on a common epoch axis: batch gradient descent falls smoothly; a mini-batch's cost is noisy because every iteration sees different examples; the smooth line through the noise is the cost of the whole training set after each epoch."
    return LessonKit.Figure(
      key: key, caption: caption, description: description, data: DataTable(columns),
      chart: Panels(charts, subtitles: subtitles, columns: 1))
  }

  /// A common top for the cost axes: above the initial cost and most batch costs, so that
  /// only rare single-example spikes are cut.
  func yTop(_ runs: [Run]) -> Double {
    let start = runs.map { $0.epochCosts[0] }.max() ?? 1
    // 1.5 × the initial cost, rounded up to a tenth (moons: ln 2 → 1.1; digits: ln 10 → 3.5).
    return (start * 15).rounded(.up) / 10
  }

  func epochsFigure(_ runs: [Run], m: Int, key: String) -> LessonKit.Figure {
    let x = (0...epochs).map(Double.init)
    let chart = Chart(
      height: 340, x: Axis("epoch"), y: Axis("cost of the whole training set"),
      marks: runs.enumerated().map { index, run in
        .line(
          Line(
            Self.label(run, m: m), x: x, y: run.epochCosts,
            style: SeriesStyle(color: .series(index + 1), marker: epochs <= 30 ? .circle : nil),
            exitLabel: run.diverged ? "diverged" : nil))
      })
    let columns = [("epoch", x)] + runs.map { ("b=\($0.batchSize.optionText)", $0.epochCosts) }
    let parts = runs.map { run in
      "\(Self.label(run, m: m)): \(Self.cost(run.epochCosts[min(1, epochs)])) after one epoch and \(Self.cost(run.epochCosts.last!)) after \(epochs)"
    }
    let description =
      "Cost of the whole training set after each of \(epochs) epochs on \(dataName(m: m)), from \(Self.cost(runs.first?.epochCosts[0] ?? 0)): "
      + parts.joined(separator: "; ") + "."
    let caption =
      "The same runs per epoch: the cost of the whole training set after each pass. Smaller batches make more updates per pass, so they get further in one epoch."
    return LessonKit.Figure(
      key: key, caption: caption, description: description, data: DataTable(columns),
      chart: chart)
  }

  /// The batch size the partition figure colours: the first listed that gives 2 to 8 batches.
  func partitionBatchSize(_ data: Dataset) throws(DirectiveError) -> Int {
    guard data.featureCount == 2 else {
      throw DirectiveError(
        "the partition is drawn in the plane: it needs a data set with two features (moons, blobs)",
        option: "show")
    }
    let m = data.count
    guard
      let b = batchSizes.map({ $0.size(of: m) }).first(where: {
        (2...8).contains(MiniBatches.sizes(count: m, batchSize: $0).count)
      })
    else {
      throw DirectiveError(
        "the partition figure colours each mini-batch: list a batch size that gives 2 to 8 batches of the \(m) examples",
        option: "batch-sizes")
    }
    return b
  }

  func partitionFigure(_ data: Dataset, batchSize b: Int, key: String) -> LessonKit.Figure {
    let m = data.count
    let batches = MiniBatches.batches(count: m, batchSize: b, seed: seed, epoch: 0)
    var batchOf = [Int](repeating: 0, count: m)
    for (k, batch) in batches.enumerated() { for i in batch { batchOf[i] = k } }
    // X⁽ᵏ⁾ as the course writes it: superscript digits in parentheses.
    let names = batches.enumerated().map { k, batch in
      "X⁽\(NumberFormat.superscript(k + 1))⁾: \(batch.count) examples"
    }
    let chart = Chart(
      height: 380, x: Axis("x₁ (standardized)"), y: Axis("x₂ (standardized)"),
      marks: [
        .scatter(
          Scatter(
            x: data.features.column(0), y: data.features.column(1), classes: batchOf,
            classNames: names, size: 6))
      ], legend: .outsideRight, equalAspect: true)
    let description =
      "The \(dataName(m: m)) in the plane, coloured by the mini-batch they fall in during the first epoch with b = \(b): "
      + names.joined(separator: ", ")
      + ". Every batch is spread over the whole data set; the last one is short."
    let caption =
      "One epoch's mini-batches for b = \(b): the \(m) examples are shuffled, then cut into \(batches.count) batches, \(Self.sizesText(batches.map(\.count))). Each is a random sample of the whole set."
    let columns = [
      ("x1", data.features.column(0)), ("x2", data.features.column(1)),
      ("label", data.labels.map(Double.init)), ("batch", batchOf.map { Double($0 + 1) }),
    ]
    return LessonKit.Figure(
      key: key, caption: caption, description: description, data: DataTable(columns),
      chart: chart)
  }

  func table(_ runs: [Run], m: Int, key: String) -> Table {
    Table(
      key: key,
      caption:
        "For $m = \(m)$ examples and \(epochs) epochs: how each batch size cuts an epoch ($\\lfloor m/b \\rfloor$ full batches, then one short batch of $m \\bmod b$), how many updates it makes, how often its batch cost went up from one iteration to the next, and the cost of the whole training set at the end.",
      columns: [
        Table.Column("$b$", csv: "b"),
        Table.Column("batches per epoch", csv: "batches per epoch", style: .integer),
        Table.Column("batch sizes in an epoch", csv: "batch sizes"),
        Table.Column("last batch", csv: "last batch", style: .integer),
        Table.Column("updates", csv: "updates", style: .integer),
        Table.Column(
          "cost rose", csv: "fraction of iterations whose cost rose", style: .percent(0)),
        Table.Column("final cost", csv: "final cost", style: .fixed(3)),
      ],
      rows: runs.map { run in
        [
          .text(Self.tableLabel(run, m: m)),
          .number(Double(run.sizes.count)),
          .text(Self.sizesText(run.sizes)),
          .number(Double(run.sizes.last!)),
          .number(Double(run.sizes.count * epochs)),
          .number(run.rises),
          .number(run.epochCosts.last!),
        ]
      })
  }

  /// "64, 64, 64, 64, 44"; long lists as "8 × 37, 4".
  static func sizesText(_ sizes: [Int]) -> String {
    if sizes.count <= 6 { return sizes.map(String.init).joined(separator: ", ") }
    let full = sizes[0]
    let count = sizes.prefix { $0 == full }.count
    let rest = sizes.dropFirst(count).map(String.init)
    return (["\(full) × \(count)"] + rest).joined(separator: ", ")
  }

  /// A cost as the descriptions write it: 0.290, 2.303.
  static func cost(_ x: Double) -> String { NumberFormat.display(x, .fixed(3)) }

  func dataName(m: Int) -> String {
    switch dataset {
    case .moons: "\(m) moons examples"
    case .blobs: "\(m) examples of three blobs"
    case .digits: "\(m) 8×8 digits"
    }
  }
}

/// A mini-batch size in a lesson: a positive integer, or `all` for the whole training set
/// (batch gradient descent).
enum BatchSize: OptionValue, Hashable {
  case all
  case size(Int)

  static var typeDescription: String { "a batch size" }

  static func decode(_ node: YAMLNode, range: NumberRange?) throws(OptionProblem) -> BatchSize {
    guard case .scalar(let text, _) = node.value, !node.isNull else {
      throw OptionProblem("must be an integer or all, not \(node.kindDescription)", at: node)
    }
    if text == "all" { return .all }
    guard case .scalar(_, plain: true) = node.value, let value = Int(text) else {
      var notes: [String] = []
      if Spelling.suggestion(for: text, among: ["all"]) != nil {
        notes.append("did you mean 'all'?")
      }
      throw OptionProblem(
        "must be an integer or all, not \(node.kindDescription)", at: node, notes: notes)
    }
    try range?.checked(Double(value), node)
    return .size(value)
  }

  var optionText: String {
    switch self {
    case .all: "all"
    case .size(let b): String(b)
    }
  }

  var cacheText: String { optionText }

  /// b for m examples: m for `all`.
  func size(of m: Int) -> Int {
    switch self {
    case .all: m
    case .size(let b): min(b, m)
    }
  }
}

extension NumberRange {
  /// Throws the standard range message ("must be in [1, ∞), got 0") for a value outside.
  fileprivate func checked(_ value: Double, _ node: YAMLNode) throws(OptionProblem) {
    guard contains(value) else {
      throw OptionProblem("must be in \(self), got \(NumberFormat.ascii(value))", at: node)
    }
  }
}
