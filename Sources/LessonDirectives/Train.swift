import Foundation
import LessonKit
import LessonMarkup
import LessonMath
import LessonPlot

/// `{train}`: one small network trained several ways side by side — optimizers and
/// learning-rate schedules — on 2-D data: the cost per epoch, the decision regions each run
/// ends with, and a table of costs and accuracies.
///
/// The defaults are the course's experiment (CONTENT.md 2.8, the optimization assignment):
/// 300 moons with noise 0.2, a 2-5-2-1 network (ReLU, ReLU, sigmoid) with He initialization,
/// mini-batches of 64, α = 0.0007, gradient descent vs momentum (β = 0.9) vs Adam, for 1000
/// epochs (the assignment runs 5000; the ordering is clear long before, and 1000 keeps the
/// book fast). Every run starts from the same weights and sees the same shuffles: only the
/// update rule or the schedule differs. Results depend on the seed; Adam ahead does not.
///
/// Seeds: the data come from `seed` itself (`Dataset.moons(seed:)`), the initial weights and
/// the per-epoch shuffles from two streams derived from it.
struct Train: Directive {
  static let name = "train"
  static let summary =
    "A small network trained with several optimizers or learning-rate schedules: cost per epoch, decision regions, accuracy."
  static let publishedValues = [
    ValueDeclaration(
      "accuracy[run]",
      "Training accuracy after the last epoch (test mode), 0…1. A run is named by its optimizer (adam), or by its schedule when only schedules vary (staircase), or both (adam/staircase); an optimizer listed twice adds its rate (gd@0.1)."
    ),
    ValueDeclaration(
      "final-cost[run]",
      "The cost of the last epoch (mean over its mini-batches' examples, as the course computes it)."
    ),
    ValueDeclaration("first-cost[run]", "The cost of the first epoch."),
    ValueDeclaration(
      "mid-cost[run]", "The cost of the middle epoch (epoch ⌈epochs/2⌉ counted from 1)."),
    ValueDeclaration("final-lr[run]", "α in the last epoch."),
    ValueDeclaration(
      "diverged[run]",
      "The epoch (1-based count) in which the cost became non-finite; 0 if it never did."),
    ValueDeclaration("examples", "How many training examples."),
  ]

  enum DatasetChoice: String, OptionChoice {
    /// scikit-learn style two moons.
    case moons
    /// Gaussian blobs centred on the unit circle, one per class.
    case blobs
  }

  enum ActivationChoice: String, OptionChoice {
    case relu
    case tanh
    case sigmoid

    var activation: Activation {
      switch self {
      case .relu: .relu
      case .tanh: .tanh
      case .sigmoid: .sigmoid
      }
    }
  }

  enum InitChoice: String, OptionChoice {
    /// N(0, 1)·√(2/n_in), for ReLU.
    case he
    /// N(0, 1)·√(1/n_in), for tanh.
    case xavier
    /// N(0, 1)·0.01: small random weights.
    case small
    /// All zeros: no symmetry breaking.
    case zeros

    var initialization: WeightInitialization {
      switch self {
      case .he: .he
      case .xavier: .xavier
      case .small: .scaled(0.01)
      case .zeros: .zeros
      }
    }
  }

  @Option("dataset", help: "The data: two moons, or Gaussian blobs (one per class).")
  var dataset = DatasetChoice.moons

  @Option("count", range: .closed(10, 5000), help: "How many examples.")
  var count = 300

  @Option(
    "noise", symbol: "σ", range: .closed(0, 5),
    help: "Standard deviation of the noise on each coordinate.")
  var noise = 0.2

  @Option("classes", range: .closed(2, 8), help: "Number of classes (blobs only; moons have 2).")
  var classes = 2

  @Option(
    "layers", range: .closed(1, 256),
    help: "Units per layer: inputs, hidden layers, outputs (1 = sigmoid, C = softmax).")
  var layers = [2, 5, 2, 1]

  @Option("activation", help: "The hidden layers' activation (the output is sigmoid or softmax).")
  var activation = ActivationChoice.relu

