/// One gradient computed three ways at one point: by hand (the module's analytic backward
/// pass), by central finite differences (`GradientCheck.check`), and by Swift's reverse-mode
/// autodiff (`Autodiff`).
///
/// Errors are the course's relative error ‖u − v‖₂ / (‖u‖₂ + ‖v‖₂) (0 when both are zero),
/// over all parameters or over one group of them (W of a layer, γ, …). Hand-written and
/// autodiff gradients agree to rounding (≈ 1e−16 relative); finite differences with
/// h = 1e−5 to about 1e−10, limited by their O(h²) truncation and O(ε/h) rounding errors.
public struct GradientComparison: Sendable {
  /// A named run of parameters, e.g. `W[1]` of a network or `γ` of batch norm.
  public struct Group: Sendable, Equatable {
    public var name: String
    public var range: Range<Int>

    public init(_ name: String, _ range: Range<Int>) {
      self.name = name
      self.range = range
    }
  }

  /// What was checked: one of `GradientCheck.names`, or any name for a custom comparison.
  public var name: String
  /// The parameters θ at which the gradient was taken.
  public var point: [Double]
  /// The finite-difference step h.
  public var step: Double
  /// The parameter groups, in order, covering every parameter.
  public var groups: [Group]
  /// The hand-written gradient.
  public var analytic: [Double]
  /// (L(θ + h eᵢ) − L(θ − h eᵢ)) / (2h) for every parameter i.
  public var finiteDifferences: [Double]
  /// The gradient found by autodiff.
  public var autodiff: [Double]
  /// The loss L(θ) whose gradient is compared.
  public let loss: @Sendable ([Double]) -> Double

  /// Compares `analytic` and `autodiff` gradients of `loss` at `point`, computing the finite
  /// differences with step h.
  public init(
    name: String, point: [Double], step h: Double = 1e-5, groups: [Group]? = nil,
    analytic: [Double], autodiff: [Double], loss: @escaping @Sendable ([Double]) -> Double
  ) {
    precondition(
      analytic.count == point.count && autodiff.count == point.count,
      "one derivative per parameter")
    self.name = name
    self.point = point
    self.step = h
    self.groups = groups ?? [Group("θ", 0..<point.count)]
    self.analytic = analytic
    self.autodiff = autodiff
    self.loss = loss
    finiteDifferences =
      GradientCheck.check(name: name, at: point, step: h, analytic: analytic, loss: loss).numeric
  }

  /// ‖u − v‖₂ / (‖u‖₂ + ‖v‖₂), or 0 when both are zero (the course's gradient-check formula).
  public static func relativeError(_ u: ArraySlice<Double>, _ v: ArraySlice<Double>) -> Double {
    var difference = 0.0
    var uu = 0.0
    var vv = 0.0
    for (x, y) in zip(u, v) {
      difference += (x - y) * (x - y)
      uu += x * x
      vv += y * y
    }
    let denominator = uu.squareRoot() + vv.squareRoot()
    return denominator == 0 ? 0 : difference.squareRoot() / denominator
  }

  /// The relative error of the finite differences against the analytic gradient, over
  /// `range` (default: every parameter).
  public func finiteDifferenceError(in range: Range<Int>? = nil) -> Double {
    let r = range ?? analytic.indices
    return Self.relativeError(finiteDifferences[r], analytic[r])
  }

  /// The relative error of the autodiff gradient against the analytic one, over `range`
  /// (default: every parameter).
  public func autodiffError(in range: Range<Int>? = nil) -> Double {
    let r = range ?? analytic.indices
    return Self.relativeError(autodiff[r], analytic[r])
  }

  /// The same comparison with finite differences of another step h.
  public func withStep(_ h: Double) -> GradientComparison {
    GradientComparison(
      name: name, point: point, step: h, groups: groups, analytic: analytic, autodiff: autodiff,
      loss: loss)
  }
}

// MARK: - The named comparisons

extension GradientComparison {
  /// A named comparison with inputs drawn from `seed` exactly as `GradientCheck.named(name,
  /// seed:)` draws them (its analytic gradient and finite differences are the same numbers),
  /// plus the autodiff gradient; nil for an unknown name.
  public static func named(_ name: String, seed: Int = 0, step: Double = 1e-5)
    -> GradientComparison?
  {
    var rng = SeededGenerator(seed: seed)
    switch name {
    case "softmax-cross-entropy":
      return softmaxCrossEntropy(
        logits: rng.normals(5, standardDeviation: 2), label: 1, step: step)
    case "batch-norm":
      return batchNorm(seed: seed, step: step)
    case "mlp":
      return network(
        NetworkConfiguration(layerSizes: [3, 5, 4, 3], hiddenActivation: .tanh), seed: seed,
        step: step)
    case "mlp-batch-norm":
      return network(
        NetworkConfiguration(
          layerSizes: [3, 5, 4, 3], hiddenActivation: .tanh, batchNorm: .pytorch),
        seed: seed, step: step)
    default:
      guard let surface = Surfaces.named(name) as? any DifferentiableSurface else { return nil }
      return self.surface(surface, at: surface.suggestedStart + SIMD2(0.3, -0.2), step: step)
    }
  }

