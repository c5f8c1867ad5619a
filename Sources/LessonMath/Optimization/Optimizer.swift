#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Which momentum recursion to use.
public enum MomentumForm: String, Sendable, Hashable, CaseIterable {
  /// The course: `v = βv + (1 − β)g`, `w −= αv` (an exponentially weighted average of g).
  case course
  /// Without (1 − β): `v = βv + g`, `w −= αv`; PyTorch `SGD(momentum=β, dampening=0)`.
  /// Equals the course form with α rescaled by 1 − β.
  case undampened
}

/// An update rule and its hyperparameters (course 2.6–2.8).
public enum OptimizerMethod: Sendable, Hashable {
  /// Gradient descent: `w −= α g`.
  case gradientDescent
  /// Momentum with decay β (0.9 is typical), in the course or undampened form.
  case momentum(beta: Double = 0.9, form: MomentumForm = .course)
  /// RMSprop: `s = βs + (1 − β)g²`, `w −= α g / (√s + ε)`: ε outside the root, no bias
  /// correction (course, and PyTorch `RMSprop(alpha=β, eps=ε)`; PyTorch's default β is 0.99,
  /// Keras puts ε inside the root). Default β = 0.9 (Hinton's lecture, Keras `rho`).
  case rmsprop(beta: Double = 0.9, epsilon: Double = 1e-8)
  /// Adam: `v = β₁v + (1 − β₁)g`, `s = β₂s + (1 − β₂)g²`, `v̂ = v/(1 − β₁ᵗ)`, `ŝ = s/(1 − β₂ᵗ)`,
  /// `w −= α v̂/(√ŝ + ε)`, t counted from 1 (course and PyTorch `Adam`; Keras uses ε = 1e−7 in
  /// a different place).
  case adam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)

  /// The short name lessons use: `gd`, `momentum`, `rmsprop`, `adam`.
  public var name: String {
    switch self {
    case .gradientDescent: "gd"
    case .momentum: "momentum"
    case .rmsprop: "rmsprop"
    case .adam: "adam"
    }
  }

  /// The method for a short name with default hyperparameters (`gd`, `momentum`, `rmsprop`,
  /// `adam`; also `sgd` for gradient descent); nil for other names.
  public init?(name: String) {
    switch name {
    case "gd", "sgd", "gradient-descent": self = .gradientDescent
    case "momentum": self = .momentum()
    case "rmsprop": self = .rmsprop()
    case "adam": self = .adam()
    default: return nil
    }
  }
}

/// An optimizer over a list of parameter tensors, with per-tensor state (velocity v, squared
/// gradient average s) and the shared step counter t.
///
/// Convention (CONTENT.md): t is incremented *before* an update, so the first update uses
/// t = 1; `stepCount` is the number of updates applied so far and may be set to reproduce a
/// fixture (the course's Adam test calls its update with t = 2: set `stepCount = 1` first).
/// Each tensor is a flat `[Double]` (a `Matrix`'s storage); tensors are identified by their
/// position (`slot`) in the list given at creation.
public struct Optimizer: Sendable {
  /// The update rule.
  public let method: OptimizerMethod
  /// The number of updates applied so far (t of the last update).
  public var stepCount: Int = 0
  private var velocity: [[Double]]
  private var squares: [[Double]]

  /// An optimizer for tensors of the given element counts, with zero state (v = s = 0).
  public init(_ method: OptimizerMethod, parameterCounts: [Int]) {
    self.method = method
    let needsVelocity: Bool
    let needsSquares: Bool
    switch method {
    case .gradientDescent: (needsVelocity, needsSquares) = (false, false)
    case .momentum: (needsVelocity, needsSquares) = (true, false)
    case .rmsprop: (needsVelocity, needsSquares) = (false, true)
    case .adam: (needsVelocity, needsSquares) = (true, true)
    }
    velocity = parameterCounts.map { [Double](repeating: 0, count: needsVelocity ? $0 : 0) }
    squares = parameterCounts.map { [Double](repeating: 0, count: needsSquares ? $0 : 0) }
  }

  /// An optimizer for the given matrices' shapes.
  public init(_ method: OptimizerMethod, parameters: [Matrix]) {
    self.init(method, parameterCounts: parameters.map(\.count))
  }

  /// The velocity v (first-moment average) of a tensor; empty for methods without one.
  public func velocity(slot: Int) -> [Double] { velocity[slot] }

