import Testing

@testable import LessonMath

@Suite struct SoftmaxTests {
  /// CONTENT.md 3.8 / numpy: z = [5, 2, −1, 3] → a = [0.842034, 0.041922, 0.002087, 0.113957];
  /// label 1 → L = 3.171935, dz = a − y. Full-precision values from numpy 2.4.6.
  @Test func softmax_courseExample_matchesNumpy() {
    let z: [Double] = [5, 2, -1, 3]
    let numpy = [
      0.8420335723974581, 0.04192238303698896, 0.0020871925504063493, 0.11395685201514683,
    ]
    let a = Softmax.probabilities(z)
    #expect(maxAbsDifference(a, numpy) < 1e-15)
    #expect(abs(Softmax.crossEntropy(logits: z, label: 1) - 3.1719353933286785) < 1e-14)
    #expect(abs(Softmax.crossEntropy(probabilities: a, label: 1) - 3.171935) < 1e-6)
    let dz = Softmax.crossEntropyGradient(logits: z, label: 1)
    #expect(maxAbsDifference(dz, [0.842034, -0.958078, 0.002087, 0.113957]) < 1e-6)
  }

  @Test func softmax_sumsToOne_isShiftInvariant_andStableForHugeLogits() {
    let z: [Double] = [1000, 999, -5]
    let a = Softmax.probabilities(z)
    #expect(abs(a.reduce(0, +) - 1) < 1e-15)
    #expect(maxAbsDifference(a, Softmax.probabilities(z.map { $0 - 1000 })) < 1e-15)
    #expect(Softmax.crossEntropy(logits: [0, 800], label: 0) == 800)
  }

  @Test func temperature_sharpensOrFlattens_andHardmaxPicksTheFirstMaximum() {
    let z: [Double] = [2, 1, 0]
    #expect(Softmax.probabilities(z, temperature: 0.01)[0] > 0.999)
    let flat = Softmax.probabilities(z, temperature: 1000)
    #expect(flat.allSatisfy { abs($0 - 1.0 / 3) < 1e-3 })
    #expect(Softmax.hardmax([1, 3, 3]) == [0, 1, 0])
  }

  /// numpy: `np.diag(a) - np.outer(a, a)` for z = [5, 2, −1, 3]; rows sum to 0.
  @Test func jacobian_matchesNumpyAndRowsSumToZero() {
    let j = Softmax.jacobian(probabilities: Softmax.probabilities([5, 2, -1, 3]))
    let numpyRow0 = [
      0.13301303535303277, -0.035300053952050416, -0.00175748619950002, -0.09595549520148255,
    ]
    #expect(maxAbsDifference(j.row(0), numpyRow0) < 1e-15)
    #expect(abs(j[2, 2] - 0.0020828361776638773) < 1e-15)
    for r in 0..<4 { #expect(abs(j.row(r).reduce(0, +)) < 1e-15) }  // a few ulps of 1
  }

  /// With W = 0 every class gets 1/C, so the loss is ln C (CONTENT.md 3.9).
  @Test func softmaxRegression_zeroWeights_lossIsLogC() {
    let digits = Dataset.digits()
    let net = NeuralNetwork(.softmaxRegression(features: 64, classes: 10))
    #expect(abs(net.evaluate(digits).loss - 2.302585092994046) < 1e-12)  // ln 10
  }

  @Test func softmaxCrossEntropy_gradientCheck_below1e6() {
    var rng = SeededGenerator(seed: 8)
    for label in 0..<5 {
      let report = GradientCheck.softmaxCrossEntropy(
        logits: rng.normals(5, standardDeviation: 3), label: label)
      #expect(report.relativeError < 1e-6)
    }
  }
}

@Suite struct BatchNormTests {
  /// CONTENT.md 3.4 and PyTorch 2.13 `BatchNorm1d(1)` on [1, 2, 3, 4]: normalized
  /// [−1.341635, −0.447212, 0.447212, 1.341635]; running mean 0.25, variance 1.066667.
  @Test func forward_oneToFour_matchesPyTorch() {
    let x = Matrix(column: [1, 2, 3, 4])
    let f = BatchNorm.forward(x, gamma: [1], beta: [0], epsilon: 1e-5)
    #expect(f.mean == [2.5] && f.variance == [1.25])
    let torch = [-1.341635419968927, -0.4472118066563091, 0.4472118066563089, 1.3416354199689269]
    #expect(maxAbsDifference(f.output.storage, torch) < 1e-15)
    var mean = [0.0]
    var variance = [1.0]
    BatchNorm.updateRunningStatistics(
      mean: &mean, variance: &variance, batchMean: f.mean, batchVariance: f.variance,
      batchSize: 4, convention: .pytorch)
    #expect(abs(mean[0] - 0.25) < 1e-15 && abs(variance[0] - 1.0666666666666667) < 1e-15)
  }

