#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A hidden-layer activation g(z).
public enum Activation: String, Sendable, Hashable, CaseIterable {
  /// max(0, z); derivative 1 for z > 0, else 0.
  case relu
  /// tanh z; derivative 1 − tanh² z.
  case tanh
  /// σ(z) = 1/(1 + e^{−z}); derivative σ(1 − σ).
  case sigmoid
  /// z.
  case identity
}

/// How weights are initialized (biases start at 0, γ at 1, β at 0).
public enum WeightInitialization: Sendable, Hashable {
  /// He et al. 2015: N(0, 1)·√(2/n_in), the course's `initialize_parameters_he` (for ReLU).
  case he
  /// Xavier/Glorot-style N(0, 1)·√(1/n_in) (for tanh).
  case xavier
  /// N(0, 1)·scale (the course's "random" initialization uses 10 or 0.01).
  case scaled(Double)
  /// All zeros (fails to break symmetry; for demonstrations).
  case zeros
}

/// The shape of a fully connected network.
///
/// `layerSizes` lists input features, hidden widths and output units, e.g. `[2, 5, 2, 1]` for
/// the course's moons network. One output unit means a sigmoid output with binary
/// cross-entropy; C > 1 output units mean softmax with cross-entropy. `[n, C]` (no hidden
/// layer) is softmax regression. With `batchNorm`, every hidden layer normalizes z = a·W
/// before its activation and has no bias (β replaces it); the output layer is never
/// normalized.
public struct NetworkConfiguration: Sendable, Hashable {
  /// Inputs, hidden widths, outputs, e.g. `[2, 5, 2, 1]`.
  public var layerSizes: [Int]
  /// g of every hidden layer (the output is sigmoid or softmax).
  public var hiddenActivation: Activation
  /// How weights are drawn.
  public var initialization: WeightInitialization
  /// Batch norm on the hidden layers with this convention, or nil for none.
  public var batchNorm: BatchNormConvention?

  public init(
    layerSizes: [Int], hiddenActivation: Activation = .relu,
    initialization: WeightInitialization = .he, batchNorm: BatchNormConvention? = nil
  ) {
    precondition(layerSizes.count >= 2 && layerSizes.allSatisfy { $0 >= 1 }, "bad layer sizes")
    self.layerSizes = layerSizes
    self.hiddenActivation = hiddenActivation
    self.initialization = initialization
    self.batchNorm = batchNorm
  }

  /// Softmax regression: one linear layer from `features` inputs to `classes` outputs.
  public static func softmaxRegression(features: Int, classes: Int) -> NetworkConfiguration {
    NetworkConfiguration(layerSizes: [features, classes], initialization: .zeros)
  }

  /// True for a single sigmoid output unit (binary classification).
  public var isBinary: Bool { layerSizes.last == 1 }
}

/// One dense layer: z = a_prev · W + b (W is n_in × n_out, examples are rows), optionally
/// batch-normalized before the activation.
public struct DenseLayer: Sendable, Equatable {
  /// W, `n_in × n_out`.
  public var weights: Matrix
  /// b, one per unit (kept at 0 and not trained in a batch-normalized layer).
  public var bias: [Double]
  /// Batch norm's γ (empty without batch norm).
  public var gamma: [Double]
  /// Batch norm's β (empty without batch norm).
  public var beta: [Double]
  /// Running mean of z for test mode (empty without batch norm); starts at 0.
  public var runningMean: [Double]
  /// Running variance of z for test mode (empty without batch norm); starts at 1.
  public var runningVariance: [Double]

  /// Whether this layer normalizes its z.
  public var isBatchNormalized: Bool { !gamma.isEmpty }
}

/// Training mode (batch statistics) or test mode (running statistics) for batch norm.
public enum NetworkMode: Sendable, Hashable {
  case training
  case inference
}

/// What one layer computed in a forward pass (for activation histograms).
public struct LayerTrace: Sendable, Equatable {
  /// z = a_prev · W (+ b): before batch normalization.
  public var linear: Matrix
  /// ẑ = (z − μ)/√(σ² + ε), or nil without batch norm.
  public var normalized: Matrix?
  /// The activation's input: γẑ + β with batch norm, else z.
  public var preActivation: Matrix
  /// The layer's output a = g(preActivation) (sigmoid or softmax for the output layer).
  public var activation: Matrix
}

