#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import LessonKit
import LessonMarkup
import LessonMath
import LessonPlot

/// `{softmax-regression}`: a softmax classifier trained on a data set (course 3.8–3.9): loss
/// and accuracy per epoch, decision regions for 2-D data, the test confusion matrix and sample
/// digits with their predicted labels.
///
/// The model is one linear layer z = xW + b with softmax and cross-entropy, W = 0 and b = 0 at
/// the start (so the first loss is ln C). The data set is split (shuffled, stratified) into a
/// training and a test part; features are standardized with the training part's mean and
/// standard deviation (a constant column — three pixels of the digits — gets σ = 1, as
/// scikit-learn's `StandardScaler` does). Training uses mini-batches reshuffled every epoch.
struct SoftmaxRegression: Directive {
  static let name = "softmax-regression"
  static let summary =
    "A softmax classifier trained on blobs, moons, iris or digits: loss and accuracy curves, decision regions, confusion matrix, sample digits."
  static let publishedValues = [
    ValueDeclaration("train-accuracy", "Accuracy of the final model on the training set."),
    ValueDeclaration("test-accuracy", "Accuracy of the final model on the test set."),
    ValueDeclaration("final-loss", "Mean cross-entropy of the final model on the training set."),
    ValueDeclaration("test-loss", "Mean cross-entropy of the final model on the test set."),
    ValueDeclaration(
      "initial-loss", "Mean cross-entropy on the training set before training (W = 0)."),
    ValueDeclaration(
      "log-classes", "ln C, the loss of a model that gives every class probability 1/C."),
    ValueDeclaration("classes", "The number of classes C."),
    ValueDeclaration("features", "The number of input features."),
    ValueDeclaration("examples", "The number of examples in the data set."),
    ValueDeclaration("train-size", "The number of training examples."),
    ValueDeclaration("test-size", "The number of test examples."),
    ValueDeclaration("errors", "How many test examples are misclassified."),
    ValueDeclaration(
      "constant-features", "How many feature columns are constant over the whole data set (σ = 0)."),
    ValueDeclaration(
      "confusion[t][p]",
      "Test examples of class t predicted as p, by class name: digits 0–9, blobs 1…C, moons 0 and 1, iris setosa, versicolor, virginica."
    ),
    ValueDeclaration(
      "top-confusion", "The largest off-diagonal count of the test confusion matrix."),
    ValueDeclaration(
      "top-confusion-true",
      "Its true class: the class name when it is a number (digits, blobs, moons), else its index from 0."
    ),
    ValueDeclaration("top-confusion-predicted", "Its predicted class, named the same way."),
  ]

  enum DataName: String, OptionChoice {
    /// Gaussian blobs in the plane, one per class.
    case blobs
    /// Two interleaving half circles.
    case moons
    /// Fisher's iris flowers: 4 measurements, 3 species.
    case iris
    /// The 8 × 8 handwritten digits: 64 pixels, 10 classes.
    case digits
  }

  enum Show: String, OptionChoice {
    case curves
    case regions
    case confusion
    case digits
    case errors
    case table
  }

  enum Method: String, OptionChoice {
    case gd
    case momentum
    case rmsprop
    case adam

    var method: OptimizerMethod {
      switch self {
      case .gd: .gradientDescent
      case .momentum: .momentum()
      case .rmsprop: .rmsprop()
      case .adam: .adam()
      }
    }
  }

  @Option(
    "dataset",
    help: "The data: blobs, moons (2-D, generated from the seed), iris or digits (shipped).")
  var dataset = DataName.blobs

  @Option(
    "classes", range: .closed(2, 8),
    help: "How many blobs (classes), centred evenly on a circle of radius 3; blobs only. Default 3."
  )
  var classes: Int? = nil

  @Option(
    "samples", range: .closed(20, 5000),
    help: "How many points to generate; blobs and moons only. Default 300.")
  var samples: Int? = nil

  @Option(
    "noise", symbol: "σ", range: .closed(0, 10),
    help:
      "Spread of the generated points: each blob's standard deviation (default 1), or the moons' noise (default 0.2)."
  )
  var noise: Double? = nil

  @Option("epochs", range: .closed(1, 2000), help: "Passes over the training set.")
  var epochs = 50

  @Option("lr", symbol: "α", range: .open(0, 100), help: "The learning rate α.")
  var lr = 0.1

  @Option(
    "batch-size", symbol: "batch size", range: .closed(1, 100_000),
    help: "Mini-batch size; at least the training set's size means batch gradient descent.")
  var batchSize = 64

