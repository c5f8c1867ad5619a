import _Differentiation

#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

// Forward passes written once, differentiated by the Swift compiler (course 3.10–3.11: "you
// write the forward pass, the framework derives the gradients").
//
// Swift's reverse-mode differentiation (`import _Differentiation`) derives each function's
// pullback at compile time, the same idea as PyTorch's autograd recording a tape at run time.
// It has limits, which shape the code below:
// - `max`, `min`, `abs`, `reduce`, `for x in xs` and element assignment are not
//   differentiable: loops run over index ranges, results are built with `append`, a shift
//   that does not change the derivative (softmax's max z) goes through `withoutDerivative`,
//   and branches (`if z > 0`) replace `max` and `abs`.
// - The derivative of an array read is a whole array, so differentiating with respect to an
//   n-element array costs O(n²): fine for the few dozen parameters checked here, not for a
//   real network.

/// Losses of the course written as plain forward passes, with gradients derived by Swift's
/// compiler-generated reverse-mode differentiation.
///
/// Every function here has a hand-written twin elsewhere in the module (`Softmax`,
/// `BatchNorm`, `NeuralNetwork`, the surfaces); `GradientComparison` checks that the two
/// agree to rounding.
public enum Autodiff {
  // MARK: Softmax cross-entropy

  /// L(z) = log Σⱼ e^{zⱼ} − z_label: softmax followed by cross-entropy with a one-hot label
  /// (course 3.9), written as a forward pass.
  ///
  /// The max logit is subtracted first for stability; it is taken out of the derivative with
  /// `withoutDerivative` because L does not depend on the shift (and `max` has no derivative).
  @differentiable(reverse, wrt: logits)
  public static func softmaxCrossEntropy(logits: [Double], label: Int) -> Double {
    let top = withoutDerivative(at: logits.max()!)
    var total = 0.0
    for j in 0..<withoutDerivative(at: logits.count) {
      total = total + exp(logits[j] - top)
    }
    return log(total) - (logits[label] - top)
  }

  /// dL/dz of `softmaxCrossEntropy` by reverse-mode autodiff; equals a − y.
  public static func softmaxCrossEntropyGradient(logits: [Double], label: Int) -> [Double] {
    gradient(at: logits) { softmaxCrossEntropy(logits: $0, label: label) }.base
  }

  // MARK: Batch normalization

  /// z̃ = γ (z − μ)/√(σ² + ε) + β column by column of a row-major `rows × columns` batch, with
  /// the batch's mean μ and biased variance σ² (training mode, course 3.4–3.6).
  @differentiable(reverse, wrt: (z, gamma, beta))
  public static func batchNorm(
    _ z: [Double], rows m: Int, columns n: Int, gamma: [Double], beta: [Double],
    epsilon: Double
  ) -> [Double] {
    var mean: [Double] = []
    var inverseStd: [Double] = []
    for j in 0..<n {
      var total = 0.0
      for i in 0..<m { total = total + z[i * n + j] }
      let mu = total / Double(m)  // μ = (1/m) Σ z
      var squares = 0.0
      for i in 0..<m {
        let d = z[i * n + j] - mu
        squares = squares + d * d
      }
      mean.append(mu)
      inverseStd.append(1 / (squares / Double(m) + epsilon).squareRoot())  // 1/√(σ² + ε)
    }
    var output: [Double] = []
    for i in 0..<m {
      for j in 0..<n {
        output.append(gamma[j] * ((z[i * n + j] - mean[j]) * inverseStd[j]) + beta[j])
      }
    }
    return output
  }

  /// The gradients of L = Σᵢⱼ Rᵢⱼ · z̃ᵢⱼ (z̃ = batch norm of z) with respect to z, γ and β, by
  /// autodiff: the same loss `GradientCheck.batchNorm` checks the hand-written backward pass
  /// with.
  public static func batchNormGradients(
    _ z: Matrix, gamma: [Double], beta: [Double], outputWeights r: Matrix, epsilon: Double
  ) -> BatchNorm.Gradients {
    let (m, n) = (z.rows, z.columns)
    let weights = r.storage
    let (dz, dGamma, dBeta) = gradient(at: z.storage, gamma, beta) { z, gamma, beta in
      dot(
        batchNorm(z, rows: m, columns: n, gamma: gamma, beta: beta, epsilon: epsilon), weights)
    }
    return BatchNorm.Gradients(
      input: Matrix(rows: m, columns: n, storage: dz.base), gamma: dGamma.base, beta: dBeta.base)
  }

  // MARK: A small network