  @Option("init", help: "How the weights start: he, xavier, small (N(0, 1)·0.01) or zeros.")
  var initialization = InitChoice.he

  @Option("optimizers", help: "The optimizers to compare, in order.")
  var optimizers: [Method] = [.gd, .momentum, .adam]

  @Option(
    "lr", symbol: "α", range: .positive,
    help:
      "Learning rate α₀: one for all, a list with one per optimizer, or a mapping such as {gd: 0.1, adam: 0.001}."
  )
  var lr = LearningRates.all(0.0007)

  @Option("beta", symbol: "β", range: .open(0, 1), help: "Momentum's β.")
  var beta = 0.9

  @Option("momentum-form", help: "course: v = βv + (1 − β)g; undampened: v = βv + g (PyTorch SGD).")
  var momentumForm = MomentumFormChoice.course

  @Option(
    "rmsprop-beta", symbol: "β₂", range: .open(0, 1),
    help: "RMSprop's decay β of the squared-gradient average.")
  var rmspropBeta = 0.9

  @Option("beta1", symbol: "β₁", range: .open(0, 1), help: "Adam's β₁.")
  var beta1 = 0.9

  @Option("beta2", symbol: "β₂", range: .open(0, 1), help: "Adam's β₂.")
  var beta2 = 0.999

  @Option(
    "epsilon", symbol: "ε", range: .positive,
    help: "ε of RMSprop and Adam, outside the square root.")
  var epsilon = 1e-8

  @Option(
    "schedule",
    help:
      "Learning-rate schedules to compare: constant, inverse-time, exponential, inverse-sqrt, staircase."
  )
  var schedule: [ScheduleChoice] = [.constant]

  @Option(
    "decay-rate", symbol: "decay rate", range: .nonNegative,
    help: "decay_rate of inverse-time and staircase decay.")
  var decayRate = 1.0

  @Option("base", range: .open(0, 10), help: "The base of exponential decay.")
  var base = 0.95

  @Option("k", range: .positive, help: "The k of α = k/√epoch · α₀.")
  var k = 1.0

  @Option(
    "interval", range: .closed(1, 1_000_000),
    help: "Epochs per stair of staircase decay (the assignment's time_interval).")
  var interval = 1000

  @Option(
    "first-epoch", range: .closed(0, 1),
    help: "The first epoch's number for the schedule: 0 as in the assignment, 1 as in the lecture.")
  var firstEpoch = 0

  @Option(
    "batch-size", symbol: "batch size", range: .closed(1, 100_000),
    help: "Examples per mini-batch (the count or more: batch gradient descent).")
  var batchSize = 64

  @Option("epochs", range: .closed(1, 20_000), help: "Passes over the data.")
  var epochs = 1000

  @Option(
    "seed", range: .closed(0, 4_294_967_295),
    help: "Seed of the data, the initial weights and the shuffles.")
  var seed = 0

  @Option("boundaries", help: "Show each run's decision regions (at most 6 runs).")
  var showBoundaries = true

  @Option("table", help: "Show the table of costs and accuracies.")
  var showTable = true

  struct Run {
    var optimizer: Method
    var schedule: ScheduleChoice
    var rate: Double
    var key: String
    var label: String
    /// The optimizer's name, with the schedule or rate when they tell runs apart.
    var shortLabel: String
    var history: TrainingHistory
    var network: NeuralNetwork
    var accuracy: Double
  }

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    let data = makeDataset()
    try checkLayers(classCount: data.classCount)
    var seenSchedules: Set<ScheduleChoice> = []
    for s in schedule where !seenSchedules.insert(s).inserted {
      throw DirectiveError("'\(s.rawValue)' is listed twice", option: "schedule")
    }
    let rates = try lr.rates(for: optimizers, listName: "optimizers")
    let optimizerKeys = try Method.runKeys(optimizers, rates)
    let runCount = optimizers.count * schedule.count
    guard runCount <= 12 else {
      throw DirectiveError(
        "\(runCount) runs (optimizers × schedules) are too many for one figure: at most 12",
        option: "schedule")
    }
    guard !showBoundaries || runCount <= 6 else {
      throw DirectiveError(
        "decision regions for \(runCount) runs would be too small: at most 6, or 'boundaries: false'",
        option: "boundaries")
    }
    try TrainingBudget.check(
      epochs: epochs, examples: data.count, layers: layers, runs: runCount, option: "epochs")