  /// PyTorch 2.13: a 4 × 2 batch with γ = [1.5, 0.5], β = [0.1, −0.2], loss Σ y·R; output,
  /// dx, dγ, dβ and one running update, and test mode on a single example.
  @Test func forwardBackward_twoColumns_matchPyTorch() {
    let x = Matrix([[1, -2], [0.5, 3], [2, 0], [-1, 1]])
    let r = Matrix([[0.3, -1], [2, 0.5], [-0.7, 0.2], [1, 1]])
    let (gamma, beta) = ([1.5, 0.5], [0.1, -0.2])
    let f = BatchNorm.forward(x, gamma: gamma, beta: beta, epsilon: 1e-5)
    let torchOut = [
      0.6196130252598184, -0.8933741785528515, -0.07320434175327273, 0.49337417855285143,
      2.005247759286001, -0.33867483571057033, -2.151656442792546, -0.061325164289429746,
    ]
    #expect(maxAbsDifference(f.output.storage, torchOut) < 1e-14)
    let g = BatchNorm.backward(outputGradient: r, forward: f, gamma: gamma, epsilon: 1e-5)
    let torchDx = [
      -0.1829063625195681, -0.10454017259932631, 1.7699182928054813, -0.1312070481086432,
      -0.7630323115068287, 0.051202880049631305, -0.8239796187790839, 0.18454434065833822,
    ]
    #expect(maxAbsDifference(g.input.storage, torchDx) < 1e-14)
    #expect(maxAbsDifference(g.gamma, [-2.517236433480898, 2.302002272795467]) < 1e-14)
    #expect(maxAbsDifference(g.beta, [2.6, 0.7]) < 1e-14)
    var mean = [0.0, 0.0]
    var variance = [1.0, 1.0]
    BatchNorm.updateRunningStatistics(
      mean: &mean, variance: &variance, batchMean: f.mean, batchVariance: f.variance,
      batchSize: 4, convention: .pytorch)
    #expect(maxAbsDifference(mean, [0.0625, 0.05]) < 1e-15)
    #expect(maxAbsDifference(variance, [1.05625, 1.3333333333333335]) < 1e-15)
    let one = BatchNorm.inference(
      Matrix([[1, 1]]), gamma: gamma, beta: beta, runningMean: mean, runningVariance: variance,
      epsilon: 1e-5)
    #expect(maxAbsDifference(one.storage, [1.4682867412604175, 0.21136052419853496]) < 1e-14)
  }

  /// Keras: momentum 0.99 on the old value, biased variance, ε = 1e−3.
  @Test func kerasConvention_runningUpdate() {
    var mean = [0.0]
    var variance = [1.0]
    BatchNorm.updateRunningStatistics(
      mean: &mean, variance: &variance, batchMean: [2.5], batchVariance: [1.25], batchSize: 4,
      convention: .keras)
    #expect(abs(mean[0] - 0.025) < 1e-15 && abs(variance[0] - (0.99 + 0.0125)) < 1e-15)
    #expect(BatchNormConvention.keras.epsilon == 1e-3)
  }

  @Test func normalizedOutput_hasMeanZeroVarianceOne_andIdentityParametersRestoreInput() {
    var rng = SeededGenerator(seed: 2)
    let z = Matrix(rows: 50, columns: 3, storage: rng.normals(150, mean: 4, standardDeviation: 3))
    let f = BatchNorm.forward(z, gamma: [1, 1, 1], beta: [0, 0, 0], epsilon: 1e-5)
    for j in 0..<3 {
      let column = f.output.column(j)
      let mean = column.reduce(0, +) / 50
      let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 50
      #expect(abs(mean) < 1e-14)
      #expect(abs(variance - f.variance[j] / (f.variance[j] + 1e-5)) < 1e-12)
    }
    // γ = √(σ² + ε), β = μ gives back z (CONTENT.md 3.4).
    let identity = BatchNorm.forward(
      z, gamma: f.variance.map { ($0 + 1e-5).squareRoot() }, beta: f.mean, epsilon: 1e-5)
    #expect(maxAbsDifference(identity.output.storage, z.storage) < 1e-12)
  }

  @Test func backward_gradientCheck_below1e6() {
    for seed in 0..<3 { #expect(GradientCheck.batchNorm(seed: seed).relativeError < 1e-6) }
  }
}