  /// The mean loss of a `NeuralNetwork` with these flattened parameters on one batch in
  /// training mode, written as a forward pass.
  ///
  /// `parameters` are in `NeuralNetwork.parameters` order, each matrix row-major: per layer W
  /// (n_in × n_out), then b, or γ and β for a batch-normalized hidden layer. z = a·W + b (or
  /// batch norm of a·W), a = g(z) in hidden layers; the output is sigmoid with binary
  /// cross-entropy for one unit, softmax with cross-entropy otherwise; the loss is the mean
  /// over the `labels.count` rows of `inputs` (row-major).
  @differentiable(reverse, wrt: parameters)
  public static func networkLoss(
    parameters: [Double], configuration: NetworkConfiguration, inputs: [Double], labels: [Int]
  ) -> Double {
    let sizes = configuration.layerSizes
    let m = labels.count
    var a = inputs
    var z: [Double] = []
    var offset = 0
    for l in 1..<sizes.count {
      let (nIn, nOut) = (sizes[l - 1], sizes[l])
      let isOutput = l == sizes.count - 1
      z = matmul(a, slice(parameters, from: offset, count: nIn * nOut), m, nIn, nOut)
      offset += nIn * nOut
      if let convention = configuration.batchNorm, !isOutput {
        let gamma = slice(parameters, from: offset, count: nOut)
        let beta = slice(parameters, from: offset + nOut, count: nOut)
        offset += 2 * nOut
        z = batchNorm(
          z, rows: m, columns: nOut, gamma: gamma, beta: beta, epsilon: convention.epsilon)
      } else {
        z = addBias(z, slice(parameters, from: offset, count: nOut), m, nOut)
        offset += nOut
      }
      if !isOutput {
        var next: [Double] = []
        for k in 0..<(m * nOut) { next.append(activate(z[k], configuration.hiddenActivation)) }
        a = next
      }
    }
    var total = 0.0
    if configuration.isBinary {
      for i in 0..<m { total = total + binaryCrossEntropy(logit: z[i], label: labels[i]) }
    } else {
      let c = sizes[sizes.count - 1]
      for i in 0..<m {
        total =
          total + softmaxCrossEntropy(logits: slice(z, from: i * c, count: c), label: labels[i])
      }
    }
    return total / Double(m)
  }

  /// The gradients of `network`'s mean loss on a batch (training mode), by autodiff: one
  /// matrix per entry of `network.parameters`, as `NeuralNetwork.lossAndGradients` returns.
  public static func networkGradients(_ network: NeuralNetwork, inputs x: Matrix, labels: [Int])
    -> [Matrix]
  {
    let shapes = network.parameters.map { ($0.rows, $0.columns) }
    let configuration = network.configuration
    let inputs = x.storage
    let flat = gradient(at: network.parameters.flatMap(\.storage)) {
      networkLoss(parameters: $0, configuration: configuration, inputs: inputs, labels: labels)
    }.base
    var offset = 0
    return shapes.map { rows, columns in
      defer { offset += rows * columns }
      return Matrix(
        rows: rows, columns: columns, storage: Array(flat[offset..<(offset + rows * columns)]))
    }
  }

  /// g(z) for a hidden layer. ReLU is written with a branch: `max` has no derivative.
  @differentiable(reverse)
  static func activate(_ z: Double, _ g: Activation) -> Double {
    switch g {
    case .relu: if z > 0 { return z } else { return 0 }
    case .tanh: return tanh(z)
    case .sigmoid: return 1 / (1 + exp(-z))
    case .identity: return z
    }
  }

  /// −y log σ(z) − (1 − y) log(1 − σ(z)) from the logit z, as max(z, 0) − z·y + log(1 + e^{−|z|})
  /// with a branch for max and |z|, so that it stays finite for large |z|.
  @differentiable(reverse, wrt: z)
  static func binaryCrossEntropy(logit z: Double, label: Int) -> Double {
    let y = Double(label)
    if z >= 0 { return z - z * y + log1p(exp(-z)) }
    return -z * y + log1p(exp(z))
  }

  /// `count` elements of `values` from `start`, as a new array (slices are not differentiable).
  @differentiable(reverse, wrt: values)
  static func slice(_ values: [Double], from start: Int, count: Int) -> [Double] {
    var result: [Double] = []
    for k in start..<(start + count) { result.append(values[k]) }
    return result
  }

  /// The row-major `m × n` product of `a` (m × k) and `b` (k × n).
  @differentiable(reverse)
  static func matmul(_ a: [Double], _ b: [Double], _ m: Int, _ k: Int, _ n: Int) -> [Double] {
    var result: [Double] = []
    for i in 0..<m {
      for j in 0..<n {
        var total = 0.0
        for p in 0..<k { total = total + a[i * k + p] * b[p * n + j] }
        result.append(total)
      }
    }
    return result
  }

  /// z + b, with b (one value per column) added to every row of the row-major `m × n` z.
  @differentiable(reverse)
  static func addBias(_ z: [Double], _ b: [Double], _ m: Int, _ n: Int) -> [Double] {
    var result: [Double] = []
    for i in 0..<m { for j in 0..<n { result.append(z[i * n + j] + b[j]) } }
    return result
  }

