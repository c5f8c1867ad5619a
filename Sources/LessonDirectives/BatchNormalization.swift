import LessonKit
import LessonMarkup
import LessonMath
import LessonPlot

/// `{batchnorm}`: batch normalization (course 3.4–3.7).
///
/// On every hidden layer's z = a·W (no bias: β replaces it): μ = mean over the mini-batch,
/// σ² = biased variance (÷ m), z_norm = (z − μ)/√(σ² + ε), z̃ = γ·z_norm + β. At test time μ
/// and σ² come from running averages kept during training, in PyTorch's convention
/// (running ← 0.9·running + 0.1·batch, unbiased running variance, ε = 1e−5) or Keras'
/// (momentum 0.99 on the old value, biased variance, ε = 1e−3).
///
/// `show` picks one figure set:
/// - `training`: the same network, with and without batch norm, trained from the same
///   weights: cost and test accuracy per epoch.
/// - `distributions`: one hidden layer's z before and after normalization, and how much the
///   statistics of a mini-batch scatter for several batch sizes (the regularizing noise).
/// - `test-time`: running estimates of μ and σ² per epoch against the population statistics
///   of the training set, and predictions on a batch of one example in test and training mode.
/// - `example`: one batch of numbers normalized step by step.
/// - `running-step`: one step of the running averages from (0, 1) with that batch.
///
/// Inputs are standardized with the training set's mean and standard deviation (the
/// normalization of inputs that batch norm extends to hidden layers).
struct BatchNormalization: Directive {
  static let name = "batchnorm"
  static let summary =
    "Training with and without batch norm; a layer's z before and after normalization; running estimates at test time."
  static let publishedValues = [
    ValueDeclaration(
      "accuracy[bn]",
      "Test accuracy of the batch-normalized network after the last epoch (test mode)."),
    ValueDeclaration(
      "accuracy[plain]", "Test accuracy of the network without batch norm (training)."),
    ValueDeclaration("loss[bn]", "Training cost of the last epoch with batch norm (training)."),
    ValueDeclaration(
      "loss[plain]", "Training cost of the last epoch without batch norm (training)."),
    ValueDeclaration(
      "train-accuracy[bn]", "Training-set accuracy after the last epoch, test mode (training)."),
    ValueDeclaration(
      "train-accuracy[plain]",
      "Training-set accuracy after the last epoch without batch norm (training)."),
    ValueDeclaration(
      "diverged-at[net]",
      "The epoch in which the cost of `plain` or `bn` became non-finite, instead of its results (training)."
    ),
    ValueDeclaration(
      "epochs-to-match",
      "The first epoch whose cost with batch norm is at most the last cost without it (training; absent if never)."
    ),
    ValueDeclaration(
      "mean-before[u]",
      "Mean of unit u's z over the training set, before normalization (distributions)."),
    ValueDeclaration(
      "std-before[u]", "Standard deviation of unit u's z before normalization (distributions)."),
    ValueDeclaration("mean-after[u]", "Mean of unit u's z_norm (distributions)."),
    ValueDeclaration("std-after[u]", "Standard deviation of unit u's z_norm (distributions)."),
    ValueDeclaration("gamma[u]", "The learned γ of unit u (distributions)."),
    ValueDeclaration("beta[u]", "The learned β of unit u (distributions)."),
    ValueDeclaration(
      "batch-mean-spread[b]",
      "Standard deviation of the mini-batch μ over random batches of size b, in units of the population σ (distributions; first unit)."
    ),
    ValueDeclaration(
      "sample-mean-spread[b]",
      "√((m − b)/(b(m − 1))): how much the mean of b of the m examples, drawn at random, scatters in units of σ — μ_B's spread if nothing before the layer were normalized per batch (distributions)."
    ),
    ValueDeclaration(
      "batch-std-spread[b]",
      "Standard deviation of the mini-batch σ over random batches of size b, relative to the population σ (distributions; first unit)."
    ),
    ValueDeclaration("running-mean[u]", "Unit u's running mean after the last epoch (test-time)."),
    ValueDeclaration(
      "population-mean[u]",
      "Unit u's mean of z over the whole training set after the last epoch (test-time)."),
    ValueDeclaration(
      "running-variance[u]", "Unit u's running variance after the last epoch (test-time)."),
    ValueDeclaration(
      "population-variance[u]",
      "Unit u's biased variance of z over the training set after the last epoch (test-time)."),
    ValueDeclaration(
      "running-mean-error",
      "Largest |running μ − population μ| / population σ over all normalized units after the last epoch (test-time)."
    ),
    ValueDeclaration(
      "running-variance-error",
      "Largest |running σ² / population σ² − 1| over all normalized units after the last epoch (test-time)."
    ),
    ValueDeclaration(
      "window",
      "1/w, w the weight of a new batch statistic: about how many mini-batches the running average spans (test-time)."
    ),
    ValueDeclaration("batches-per-epoch", "Mini-batches per epoch (test-time)."),
    ValueDeclaration(
      "start-weight",
      "(1 − w)^steps: the weight the starting values (0, 1) still have in the running averages after training (test-time)."
    ),
    ValueDeclaration(
      "accuracy[running]",
      "Test accuracy in test mode with the running estimates, whole test set in one batch (test-time)."
    ),
    ValueDeclaration(
      "accuracy[population]",
      "Test accuracy in test mode with the population statistics instead (test-time)."),
    ValueDeclaration(
      "accuracy[one-at-a-time]", "Test accuracy in test mode, each example alone (test-time)."),
    ValueDeclaration(
      "accuracy[training-mode]",
      "Test accuracy in training mode, the test set's own statistics (test-time)."),
    ValueDeclaration(
      "accuracy[training-mode-one]",
      "Test accuracy in training mode, each example alone (test-time)."),
    ValueDeclaration(
      "single-example-ok",
      "1 if every test example alone, in test mode, gets exactly the output it gets inside the whole test batch; else 0 (test-time)."
    ),
    ValueDeclaration(
      "distinct-outputs[test-mode]",
      "How many different outputs the test examples get, each alone, in test mode (test-time)."),
    ValueDeclaration(
      "distinct-outputs[training-mode]",
      "How many different outputs the test examples get, each alone, in training mode (test-time)."),
    ValueDeclaration(
      "catch-up-epoch",
      "The first epoch from which on the running mean of every shown unit stays within 0.1 population σ of the population mean (test-time; absent if never)."
    ),
    ValueDeclaration("mean", "μ of the example batch (example, running-step)."),
    ValueDeclaration("variance", "σ² of the example batch, biased (÷ m) (example, running-step)."),
    ValueDeclaration(
      "unbiased-variance", "The unbiased variance (÷ (m − 1)) of the example batch (running-step)."),
    ValueDeclaration("normalized[i]", "z_norm of the i-th value, 1-based (example)."),
    ValueDeclaration(
      "restored[i]", "γ·z_norm + β with γ = √(σ² + ε), β = μ: the i-th value again (example)."),
    ValueDeclaration("running-mean", "The running mean after one step from 0 (running-step)."),
    ValueDeclaration(
      "running-variance", "The running variance after one step from 1 (running-step)."),
    ValueDeclaration("epsilon", "ε of the convention."),
  ]

