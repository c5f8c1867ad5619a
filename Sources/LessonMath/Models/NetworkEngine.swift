#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif
import CKernels

/// The buffers and loops behind `NeuralNetwork`: every array a forward and backward pass
/// needs, allocated once for a batch capacity, plus a working copy of the parameters.
///
/// Row-major throughout; layer l has `nIn` inputs and `nOut` units; activations of a batch of
/// `rows` examples occupy the first `rows * nOut` elements of their buffer.
final class Engine {
  struct Layer {
    let nIn: Int
    let nOut: Int
    let normalized: Bool
    let isOutput: Bool
    let w, b, gamma, beta, runningMean, runningVariance: UnsafeMutablePointer<Double>
    let gradW, gradB, gradGamma, gradBeta: UnsafeMutablePointer<Double>
    /// z = a_prev·W (+ b), ẑ, γẑ + β, a, and the backward signal (dA, then dz), per row.
    let z, zHat, zTilde, a, delta: UnsafeMutablePointer<Double>
    let mean, variance, inverseStd: UnsafeMutablePointer<Double>
  }

  let capacity: Int
  let activation: Activation
  let binary: Bool
  let convention: BatchNormConvention
  var layers: [Layer] = []
  /// Each row of the softmax output's max z and Σ e^{z − max z}, from which the loss takes
  /// log Σ e^z stably.
  let rowMax, rowSum: UnsafeMutablePointer<Double>
  private var allocations: [UnsafeMutablePointer<Double>] = []
  private(set) var lastRows = 0

  init(_ network: NeuralNetwork, capacity: Int) {
    self.capacity = capacity
    activation = network.configuration.hiddenActivation
    binary = network.configuration.isBinary
    convention = network.configuration.batchNorm ?? .pytorch
    rowMax = MatrixKernels.allocateAligned(capacity)
    rowSum = MatrixKernels.allocateAligned(capacity)
    for (l, layer) in network.layers.enumerated() {
      let (nIn, nOut) = (layer.weights.rows, layer.weights.columns)
      func buffer(_ count: Int, _ values: [Double] = []) -> UnsafeMutablePointer<Double> {
        let p = MatrixKernels.allocateAligned(count)
        for (i, v) in values.enumerated() { p[i] = v }
        allocations.append(p)
        return p
      }
      let normalized = layer.isBatchNormalized
      let activations = capacity * nOut
      layers.append(
        Layer(
          nIn: nIn, nOut: nOut, normalized: normalized, isOutput: l == network.layers.count - 1,
          w: buffer(nIn * nOut, layer.weights.storage), b: buffer(nOut, layer.bias),
          gamma: buffer(nOut, layer.gamma), beta: buffer(nOut, layer.beta),
          runningMean: buffer(nOut, layer.runningMean),
          runningVariance: buffer(nOut, layer.runningVariance),
          gradW: buffer(nIn * nOut), gradB: buffer(nOut), gradGamma: buffer(nOut),
          gradBeta: buffer(nOut),
          z: buffer(activations), zHat: buffer(normalized ? activations : 0),
          zTilde: buffer(normalized ? activations : 0), a: buffer(activations),
          delta: buffer(activations), mean: buffer(nOut), variance: buffer(nOut),
          inverseStd: buffer(nOut)))
    }
  }

  deinit {
    for p in allocations + [rowMax, rowSum] { MatrixKernels.deallocateAligned(p) }
  }

  /// Element counts of the trainable tensors in optimizer order (W, b or W, γ, β per layer).
  var parameterCounts: [Int] {
    layers.flatMap {
      $0.normalized ? [$0.nIn * $0.nOut, $0.nOut, $0.nOut] : [$0.nIn * $0.nOut, $0.nOut]
    }
  }

  // MARK: Forward