  /// dL/dz of softmax cross-entropy: a − y by hand, by differences, by autodiff.
  public static func softmaxCrossEntropy(logits: [Double], label: Int, step: Double = 1e-5)
    -> GradientComparison
  {
    let loss: @Sendable ([Double]) -> Double = { Softmax.crossEntropy(logits: $0, label: label) }
    return GradientComparison(
      name: "softmax-cross-entropy", point: logits, step: step,
      groups: [Group("z", 0..<logits.count)],
      analytic: Softmax.crossEntropyGradient(logits: logits, label: label),
      autodiff: Autodiff.softmaxCrossEntropyGradient(logits: logits, label: label), loss: loss)
  }

  /// Batch norm's backward pass for L = Σᵢⱼ Rᵢⱼ · z̃ᵢⱼ on a random 6 × 3 batch: the inputs of
  /// `GradientCheck.batchNorm(seed:epsilon:)`, groups z, γ, β.
  public static func batchNorm(seed: Int = 0, epsilon: Double = 1e-5, step: Double = 1e-5)
    -> GradientComparison
  {
    let (z, gamma, beta, r) = GradientCheck.batchNormProblem(seed: seed)
    let (m, n) = (z.rows, z.columns)
    let forward = BatchNorm.forward(z, gamma: gamma, beta: beta, epsilon: epsilon)
    let byHand = BatchNorm.backward(
      outputGradient: r, forward: forward, gamma: gamma, epsilon: epsilon)
    let byAutodiff = Autodiff.batchNormGradients(
      z, gamma: gamma, beta: beta, outputWeights: r, epsilon: epsilon)
    let loss: @Sendable ([Double]) -> Double = { theta in
      let z = Matrix(rows: m, columns: n, storage: Array(theta[0..<(m * n)]))
      let gamma = Array(theta[(m * n)..<(m * n + n)])
      let beta = Array(theta[(m * n + n)...])
      let out = BatchNorm.forward(z, gamma: gamma, beta: beta, epsilon: epsilon).output
      return zip(out.storage, r.storage).reduce(0) { $0 + $1.0 * $1.1 }
    }
    return GradientComparison(
      name: "batch-norm", point: z.storage + gamma + beta, step: step,
      groups: [
        Group("z", 0..<(m * n)), Group("γ", (m * n)..<(m * n + n)),
        Group("β", (m * n + n)..<(m * n + 2 * n)),
      ],
      analytic: byHand.input.storage + byHand.gamma + byHand.beta,
      autodiff: byAutodiff.input.storage + byAutodiff.gamma + byAutodiff.beta, loss: loss)
  }

  /// A network's backward pass on a random batch of 8 examples (training mode): the inputs of
  /// `GradientCheck.network(_:seed:)`, one group per parameter matrix (`W[1]`, `b[1]`, or
  /// `γ[1]`, `β[1]` in a batch-normalized layer, …).
  public static func network(
    _ configuration: NetworkConfiguration, seed: Int = 0, step: Double = 1e-5
  ) -> GradientComparison {
    let (net, x, labels) = GradientCheck.networkProblem(configuration, seed: seed)
    let parameters = net.parameters
    let shapes = parameters.map { ($0.rows, $0.columns) }
    var groups: [Group] = []
    var offset = 0
    for (l, layer) in net.layers.enumerated() {
      let names = layer.isBatchNormalized ? ["W", "γ", "β"] : ["W", "b"]
      for name in names {
        let count = shapes[groups.count].0 * shapes[groups.count].1
        groups.append(Group("\(name)[\(l + 1)]", offset..<(offset + count)))
        offset += count
      }
    }
    let byHand = net.lossAndGradients(x, labels: labels).gradients
    let byAutodiff = Autodiff.networkGradients(net, inputs: x, labels: labels)
    let probe = net
    let loss: @Sendable ([Double]) -> Double = { theta in
      var network = probe
      var offset = 0
      network.parameters = shapes.map { rows, columns in
        defer { offset += rows * columns }
        return Matrix(
          rows: rows, columns: columns, storage: Array(theta[offset..<(offset + rows * columns)]))
      }
      return network.lossAndGradients(x, labels: labels).loss
    }
    return GradientComparison(
      name: configuration.batchNorm == nil ? "mlp" : "mlp-batch-norm",
      point: parameters.flatMap(\.storage), step: step, groups: groups,
      analytic: byHand.flatMap(\.storage), autodiff: byAutodiff.flatMap(\.storage), loss: loss)
  }

  /// A surface's hand-written ∇f(p) against differences of f and autodiff of f.
  public static func surface(
    _ surface: any DifferentiableSurface, at p: SIMD2<Double>, step: Double = 1e-5
  ) -> GradientComparison {
    let g = surface.gradient(at: p)
    let a = surface.autodiffGradient(at: p)
    let loss: @Sendable ([Double]) -> Double = { surface.value(at: SIMD2($0[0], $0[1])) }
    return GradientComparison(
      name: surface.name, point: [p.x, p.y], step: step,
      groups: [Group("(x, y)", 0..<2)], analytic: [g.x, g.y], autodiff: [a.x, a.y], loss: loss)
  }
}