  enum DataChoice: String, OptionChoice {
    /// Two interleaving half circles, 300 points, noise 0.2 (the course's moons).
    case moons
    /// Three Gaussian blobs in the plane, 300 points.
    case blobs
    /// The 8×8 handwritten digits, 1,797 images, 10 classes.
    case digits
  }

  enum OptimizerChoice: String, OptionChoice {
    case gd, momentum, rmsprop, adam

    var method: OptimizerMethod {
      switch self {
      case .gd: .gradientDescent
      case .momentum: .momentum()
      case .rmsprop: .rmsprop()
      case .adam: .adam()
      }
    }
  }

  enum ConventionChoice: String, OptionChoice {
    /// PyTorch `BatchNorm1d`: momentum 0.1 on the new value, unbiased running variance, ε = 1e−5.
    case pytorch
    /// Keras `BatchNormalization`: momentum 0.99 on the old value, biased variance, ε = 1e−3.
    case keras
  }

  enum Show: String, OptionChoice {
    case training, distributions
    case testTime = "test-time"
    case example
    case runningStep = "running-step"
  }

  @Option(
    "show", help: "Which figures: training, distributions, test-time, example or running-step.")
  var show = Show.training

  @Option(
    "dataset",
    help: "The data: moons (300 points), blobs (300 points, 3 classes) or digits (1,797 images).")
  var dataset = DataChoice.moons

  @Option("hidden", range: .closed(1, 256), help: "Widths of the hidden layers, e.g. [16, 16, 16].")
  var hidden: [Int] = [16, 16, 16]

  // A mini-batch of one has σ² = 0 and z_norm = 0 whatever its input: nothing to learn from
  // (PyTorch refuses to train on it), so the smallest batch is two.
  @Option(
    "batch-size", symbol: "batch size", range: .closed(2, 4096),
    help: "Mini-batch size (at least 2: one example has no variance to normalize by).")
  var batchSize = 64

  @Option("epochs", range: .closed(1, 500), help: "Passes over the training set.")
  var epochs = 40

  @Option(
    "lr", symbol: "α", range: .open(0, 10), help: "Learning rate α (the same for both networks).")
  var lr = 0.1

  @Option(
    "optimizer",
    help: "Update rule: gd, momentum (β = 0.9), rmsprop or adam (default hyperparameters).")
  var optimizer = OptimizerChoice.gd

  @Option("convention", help: "Running statistics and ε: pytorch or keras.")
  var convention = ConventionChoice.pytorch

  @Option(
    "momentum", symbol: "momentum", range: .open(0, 1),
    help:
      "The running average's momentum, in the convention's sense: PyTorch weights the new batch (0.1), Keras the old value (0.99)."
  )
  var momentum: Double? = nil

  @Option(
    "layer", range: .closed(1, 64),
    help:
      "Which hidden layer the distributions and running statistics show (1 = first; default the last)."
  )
  var chosenLayer: Int? = nil

  /// The hidden layer shown, 1-based.
  var layer: Int { chosenLayer ?? hidden.count }

  @Option("units", range: .closed(1, 256), help: "Which units of that layer to show (1 = first).")
  var units: [Int] = [1, 2]

  @Option(
    "examples", range: .closed(1, 20),
    help: "How many test examples the single-example table lists (test-time).")
  var examples = 5

  @Option("tables", help: "Show the tables under the figure (training, distributions, test-time).")
  var showTables = true

  @Option(
    "batch", help: "The numbers z of one batch for the worked examples (example, running-step).")
  var batch: [Double] = [1, 2, 3, 4]

  @Option(
    "seed", range: .closed(0, 4_294_967_295),
    help: "Seed of the data, the split, the weights and the shuffles.")
  var seed = 0