  func forward(
    input: UnsafePointer<Double>, rows: Int, mode: NetworkMode, updateRunning: Bool = false
  ) {
    precondition(rows <= capacity, "batch of \(rows) exceeds capacity \(capacity)")
    lastRows = rows
    var previous = input
    for layer in layers {
      let (nIn, nOut) = (layer.nIn, layer.nOut)
      let count = rows * nOut
      // z = a_prev · W
      MatrixKernels.gemm(
        m: rows, n: nOut, k: nIn, a: previous, lda: nIn, b: layer.w, ldb: nOut, c: layer.z,
        ldc: nOut, accumulate: false)
      let pre: UnsafeMutablePointer<Double>
      if layer.normalized {
        if mode == .training {
          BatchNorm.trainForward(
            z: layer.z, rows: rows, columns: nOut, gamma: layer.gamma, beta: layer.beta,
            epsilon: convention.epsilon, normalized: layer.zHat, output: layer.zTilde,
            mean: layer.mean, variance: layer.variance, inverseStd: layer.inverseStd)
          if updateRunning {
            // running ← (1 − w)·running + w·batch (unbiased variance per convention)
            let w = convention.newStatisticWeight
            let correction =
              convention.unbiasedRunningVariance && rows > 1 ? Double(rows) / Double(rows - 1) : 1
            for j in 0..<nOut {
              layer.runningMean[j] = (1 - w) * layer.runningMean[j] + w * layer.mean[j]
              layer.runningVariance[j] =
                (1 - w) * layer.runningVariance[j] + w * layer.variance[j] * correction
            }
          }
        } else {
          for j in 0..<nOut {
            layer.inverseStd[j] = 1 / (layer.runningVariance[j] + convention.epsilon).squareRoot()
          }
          for i in 0..<rows {
            for j in 0..<nOut {
              let zHat = (layer.z[i * nOut + j] - layer.runningMean[j]) * layer.inverseStd[j]
              layer.zHat[i * nOut + j] = zHat
              layer.zTilde[i * nOut + j] = layer.gamma[j] * zHat + layer.beta[j]
            }
          }
        }
        pre = layer.zTilde
      } else if layer.isOutput && !binary {
        pre = layer.z  // + b is fused into the softmax below
      } else {
        for i in 0..<rows { for j in 0..<nOut { layer.z[i * nOut + j] += layer.b[j] } }  // + b
        pre = layer.z
      }
      let a = layer.a
      if layer.isOutput {
        if binary {
          for k in 0..<count { a[k] = 1 / (1 + exp(-pre[k])) }  // σ(z)
        } else {
          // z += b, a = softmax(z), max z and Σ e^{z − max z} per row: one pass
          // (CKernels/softmax.c).
          lessons_softmax_forward(rows, nOut, layer.z, layer.b, a, rowMax, rowSum)
        }
      } else {
        switch activation {
        case .relu: for k in 0..<count { a[k] = pre[k] > 0 ? pre[k] : 0 }
        case .tanh: for k in 0..<count { a[k] = cTanh(pre[k]) }
        case .sigmoid: for k in 0..<count { a[k] = 1 / (1 + exp(-pre[k])) }
        case .identity: a.update(from: pre, count: count)
        }
      }
      previous = UnsafePointer(a)
    }
  }

  /// Σ of per-example losses and the number of correct predictions for the last forward.
  ///
  /// Binary: L = −[y log a + (1 − y) log(1 − a)], computed from z as
  /// max(z, 0) − z·y + log(1 + e^{−|z|}). Softmax: L = log Σ e^z − z_label.
  func lossAndAccuracy(labels: UnsafePointer<Int>, rows: Int) -> (lossSum: Double, correct: Int) {
    let out = layers[layers.count - 1]
    let pre = out.z
    var lossSum = 0.0
    var correct = 0
    if binary {
      for i in 0..<rows {
        let z = pre[i]
        let y = Double(labels[i])
        lossSum += max(z, 0) - z * y + log1p(exp(-abs(z)))
        if (out.a[i] > 0.5 ? 1 : 0) == labels[i] { correct += 1 }
      }
    } else {
      lessons_softmax_loss(
        rows, out.nOut, pre, out.a, rowMax, rowSum, labels, &lossSum, &correct)
    }
    return (lossSum, correct)
  }

  // MARK: Backward

  /// Gradients of the mean loss of the last forward (training mode) into the grad buffers.
  func backward(input: UnsafePointer<Double>, labels: UnsafePointer<Int>, rows: Int) {
    let scale = 1 / Double(rows)
    let last = layers.count - 1
    do {  // output layer: dz = (a − y)/m for sigmoid + BCE and for softmax + CE
      let out = layers[last]
      if binary {
        for i in 0..<rows { out.delta[i] = out.a[i] * scale - Double(labels[i]) * scale }
      } else {
        // dz and db = Σ dz in one sweep (CKernels/softmax.c).
        lessons_softmax_backward(rows, out.nOut, out.a, labels, scale, out.delta, out.gradB)
      }
    }
    for l in stride(from: last, through: 0, by: -1) {
      let layer = layers[l]
      let (nIn, nOut) = (layer.nIn, layer.nOut)
      let count = rows * nOut
      let delta = layer.delta
      if !layer.isOutput {
        // delta holds dA; dz̃ = dA ⊙ g′(z̃)
        switch activation {
        case .relu:
          let pre = layer.normalized ? layer.zTilde : layer.z
          for k in 0..<count where !(pre[k] > 0) { delta[k] = 0 }
        case .tanh:
          for k in 0..<count { delta[k] *= 1 - layer.a[k] * layer.a[k] }
        case .sigmoid:
          for k in 0..<count { delta[k] *= layer.a[k] * (1 - layer.a[k]) }
        case .identity:
          break
        }
      }
      if layer.normalized {
        BatchNorm.trainBackward(
          outputGradient: delta, normalized: layer.zHat, rows: rows, columns: nOut,
          gamma: layer.gamma, inverseStd: layer.inverseStd, inputGradient: delta,
          gammaGradient: layer.gradGamma, betaGradient: layer.gradBeta)
      } else if !(layer.isOutput && !binary) {  // the softmax output's db is summed above
        for j in 0..<nOut { layer.gradB[j] = 0 }
        // db = Σ dz
        for i in 0..<rows { for j in 0..<nOut { layer.gradB[j] += delta[i * nOut + j] } }
      }
      let previous = l == 0 ? input : UnsafePointer(layers[l - 1].a)
      // dW = a_prevᵀ · dz
      MatrixKernels.gemmTransposedA(
        m: nIn, n: nOut, k: rows, a: previous, lda: nIn, b: delta, ldb: nOut, c: layer.gradW,
        ldc: nOut, accumulate: false)
      if l > 0 {
        // dA_prev = dz · Wᵀ (W read through strides)
        MatrixKernels.gemmTransposedB(
          m: rows, n: nIn, k: nOut, a: delta, lda: nOut, b: layer.w, ldb: nOut,
          c: layers[l - 1].delta, ldc: nIn, accumulate: false)
      }
    }
  }

