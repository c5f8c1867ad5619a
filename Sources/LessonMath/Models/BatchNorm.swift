/// The conventions for batch normalization's running statistics and ε (course 3.4–3.7).
public struct BatchNormConvention: Sendable, Hashable {
  /// The weight of the *new* batch statistic in the running average:
  /// running ← (1 − w)·running + w·batch.
  public var newStatisticWeight: Double
  /// ε in z_norm = (z − μ)/√(σ² + ε).
  public var epsilon: Double
  /// Whether the running variance averages the unbiased batch variance (÷ (m − 1)).
  public var unbiasedRunningVariance: Bool

  public init(newStatisticWeight: Double, epsilon: Double, unbiasedRunningVariance: Bool) {
    self.newStatisticWeight = newStatisticWeight
    self.epsilon = epsilon
    self.unbiasedRunningVariance = unbiasedRunningVariance
  }

  /// PyTorch `BatchNorm1d` defaults: momentum 0.1 on the new value, ε = 1e−5, running
  /// variance from the unbiased batch variance. The default of this package.
  public static let pytorch = BatchNormConvention(
    newStatisticWeight: 0.1, epsilon: 1e-5, unbiasedRunningVariance: true)

  /// Keras `BatchNormalization` defaults: momentum 0.99 on the old value (0.01 on the new),
  /// ε = 1e−3, running variance from the biased batch variance.
  public static let keras = BatchNormConvention(
    newStatisticWeight: 0.01, epsilon: 1e-3, unbiasedRunningVariance: false)
}

/// Batch normalization of a `m × n` matrix of pre-activations z, column by column.
///
/// Training mode: μ = mean over the batch, σ² = biased variance (÷ m),
/// z_norm = (z − μ)/√(σ² + ε), z̃ = γ·z_norm + β. Test mode uses running estimates instead
/// of μ, σ². The same code (over raw buffers) runs inside `NeuralNetwork`.
public enum BatchNorm {
  /// The result of a training-mode forward pass.
  public struct Forward: Sendable, Equatable {
    /// z̃ = γ·z_norm + β.
    public var output: Matrix
    /// z_norm = (z − μ)/√(σ² + ε).
    public var normalized: Matrix
    /// μ per column.
    public var mean: [Double]
    /// σ² per column (biased, ÷ m).
    public var variance: [Double]
  }

  /// Gradients of a batch-norm layer.
  public struct Gradients: Sendable, Equatable {
    /// dL/dz.
    public var input: Matrix
    /// dL/dγ = Σᵢ dz̃ᵢ · z_normᵢ.
    public var gamma: [Double]
    /// dL/dβ = Σᵢ dz̃ᵢ.
    public var beta: [Double]
  }

  /// Training-mode forward pass with batch statistics.
  public static func forward(_ z: Matrix, gamma: [Double], beta: [Double], epsilon: Double)
    -> Forward
  {
    let (m, n) = (z.rows, z.columns)
    precondition(gamma.count == n && beta.count == n, "gamma and beta need one value per column")
    var result = Forward(
      output: Matrix(rows: m, columns: n), normalized: Matrix(rows: m, columns: n),
      mean: [Double](repeating: 0, count: n), variance: [Double](repeating: 0, count: n))
    var inverseStd = [Double](repeating: 0, count: n)
    z.storage.withUnsafeBufferPointer { zp in
      result.output.storage.withUnsafeMutableBufferPointer { out in
        result.normalized.storage.withUnsafeMutableBufferPointer { norm in
          result.mean.withUnsafeMutableBufferPointer { mu in
            result.variance.withUnsafeMutableBufferPointer { variance in
              inverseStd.withUnsafeMutableBufferPointer { inv in
                gamma.withUnsafeBufferPointer { g in
                  beta.withUnsafeBufferPointer { b in
                    trainForward(
                      z: zp.baseAddress!, rows: m, columns: n, gamma: g.baseAddress!,
                      beta: b.baseAddress!, epsilon: epsilon, normalized: norm.baseAddress!,
                      output: out.baseAddress!, mean: mu.baseAddress!,
                      variance: variance.baseAddress!, inverseStd: inv.baseAddress!)
                  }
                }
              }
            }
          }
        }
      }
    }
    return result
  }

  /// Test-mode forward pass: z̃ = γ (z − running mean)/√(running variance + ε) + β. Works for a
  /// batch of any size, including one example.
  public static func inference(
    _ z: Matrix, gamma: [Double], beta: [Double], runningMean: [Double],
    runningVariance: [Double], epsilon: Double
  ) -> Matrix {
    var out = Matrix(rows: z.rows, columns: z.columns)
    for j in 0..<z.columns {
      let inv = 1 / (runningVariance[j] + epsilon).squareRoot()
      for i in 0..<z.rows {
        out[i, j] = gamma[j] * ((z[i, j] - runningMean[j]) * inv) + beta[j]
      }
    }
    return out
  }

