#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A loss surface f(x, y) with its analytic gradient and Hessian, for the optimizer and
/// saddle-point lessons (course 2.6–2.10).
public protocol Surface: Sendable {
  /// The short name lessons use (`elongated`, `rosenbrock`, `saddle`, `monkey-saddle`,
  /// `plateau`).
  var name: String { get }
  /// The formula as text, for captions.
  var formula: String { get }
  /// f(p).
  func value(at p: SIMD2<Double>) -> Double
  /// ∇f(p) = (∂f/∂x, ∂f/∂y).
  func gradient(at p: SIMD2<Double>) -> SIMD2<Double>
  /// The 2 × 2 Hessian ∇²f(p), row-major.
  func hessian(at p: SIMD2<Double>) -> Matrix
  /// A start point that shows the surface's behaviour.
  var suggestedStart: SIMD2<Double> { get }
  /// A plotting window around the interesting region.
  var suggestedDomain: (x: ClosedRange<Double>, y: ClosedRange<Double>) { get }
}

/// f = a x² + b y²: a valley elongated along x when a ≪ b (course 2.6 uses a = 0.1, b = 2,
/// start (−5, −2)). GD converges iff 0 < 2ηb < 2, i.e. η < 1/b.
public struct ElongatedQuadratic: Surface {
  /// The curvature along x (half the Hessian's first eigenvalue).
  public var a: Double
  /// The curvature along y.
  public var b: Double
  public init(a: Double = 0.1, b: Double = 2) {
    self.a = a
    self.b = b
  }
  public var name: String { "elongated" }
  public var formula: String { "f(x, y) = \(a) x² + \(b) y²" }
  public func value(at p: SIMD2<Double>) -> Double { a * p.x * p.x + b * p.y * p.y }
  public func gradient(at p: SIMD2<Double>) -> SIMD2<Double> { [2 * a * p.x, 2 * b * p.y] }
  public func hessian(at p: SIMD2<Double>) -> Matrix { Matrix([[2 * a, 0], [0, 2 * b]]) }
  public var suggestedStart: SIMD2<Double> { [-5, -2] }
  public var suggestedDomain: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
    (-5.5...1, -3...3)
  }
}

/// Rosenbrock's banana f = (a − x)² + b (y − x²)², minimum 0 at (a, a²).
public struct Rosenbrock: Surface {
  /// The minimum's x (and √y).
  public var a: Double
  /// The steepness of the curved valley's walls.
  public var b: Double
  public init(a: Double = 1, b: Double = 100) {
    self.a = a
    self.b = b
  }
  public var name: String { "rosenbrock" }
  public var formula: String { "f(x, y) = (\(a) − x)² + \(b) (y − x²)²" }
  public func value(at p: SIMD2<Double>) -> Double {
    let u = a - p.x
    let w = p.y - p.x * p.x
    return u * u + b * w * w
  }
  public func gradient(at p: SIMD2<Double>) -> SIMD2<Double> {
    let w = p.y - p.x * p.x
    // ∂f/∂x = −2(a − x) − 4bx(y − x²);  ∂f/∂y = 2b(y − x²)
    return [-2 * (a - p.x) - 4 * b * p.x * w, 2 * b * w]
  }
  public func hessian(at p: SIMD2<Double>) -> Matrix {
    // ∂²f/∂x² = 2 − 4b(y − x²) + 8bx² = 2 − 4by + 12bx²;  ∂²f/∂x∂y = −4bx;  ∂²f/∂y² = 2b
    Matrix([[2 - 4 * b * p.y + 12 * b * p.x * p.x, -4 * b * p.x], [-4 * b * p.x, 2 * b]])
  }
  public var suggestedStart: SIMD2<Double> { [-1.5, 2] }
  public var suggestedDomain: (x: ClosedRange<Double>, y: ClosedRange<Double>) { (-2...2, -1...3) }
}

/// The saddle f = x² − y²: a critical point at 0 that is a minimum along x and a maximum along y.
/// From a start on the ridge y = 0 (e.g. (1, 1e−6)) gradient descent crawls to the saddle.
public struct Saddle: Surface {
  public init() {}
  public var name: String { "saddle" }
  public var formula: String { "f(x, y) = x² − y²" }
  public func value(at p: SIMD2<Double>) -> Double { p.x * p.x - p.y * p.y }
  public func gradient(at p: SIMD2<Double>) -> SIMD2<Double> { [2 * p.x, -2 * p.y] }
  public func hessian(at p: SIMD2<Double>) -> Matrix { Matrix([[2, 0], [0, -2]]) }
  public var suggestedStart: SIMD2<Double> { [1, 1e-6] }
  public var suggestedDomain: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
    (-1.5...1.5, -1.5...1.5)
  }
}

/// The monkey saddle f = x³ − 3xy²: a degenerate critical point (zero Hessian) at 0 with three
/// descending valleys.
public struct MonkeySaddle: Surface {
  public init() {}
  public var name: String { "monkey-saddle" }
  public var formula: String { "f(x, y) = x³ − 3xy²" }
  public func value(at p: SIMD2<Double>) -> Double { p.x * p.x * p.x - 3 * p.x * p.y * p.y }
  public func gradient(at p: SIMD2<Double>) -> SIMD2<Double> {
    [3 * p.x * p.x - 3 * p.y * p.y, -6 * p.x * p.y]  // (3x² − 3y², −6xy)
  }
  public func hessian(at p: SIMD2<Double>) -> Matrix {
    Matrix([[6 * p.x, -6 * p.y], [-6 * p.y, -6 * p.x]])
  }
  public var suggestedStart: SIMD2<Double> { [1, 1e-6] }
  public var suggestedDomain: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
    (-1.5...1.5, -1.5...1.5)
  }
}

