/// A comparison of an analytic gradient with central finite differences.
public struct GradientCheckReport: Sendable, Equatable {
  /// What was checked (e.g. `softmax-cross-entropy`).
  public var name: String
  /// The analytic gradient.
  public var analytic: [Double]
  /// (f(θ + h eᵢ) − f(θ − h eᵢ)) / (2h) for every coordinate i.
  public var numeric: [Double]
  /// ‖analytic − numeric‖₂ / (‖analytic‖₂ + ‖numeric‖₂) (the course's formula); 0 when both
  /// are zero.
  public var relativeError: Double
  /// The finite-difference step h.
  public var step: Double

  /// The largest |analyticᵢ − numericᵢ|.
  public var maximumAbsoluteDifference: Double {
    zip(analytic, numeric).map { abs($0 - $1) }.max() ?? 0
  }
}

/// Gradient checking by central differences (course 1.x "gradient checking", used here for
/// every derivative in the module).
public enum GradientCheck {
  /// Checks any (parameters → loss, analytic gradient) pair at θ with step h (default 1e−5,
  /// which balances the O(h²) truncation error of central differences against rounding).
  public static func check(
    name: String = "", at theta: [Double], step h: Double = 1e-5, analytic: [Double],
    loss: ([Double]) -> Double
  ) -> GradientCheckReport {
    precondition(analytic.count == theta.count, "one derivative per parameter")
    var point = theta
    var numeric = [Double](repeating: 0, count: theta.count)
    for i in theta.indices {
      point[i] = theta[i] + h
      let plus = loss(point)
      point[i] = theta[i] - h
      let minus = loss(point)
      point[i] = theta[i]
      numeric[i] = (plus - minus) / (2 * h)
    }
    func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    let difference = norm(zip(analytic, numeric).map { $0 - $1 })
    let denominator = norm(analytic) + norm(numeric)
    return GradientCheckReport(
      name: name, analytic: analytic, numeric: numeric,
      relativeError: denominator == 0 ? 0 : difference / denominator, step: h)
  }

  /// The named checks a lesson can ask for, in a fixed order: `softmax-cross-entropy`,
  /// `batch-norm`, `mlp`, `mlp-batch-norm`, then every surface's name.
  public static var names: [String] {
    ["softmax-cross-entropy", "batch-norm", "mlp", "mlp-batch-norm"] + Surfaces.names
  }

  /// Runs a named check with random inputs from `seed`; nil for an unknown name.
  public static func named(_ name: String, seed: Int = 0) -> GradientCheckReport? {
    var rng = SeededGenerator(seed: seed)
    switch name {
    case "softmax-cross-entropy":
      return softmaxCrossEntropy(logits: rng.normals(5, standardDeviation: 2), label: 1)
    case "batch-norm":
      return batchNorm(seed: seed)
    case "mlp":
      return network(
        NetworkConfiguration(layerSizes: [3, 5, 4, 3], hiddenActivation: .tanh), seed: seed)
    case "mlp-batch-norm":
      return network(
        NetworkConfiguration(
          layerSizes: [3, 5, 4, 3], hiddenActivation: .tanh, batchNorm: .pytorch),
        seed: seed)
    default:
      guard let surface = Surfaces.named(name) else { return nil }
      let start = surface.suggestedStart
      return self.surface(surface, at: start + SIMD2(0.3, -0.2))
    }
  }

  /// dL/dz = a − y of softmax cross-entropy against differences of L(z) = log Σ e^z − z_label.
  public static func softmaxCrossEntropy(logits: [Double], label: Int, step: Double = 1e-5)
    -> GradientCheckReport
  {
    check(
      name: "softmax-cross-entropy", at: logits, step: step,
      analytic: Softmax.crossEntropyGradient(logits: logits, label: label)
    ) { Softmax.crossEntropy(logits: $0, label: label) }
  }

  /// Batch norm's backward pass (w.r.t. z, γ and β, flattened in that order) for the loss
  /// L = Σᵢⱼ Rᵢⱼ · z̃ᵢⱼ with a fixed random R, on a random 6 × 3 batch.
  public static func batchNorm(seed: Int = 0, epsilon: Double = 1e-5) -> GradientCheckReport {
    let (z, gamma, beta, r) = batchNormProblem(seed: seed)
    let (m, n) = (z.rows, z.columns)
    func unpack(_ theta: [Double]) -> (Matrix, [Double], [Double]) {
      (
        Matrix(rows: m, columns: n, storage: Array(theta[0..<(m * n)])),
        Array(theta[(m * n)..<(m * n + n)]), Array(theta[(m * n + n)...])
      )
    }
    let forward = BatchNorm.forward(z, gamma: gamma, beta: beta, epsilon: epsilon)
    let gradients = BatchNorm.backward(
      outputGradient: r, forward: forward, gamma: gamma, epsilon: epsilon)
    return check(
      name: "batch-norm", at: z.storage + gamma + beta,
      analytic: gradients.input.storage + gradients.gamma + gradients.beta
    ) { theta in
      let (z, gamma, beta) = unpack(theta)
      let out = BatchNorm.forward(z, gamma: gamma, beta: beta, epsilon: epsilon).output
      return zip(out.storage, r.storage).reduce(0) { $0 + $1.0 * $1.1 }
    }
  }