  /// One optimizer step on every tensor (the caller has called `beginStep()`).
  func applyUpdate(_ optimizer: inout Optimizer, learningRate: Double) {
    var slot = 0
    func step(_ p: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ n: Int) {
      optimizer.apply(
        slot: slot, to: UnsafeMutableBufferPointer(start: p, count: n),
        gradient: UnsafeBufferPointer(start: g, count: n), learningRate: learningRate)
      slot += 1
    }
    for layer in layers {
      step(layer.w, layer.gradW, layer.nIn * layer.nOut)
      if layer.normalized {
        step(layer.gamma, layer.gradGamma, layer.nOut)
        step(layer.beta, layer.gradBeta, layer.nOut)
      } else {
        step(layer.b, layer.gradB, layer.nOut)
      }
    }
  }

  // MARK: Reading results

  /// Writes the working parameters and running statistics back into `network`.
  func store(into network: inout NeuralNetwork) {
    for (l, layer) in layers.enumerated() {
      func copy(_ p: UnsafeMutablePointer<Double>, _ n: Int) -> [Double] {
        Array(UnsafeBufferPointer(start: p, count: n))
      }
      network.layers[l].weights.storage = copy(layer.w, layer.nIn * layer.nOut)
      network.layers[l].bias = copy(layer.b, layer.nOut)
      if layer.normalized {
        network.layers[l].gamma = copy(layer.gamma, layer.nOut)
        network.layers[l].beta = copy(layer.beta, layer.nOut)
        network.layers[l].runningMean = copy(layer.runningMean, layer.nOut)
        network.layers[l].runningVariance = copy(layer.runningVariance, layer.nOut)
      }
    }
  }

  private func matrix(_ p: UnsafeMutablePointer<Double>, rows: Int, columns: Int) -> Matrix {
    Matrix(
      rows: rows, columns: columns,
      storage: Array(UnsafeBufferPointer(start: p, count: rows * columns)))
  }

  /// The output layer's activations of the last forward.
  func output(rows: Int) -> Matrix {
    let out = layers[layers.count - 1]
    return matrix(out.a, rows: rows, columns: out.nOut)
  }

  /// Every layer's buffers of the last forward.
  func traces(rows: Int) -> [LayerTrace] {
    layers.map { layer in
      let z = matrix(layer.z, rows: rows, columns: layer.nOut)
      return LayerTrace(
        linear: z,
        normalized: layer.normalized ? matrix(layer.zHat, rows: rows, columns: layer.nOut) : nil,
        preActivation: layer.normalized ? matrix(layer.zTilde, rows: rows, columns: layer.nOut) : z,
        activation: matrix(layer.a, rows: rows, columns: layer.nOut))
    }
  }

  /// Batch mean and variance of each normalized layer from the last training-mode forward.
  func batchStatistics() -> [(mean: [Double], variance: [Double])?] {
    layers.map { layer in
      layer.normalized
        ? (
          Array(UnsafeBufferPointer(start: layer.mean, count: layer.nOut)),
          Array(UnsafeBufferPointer(start: layer.variance, count: layer.nOut))
        ) : nil
    }
  }

  /// The gradients of the last backward as matrices in optimizer order.
  func gradientMatrices() -> [Matrix] {
    layers.flatMap { layer -> [Matrix] in
      let w = matrix(layer.gradW, rows: layer.nIn, columns: layer.nOut)
      return layer.normalized
        ? [
          w, matrix(layer.gradGamma, rows: 1, columns: layer.nOut),
          matrix(layer.gradBeta, rows: 1, columns: layer.nOut),
        ]
        : [w, matrix(layer.gradB, rows: 1, columns: layer.nOut)]
    }
  }
}

/// tanh from the C library (the enum case `Activation.tanh` shadows the name inside switches).
@inline(__always) private func cTanh(_ x: Double) -> Double { tanh(x) }