  /// The average of squared gradients s of a tensor; empty for methods without one.
  public func squaredGradientAverage(slot: Int) -> [Double] { squares[slot] }

  /// One update of every tensor: `stepCount += 1`, then each tensor moves by its gradient.
  public mutating func update(
    _ parameters: inout [Matrix], gradients: [Matrix], learningRate: Double
  ) {
    precondition(parameters.count == velocity.count && gradients.count == velocity.count)
    beginStep()
    for slot in parameters.indices {
      apply(
        slot: slot, to: &parameters[slot].storage, gradient: gradients[slot].storage,
        learningRate: learningRate)
    }
  }

  /// One update of a single-tensor optimizer (e.g. a point on a surface).
  public mutating func update(
    _ parameters: inout [Double], gradient: [Double], learningRate: Double
  ) {
    precondition(velocity.count == 1, "this optimizer manages \(velocity.count) tensors")
    beginStep()
    apply(slot: 0, to: &parameters, gradient: gradient, learningRate: learningRate)
  }

  /// Starts an update: increments t. Follow with `apply` for every tensor.
  public mutating func beginStep() { stepCount += 1 }

  /// Applies the current step (t = `stepCount`) to one tensor.
  public mutating func apply(
    slot: Int, to parameter: inout [Double], gradient: [Double], learningRate alpha: Double
  ) {
    precondition(parameter.count == gradient.count, "parameter and gradient sizes differ")
    parameter.withUnsafeMutableBufferPointer { w in
      gradient.withUnsafeBufferPointer { g in
        apply(slot: slot, to: w, gradient: g, learningRate: alpha)
      }
    }
  }

  /// Applies the current step (t = `stepCount`) to one tensor held in raw storage.
  ///
  /// Adam's arithmetic follows PyTorch's: `w −= (α/(1 − β₁ᵗ)) · v / (√s/√(1 − β₂ᵗ) + ε)`.
  public mutating func apply(
    slot: Int, to w: UnsafeMutableBufferPointer<Double>, gradient g: UnsafeBufferPointer<Double>,
    learningRate alpha: Double
  ) {
    precondition(w.count == g.count, "parameter and gradient sizes differ")
    precondition(stepCount >= 1, "call beginStep() before apply")
    let n = w.count
    switch method {
    case .gradientDescent:
      for i in 0..<n { w[i] -= alpha * g[i] }  // w −= α g
    case .momentum(let beta, let form):
      let gain = form == .course ? 1 - beta : 1
      velocity[slot].withUnsafeMutableBufferPointer { v in
        precondition(v.count == n, "slot \(slot) holds \(v.count) values, got \(n)")
        for i in 0..<n {
          v[i] = beta * v[i] + gain * g[i]  // v = βv + (1 − β)g  (undampened: + g)
          w[i] -= alpha * v[i]  // w −= α v
        }
      }
    case .rmsprop(let beta, let epsilon):
      squares[slot].withUnsafeMutableBufferPointer { s in
        precondition(s.count == n, "slot \(slot) holds \(s.count) values, got \(n)")
        for i in 0..<n {
          s[i] = beta * s[i] + (1 - beta) * g[i] * g[i]  // s = βs + (1 − β)g²
          w[i] -= alpha * g[i] / (s[i].squareRoot() + epsilon)  // w −= α g/(√s + ε)
        }
      }
    case .adam(let beta1, let beta2, let epsilon):
      let t = Double(stepCount)
      let stepSize = alpha / (1 - pow(beta1, t))  // α / (1 − β₁ᵗ)
      let rootCorrection2 = (1 - pow(beta2, t)).squareRoot()  // √(1 − β₂ᵗ)
      velocity[slot].withUnsafeMutableBufferPointer { v in
        squares[slot].withUnsafeMutableBufferPointer { s in
          precondition(v.count == n, "slot \(slot) holds \(v.count) values, got \(n)")
          for i in 0..<n {
            v[i] = beta1 * v[i] + (1 - beta1) * g[i]  // v = β₁v + (1 − β₁)g
            s[i] = beta2 * s[i] + (1 - beta2) * g[i] * g[i]  // s = β₂s + (1 − β₂)g²
            // w −= α v̂/(√ŝ + ε) with v̂ = v/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ)
            w[i] -= stepSize * v[i] / (s[i].squareRoot() / rootCorrection2 + epsilon)
          }
        }
      }
    }
  }
}