/// Options of `NeuralNetwork.train`.
public struct TrainingOptions: Sendable, Hashable {
  /// The update rule (state starts at zero, t at 0).
  public var optimizer: OptimizerMethod
  /// α₀.
  public var learningRate: Double
  /// α per epoch from α₀.
  public var schedule: LearningRateSchedule
  /// How the schedule numbers epochs (zero-based: the first epoch uses α₀).
  public var epochNumbering: EpochNumbering
  /// Mini-batch size; ≥ the number of examples means batch gradient descent.
  public var batchSize: Int
  /// Number of passes over the data.
  public var epochs: Int
  /// Seed of the per-epoch shuffles (epoch e uses stream (seed, e)).
  public var seed: Int
  /// Whether to keep the cost of every mini-batch (for cost-per-iteration plots).
  public var recordIterationLosses: Bool

  public init(
    optimizer: OptimizerMethod = .gradientDescent, learningRate: Double = 0.0007,
    schedule: LearningRateSchedule = .constant, epochNumbering: EpochNumbering = .zeroBased,
    batchSize: Int = 64, epochs: Int = 100, seed: Int = 0, recordIterationLosses: Bool = false
  ) {
    self.optimizer = optimizer
    self.learningRate = learningRate
    self.schedule = schedule
    self.epochNumbering = epochNumbering
    self.batchSize = batchSize
    self.epochs = epochs
    self.seed = seed
    self.recordIterationLosses = recordIterationLosses
  }
}

/// One epoch of training.
public struct EpochRecord: Sendable, Equatable {
  /// The epoch number as the schedule saw it.
  public var epoch: Int
  /// α used in this epoch.
  public var learningRate: Double
  /// Mean loss over the epoch's examples, each computed in its mini-batch's forward pass
  /// (the course's `cost_total / m`; Keras reports training loss the same way).
  public var loss: Double
  /// Fraction of the epoch's examples classified correctly in those same forward passes.
  public var accuracy: Double
  /// Loss on the evaluation set after the epoch (test mode), if one was given.
  public var evaluationLoss: Double?
  /// Accuracy on the evaluation set after the epoch (test mode), if one was given.
  public var evaluationAccuracy: Double?
}

/// The result of `NeuralNetwork.train`.
public struct TrainingHistory: Sendable, Equatable {
  /// One record per completed epoch.
  public var epochs: [EpochRecord]
  /// The mean cost of each mini-batch, in order (empty unless requested).
  public var iterationLosses: [Double]
  /// The epoch (its position, 0-based) in which the loss became non-finite; training stopped.
  public var divergedAtEpoch: Int?
}

/// A small fully connected network with its trainer (course 2.8 experiment, 3.4–3.9).
///
/// All computation runs on contiguous buffers allocated once per call (`Engine`): no
/// per-element or per-batch allocation in training loops. Results depend only on the
/// configuration, the data and the seeds.
public struct NeuralNetwork: Sendable, Equatable {
  /// The shape the network was built with.
  public let configuration: NetworkConfiguration
  /// The layers, input side first.
  public var layers: [DenseLayer]

  /// A network initialized from `seed`: weights drawn layer by layer in row-major order.
  public init(_ configuration: NetworkConfiguration, seed: Int = 0) {
    self.configuration = configuration
    var rng = SeededGenerator(seed: seed)
    let sizes = configuration.layerSizes
    layers = (1..<sizes.count).map { l in
      let (nIn, nOut) = (sizes[l - 1], sizes[l])
      let scale: Double =
        switch configuration.initialization {
        case .he: (2 / Double(nIn)).squareRoot()
        case .xavier: (1 / Double(nIn)).squareRoot()
        case .scaled(let s): s
        case .zeros: 0
        }
      var weights = Matrix(rows: nIn, columns: nOut)
      if scale != 0 {
        for k in 0..<weights.count { weights.storage[k] = rng.nextNormal() * scale }
      }
      let normalized = configuration.batchNorm != nil && l < sizes.count - 1
      let zeros = [Double](repeating: 0, count: nOut)
      let ones = [Double](repeating: 1, count: nOut)
      return DenseLayer(
        weights: weights, bias: zeros, gamma: normalized ? ones : [],
        beta: normalized ? zeros : [], runningMean: normalized ? zeros : [],
        runningVariance: normalized ? ones : [])
    }
  }