  /// Σᵢ xᵢ wᵢ over the elements of x (w is a constant).
  @differentiable(reverse, wrt: x)
  static func dot(_ x: [Double], _ w: [Double]) -> Double {
    var total = 0.0
    for i in 0..<withoutDerivative(at: x.count) { total = total + x[i] * w[i] }
    return total
  }
}

// MARK: - Surfaces

/// A surface whose value is also written as a differentiable function of x and y, so that
/// autodiff can derive the gradient that `gradient(at:)` states by hand.
public protocol DifferentiableSurface: Surface {
  /// f(x, y), the same function as `value(at:)`, differentiable in x and y.
  @differentiable(reverse)
  func differentiableValue(_ x: Double, _ y: Double) -> Double
}

extension DifferentiableSurface {
  /// ∇f(p) by reverse-mode autodiff of `differentiableValue`.
  public func autodiffGradient(at p: SIMD2<Double>) -> SIMD2<Double> {
    let (dx, dy) = _Differentiation.gradient(at: p.x, p.y) { differentiableValue($0, $1) }
    return SIMD2(dx, dy)
  }
}

extension ElongatedQuadratic: DifferentiableSurface {
  @differentiable(reverse)
  public func differentiableValue(_ x: Double, _ y: Double) -> Double { a * x * x + b * y * y }
}

extension Rosenbrock: DifferentiableSurface {
  @differentiable(reverse)
  public func differentiableValue(_ x: Double, _ y: Double) -> Double {
    let u = a - x
    let w = y - x * x
    return u * u + b * w * w
  }
}

extension Saddle: DifferentiableSurface {
  @differentiable(reverse)
  public func differentiableValue(_ x: Double, _ y: Double) -> Double { x * x - y * y }
}

extension MonkeySaddle: DifferentiableSurface {
  @differentiable(reverse)
  public func differentiableValue(_ x: Double, _ y: Double) -> Double { x * x * x - 3 * x * y * y }
}

extension Plateau: DifferentiableSurface {
  @differentiable(reverse)
  public func differentiableValue(_ x: Double, _ y: Double) -> Double {
    1 - exp(-(x * x + y * y) / (2 * width * width))
  }
}

// MARK: - The lecture's cost

/// J(w) = a·w² + b·w + c, the cost of lecture 3.11, descended with a derivative that autodiff
/// finds.
///
/// The lecture writes `cost = x[0][0]*w**2 + x[1][0]*w + x[2][0]` and feeds x = [1, −10, 25]:
/// J(w) = w² − 10w + 25 = (w − 5)².
public struct QuadraticCost: Sendable, Hashable {
  public var a: Double
  public var b: Double
  public var c: Double

  public init(a: Double, b: Double, c: Double) {
    self.a = a
    self.b = b
    self.c = c
  }

  /// J(w) = w² − 10w + 25 = (w − 5)², minimum 0 at w = 5.
  public static let lecture = QuadraticCost(a: 1, b: -10, c: 25)

  /// J(w), differentiable in w.
  @differentiable(reverse, wrt: w)
  public func callAsFunction(_ w: Double) -> Double { a * w * w + b * w + c }

  /// dJ/dw at w by reverse-mode autodiff.
  public func derivative(at w: Double) -> Double { gradient(at: w) { self($0) } }

  /// dJ/dw = 2a·w + b, by hand.
  public func analyticDerivative(at w: Double) -> Double { 2 * a * w + b }

  /// w* = −b/(2a), where dJ/dw = 0: the minimum when a > 0, nil when there is none.
  public var minimizer: Double? { a > 0 ? -b / (2 * a) : nil }

  /// Gradient descent w ← w − α·dJ/dw from w₀, the derivative by autodiff.
  ///
  /// Returns w₀, w₁, …: `steps` + 1 values, fewer when |w| or J(w) exceeds `divergenceLimit`
  /// or stops being finite (that step is not recorded; `divergedAtStep` is 1-based). For
  /// a > 0, wₜ − w* = (1 − 2aα)ᵗ (w₀ − w*), so the run converges iff 0 < aα < 1.
  public func descend(
    from start: Double, learningRate alpha: Double, steps: Int, divergenceLimit: Double = 1e10
  ) -> (path: [Double], divergedAtStep: Int?) {
    var path = [start]
    path.reserveCapacity(steps + 1)
    var w = start
    for step in stride(from: 1, through: steps, by: 1) {
      w -= alpha * derivative(at: w)
      let cost = self(w)
      guard abs(w) <= divergenceLimit, abs(cost) <= divergenceLimit else { return (path, step) }
      path.append(w)
    }
    return (path, nil)
  }
}