    let configuration = NetworkConfiguration(
      layerSizes: layers, hiddenActivation: activation.activation,
      initialization: initialization.initialization)
    let initial = NeuralNetwork(configuration, seed: Self.derivedSeed(seed, stream: 1))
    let shuffleSeed = Self.derivedSeed(seed, stream: 2)
    let numbering: EpochNumbering = firstEpoch == 0 ? .zeroBased : .oneBased

    // Every optimizer with every schedule; the runs are independent, so they train in
    // parallel and come back in this order.
    let specs = optimizers.indices.flatMap { i in schedule.map { (i, $0) } }
    let histories = parallelMap(specs, jobs: context.jobs) {
      spec -> (TrainingHistory, NeuralNetwork) in
      let (i, s) = spec
      var network = initial
      let options = TrainingOptions(
        optimizer: optimizers[i].optimizerMethod(
          beta: beta, form: momentumForm.form, rmspropBeta: rmspropBeta, beta1: beta1,
          beta2: beta2, epsilon: epsilon),
        learningRate: rates[i],
        schedule: s.schedule(decayRate: decayRate, base: base, k: k, interval: interval),
        epochNumbering: numbering, batchSize: batchSize, epochs: epochs, seed: shuffleSeed)
      let history = network.train(on: data, options: options)
      return (history, network)
    }
    let runs = zip(specs, histories).map { spec, result -> Run in
      let ((i, s), (history, network)) = (spec, result)
      let optimizer = optimizers[i]
      let key =
        schedule.count == 1
        ? optimizerKeys[i]
        : (optimizers.count == 1 ? s.rawValue : "\(optimizerKeys[i])/\(s.rawValue)")
      var label = optimizer.label(rate: rates[i], beta: beta, form: momentumForm.form)
      if schedule.count > 1 || s != .constant { label += ", \(s.label)" }
      var shortLabel = optimizer.title
      if optimizers.filter({ $0 == optimizer }).count > 1 {
        shortLabel += " α = \(NumberFormat.display(rates[i]))"
      }
      if schedule.count > 1 { shortLabel += ", \(s.label)" }
      return Run(
        optimizer: optimizer, schedule: s, rate: rates[i], key: key, label: label,
        shortLabel: shortLabel, history: history, network: network,
        accuracy: network.evaluate(data).accuracy)
    }

    var values = [NamedValue("examples", Double(data.count), style: .integer)]
    for run in runs {
      values += [
        NamedValue("accuracy[\(run.key)]", run.accuracy, style: .percent(1)),
        NamedValue("final-cost[\(run.key)]", run.history.epochs.last!.loss),
        NamedValue("first-cost[\(run.key)]", run.history.epochs.first!.loss),
        NamedValue(
          "mid-cost[\(run.key)]",
          run.history.epochs[min((epochs + 1) / 2, run.history.epochs.count) - 1].loss),
        NamedValue("final-lr[\(run.key)]", run.history.epochs.last!.learningRate),
        NamedValue(
          "diverged[\(run.key)]", Double(run.history.divergedAtEpoch.map { $0 + 1 } ?? 0),
          style: .integer),
      ]
    }