  /// The convention with the `momentum` option applied.
  var batchNormConvention: BatchNormConvention {
    var c: BatchNormConvention = convention == .pytorch ? .pytorch : .keras
    if let momentum {
      c.newStatisticWeight = convention == .pytorch ? momentum : 1 - momentum
    }
    return c
  }

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    if show == .example { return example() }
    if show == .runningStep { return try runningStep() }
    guard layer <= hidden.count else {
      throw DirectiveError(
        "'layer' is \(layer), but the network has \(hidden.count) hidden layer\(hidden.count == 1 ? "" : "s")",
        option: "layer")
    }
    let width = hidden[layer - 1]
    if let unit = units.first(where: { $0 > width }) {
      throw DirectiveError(
        "'units' asks for unit \(unit), but hidden layer \(layer) has \(width) unit\(width == 1 ? "" : "s")",
        option: "units")
    }
    let data = Experiment(self)
    // The last mini-batch must not be one example either (see `batch-size`).
    let m = data.train.count
    if batchSize < m && m % batchSize == 1 {
      throw DirectiveError(
        "'batch-size' \(batchSize) leaves a last mini-batch of one example out of \(m), which batch norm cannot normalize; choose another size",
        option: "batch-size")
    }
    // Training compares a network with and without batch norm; the other figures train one.
    try TrainingBudget.check(
      epochs: epochs, examples: m, layers: data.sizes, runs: show == .training ? 2 : 1,
      option: "epochs")
    switch show {
    case .training: return training(data)
    case .distributions: return try distributions(data)
    case .testTime: return try testTime(data)
    case .example: return example()
    case .runningStep: return try runningStep()
    }
  }

  // MARK: - The experiment

  /// Data, split and network shape shared by every figure set.
  struct Experiment {
    var train: Dataset
    var test: Dataset
    var sizes: [Int]
    var name: String

    init(_ directive: BatchNormalization) {
      let seed = directive.seed
      let all: Dataset
      switch directive.dataset {
      case .moons: all = .moons(count: 300, noise: 0.2, seed: seed)
      case .blobs:
        all = .blobs(count: 300, centers: 3, features: 2, standardDeviation: 2.5, seed: seed)
      case .digits: all = .digits()
      }
      let split = all.trainTestSplit(testFraction: 0.2, stratified: true, seed: seed &+ 1)
      // Standardize the inputs with the training set's statistics (course 1.9, 3.4).
      let standardizer = Standardizer(fitting: split.train.features)
      train = standardizer.transform(split.train)
      test = standardizer.transform(split.test)
      sizes = [all.featureCount] + directive.hidden + [all.classCount == 2 ? 1 : all.classCount]
      name =
        switch directive.dataset {
        case .moons: "moons"
        case .blobs: "three blobs"
        case .digits: "8×8 digits"
        }
    }
  }

  func configuration(_ experiment: Experiment, batchNorm: Bool) -> NetworkConfiguration {
    NetworkConfiguration(
      layerSizes: experiment.sizes, hiddenActivation: .relu, initialization: .he,
      batchNorm: batchNorm ? batchNormConvention : nil)
  }

  var options: TrainingOptions {
    TrainingOptions(
      optimizer: optimizer.method, learningRate: lr, batchSize: batchSize, epochs: epochs,
      seed: seed &+ 3)
  }

  /// "[2, 16, 16, 16, 1]".
  func shape(_ experiment: Experiment) -> String {
    "[" + experiment.sizes.map(String.init).joined(separator: ", ") + "]"
  }

  var optimizerText: String {
    switch optimizer {
    case .gd: "gradient descent"
    case .momentum: "momentum"
    case .rmsprop: "RMSprop"
    case .adam: "Adam"
    }
  }

  /// "mini-batches of 64" or "batch gradient descent" when a batch holds the whole set.
  func batchText(_ experiment: Experiment) -> String {
    batchSize >= experiment.train.count
      ? "the whole training set per step" : "mini-batches of \(batchSize)"
  }

  // MARK: - training

  func training(_ experiment: Experiment) -> DirectiveOutput {
    var runs: [(key: String, label: String, history: TrainingHistory, network: NeuralNetwork)] = []
    for (key, label, bn) in [
      ("plain", "without batch norm", false), ("bn", "with batch norm", true),
    ] {
      var network = NeuralNetwork(configuration(experiment, batchNorm: bn), seed: seed &+ 2)
      let history = network.train(
        on: experiment.train, options: options, evaluationSet: experiment.test)
      runs.append((key, label, history, network))
    }
    let x = (1...epochs).map(Double.init)
    func padded(_ values: [Double]) -> [Double] {
      values + [Double](repeating: .nan, count: epochs - values.count)
    }
    let costs = runs.map { padded($0.history.epochs.map(\.loss)) }
    let accuracies = runs.map { padded($0.history.epochs.map { $0.evaluationAccuracy ?? .nan }) }
    let styles = [
      SeriesStyle(color: .series(2), dash: .dashed), SeriesStyle(color: .series(1)),
    ]
    let costChart = Chart(
      width: 640, height: 260, x: Axis("epoch"), y: Axis("training cost", scale: .log),
      marks: runs.indices.map { i in
        .line(
          Line(
            runs[i].label, x: x, y: costs[i], style: styles[i],
            exitLabel: runs[i].history.divergedAtEpoch == nil ? nil : "diverged"))
      }, legend: .hidden)
    let accuracyChart = Chart(
      width: 640, height: 260, x: Axis("epoch"), y: Axis("test accuracy", domain: nil),
      marks: runs.indices.map { i in
        .line(Line(runs[i].label, x: x, y: accuracies[i], style: styles[i]))
      },
      legend: .bottomRight)
    let panels = Panels(
      [costChart, accuracyChart],
      subtitles: ["(a) training cost per epoch (log scale)", "(b) test accuracy after each epoch"],
      columns: 1)

    var values: [NamedValue] = []
    var rows: [[Cell]] = []
    var outcomes: [String] = []
    for run in runs {
      let last = run.history.epochs.last!
      // A diverged run publishes the epoch it diverged in instead of its results.
      if let diverged = run.history.divergedAtEpoch {
        values.append(NamedValue("diverged-at[\(run.key)]", Double(diverged + 1), style: .integer))
        rows.append([.text(run.label), .text("diverged in epoch \(diverged + 1)"), .empty, .empty])
        outcomes.append("\(run.label) the cost diverges in epoch \(diverged + 1)")
        continue
      }
      let trainAccuracy = run.network.evaluate(experiment.train).accuracy
      let testAccuracy = last.evaluationAccuracy ?? .nan
      values.append(NamedValue("loss[\(run.key)]", last.loss))
      values.append(NamedValue("accuracy[\(run.key)]", testAccuracy, style: .percent(1)))
      values.append(NamedValue("train-accuracy[\(run.key)]", trainAccuracy, style: .percent(1)))
      rows.append([
        .text(run.label), .number(last.loss), .number(trainAccuracy), .number(testAccuracy),
      ])
      outcomes.append(
        "\(run.label) the cost ends at \(NumberFormat.display(last.loss, .significant(3))) and the test accuracy at \(NumberFormat.display(testAccuracy, .percent(1)))"
      )
    }
    let match: Int? =
      runs[0].history.divergedAtEpoch != nil || runs[1].history.divergedAtEpoch != nil
      ? nil
      : runs[1].history.epochs.firstIndex { $0.loss <= runs[0].history.epochs.last!.loss }
        .map { $0 + 1 }
    if let match { values.append(NamedValue("epochs-to-match", Double(match), style: .integer)) }
    values.append(NamedValue("epsilon", batchNormConvention.epsilon))

    let description =
      "Training cost (log scale) and test accuracy per epoch of a \(shape(experiment)) ReLU network on \(experiment.name), "
      + "\(optimizerText) with α = \(NumberFormat.display(lr)) and \(batchText(experiment)), from the same initial weights. "
      + outcomes.joined(separator: "; ").capitalizedFirst
      + (match.map {
        ". With batch norm the cost reaches the plain network's final cost in epoch \($0) of \(epochs)."
      } ?? ".")
    let caption =
      "The same \(shape(experiment)) network trained on \(experiment.name) without batch norm (dashed) and with it (solid): \(optimizerText), α = \(NumberFormat.display(lr)), \(batchText(experiment)), \(epochs) epochs."
    let data = DataTable(
      [("epoch", x)] + zip(runs, costs).map { ("cost \($0.key)", $1) }
        + zip(runs, accuracies).map { ("test accuracy \($0.key)", $1) })
    let table = Table(
      key: "table",
      caption:
        "After \(epochs) epochs: the last epoch's training cost, and the accuracy on the training and test sets in test mode.",
      columns: [
        Table.Column("network", csv: "network"),
        Table.Column("training cost", csv: "cost", style: .significant(3)),
        Table.Column("training accuracy", csv: "training accuracy", style: .percent(1)),
        Table.Column("test accuracy", csv: "test accuracy", style: .percent(1)),
      ], rows: rows)
    return DirectiveOutput(
      items: [
        .figure(
          Figure(
            caption: caption, description: description, data: data,
            chart: panels))
      ] + (showTables ? [.table(table)] : []), values: values)
  }

  // MARK: - distributions

  func distributions(_ experiment: Experiment) throws(DirectiveError) -> DirectiveOutput {
    var network = NeuralNetwork(configuration(experiment, batchNorm: true), seed: seed &+ 2)
    let history = network.train(
      on: experiment.train, options: options, evaluationSet: experiment.test)
    try Self.checkConverged(history)
    let l = layer - 1
    // The whole training set as one batch, in training mode: z and its normalization.
    let trace = network.trace(experiment.train.features, mode: .training)[l]
    let normalized = trace.normalized!
    var before: [Histogram] = []
    var after: [Histogram] = []
    var values: [NamedValue] = []
    var columns: [(String, [Double])] = [("example", (1...experiment.train.count).map(Double.init))]
    var notes: [String] = []
    for (k, unit) in units.enumerated() {
      let z = trace.linear.column(unit - 1)
      let zHat = normalized.column(unit - 1)
      let color = PlotColor.series(k + 1)
      before.append(
        Histogram(
          "unit \(unit)", values: z, bins: .linear(24), normalization: .density, color: color))
      after.append(
        Histogram(
          "unit \(unit)", values: zHat, bins: .linear(24), normalization: .density, color: color))
      let (m0, s0) = Self.meanAndStd(z)
      let (m1, s1) = Self.meanAndStd(zHat)
      values += [
        NamedValue("mean-before[\(unit)]", m0), NamedValue("std-before[\(unit)]", s0),
        NamedValue("mean-after[\(unit)]", m1), NamedValue("std-after[\(unit)]", s1),
        NamedValue("gamma[\(unit)]", network.layers[l].gamma[unit - 1]),
        NamedValue("beta[\(unit)]", network.layers[l].beta[unit - 1]),
      ]
      columns += [("z unit \(unit)", z), ("z_norm unit \(unit)", zHat)]
      notes.append(
        "unit \(unit) has mean \(NumberFormat.display(m0, .significant(2))) and standard deviation \(NumberFormat.display(s0, .significant(2)))"
      )
    }
    // One x range for both panels, so the shift and the rescaling are seen directly.
    let all = before.flatMap(\.values) + after.flatMap(\.values)
    let range = (all.min()!.rounded(.down))...(all.max()!.rounded(.up))
    let beforeChart = Chart(
      width: 640, height: 260, x: Axis("z = a·W", domain: range), y: Axis("density"),
      marks: before.map { .histogram($0) }, legend: .hidden)
    let afterChart = Chart(
      width: 640, height: 260, x: Axis("z_norm = (z − μ)/√(σ² + ε)", domain: range),
      y: Axis("density"), marks: after.map { .histogram($0) })
    let panels = Panels(
      [beforeChart, afterChart],
      subtitles: ["(a) before normalization", "(b) after normalization"],
      columns: 1)

    // The noise of mini-batch statistics: μ and σ of random mini-batches of the first unit.
    let unit = units[0] - 1
    let population = Self.meanAndStd(trace.linear.column(unit))
    let m = experiment.train.count
    let sizes = [16, 32, 64, 128].filter { $0 < m }
    var rng = SeededGenerator(seed: seed, stream: 11)
    var rows: [[Cell]] = []
    for b in sizes {
      var means: [Double] = []
      var stds: [Double] = []
      for _ in 0..<Self.noiseSamples {
        let rows = Array(rng.permutation(m).prefix(b))
        // The batch's own μ and σ² in layer l, earlier layers normalized by the batch too.
        let stats = network.populationStatistics(experiment.train.features.gatheringRows(rows))[l]!
        means.append((stats.mean[unit] - population.mean) / population.std)
        stds.append(stats.variance[unit].squareRoot() / population.std)
      }
      let meanSpread = Self.meanAndStd(means).std
      let stdSpread = Self.meanAndStd(stds).std
      // The standard error of a mean of b values drawn without replacement from m.
      let sampleSpread = ((Double(m) - Double(b)) / (Double(b) * (Double(m) - 1))).squareRoot()
      values += [
        NamedValue("batch-mean-spread[\(b)]", meanSpread),
        NamedValue("sample-mean-spread[\(b)]", sampleSpread),
        NamedValue("batch-std-spread[\(b)]", stdSpread),
      ]
      rows.append([
        .number(Double(b)), .number(meanSpread), .number(sampleSpread), .number(stdSpread),
      ])
    }
    values.append(
      NamedValue(
        "accuracy[bn]", history.epochs.last?.evaluationAccuracy ?? .nan, style: .percent(1)))
    values.append(NamedValue("epsilon", batchNormConvention.epsilon))

    let description =
      "Histograms of z in hidden layer \(layer) of a \(shape(experiment)) network trained with batch norm on \(experiment.name) for \(epochs) epochs, over the \(m) training examples: "
      + "before normalization \(EWA.list(notes)); after normalization every unit has mean 0 and standard deviation 1 (to \(NumberFormat.display(Self.maxDeviation(values), .scientific(0))))."
    let caption =
      "Hidden layer \(layer) of the trained network, the \(m) training examples in one batch: (a) z of \(units.count == 1 ? "unit \(units[0])" : "units " + EWA.list(units.map(String.init))), (b) the same values normalized: each unit's own μ and σ² take them to mean 0, variance 1."
    let table = Table(
      key: "noise",
      caption:
        "How much the statistics of a mini-batch scatter: for unit \(units[0]) of hidden layer \(layer), \(Self.noiseSamples) random mini-batches of each size $b$ drawn from the \(m) training examples go through the network as in training\(layer > 1 ? ", so the batch-norm layers before it normalize each batch with its own statistics first" : ""). The columns give the standard deviation of the batch mean $\\mu_B$ and of the batch standard deviation $\\sigma_B$, in units of the whole training set's $\\sigma$, and for comparison $\\sqrt{(m-b)/(b(m-1))}$, how much the mean of $b$ examples drawn at random scatters\(layer > 1 ? " if nothing before the layer were normalized per batch" : "").",
      columns: [
        Table.Column("batch size $b$", csv: "batch size", style: .integer),
        Table.Column("spread of $\\mu_B/\\sigma$", csv: "spread of batch mean", style: .fixed(3)),
        Table.Column(
          "$\\sqrt{(m-b)/(b(m-1))}$", csv: "spread of a sample mean", style: .fixed(3)),
        Table.Column("spread of $\\sigma_B/\\sigma$", csv: "spread of batch std", style: .fixed(3)),
      ], rows: rows)
    return DirectiveOutput(
      items: [
        .figure(
          Figure(
            caption: caption, description: description, data: DataTable(columns),
            chart: panels))
      ] + (showTables ? [.table(table)] : []), values: values)
  }

  /// Distributions and running statistics need a trained network, not a diverged one.
  static func checkConverged(_ history: TrainingHistory) throws(DirectiveError) {
    if let epoch = history.divergedAtEpoch {
      throw DirectiveError(
        "training with batch norm diverged in epoch \(epoch + 1); use a smaller 'lr'", option: "lr")
    }
  }

  /// Random mini-batches drawn per batch size for the noise table.
  static let noiseSamples = 100

  /// The largest |mean-after| or |std-after − 1| among published values.
  static func maxDeviation(_ values: [NamedValue]) -> Double {
    values.reduce(0) { worst, v in
      if v.key.hasPrefix("mean-after") { return max(worst, abs(v.value)) }
      if v.key.hasPrefix("std-after") { return max(worst, abs(v.value - 1)) }
      return worst
    }
  }

  // MARK: - test-time

  func testTime(_ experiment: Experiment) throws(DirectiveError) -> DirectiveOutput {
    let config = configuration(experiment, batchNorm: true)
    var network = NeuralNetwork(config, seed: seed &+ 2)
    let l = layer - 1
    let x = experiment.train.features
    let m = experiment.train.count
    // Epoch 0 is the initial network: running statistics (0, 1).
    var running: [[(mean: Double, variance: Double)]] = []
    var population: [[(mean: Double, variance: Double)]] = []
    var batchRange: [[(low: Double, high: Double)]] = []
    func record(_ net: NeuralNetwork, epochIndex: Int?) {
      let stats = net.populationStatistics(x)[l]!
      running.append(
        units.map { (net.layers[l].runningMean[$0 - 1], net.layers[l].runningVariance[$0 - 1]) })
      population.append(units.map { (stats.mean[$0 - 1], stats.variance[$0 - 1]) })
      // The μ of each of the epoch's mini-batches, recomputed with the network after the epoch.
      guard let epochIndex else {
        batchRange.append(units.map { _ in (.nan, .nan) })
        return
      }
      var lows = [Double](repeating: .infinity, count: units.count)
      var highs = [Double](repeating: -.infinity, count: units.count)
      for batch in MiniBatches.batches(
        count: m, batchSize: batchSize, seed: options.seed, epoch: epochIndex)
      {
        let stats = net.populationStatistics(x.gatheringRows(batch))[l]!
        for (k, unit) in units.enumerated() {
          let mu = stats.mean[unit - 1]
          lows[k] = min(lows[k], mu)
          highs[k] = max(highs[k], mu)
        }
      }
      batchRange.append(Array(zip(lows, highs)))
    }
    record(network, epochIndex: nil)
    let history = network.train(on: experiment.train, options: options) { epochIndex, net in
      record(net, epochIndex: epochIndex)
    }
    try Self.checkConverged(history)
    let completed = running.count - 1
    let epochAxis = (0...completed).map(Double.init)

    // Charts: running estimate (solid) and population statistic (dashed), one colour per unit.
    // Panel (a)'s legend names the units, panel (b)'s the two line styles: one row each, so
    // both plots keep the same height.
    func chart(_ label: String, variance: Bool) -> Chart {
      var marks: [Mark] = []
      for (k, unit) in units.enumerated() {
        let color = PlotColor.series(k + 1)
        if !variance {
          marks.append(
            .band(
              Band(
                x: Array(epochAxis.dropFirst()), lower: batchRange.dropFirst().map { $0[k].low },
                upper: batchRange.dropFirst().map { $0[k].high }, color: color, opacity: 0.22)))
        }
        marks.append(
          .line(
            Line(
              x: epochAxis, y: population.map { variance ? $0[k].variance : $0[k].mean },
              style: SeriesStyle(color: color, dash: .dashed, lineWidth: 1.5))))
        marks.append(
          .line(
            Line(
              variance ? nil : "unit \(unit)", x: epochAxis,
              y: running.map { variance ? $0[k].variance : $0[k].mean },
              style: SeriesStyle(color: color))))
      }
      if variance {
        // A key to the line styles: lines without points draw nothing but their legend entry.
        marks.append(
          .line(Line("running estimate", x: [], y: [], style: SeriesStyle(color: .foreground))))
        marks.append(
          .line(
            Line(
              "whole training set", x: [], y: [],
              style: SeriesStyle(color: .foreground, dash: .dashed, lineWidth: 1.5))))
      }
      return Chart(
        width: 640, height: 290, x: Axis("epoch"), y: Axis(label), marks: marks, legend: .below)
    }
    let panels = Panels(
      [chart("mean of z", variance: false), chart("variance of z", variance: true)],
      subtitles: ["(a) running mean vs population μ", "(b) running variance vs population σ²"],
      columns: 1)

    // Errors over every normalized unit of every layer, after the last epoch.
    let finalPopulation = network.populationStatistics(x)
    var meanError = 0.0
    var varianceError = 0.0
    for (layerIndex, stats) in finalPopulation.enumerated() {
      guard let stats else { continue }
      let layer = network.layers[layerIndex]
      for j in stats.mean.indices {
        meanError = max(
          meanError, abs(layer.runningMean[j] - stats.mean[j]) / stats.variance[j].squareRoot())
        varianceError = max(varianceError, abs(layer.runningVariance[j] / stats.variance[j] - 1))
      }
    }

    // Test time: the test set in one batch, one example at a time, and in training mode.
    let test = experiment.test
    var withPopulation = network
    for (layerIndex, stats) in finalPopulation.enumerated() {
      guard let stats else { continue }
      withPopulation.layers[layerIndex].runningMean = stats.mean
      withPopulation.layers[layerIndex].runningVariance = stats.variance
    }
    let binary = config.isBinary
    func predictions(_ probabilities: Matrix) -> [Int] {
      binary ? probabilities.storage.map { $0 > 0.5 ? 1 : 0 } : probabilities.argmaxPerRow()
    }
    func accuracy(_ predicted: [Int]) -> Double {
      Double(zip(predicted, test.labels).filter { $0 == $1 }.count) / Double(test.count)
    }
    /// The output probabilities of one forward pass in `mode`.
    func forward(_ net: NeuralNetwork, _ rows: Matrix, _ mode: NetworkMode) -> Matrix {
      net.trace(rows, mode: mode).last!.activation
    }
    let whole = forward(network, test.features, .inference)
    let wholePopulation = forward(withPopulation, test.features, .inference)
    let wholeTraining = forward(network, test.features, .training)
    var aloneTest: [[Double]] = []
    var aloneTraining: [[Double]] = []
    for i in 0..<test.count {
      let one = test.features.gatheringRows([i])
      aloneTest.append(forward(network, one, .inference).row(0))
      aloneTraining.append(forward(network, one, .training).row(0))
    }
    let aloneTestMatrix = Matrix(aloneTest)
    let aloneTrainingMatrix = Matrix(aloneTraining)
    let singleOK =
      zip(aloneTest, whole.nestedRows).allSatisfy { a, b in
        zip(a, b).allSatisfy { $0.isFinite && abs($0 - $1) <= 1e-12 }
      }
    func distinct(_ rows: [[Double]]) -> Int {
      var seen: [[Double]] = []
      for row in rows
      where !seen.contains(where: { s in zip(s, row).allSatisfy { abs($0 - $1) <= 1e-12 } }) {
        seen.append(row)
      }
      return seen.count
    }
    let accuracies: [(key: String, label: String, value: Double)] = [
      (
        "running", "test mode, running estimates, test set in one batch",
        accuracy(predictions(whole))
      ),
      (
        "population", "test mode, population statistics of the training set",
        accuracy(predictions(wholePopulation))
      ),
      (
        "one-at-a-time", "test mode, running estimates, one example at a time",
        accuracy(predictions(aloneTestMatrix))
      ),
      (
        "training-mode", "training mode, the test set's own μ and σ²",
        accuracy(predictions(wholeTraining))
      ),
      (
        "training-mode-one", "training mode, one example at a time",
        accuracy(predictions(aloneTrainingMatrix))
      ),
    ]

    var values: [NamedValue] = []
    for (k, unit) in units.enumerated() {
      values += [
        NamedValue("running-mean[\(unit)]", running.last![k].mean),
        NamedValue("population-mean[\(unit)]", population.last![k].mean),
        NamedValue("running-variance[\(unit)]", running.last![k].variance),
        NamedValue("population-variance[\(unit)]", population.last![k].variance),
      ]
    }
    // From which epoch on the shown running means stay within 0.1 σ of the population means.
    let close = zip(running, population).map { r, p in
      zip(r, p).allSatisfy { abs($0.mean - $1.mean) <= 0.1 * $1.variance.squareRoot() }
    }
    if let last = close.lastIndex(of: false), last < completed {
      values.append(NamedValue("catch-up-epoch", Double(last + 1), style: .integer))
    } else if !close.contains(false) {
      values.append(NamedValue("catch-up-epoch", 0, style: .integer))
    }
    let weight = batchNormConvention.newStatisticWeight
    let perEpoch = MiniBatches.sizes(count: m, batchSize: batchSize).count
    values += [
      NamedValue("running-mean-error", meanError),
      NamedValue("running-variance-error", varianceError),
      NamedValue("window", 1 / weight),
      NamedValue("batches-per-epoch", Double(perEpoch), style: .integer),
      NamedValue("start-weight", Self.power(1 - weight, perEpoch * completed)),
      NamedValue("single-example-ok", singleOK ? 1 : 0, style: .integer),
      NamedValue("distinct-outputs[test-mode]", Double(distinct(aloneTest)), style: .integer),
      NamedValue(
        "distinct-outputs[training-mode]", Double(distinct(aloneTraining)), style: .integer),
      NamedValue("accuracy[bn]", accuracies[0].value, style: .percent(1)),
      NamedValue("epsilon", batchNormConvention.epsilon),
    ]
    for a in accuracies {
      values.append(NamedValue("accuracy[\(a.key)]", a.value, style: .percent(1)))
    }

    let conventionText =
      convention == .pytorch
      ? "PyTorch's convention (running ← \(NumberFormat.display(1 - weight))·running + \(NumberFormat.display(weight))·batch, unbiased variance, ε = \(NumberFormat.display(batchNormConvention.epsilon)))"
      : "Keras' convention (running ← \(NumberFormat.display(1 - weight))·running + \(NumberFormat.display(weight))·batch, biased variance, ε = \(NumberFormat.display(batchNormConvention.epsilon)))"
    let unitText =
      units.count == 1 ? "unit \(units[0])" : "units " + EWA.list(units.map(String.init))
    let first = units[0]
    let description =
      "Running estimates (solid) and population statistics of the \(m) training examples (dashed) of z in hidden layer \(layer), \(unitText), after each of \(completed) epochs of \(perEpoch) mini-batches, in \(conventionText); "
      + "the band in (a) spans the means of that epoch's mini-batches. They start at 0 and 1; "
      + "after the last epoch unit \(first)'s running mean is \(NumberFormat.display(running.last![0].mean, .significant(3))) against \(NumberFormat.display(population.last![0].mean, .significant(3))) "
      + "and its running variance \(NumberFormat.display(running.last![0].variance, .significant(3))) against \(NumberFormat.display(population.last![0].variance, .significant(3))). "
      + "Over all normalized units the running mean is off by at most \(NumberFormat.display(meanError, .significant(2))) population standard deviations."
    let caption =
      "Running averages of μ and σ² during training (solid) against the statistics of the whole training set under the same weights (dashed), for \(unitText) of hidden layer \(layer); the shaded band spans the means of each epoch's mini-batches. \(convention == .pytorch ? "PyTorch" : "Keras") convention, \(batchText(experiment))."
    var columns: [(String, [Double])] = [("epoch", epochAxis)]
    for (k, unit) in units.enumerated() {
      columns += [
        ("running mean unit \(unit)", running.map { $0[k].mean }),
        ("population mean unit \(unit)", population.map { $0[k].mean }),
        ("lowest batch mean unit \(unit)", batchRange.map { $0[k].low }),
        ("highest batch mean unit \(unit)", batchRange.map { $0[k].high }),
        ("running variance unit \(unit)", running.map { $0[k].variance }),
        ("population variance unit \(unit)", population.map { $0[k].variance }),
      ]
    }

    let modes = Table(
      key: "modes",
      caption:
        "Accuracy on the \(test.count) test examples after \(history.epochs.count) epochs, by how the layers get their μ and σ².",
      columns: [
        Table.Column("how μ and σ² are chosen", csv: "mode"),
        Table.Column("test accuracy", csv: "test accuracy", style: .percent(1)),
      ],
      rows: accuracies.map { [.text($0.label), .number($0.value)] })
    let shown = min(examples, test.count)
    let classText = binary ? "$P(y = 1)$" : "$P(\\text{true class})$"
    let single = Table(
      key: "single",
      caption:
        "The first \(shown) test examples, each fed to the network alone (a batch of one). In test mode each gets the output it gets inside the whole test set; in training mode $z - \\mu = 0$ in every normalized unit, so every example gets the same output.",
      columns: [
        Table.Column("example", csv: "example", style: .integer),
        Table.Column("true class", csv: "label", style: .integer),
        Table.Column("test mode: class", csv: "test mode prediction", style: .integer),
        Table.Column("test mode: \(classText)", csv: "test mode probability", style: .fixed(3)),
        Table.Column("training mode: class", csv: "training mode prediction", style: .integer),
        Table.Column(
          "training mode: \(classText)", csv: "training mode probability", style: .fixed(3)),
      ],
      rows: (0..<shown).map { i -> [Cell] in
        let label = test.labels[i]
        func p(_ row: [Double]) -> Double { binary ? row[0] : row[label] }
        return [
          .number(Double(i + 1)), .number(Double(label)),
          .number(Double(predictions(Matrix([aloneTest[i]]))[0])), .number(p(aloneTest[i])),
          .number(Double(predictions(Matrix([aloneTraining[i]]))[0])), .number(p(aloneTraining[i])),
        ]
      })
    return DirectiveOutput(
      items: [
        .figure(
          Figure(
            caption: caption, description: description, data: DataTable(columns),
            chart: panels))
      ] + (showTables ? [.table(modes), .table(single)] : []), values: values)
  }

  // MARK: - example

  func example() -> DirectiveOutput {
    let c = batchNormConvention
    let z = Matrix(column: batch)
    let forward = BatchNorm.forward(z, gamma: [1], beta: [0], epsilon: c.epsilon)
    let (mu, variance) = (forward.mean[0], forward.variance[0])
    // γ = √(σ² + ε), β = μ undo the normalization.
    let identity = BatchNorm.forward(
      z, gamma: [(variance + c.epsilon).squareRoot()], beta: [mu], epsilon: c.epsilon)
    var values = [
      NamedValue("mean", mu), NamedValue("variance", variance), NamedValue("epsilon", c.epsilon),
    ]
    for i in batch.indices {
      values.append(NamedValue("normalized[\(i + 1)]", forward.normalized[i, 0], style: .fixed(6)))
      values.append(NamedValue("restored[\(i + 1)]", identity.output[i, 0]))
    }
    let table = Table(
      caption:
        "A batch of \(batch.count) values of one unit: $\\mu = \(NumberFormat.display(mu, .significant(6)))$, $\\sigma^2 = \(NumberFormat.display(variance, .significant(6)))$ (divided by $m = \(batch.count)$), $\\varepsilon = \(Self.tex(c.epsilon))$. The last column sets $\\gamma = \\sqrt{\\sigma^2 + \\varepsilon}$ and $\\beta = \\mu$ and gets the batch back.",
      columns: [
        Table.Column("$i$", csv: "i", style: .integer),
        Table.Column("$z^{(i)}$", csv: "z", style: .automatic),
        Table.Column("$z^{(i)} - \\mu$", csv: "z - mu", style: .automatic),
        Table.Column("$z_\\text{norm}^{(i)}$", csv: "z_norm", style: .fixed(6)),
        Table.Column(
          "$\\gamma z_\\text{norm}^{(i)} + \\beta$", csv: "restored", style: .significant(6)),
      ],
      rows: batch.indices.map { i -> [Cell] in
        [
          .number(Double(i + 1)), .number(batch[i]), .number(batch[i] - mu),
          .number(forward.normalized[i, 0]), .number(identity.output[i, 0]),
        ]
      })
    return DirectiveOutput(items: [.table(table)], values: values)
  }

  // MARK: - running-step

  func runningStep() throws(DirectiveError) -> DirectiveOutput {
    let c = batchNormConvention
    if c.unbiasedRunningVariance && batch.count < 2 {
      throw DirectiveError(
        "PyTorch's running variance divides by m − 1: 'batch' needs at least two values",
        option: "batch")
    }
    let forward = BatchNorm.forward(
      Matrix(column: batch), gamma: [1], beta: [0], epsilon: c.epsilon)
    let (mu, variance) = (forward.mean[0], forward.variance[0])
    var runningMean = [0.0]
    var runningVariance = [1.0]
    BatchNorm.updateRunningStatistics(
      mean: &runningMean, variance: &runningVariance, batchMean: [mu], batchVariance: [variance],
      batchSize: batch.count, convention: c)
    let m = Double(batch.count)
    let unbiased = batch.count > 1 ? variance * m / (m - 1) : .nan
    let values = [
      NamedValue("mean", mu), NamedValue("variance", variance),
      NamedValue("unbiased-variance", unbiased),
      NamedValue("running-mean", runningMean[0]),
      NamedValue("running-variance", runningVariance[0]),
      NamedValue("epsilon", c.epsilon),
    ]
    let w = c.newStatisticWeight
    let name = convention == .pytorch ? "PyTorch" : "Keras"
    let averaged =
      c.unbiasedRunningVariance
      ? "the variance averaged is the unbiased one, $\\sigma^2 \\cdot m/(m-1)$"
      : "the variance averaged is the biased $\\sigma^2$"
    let z = batch.map { NumberFormat.display($0) }.joined(separator: ", ")
    let table = Table(
      caption:
        "One step of \(name)'s running averages from $(0, 1)$ with the batch $z = \(z)$: $\\text{running} \\leftarrow \(NumberFormat.display(1 - w))\\,\\text{running} + \(NumberFormat.display(w))\\,\\text{batch}$; \(averaged).",
      columns: [
        Table.Column("statistic", csv: "statistic"),
        Table.Column("before", csv: "before"),
        Table.Column("batch", csv: "batch", style: .significant(6)),
        Table.Column("after one step", csv: "after", style: .significant(6)),
      ],
      rows: [
        [.text("mean"), .number(0), .number(mu), .number(runningMean[0])],
        [
          .text(c.unbiasedRunningVariance ? "variance (unbiased)" : "variance (biased)"),
          .number(1),
          .number(c.unbiasedRunningVariance ? unbiased : variance), .number(runningVariance[0]),
        ],
      ])
    return DirectiveOutput(items: [.table(table)], values: values)
  }

  // MARK: - Helpers

  /// Mean and population standard deviation (÷ n).
  static func meanAndStd(_ values: [Double]) -> (mean: Double, std: Double) {
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
    return (mean, variance.squareRoot())
  }

  /// xⁿ by repeated multiplication (n ≥ 0).
  static func power(_ x: Double, _ n: Int) -> Double {
    var result = 1.0
    for _ in 0..<max(n, 0) { result *= x }
    return result
  }

  /// ε in TeX: `10^{-5}` for a power of ten, else the plain number.
  static func tex(_ epsilon: Double) -> String {
    var power = 1.0
    for k in 1...12 {
      power /= 10
      if abs(epsilon - power) <= 1e-12 * power { return "10^{-\(k)}" }
    }
    return NumberFormat.ascii(epsilon)
  }
}
