import LessonMath

/// The numeric core's benchmarks (issue: EWA over 10 M points, an Adam step over 1 M
/// parameters, 200 full-batch softmax-regression steps on the digits, one MLP epoch on the
/// digits), plus data loading and the matrix kernel; `kernels` is the part numpy is compared
/// with.
enum MathBenchmarks {
  static func run() -> [BenchmarkResult] {
    var results: [BenchmarkResult] = []

    // Data loading (compiled-in CSV text, parsed on each call).
    results.append(measure("load digits (1797 × 64, parse CSV)", runs: 5) { Dataset.digits() })
    results.append(measure("load iris (150 × 4, parse CSV)", runs: 5) { Dataset.iris() })

    // EWA over 10 million points: reads 8 B and writes 8 B per point.
    let n = 10_000_000
    var rng = SeededGenerator(seed: 1)
    let series = (0..<n).map { _ in rng.nextUniform() }
    results.append(
      measure("EWA, 10 M points", runs: 5, work: Double(16 * n), unit: "GB/s") {
        ExponentialAverage.series(series, beta: 0.9)
      })

    // One Adam step over 1 million parameters: reads w, g, v, s and writes w, v, s (56 B).
    let p = 1_000_000
    var parameters = (0..<p).map { _ in rng.nextUniform() }
    let gradient = (0..<p).map { _ in rng.nextUniform() - 0.5 }
    var adam = Optimizer(.adam(), parameterCounts: [p])
    results.append(
      measure("Adam step, 1 M parameters", runs: 20, work: Double(56 * p), unit: "GB/s") {
        adam.beginStep()
        adam.apply(slot: 0, to: &parameters, gradient: gradient, learningRate: 1e-3)
        return parameters[0]
      })

    // The course's moons experiment size: 2-5-2-1, batch 64, 1000 epochs of Adam.
    let moons = Dataset.moons(count: 300, noise: 0.2, seed: 3)
    results.append(
      measure("moons 2-5-2-1, Adam, batch 64, 1000 epochs", runs: 3) {
        var net = NeuralNetwork(NetworkConfiguration(layerSizes: [2, 5, 2, 1]), seed: 3)
        return net.train(
          on: moons,
          options: TrainingOptions(
            optimizer: .adam(), learningRate: 0.0007, batchSize: 64, epochs: 1000))
      })

    // Random symmetric Hessians: 100k 2 × 2 eigenvalue problems.
    results.append(
      measure("fraction of minima, n = 2, 100k Hessians", runs: 3) {
        SymmetricEigen.fractionOfMinima(dimension: 2, trials: 100_000, seed: 0)
      })
    return results
  }

  /// The trained models and the matrix product that `Benchmarks/numpy_reference.py` measures
  /// for numpy side by side (`lessons-bench kernels`).
  static func kernels() -> [BenchmarkResult] {
    var results: [BenchmarkResult] = []
    var rng = SeededGenerator(seed: 2)
    // 200 full-batch softmax-regression steps on the standardized digits (1797 × 64 → 10).
    let digits = Standardizer(fitting: Dataset.digits().features).transform(Dataset.digits())
    let (m, f, c) = (Double(digits.count), Double(digits.featureCount), 10.0)
    // Per step: Z = XW (2mfc), dW = Xᵀ dZ (2mfc); softmax, bias and update are lower order.
    let flops = 200 * 4 * m * f * c
    var finalAccuracy = 0.0
    results.append(
      measure("softmax regression, 200 full-batch GD steps", runs: 5, work: flops) {
        var model = NeuralNetwork(.softmaxRegression(features: 64, classes: 10))
        let history = model.train(
          on: digits,
          options: TrainingOptions(
            optimizer: .gradientDescent, learningRate: 0.5, batchSize: digits.count, epochs: 200))
        finalAccuracy = history.epochs.last!.accuracy
        return history
      })
    results[results.count - 1].name += " (train acc \(format(finalAccuracy * 100, 1)) %)"

    // One MLP epoch on the digits: 64-32-10 ReLU, batch norm, Adam, batch 64 (29 batches).
    let (train, _) = digits.trainTestSplit(testFraction: 0.2, seed: 0)
    let mlpFlops = 3 * 2 * Double(train.count) * (64 * 32 + 32 * 10)
    results.append(
      measure("MLP epoch, digits 64-32-10 + BN, Adam, batch 64", runs: 5, work: mlpFlops) {
        var net = NeuralNetwork(
          NetworkConfiguration(layerSizes: [64, 32, 10], batchNorm: .pytorch), seed: 0)
        return net.train(
          on: train,
          options: TrainingOptions(optimizer: .adam(), learningRate: 0.01, batchSize: 64, epochs: 1)
        )
      })

    // The blocked kernel alone on a square product.
    let size = 256
    let a = Matrix(
      rows: size, columns: size, storage: (0..<(size * size)).map { _ in rng.nextUniform() })
    let b = Matrix(
      rows: size, columns: size, storage: (0..<(size * size)).map { _ in rng.nextUniform() })
    results.append(
      measure("matmul 256 × 256 × 256", runs: 10, work: 2 * Double(size * size * size)) {
        a.matmul(b)
      })

    return results
  }
}