  /// Backward pass given dL/dz̃, the forward's `normalized` and `variance`, γ and ε:
  ///
  ///     dβ = Σᵢ dz̃ᵢ,  dγ = Σᵢ dz̃ᵢ·ẑᵢ,  dẑ = dz̃·γ,
  ///     dz = (1/m)·(1/√(σ² + ε))·(m·dẑ − Σᵢ dẑᵢ − ẑ·Σᵢ dẑᵢ·ẑᵢ).
  public static func backward(
    outputGradient: Matrix, forward: Forward, gamma: [Double], epsilon: Double
  ) -> Gradients {
    let (m, n) = (outputGradient.rows, outputGradient.columns)
    var result = Gradients(
      input: Matrix(rows: m, columns: n), gamma: [Double](repeating: 0, count: n),
      beta: [Double](repeating: 0, count: n))
    let inverseStd = forward.variance.map { 1 / ($0 + epsilon).squareRoot() }
    outputGradient.storage.withUnsafeBufferPointer { dy in
      forward.normalized.storage.withUnsafeBufferPointer { norm in
        result.input.storage.withUnsafeMutableBufferPointer { dz in
          result.gamma.withUnsafeMutableBufferPointer { dg in
            result.beta.withUnsafeMutableBufferPointer { db in
              gamma.withUnsafeBufferPointer { g in
                inverseStd.withUnsafeBufferPointer { inv in
                  trainBackward(
                    outputGradient: dy.baseAddress!, normalized: norm.baseAddress!, rows: m,
                    columns: n, gamma: g.baseAddress!, inverseStd: inv.baseAddress!,
                    inputGradient: dz.baseAddress!, gammaGradient: dg.baseAddress!,
                    betaGradient: db.baseAddress!)
                }
              }
            }
          }
        }
      }
    }
    return result
  }

  /// One update of running statistics from a batch of `batchSize` rows:
  /// running ← (1 − w)·running + w·batch, with the unbiased variance σ²·m/(m − 1) when the
  /// convention says so (and m > 1). From (0, 1) and x = [1, 2, 3, 4] (PyTorch): mean 0.25,
  /// variance 0.9 + 0.1·5/3 = 1.066667.
  public static func updateRunningStatistics(
    mean runningMean: inout [Double], variance runningVariance: inout [Double],
    batchMean: [Double], batchVariance: [Double], batchSize: Int,
    convention: BatchNormConvention
  ) {
    let w = convention.newStatisticWeight
    let correction =
      convention.unbiasedRunningVariance && batchSize > 1
      ? Double(batchSize) / Double(batchSize - 1) : 1
    for j in runningMean.indices {
      runningMean[j] = (1 - w) * runningMean[j] + w * batchMean[j]
      runningVariance[j] = (1 - w) * runningVariance[j] + w * batchVariance[j] * correction
    }
  }

  // MARK: Raw kernels shared with NeuralNetwork

  /// μ, σ² (biased), 1/√(σ² + ε), ẑ and γẑ + β over raw row-major buffers.
  static func trainForward(
    z: UnsafePointer<Double>, rows m: Int, columns n: Int,
    gamma: UnsafePointer<Double>, beta: UnsafePointer<Double>, epsilon: Double,
    normalized: UnsafeMutablePointer<Double>, output: UnsafeMutablePointer<Double>,
    mean: UnsafeMutablePointer<Double>, variance: UnsafeMutablePointer<Double>,
    inverseStd: UnsafeMutablePointer<Double>
  ) {
    let scale = 1 / Double(m)
    for j in 0..<n {
      mean[j] = 0
      variance[j] = 0
    }
    for i in 0..<m { for j in 0..<n { mean[j] += z[i * n + j] } }  // μ = (1/m) Σ z
    for j in 0..<n { mean[j] *= scale }
    for i in 0..<m {
      for j in 0..<n {
        let d = z[i * n + j] - mean[j]
        variance[j] += d * d  // σ² = (1/m) Σ (z − μ)²
      }
    }
    for j in 0..<n {
      variance[j] *= scale
      inverseStd[j] = 1 / (variance[j] + epsilon).squareRoot()
    }
    for i in 0..<m {
      for j in 0..<n {
        let zHat = (z[i * n + j] - mean[j]) * inverseStd[j]  // ẑ = (z − μ)/√(σ² + ε)
        normalized[i * n + j] = zHat
        output[i * n + j] = gamma[j] * zHat + beta[j]  // z̃ = γẑ + β
      }
    }
  }

  /// dz, dγ, dβ from dz̃ over raw buffers (formulas in `backward`). `inputGradient` may alias
  /// `outputGradient`.
  static func trainBackward(
    outputGradient dy: UnsafePointer<Double>, normalized: UnsafePointer<Double>,
    rows m: Int, columns n: Int, gamma: UnsafePointer<Double>,
    inverseStd: UnsafePointer<Double>, inputGradient dz: UnsafeMutablePointer<Double>,
    gammaGradient: UnsafeMutablePointer<Double>, betaGradient: UnsafeMutablePointer<Double>
  ) {
    for j in 0..<n {
      gammaGradient[j] = 0
      betaGradient[j] = 0
    }
    for i in 0..<m {
      for j in 0..<n {
        betaGradient[j] += dy[i * n + j]  // dβ = Σ dz̃
        gammaGradient[j] += dy[i * n + j] * normalized[i * n + j]  // dγ = Σ dz̃·ẑ
      }
    }
    // With dẑ = γ·dz̃: Σ dẑ = γ·dβ and Σ dẑ·ẑ = γ·dγ.
    let mm = Double(m)
    for i in 0..<m {
      for j in 0..<n {
        let dzHat = gamma[j] * dy[i * n + j]
        let sumDzHat = gamma[j] * betaGradient[j]
        let sumDzHatZHat = gamma[j] * gammaGradient[j]
        // dz = (1/m)(1/√(σ² + ε))(m·dẑ − Σ dẑ − ẑ·Σ dẑ·ẑ)
        dz[i * n + j] =
          inverseStd[j] / mm * (mm * dzHat - sumDzHat - normalized[i * n + j] * sumDzHatZHat)
      }
    }
  }
}