    var items: [DirectiveOutput.Item] = [.figure(costFigure(runs, data: data))]
    if showBoundaries { items.append(.figure(boundaryFigure(runs, data: data))) }
    if showTable { items.append(.table(table(runs))) }
    return DirectiveOutput(items: items, values: values)
  }

  // MARK: - Data and network

  func makeDataset() -> Dataset {
    switch dataset {
    case .moons:
      return Dataset.moons(count: count, noise: noise, seed: seed)
    case .blobs:
      // Centres evenly spaced on the unit circle, first one at the top.
      let centres = (0..<classes).map { c -> [Double] in
        let angle = Double.pi / 2 + 2 * Double.pi * Double(c) / Double(classes)
        return [cos(angle), sin(angle)]
      }
      return Dataset.blobs(count: count, centers: centres, standardDeviation: noise, seed: seed)
    }
  }

  func checkLayers(classCount: Int) throws(DirectiveError) {
    guard layers.count >= 2 else {
      throw DirectiveError(
        "'layers' needs at least the inputs and the outputs, e.g. [2, 5, 2, 1]", option: "layers")
    }
    guard layers[0] == 2 else {
      throw DirectiveError(
        "the data have 2 features: 'layers' must start with 2, got \(layers[0])", option: "layers")
    }
    let outputs = layers.last!
    let ok = classCount == 2 ? (outputs == 1 || outputs == 2) : outputs == classCount
    guard ok else {
      let hint = classCount == 2 ? "1 (sigmoid) or 2 (softmax)" : "\(classCount) (softmax)"
      throw DirectiveError(
        "the data have \(classCount) classes: 'layers' must end with \(hint), got \(outputs)",
        option: "layers")
    }
    guard dataset == .blobs || classes == 2 else {
      throw DirectiveError("moons always have 2 classes; 'classes' is for blobs", option: "classes")
    }
  }

  /// A seed for one purpose (1: initial weights, 2: shuffles), derived from the lesson's seed.
  static func derivedSeed(_ seed: Int, stream: Int) -> Int {
    var generator = SeededGenerator(seed: seed, stream: stream)
    return Int(truncatingIfNeeded: generator.next() >> 1)
  }

  // MARK: - Figures

  func costFigure(_ runs: [Run], data: Dataset) -> LessonKit.Figure {
    let marks: [Mark] = runs.enumerated().map { i, run in
      .line(
        Line(
          run.label, x: run.history.epochs.map { Double($0.epoch) },
          y: run.history.epochs.map(\.loss),
          style: SeriesStyle(color: .series(i + 1), dash: Optimizers.dash(i)),
          exitLabel: run.history.divergedAtEpoch != nil ? "diverged" : nil))
    }
    let chart = Chart(
      height: 360, x: Axis("epoch"), y: Axis("cost"), marks: marks, legend: .below)
    let coincident = Coincidence.note(
      runs.map { ($0.label, $0.history.epochs.map(\.loss)) },
      x: runs.first?.history.epochs.map { Double($0.epoch) } ?? [], unit: "epoch")
    let caption =
      "The cost per epoch of a \(layers.map(String.init).joined(separator: "-")) network on \(data.count) \(dataset == .moons ? "moons" : "blob points"), mini-batches of \(batchSize), \(epochs) epochs; every run starts from the same weights."
      + (coincident.map { " " + $0 } ?? "")
    let outcomes = runs.map { run -> String in
      if let e = run.history.divergedAtEpoch { return "\(run.label) diverges in epoch \(e + 1)" }
      return
        "\(run.label) goes from \(Self.number(run.history.epochs.first!.loss)) to \(Self.number(run.history.epochs.last!.loss)) (accuracy \(NumberFormat.display(run.accuracy, .percent(0))))"
    }
    let description =
      "Training cost against the epoch for \(runs.count) run\(runs.count == 1 ? "" : "s"): "
      + outcomes.joined(separator: "; ") + "."
    var columns: [(String, [Double])] = [
      (
        "epoch",
        (runs.max { $0.history.epochs.count < $1.history.epochs.count }?.history.epochs ?? []).map {
          Double($0.epoch)
        }
      )
    ]
    for run in runs {
      columns.append(("\(run.key) cost", run.history.epochs.map(\.loss)))
      columns.append(("\(run.key) lr", run.history.epochs.map(\.learningRate)))
    }
    return Figure(
      caption: caption, description: description, data: DataTable(columns),
      chart: chart)
  }

  func boundaryFigure(_ runs: [Run], data: Dataset) -> LessonKit.Figure {
    let xs = data.features.column(0)
    let ys = data.features.column(1)
    let pad = 0.25
    let xWindow = (xs.min()! - pad)...(xs.max()! + pad)
    let yWindow = (ys.min()! - pad)...(ys.max()! + pad)
    let columns = 91
    let aspect =
      (yWindow.upperBound - yWindow.lowerBound) / (xWindow.upperBound - xWindow.lowerBound)
    let rows = max(20, Int((Double(columns) * aspect).rounded()))
    let grid = Evaluation.grid(x: xWindow, y: yWindow, columns: columns, rows: rows)
    let gridX = (0..<columns).map {
      xWindow.lowerBound + (xWindow.upperBound - xWindow.lowerBound) * Double($0)
        / Double(columns - 1)
    }
    let gridY = (0..<rows).map {
      yWindow.lowerBound + (yWindow.upperBound - yWindow.lowerBound) * Double($0) / Double(rows - 1)
    }
    let names = (0..<data.classCount).map { "y = \($0)" }
    let single = runs.count == 1
    let perRow = runs.count == 4 ? 2 : min(runs.count, 3)
    let width = single ? 520.0 : (perRow == 2 ? 330 : 300)
    var legendNeeded = true
    let charts: [Chart] = runs.map { run in
      let predicted = run.network.predict(grid)
      let classes = (0..<rows).map { r in Array(predicted[(r * columns)..<((r + 1) * columns)]) }
      let chart = Chart(
        width: width, height: single ? 400 : width * 0.8, x: Axis("x₁"), y: Axis("x₂"),
        marks: [
          .regions(Regions(x: gridX, y: gridY, classes: classes)),
          .scatter(
            Scatter(
              x: xs, y: ys, classes: data.labels, classNames: names, size: single ? 5.5 : 4)),
        ],
        legend: legendNeeded && single ? .automatic : .hidden, equalAspect: true)
      legendNeeded = false
      return chart
    }
    let subtitles = runs.enumerated().map { i, run in
      "(\(Character(Unicode.Scalar(UInt8(97 + i))))) \(run.shortLabel): \(NumberFormat.display(run.accuracy, .percent(0)))"
    }
    let figure: any LessonPlot.Figure =
      single ? charts[0] : Panels(charts, subtitles: subtitles, columns: perRow)
    let caption =
      single
      ? "Decision regions after training (\(subtitles[0])); dots are the training data, coloured by their true class."
      : "Decision regions after training, one panel per run, with its training accuracy; dots are the training data, coloured by their true class."
    let description =
      "The plane coloured by the predicted class after \(epochs) epochs, with the \(data.count) training points on top: "
      + runs.map {
        "\($0.label) classifies \(NumberFormat.display($0.accuracy, .percent(0))) of them correctly"
      }
      .joined(separator: "; ") + "."
    var table: [(String, [Double])] = [
      ("x1", xs), ("x2", ys), ("label", data.labels.map(Double.init)),
    ]
    for run in runs {
      table.append(("\(run.key) predicted", run.network.predict(data.features).map(Double.init)))
    }
    return Figure(
      key: "regions", caption: caption, description: description, data: DataTable(table),
      chart: figure)
  }

  func table(_ runs: [Run]) -> Table {
    Table(
      key: "table",
      caption:
        "After \(epochs) epochs: the last epoch's cost and the training accuracy of each run.",
      columns: [
        Table.Column("run", csv: "run"),
        Table.Column("$\\alpha_0$", csv: "lr", style: .automatic),
        Table.Column("last $\\alpha$", csv: "final lr", style: .significant(3)),
        Table.Column("first cost", csv: "first cost", style: .fixed(4)),
        Table.Column("final cost", csv: "final cost", style: .fixed(4)),
        Table.Column("accuracy", csv: "accuracy", style: .percent(1)),
      ],
      rows: runs.map { run in
        [
          .text(run.label), .number(run.rate), .number(run.history.epochs.last!.learningRate),
          .number(run.history.epochs.first!.loss), .number(run.history.epochs.last!.loss),
          .number(run.accuracy),
        ]
      })
  }

  static func number(_ value: Double) -> String { NumberFormat.display(value, .significant(3)) }
}