  /// A network's backward pass (all parameters, flattened in optimizer order) on a random
  /// batch of 8 examples, training mode.
  public static func network(_ configuration: NetworkConfiguration, seed: Int = 0)
    -> GradientCheckReport
  {
    let (net, x, labels) = networkProblem(configuration, seed: seed)
    let shapes = net.parameters.map { ($0.rows, $0.columns) }
    let (_, gradients) = net.lossAndGradients(x, labels: labels)
    let name = configuration.batchNorm == nil ? "mlp" : "mlp-batch-norm"
    return check(
      name: name, at: net.parameters.flatMap(\.storage), analytic: gradients.flatMap(\.storage)
    ) { theta in
      var probe = net
      var offset = 0
      probe.parameters = shapes.map { rows, columns in
        defer { offset += rows * columns }
        return Matrix(
          rows: rows, columns: columns, storage: Array(theta[offset..<(offset + rows * columns)]))
      }
      return probe.lossAndGradients(x, labels: labels).loss
    }
  }

  /// The random problem `batchNorm(seed:epsilon:)` checks (and `GradientComparison` compares):
  /// a 6 × 3 batch z, γ, β and the loss weights R, from stream 1 of `seed`.
  static func batchNormProblem(seed: Int) -> (z: Matrix, gamma: [Double], beta: [Double], r: Matrix)
  {
    var rng = SeededGenerator(seed: seed, stream: 1)
    let (m, n) = (6, 3)
    let z = Matrix(rows: m, columns: n, storage: rng.normals(m * n, mean: 1, standardDeviation: 2))
    let gamma = rng.normals(n, mean: 1, standardDeviation: 0.3)
    let beta = rng.normals(n)
    let r = Matrix(rows: m, columns: n, storage: rng.normals(m * n))
    return (z, gamma, beta, r)
  }

  /// The random problem `network(_:seed:)` checks (and `GradientComparison` compares): the
  /// network with γ, β moved off their initial values, and a batch of 8 examples, from
  /// stream 2 of `seed`.
  static func networkProblem(_ configuration: NetworkConfiguration, seed: Int) -> (
    net: NeuralNetwork, x: Matrix, labels: [Int]
  ) {
    var rng = SeededGenerator(seed: seed, stream: 2)
    let inputs = configuration.layerSizes[0]
    let classes = configuration.isBinary ? 2 : configuration.layerSizes.last!
    let m = 8
    let x = Matrix(rows: m, columns: inputs, storage: rng.normals(m * inputs))
    let labels = (0..<m).map { $0 % classes }
    var net = NeuralNetwork(configuration, seed: seed)
    if configuration.batchNorm != nil {  // move γ, β off their initial values
      for l in net.layers.indices where net.layers[l].isBatchNormalized {
        net.layers[l].gamma = rng.normals(
          net.layers[l].gamma.count, mean: 1, standardDeviation: 0.2)
        net.layers[l].beta = rng.normals(net.layers[l].beta.count, standardDeviation: 0.2)
      }
    }
    return (net, x, labels)
  }

  /// A surface's analytic gradient at p against differences of f.
  public static func surface(_ surface: any Surface, at p: SIMD2<Double>, step: Double = 1e-5)
    -> GradientCheckReport
  {
    let g = surface.gradient(at: p)
    return check(name: surface.name, at: [p.x, p.y], step: step, analytic: [g.x, g.y]) {
      surface.value(at: SIMD2($0[0], $0[1]))
    }
  }

  /// A surface's analytic Hessian at p against central differences of its analytic gradient
  /// (flattened row-major).
  public static func surfaceHessian(
    _ surface: any Surface, at p: SIMD2<Double>, step: Double = 1e-5
  )
    -> GradientCheckReport
  {
    let h = surface.hessian(at: p)
    var numeric: [Double] = []
    for j in 0..<2 {
      var e = SIMD2<Double>(0, 0)
      e[j] = step
      let difference = (surface.gradient(at: p + e) - surface.gradient(at: p - e)) / (2 * step)
      numeric += [difference.x, difference.y]
    }
    // numeric holds columns (∂g/∂x, ∂g/∂y); the Hessian is symmetric, so compare transposed.
    let numericRowMajor = [numeric[0], numeric[2], numeric[1], numeric[3]]
    func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    let difference = norm(zip(h.storage, numericRowMajor).map { $0 - $1 })
    let denominator = norm(h.storage) + norm(numericRowMajor)
    return GradientCheckReport(
      name: surface.name + "-hessian", analytic: h.storage, numeric: numericRowMajor,
      relativeError: denominator == 0 ? 0 : difference / denominator, step: step)
  }
}