  /// The trainable tensors in optimizer order: per layer W, then b — or γ, β when the layer
  /// is batch-normalized. Setting replaces them (shapes must match).
  public var parameters: [Matrix] {
    get {
      layers.flatMap { layer in
        layer.isBatchNormalized
          ? [layer.weights, Matrix(row: layer.gamma), Matrix(row: layer.beta)]
          : [layer.weights, Matrix(row: layer.bias)]
      }
    }
    set {
      var k = 0
      for l in layers.indices {
        precondition(newValue[k].count == layers[l].weights.count, "weight shape mismatch")
        layers[l].weights.storage = newValue[k].storage
        if layers[l].isBatchNormalized {
          layers[l].gamma = newValue[k + 1].storage
          layers[l].beta = newValue[k + 2].storage
          k += 3
        } else {
          layers[l].bias = newValue[k + 1].storage
          k += 2
        }
      }
    }
  }

  /// Output probabilities in test mode: `m × 1` (sigmoid) or `m × C` (softmax).
  public func predictProbabilities(_ x: Matrix) -> Matrix {
    if x.rows == 0 { return Matrix(rows: 0, columns: configuration.layerSizes.last!) }
    let engine = Engine(self, capacity: max(x.rows, 1))
    x.storage.withUnsafeBufferPointer {
      engine.forward(input: $0.baseAddress!, rows: x.rows, mode: .inference)
    }
    return engine.output(rows: x.rows)
  }

  /// Predicted classes in test mode: σ(z) > 0.5 for a binary network, else argmax.
  /// Works for a single example (a `1 × n` matrix), using running statistics.
  public func predict(_ x: Matrix) -> [Int] {
    let probabilities = predictProbabilities(x)
    if configuration.isBinary { return probabilities.storage.map { $0 > 0.5 ? 1 : 0 } }
    return probabilities.argmaxPerRow()
  }

  /// Mean loss and accuracy on a data set in test mode.
  public func evaluate(_ dataset: Dataset) -> (loss: Double, accuracy: Double) {
    precondition(dataset.count > 0, "evaluate needs at least one example")
    let engine = Engine(self, capacity: max(dataset.count, 1))
    let result = dataset.features.storage.withUnsafeBufferPointer { x in
      dataset.labels.withUnsafeBufferPointer { y in
        engine.forward(input: x.baseAddress!, rows: dataset.count, mode: .inference)
        return engine.lossAndAccuracy(labels: y.baseAddress!, rows: dataset.count)
      }
    }
    let m = Double(max(dataset.count, 1))
    return (result.lossSum / m, Double(result.correct) / m)
  }

  /// Every layer's z, ẑ, γẑ + β and a for a batch, in the given mode (training mode uses the
  /// batch's own statistics and leaves running statistics alone).
  public func trace(_ x: Matrix, mode: NetworkMode) -> [LayerTrace] {
    precondition(x.rows > 0, "trace needs at least one example")
    let engine = Engine(self, capacity: max(x.rows, 1))
    x.storage.withUnsafeBufferPointer {
      engine.forward(input: $0.baseAddress!, rows: x.rows, mode: mode)
    }
    return engine.traces(rows: x.rows)
  }

  /// For each batch-normalized layer (nil for others): the mean and biased variance of z over
  /// all rows of `x`, with earlier layers normalized by these full-data statistics — the
  /// population statistics that the running estimates approximate.
  public func populationStatistics(_ x: Matrix) -> [(mean: [Double], variance: [Double])?] {
    precondition(x.rows > 0, "statistics need at least one example")
    let engine = Engine(self, capacity: max(x.rows, 1))
    x.storage.withUnsafeBufferPointer {
      engine.forward(input: $0.baseAddress!, rows: x.rows, mode: .training)
    }
    return engine.batchStatistics()
  }

  /// Mean loss and the gradients of all `parameters` (same order) on one batch, with batch
  /// statistics (training mode); running statistics are not updated.
  public func lossAndGradients(_ x: Matrix, labels: [Int]) -> (loss: Double, gradients: [Matrix]) {
    precondition(labels.count == x.rows && x.rows > 0, "one label per row, at least one row")
    let engine = Engine(self, capacity: max(x.rows, 1))
    let loss = x.storage.withUnsafeBufferPointer { xp in
      labels.withUnsafeBufferPointer { yp in
        engine.forward(input: xp.baseAddress!, rows: x.rows, mode: .training)
        let result = engine.lossAndAccuracy(labels: yp.baseAddress!, rows: x.rows)
        engine.backward(input: xp.baseAddress!, labels: yp.baseAddress!, rows: x.rows)
        return result.lossSum / Double(x.rows)
      }
    }
    return (loss, engine.gradientMatrices())
  }