  @Option("optimizer", help: "The update rule, with the course's default hyperparameters.")
  var optimizer = Method.gd

  @Option(
    "test-fraction", range: .closed(0.05, 0.9),
    help: "The share of examples held out for testing (shuffled, stratified split).")
  var testFraction = 0.2

  @Option(
    "standardize",
    help: "Scale every feature to mean 0 and standard deviation 1 (fitted on the training set).")
  var standardize = true

  @Option(
    "show",
    help:
      "Which figures, in order: curves, regions (2-D data only), confusion, digits and errors (the first test digits, the misclassified ones; digits only), table. Default: curves and regions for 2-D data, curves and confusion otherwise, plus digits for the digits."
  )
  var show: [Show]? = nil

  @Option(
    "images", range: .closed(1, 80),
    help: "At most how many test digits the digits and errors figures show.")
  var images = 24

  @Option(
    "seed", range: .closed(0, 4_294_967_295), help: "Seed of the data, the split and the shuffles.")
  var seed = 0

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    let data = try makeDataset()
    let figures = try chosenFigures(for: data)

    // Split, standardize on the training part, train from W = 0.
    let (rawTrain, rawTest) = data.trainTestSplit(
      testFraction: testFraction, stratified: true, seed: Self.subSeed(seed, 1))
    let standardizer = standardize ? Standardizer(fitting: rawTrain.features) : nil
    let train = standardizer?.transform(rawTrain) ?? rawTrain
    let test = standardizer?.transform(rawTest) ?? rawTest
    var network = NeuralNetwork(
      .softmaxRegression(features: data.featureCount, classes: data.classCount))
    let initial = network.evaluate(train)
    let initialTest = network.evaluate(test)
    let history = network.train(
      on: train,
      options: TrainingOptions(
        optimizer: optimizer.method, learningRate: lr, batchSize: batchSize, epochs: epochs,
        seed: seed),
      evaluationSet: test)
    let final = network.evaluate(train)
    let finalTest = network.evaluate(test)
    let predicted = network.predict(test.features)
    let confusion = Evaluation.confusionMatrix(
      actual: test.labels, predicted: predicted, classCount: data.classCount)
    let errors = zip(test.labels, predicted).filter { $0 != $1 }.count
    var top = (count: 0, actual: 0, predicted: 0)
    for t in 0..<data.classCount {
      for p in 0..<data.classCount where t != p && confusion[t][p] > top.count {
        top = (confusion[t][p], t, p)
      }
    }
    let constant = Standardizer(fitting: data.features).standardDeviation.filter { $0 == 0 }.count
    let names = data.classNames
    let c = data.classCount
    let logC = log(Double(c))
    let setText = Self.describe(data)

    var items: [DirectiveOutput.Item] = []
    for figure in figures {
      switch figure {
      case .curves:
        items.append(
          .figure(
            curvesFigure(
              history: history, initial: (initial, initialTest), logC: logC, setText: setText)))
      case .regions:
        items.append(
          .figure(
            regionsFigure(
              data: data, network: network, standardizer: standardizer,
              accuracy: finalTest.accuracy)))
      case .confusion:
        items.append(
          .figure(
            confusionFigure(
              confusion: confusion, names: names, testCount: test.count, errors: errors,
              top: top)))
      case .digits, .errors:
        items.append(
          .figure(
            digitsFigure(
              test: rawTest, predicted: predicted, errors: errors, errorsOnly: figure == .errors)))
      case .table:
        items.append(
          .table(
            Table(
              key: "table",
              caption:
                "Loss and accuracy of the softmax classifier on \(setText) before training ($W = 0$) and after \(epochs) epochs.",
              columns: [
                Table.Column("set", style: .automatic),
                Table.Column("examples", style: .integer),
                Table.Column("loss at $W = 0$", csv: "initial loss", style: .fixed(4)),
                Table.Column("final loss", style: .fixed(4)),
                Table.Column("final accuracy", style: .percent(1)),
              ],
              rows: [
                [
                  .text("training"), .number(Double(train.count)), .number(initial.loss),
                  .number(final.loss), .number(final.accuracy),
                ],
                [
                  .text("test"), .number(Double(test.count)), .number(initialTest.loss),
                  .number(finalTest.loss), .number(finalTest.accuracy),
                ],
              ])))
      }
    }

