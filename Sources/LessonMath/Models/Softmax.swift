#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif
import CKernels

/// Softmax, its loss and its derivatives (course 3.8–3.9).
public enum Softmax {
  /// aᵢ = e^{zᵢ/T} / Σⱼ e^{zⱼ/T}, computed stably by subtracting max z first (the result is
  /// shift-invariant). T = 1 is the plain softmax; T → 0 approaches hardmax, T → ∞ uniform.
  public static func probabilities(_ logits: [Double], temperature: Double = 1) -> [Double] {
    precondition(temperature > 0, "temperature must be positive")
    precondition(!logits.isEmpty, "softmax of no logits")
    let top = logits.max()!
    var result = logits.map { exp(($0 - top) / temperature) }
    let total = result.reduce(0, +)
    for i in result.indices { result[i] /= total }
    return result
  }

  /// The one-hot vector of the (first) largest logit.
  public static func hardmax(_ logits: [Double]) -> [Double] {
    let best = logits.indices.max {
      logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1)
    }
    return logits.indices.map { $0 == best ? 1 : 0 }
  }

  /// L = −Σ yᵢ log aᵢ = −log a_label for a one-hot y; computed from the logits as
  /// log Σ e^{z − max z} − (z_label − max z), which stays finite when a_label underflows.
  public static func crossEntropy(logits: [Double], label: Int) -> Double {
    let top = logits.max()!
    let logSum = log(logits.reduce(0) { $0 + exp($1 - top) })
    return logSum - (logits[label] - top)
  }

  /// L = −Σ yᵢ log aᵢ from probabilities and a one-hot label.
  public static func crossEntropy(probabilities: [Double], label: Int) -> Double {
    -log(probabilities[label])
  }

  /// dL/dz = a − y for softmax followed by cross-entropy (y one-hot at `label`).
  public static func crossEntropyGradient(logits: [Double], label: Int) -> [Double] {
    var a = probabilities(logits)
    a[label] -= 1
    return a
  }

  /// The Jacobian ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ), i.e. diag(a) − a aᵀ (its diagonal aᵢ(1 − aᵢ) is the
  /// "Ŷ(1 − Ŷ)" of the course notes — only part of the derivative).
  public static func jacobian(probabilities a: [Double]) -> Matrix {
    let n = a.count
    var j = Matrix(rows: n, columns: n)
    for r in 0..<n {
      for c in 0..<n { j[r, c] = (r == c ? a[r] : 0) - a[r] * a[c] }
    }
    return j
  }

  /// Row-wise softmax of a `m × C` matrix of logits, in place (stable, max subtracted), with
  /// the vector exp of the training kernels (`CKernels/softmax.c`).
  public static func softmaxRows(_ z: inout Matrix) {
    let (rows, columns) = (z.rows, z.columns)
    guard rows > 0, columns > 0 else { return }
    var rowMax = [Double](repeating: 0, count: rows), rowSum = rowMax
    var probabilities = [Double](repeating: 0, count: rows * columns)
    lessons_softmax_forward(rows, columns, &z.storage, nil, &probabilities, &rowMax, &rowSum)
    z.storage = probabilities
  }
}