  /// Trains on `dataset` with mini-batches, an optimizer and a schedule; returns the history.
  ///
  /// Each epoch draws a fresh shuffle from stream (seed, epoch index) and partitions it with a
  /// short last batch (`MiniBatches`). Each mini-batch: forward in training mode (batch norm
  /// updates running statistics), loss, backward, one optimizer step (t += 1). If the loss
  /// becomes non-finite, training stops and `divergedAtEpoch` says where. For the accuracy of
  /// the parameters *after* each epoch (test mode), pass the training set as `evaluationSet`.
  /// `epochEnded`, if given, sees the network (parameters and running statistics) after each
  /// completed epoch, with the epoch's position (0-based).
  @discardableResult
  public mutating func train(
    on dataset: Dataset, options: TrainingOptions, evaluationSet: Dataset? = nil,
    epochEnded: ((_ epochIndex: Int, _ network: NeuralNetwork) -> Void)? = nil
  ) -> TrainingHistory {
    precondition(dataset.featureCount == configuration.layerSizes[0], "feature count mismatch")
    precondition(dataset.count > 0, "training needs at least one example")
    let m = dataset.count
    let batchCapacity = min(max(options.batchSize, 1), max(m, 1))
    let engine = Engine(self, capacity: batchCapacity)
    var optimizer = Optimizer(options.optimizer, parameterCounts: engine.parameterCounts)
    var history = TrainingHistory(epochs: [], iterationLosses: [], divergedAtEpoch: nil)
    let batchInput = MatrixKernels.allocateAligned(batchCapacity * dataset.featureCount)
    let batchLabels = UnsafeMutablePointer<Int>.allocate(capacity: batchCapacity)
    defer {
      MatrixKernels.deallocateAligned(batchInput)
      batchLabels.deallocate()
    }
    var holdsWholeSet = false
    let n = dataset.featureCount
    dataset.features.storage.withUnsafeBufferPointer { xAll in
      dataset.labels.withUnsafeBufferPointer { yAll in
        for epochIndex in 0..<options.epochs {
          let epochNumber = options.epochNumbering.epochNumber(index: epochIndex)
          let alpha = options.schedule.learningRate(
            initial: options.learningRate, epoch: epochNumber)
          let batches = MiniBatches.batches(
            count: m, batchSize: options.batchSize, seed: options.seed, epoch: epochIndex)
          var lossSum = 0.0
          var correct = 0
          for batch in batches {
            let rows = batch.count
            let input: UnsafePointer<Double>
            let labels: UnsafePointer<Int>
            if rows == m {  // the whole set in order: copied once, cache-line aligned
              if !holdsWholeSet { batchInput.update(from: xAll.baseAddress!, count: m * n) }
              holdsWholeSet = true
              input = UnsafePointer(batchInput)
              labels = yAll.baseAddress!
            } else {
              for (r, i) in batch.enumerated() {
                (batchInput + r * n).update(from: xAll.baseAddress! + i * n, count: n)
                batchLabels[r] = yAll[i]
              }
              input = UnsafePointer(batchInput)
              labels = UnsafePointer(batchLabels)
            }
            engine.forward(input: input, rows: rows, mode: .training, updateRunning: true)
            let result = engine.lossAndAccuracy(labels: labels, rows: rows)
            lossSum += result.lossSum
            correct += result.correct
            if options.recordIterationLosses {
              history.iterationLosses.append(result.lossSum / Double(rows))
            }
            engine.backward(input: input, labels: labels, rows: rows)
            optimizer.beginStep()
            engine.applyUpdate(&optimizer, learningRate: alpha)
          }
          var record = EpochRecord(
            epoch: epochNumber, learningRate: alpha, loss: lossSum / Double(m),
            accuracy: Double(correct) / Double(m))
          if !record.loss.isFinite {
            history.divergedAtEpoch = epochIndex
            history.epochs.append(record)
            break
          }
          if evaluationSet != nil || epochEnded != nil { engine.store(into: &self) }
          if let evaluationSet {
            let (loss, accuracy) = self.evaluate(evaluationSet)
            record.evaluationLoss = loss
            record.evaluationAccuracy = accuracy
          }
          history.epochs.append(record)
          epochEnded?(epochIndex, self)
        }
      }
    }
    engine.store(into: &self)
    return history
  }
}