    var values = [
      NamedValue("train-accuracy", final.accuracy),
      NamedValue("test-accuracy", finalTest.accuracy),
      NamedValue("final-loss", final.loss),
      NamedValue("test-loss", finalTest.loss),
      NamedValue("initial-loss", initial.loss),
      NamedValue("log-classes", logC),
      NamedValue("classes", Double(c), style: .integer),
      NamedValue("features", Double(data.featureCount), style: .integer),
      NamedValue("examples", Double(data.count), style: .integer),
      NamedValue("train-size", Double(train.count), style: .integer),
      NamedValue("test-size", Double(test.count), style: .integer),
      NamedValue("errors", Double(errors), style: .integer),
      NamedValue("constant-features", Double(constant), style: .integer),
      NamedValue("top-confusion", Double(top.count), style: .integer),
      NamedValue(
        "top-confusion-true", Double(names[top.actual]) ?? Double(top.actual), style: .integer),
      NamedValue(
        "top-confusion-predicted", Double(names[top.predicted]) ?? Double(top.predicted),
        style: .integer),
    ]
    for t in 0..<c {
      for p in 0..<c {
        values.append(
          NamedValue(
            "confusion[\(names[t])][\(names[p])]", Double(confusion[t][p]), style: .integer))
      }
    }
    return DirectiveOutput(items: items, values: values)
  }

  // MARK: - Data

  /// The data set the options ask for; options that do not apply to it are errors.
  func makeDataset() throws(DirectiveError) -> Dataset {
    let generated = dataset == .blobs || dataset == .moons
    if !generated {
      for (option, given) in [("samples", samples != nil), ("noise", noise != nil)] where given {
        throw DirectiveError(
          "'\(option)' applies to the generated data sets (blobs, moons), not to \(dataset.rawValue)",
          option: option)
      }
    }
    if dataset != .blobs, classes != nil {
      throw DirectiveError(
        "'classes' applies to blobs only; \(dataset.rawValue) has \(dataset == .moons ? 2 : dataset == .iris ? 3 : 10) classes",
        option: "classes")
    }
    switch dataset {
    case .blobs:
      // Centers evenly spaced on a circle of radius 3 (class 0 at the top), so that every
      // class has neighbours and the boundaries between them meet in the middle.
      let c = classes ?? 3
      let centers = (0..<c).map { k -> [Double] in
        let angle = Double.pi / 2 + 2 * Double.pi * Double(k) / Double(c)
        return [3 * cos(angle), 3 * sin(angle)]
      }
      var blobs = Dataset.blobs(
        count: samples ?? 300, centers: centers, standardDeviation: noise ?? 1, seed: seed)
      // Named 1…C, as the book counts classes.
      blobs.classNames = (1...c).map(String.init)
      return blobs
    case .moons:
      var moons = Dataset.moons(count: samples ?? 300, noise: noise ?? 0.2, seed: seed)
      // Named 1 and 2, as the book counts classes (the figure's legend says "class 1").
      moons.classNames = ["1", "2"]
      return moons
    case .iris:
      return Dataset.iris()
    case .digits:
      return Dataset.digits()
    }
  }

  /// The figures to draw, in page order.
  func chosenFigures(for data: Dataset) throws(DirectiveError) -> [Show] {
    let planar = data.featureCount == 2
    guard let show else {
      if planar { return [.curves, .regions] }
      return dataset == .digits ? [.curves, .confusion, .digits] : [.curves, .confusion]
    }
    if show.contains(.regions), !planar {
      throw DirectiveError(
        "decision regions need 2-D data; \(dataset.rawValue) has \(data.featureCount) features (use blobs or moons)",
        option: "show")
    }
    for images in [Show.digits, .errors] where show.contains(images) && dataset != .digits {
      throw DirectiveError(
        "'\(images.rawValue)' shows images of the digits data set only", option: "show")
    }
    if let repeated = SoftmaxProbabilities.firstRepeated(show.map(\.rawValue)) {
      throw DirectiveError("'\(repeated)' is listed twice", option: "show")
    }
    return show
  }

  /// An independent seed for one use (split, …) derived from the directive's seed.
  static func subSeed(_ seed: Int, _ use: Int) -> Int {
    var rng = SeededGenerator(seed: seed, stream: -use)
    return Int(truncatingIfNeeded: rng.next() >> 1)
  }

  /// "300 points in 3 blobs", "the 1797 digits".
  static func describe(_ data: Dataset) -> String {
    switch data.name {
    case "blobs": return "\(data.count) points in \(data.classCount) blobs"
    case "moons": return "\(data.count) points on two moons"
    case "iris": return "the \(data.count) iris flowers"
    default: return "the \(data.count) digits"
    }
  }

  // MARK: - Figures

  func curvesFigure(
    history: TrainingHistory,
    initial: ((loss: Double, accuracy: Double), (loss: Double, accuracy: Double)),
    logC: Double, setText: String
  ) -> LessonKit.Figure {
    let records = history.epochs
    let x = [0.0] + records.indices.map { Double($0 + 1) }
    let trainLoss = [initial.0.loss] + records.map(\.loss)
    let testLoss = [initial.1.loss] + records.map { $0.evaluationLoss ?? .nan }
    let trainAccuracy = [initial.0.accuracy] + records.map(\.accuracy)
    let testAccuracy = [initial.1.accuracy] + records.map { $0.evaluationAccuracy ?? .nan }
    let exit = history.divergedAtEpoch != nil ? "diverged" : nil
    let lossChart = Chart(
      width: 400, height: 320, x: Axis("epoch"), y: Axis("cross-entropy loss"),
      marks: [
        .line(Line("training", x: x, y: trainLoss, exitLabel: exit)),
        .line(Line("test", x: x, y: testLoss, exitLabel: exit)),
      ], annotations: [.horizontalRule(y: logC, label: "ln C")], legend: .hidden)
    let accuracyChart = Chart(
      width: 400, height: 320, x: Axis("epoch"), y: Axis("accuracy", domain: 0...1),
      marks: [
        .line(Line("training", x: x, y: trainAccuracy)),
        .line(Line("test", x: x, y: testAccuracy)),
      ], legend: .bottomRight)
    let panels = Panels(
      [lossChart, accuracyChart], subtitles: ["(a) loss", "(b) accuracy"])
    let last = records.last
    let pct = { (v: Double?) in v.map { NumberFormat.display($0, .percent(1)) } ?? "–" }
    let divergedText =
      history.divergedAtEpoch.map {
        " The loss became infinite in epoch \($0 + 1); training stopped there."
      }
      ?? ""
    let description =
      "Two line charts over \(records.count) epochs of softmax regression on \(setText) (\(optimizer.rawValue), α = \(NumberFormat.display(lr)), batch size \(batchSize)). "
      + "(a) Cross-entropy loss: it starts at ln C = \(NumberFormat.display(logC, .fixed(3))) with W = 0 and ends at "
      + "\(NumberFormat.display(last?.loss ?? .nan, .fixed(3))) on the training set and \(NumberFormat.display(last?.evaluationLoss ?? .nan, .fixed(3))) on the test set. "
      + "(b) Accuracy: it ends at \(pct(last?.accuracy)) on the training set and \(pct(last?.evaluationAccuracy)) on the test set."
      + divergedText
    let data = DataTable([
      ("epoch", x), ("training loss", trainLoss), ("test loss", testLoss),
      ("training accuracy", trainAccuracy), ("test accuracy", testAccuracy),
    ])
    let caption =
      "Softmax regression on \(setText): loss and accuracy per epoch, from $W = 0$ (epoch 0, loss $\\ln C$). "
      + "Training values are averaged over each epoch's mini-batches; test values are measured after each epoch."
    return Figure(
      key: "curves", caption: caption, description: description, data: data,
      chart: panels)
  }

  func regionsFigure(
    data: Dataset, network: NeuralNetwork, standardizer: Standardizer?, accuracy: Double
  ) -> LessonKit.Figure {
    let xs = data.features.column(0)
    let ys = data.features.column(1)
    func padded(_ v: [Double]) -> ClosedRange<Double> {
      let (lo, hi) = (v.min()!, v.max()!)
      let pad = max((hi - lo) * 0.08, 1e-6)
      return (lo - pad)...(hi + pad)
    }
    let (xRange, yRange) = (padded(xs), padded(ys))
    let (columns, rows) = (121, 91)
    let grid = Evaluation.grid(x: xRange, y: yRange, columns: columns, rows: rows)
    let predictions = network.predict(standardizer?.transform(grid) ?? grid)
    let classes = (0..<rows).map { r in Array(predictions[(r * columns)..<((r + 1) * columns)]) }
    let gridX = (0..<columns).map { grid[$0, 0] }
    let gridY = (0..<rows).map { grid[$0 * columns, 1] }
    let classNames = data.classNames.map { "class \($0)" }
    let chart = Chart(
      height: 420, x: Axis("x₁"), y: Axis("x₂"),
      marks: [
        .regions(Regions(x: gridX, y: gridY, classes: classes)),
        .scatter(
          Scatter(x: xs, y: ys, classes: data.labels, classNames: classNames, size: 5.5)),
      ], equalAspect: true)
    let counts = (0..<data.classCount).map { c in predictions.filter { $0 == c }.count }
    let present = counts.filter { $0 > 0 }.count
    let description =
      "The plane coloured by the class the trained softmax classifier predicts, with the \(data.count) points of the data set on top (\(data.classCount) classes). "
      + "The \(present) regions are separated by straight lines, because each boundary is where two linear scores zᵢ = xwᵢ + bᵢ are equal; "
      + "test accuracy \(NumberFormat.display(accuracy, .percent(1)))."
    // The class map as a matrix, as it is drawn: one row per x₂, one column per x₁ (class
    // indices from 0; the names are in the legend).
    let table = DataTable(
      columns: ["x2 \\ x1"] + gridX.map { NumberFormat.ascii($0, .significant(6)) },
      rows: (0..<rows).map { r in
        [.number(gridY[r])] + classes[r].map { .number(Double($0)) }
      })
    let caption =
      "Decision regions of softmax regression on \(Self.describe(data)): every boundary is a straight line (training and test points shown)."
    return Figure(
      key: "regions", caption: caption, description: description, data: table,
      chart: chart)
  }

  func confusionFigure(
    confusion: [[Int]], names: [String], testCount: Int, errors: Int,
    top: (count: Int, actual: Int, predicted: Int)
  ) -> LessonKit.Figure {
    let c = names.count
    let heatmap = Heatmap(
      width: 560, height: c > 5 ? 470 : 360,
      values: confusion.map { $0.map(Double.init) }, rowLabels: names, columnLabels: names,
      xLabel: "predicted class", yLabel: "true class", colorMap: .themeSequential,
      cellFormat: .integer, colorBarLabel: "examples")
    let worst =
      top.count == 0
      ? "There are no confusions."
      : "The largest confusion is \(names[top.actual]) predicted as \(names[top.predicted]) (\(top.count) example\(top.count == 1 ? "" : "s"))."
    let description =
      "Confusion matrix of the \(testCount) test examples, true class by row and predicted class by column: "
      + "\(testCount - errors) lie on the diagonal and \(errors) off it. " + worst
    var columns = ["true class"]
    columns += names.map { "predicted \($0)" }
    let table = DataTable(
      columns: columns,
      rows: (0..<c).map { t in [.text(names[t])] + confusion[t].map { .number(Double($0)) } })
    return Figure(
      key: "confusion",
      caption:
        "Confusion matrix on the \(testCount) test examples: rows are the true classes, columns the predictions; the diagonal counts correct answers.",
      description: description, data: table,
      chart: heatmap)
  }

  func digitsFigure(test: Dataset, predicted: [Int], errors: Int, errorsOnly: Bool)
    -> LessonKit.Figure
  {
    let candidates =
      errorsOnly
      ? test.labels.indices.filter { test.labels[$0] != predicted[$0] } : Array(test.labels.indices)
    let chosen = Array(candidates.prefix(images))
    let gridImages = chosen.map { i -> GridImage in
      let wrong = test.labels[i] != predicted[i]
      let label = wrong ? "\(predicted[i]) (true \(test.labels[i]))" : "\(predicted[i])"
      return GridImage(
        width: 8, height: 8, pixels: test.features.row(i), label: label, highlighted: wrong)
    }
    let wrongShown = chosen.filter { test.labels[$0] != predicted[$0] }.count
    let grid = ImageGrid(images: gridImages, columns: 8, cellSize: 56, maxValue: 16)
    let description =
      "\(chosen.count) 8 × 8 test digits with the predicted digit under each; "
      + (wrongShown == 0
        ? "all of them are right."
        : "\(wrongShown) \(wrongShown == 1 ? "is" : "are") wrong, outlined and labelled with the true digit.")
      + " On the whole test set \(errors) of \(test.count) are wrong."
    let data = DataTable(
      columns: ["test index", "true digit", "predicted digit"] + (0..<64).map { "pixel \($0)" },
      rows: chosen.map { i in
        [.number(Double(i)), .number(Double(test.labels[i])), .number(Double(predicted[i]))]
          + test.features.row(i).map { .number($0) }
      })
    let caption =
      errorsOnly
      ? (errors == 0
        ? "The classifier gets every test digit right: there is no mistake to show."
        : (chosen.count == errors ? "All \(errors)" : "\(chosen.count) of the \(errors)")
          + " test digits the classifier gets wrong: the prediction, with the true digit in brackets.")
      : "The first \(chosen.count) test digits with the predicted label; mistakes are outlined and show the true digit in brackets."
    return Figure(
      key: errorsOnly ? "errors" : "digits", caption: caption, description: description, data: data,
      chart: grid)
  }
}