/// A plateau: f = 1 − exp(−(x² + y²)/(2w²)), a Gaussian well of width w in a flat plane.
/// Far from the origin the gradient is tiny (like a saturated tanh unit): gradient descent
/// needs many steps, while Adam's per-coordinate scaling moves ≈ α per step.
public struct Plateau: Surface {
  /// The well's width w: the gradient is tiny beyond about 3w.
  public var width: Double
  public init(width: Double = 1) { self.width = width }
  public var name: String { "plateau" }
  public var formula: String { "f(x, y) = 1 − exp(−(x² + y²)/(2·\(width)²))" }
  public func value(at p: SIMD2<Double>) -> Double { 1 - exp(-(p * p).sum() / (2 * width * width)) }
  public func gradient(at p: SIMD2<Double>) -> SIMD2<Double> {
    let w2 = width * width
    let e = exp(-(p * p).sum() / (2 * w2))
    return p * (e / w2)  // ∇f = (p / w²) e^{−|p|²/(2w²)}
  }
  public func hessian(at p: SIMD2<Double>) -> Matrix {
    let w2 = width * width
    let e = exp(-(p * p).sum() / (2 * w2))
    // ∂²f/∂pᵢ∂pⱼ = e/w² (δᵢⱼ − pᵢpⱼ/w²)
    return Matrix([
      [e / w2 * (1 - p.x * p.x / w2), -e / w2 * p.x * p.y / w2],
      [-e / w2 * p.x * p.y / w2, e / w2 * (1 - p.y * p.y / w2)],
    ])
  }
  public var suggestedStart: SIMD2<Double> { [3, 2.5] }
  public var suggestedDomain: (x: ClosedRange<Double>, y: ClosedRange<Double>) { (-4...4, -4...4) }
}

/// The surfaces by name, for directives (`surface: rosenbrock`).
public enum Surfaces {
  /// Every surface with default parameters, in a fixed order.
  public static let all: [any Surface] = [
    ElongatedQuadratic(), Rosenbrock(), Saddle(), MonkeySaddle(), Plateau(),
  ]

  /// The names of `all`, in order.
  public static var names: [String] { all.map(\.name) }

  /// The surface with this name (default parameters), or nil.
  public static func named(_ name: String) -> (any Surface)? {
    all.first { $0.name == name }
  }
}

/// Gaussian noise added to every gradient, as a stand-in for mini-batch noise.
public struct GradientNoise: Sendable, Hashable {
  /// The standard deviation of each coordinate's noise.
  public var standardDeviation: Double
  /// The seed of the noise stream.
  public var seed: Int
  public init(standardDeviation: Double, seed: Int = 0) {
    self.standardDeviation = standardDeviation
    self.seed = seed
  }
}

/// The path of an optimizer on a surface.
public struct Trajectory: Sendable, Equatable {
  /// The start point, then the point after each completed step.
  public var points: [SIMD2<Double>]
  /// f at each point of `points`.
  public var losses: [Double]
  /// The step (1-based) at which a coordinate or the loss became non-finite or exceeded the
  /// divergence limit in magnitude; the run stopped there and that point is not recorded.
  public var divergedAtStep: Int?
  /// True when the run stopped early by divergence.
  public var diverged: Bool { divergedAtStep != nil }
  /// The last recorded point.
  public var final: SIMD2<Double> { points[points.count - 1] }
}

extension Surface {
  /// Runs an optimizer on this surface from `start` for `steps` steps.
  ///
  /// Each step evaluates the analytic gradient, adds `noise` if given (one N(0, σ²) draw per
  /// coordinate from a generator seeded by the noise's seed), and applies one update of
  /// `method` with rate α (or α from `schedule` with the step number as the epoch, 1-based).
  /// Divergence (a non-finite coordinate or loss, or one larger than `divergenceLimit` in
  /// magnitude) stops the run and is reported as `divergedAtStep`.
  public func descend(
    method: OptimizerMethod, learningRate: Double, from start: SIMD2<Double>, steps: Int,
    noise: GradientNoise? = nil, schedule: LearningRateSchedule = .constant,
    divergenceLimit: Double = 1e10
  ) -> Trajectory {
    var optimizer = Optimizer(method, parameterCounts: [2])
    var rng = SeededGenerator(seed: noise?.seed ?? 0)
    var position = [start.x, start.y]
    var trajectory = Trajectory(points: [start], losses: [value(at: start)], divergedAtStep: nil)
    trajectory.points.reserveCapacity(steps + 1)
    trajectory.losses.reserveCapacity(steps + 1)
    for step in 1...max(steps, 1) where steps > 0 {
      var g = gradient(at: SIMD2(position[0], position[1]))
      if let noise {
        g.x += rng.nextNormal(standardDeviation: noise.standardDeviation)
        g.y += rng.nextNormal(standardDeviation: noise.standardDeviation)
      }
      let alpha = schedule.learningRate(initial: learningRate, epoch: step)
      optimizer.update(&position, gradient: [g.x, g.y], learningRate: alpha)
      let p = SIMD2(position[0], position[1])
      let f = value(at: p)
      let limit = divergenceLimit
      if !(abs(p.x) <= limit && abs(p.y) <= limit && abs(f) <= limit) {
        trajectory.divergedAtStep = step
        break
      }
      trajectory.points.append(p)
      trajectory.losses.append(f)
    }
    return trajectory
  }
}
