import Foundation
import Testing

@testable import LessonMath

/// The largest |uᵢ − vᵢ| / max(1, |vᵢ|).
private func maxDifference(_ u: [Double], _ v: [Double]) -> Double {
  precondition(u.count == v.count)
  return zip(u, v).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
}

@Suite struct AutodiffTests {
  // MARK: The lecture's cost

  /// Lecture 3.11 and PyTorch 2.13, run once: w = torch.tensor(0.0, float64), J = w**2 −
  /// 10*w + 25, J.backward() → w.grad = −10; SGD(lr=0.01) → w = 0.1 after one step,
  /// 4.999999991585162 after 1000.
  @Test func lectureQuadratic_matchesPyTorch() {
    let cost = QuadraticCost.lecture
    #expect(cost.derivative(at: 0) == -10)
    let (path, diverged) = cost.descend(from: 0, learningRate: 0.01, steps: 1000)
    #expect(diverged == nil)
    #expect(path.count == 1001)
    #expect(abs(path[1] - 0.1) < 1e-15)
    #expect(abs(path[1000] - 4.999999991585162) < 1e-12)
    #expect(cost.minimizer == 5)
  }

  /// dJ/dw = 2aw + b exactly (a polynomial: autodiff does the same multiplications), and
  /// wₜ − w* = (1 − 2aα)ᵗ (w₀ − w*).
  @Test func quadratic_derivativeAndClosedForm() {
    let cost = QuadraticCost(a: 0.5, b: 3, c: -2)
    for w in [-3.0, -0.25, 0, 1.5, 40] {
      #expect(
        abs(cost.derivative(at: w) - cost.analyticDerivative(at: w)) <= 1e-15 * max(1, abs(w)))
    }
    let (path, _) = cost.descend(from: 4, learningRate: 0.3, steps: 30)
    let star = cost.minimizer!
    for (t, w) in path.enumerated() {
      #expect(abs((w - star) - pow(1 - 2 * 0.5 * 0.3, Double(t)) * (4 - star)) < 1e-12)
    }
  }

  /// 1 − 2aα = −1.2: each step overshoots further, and the run stops at the divergence limit.
  @Test func quadratic_tooLargeRate_diverges() {
    let (path, diverged) = QuadraticCost.lecture.descend(from: 0, learningRate: 1.1, steps: 500)
    #expect(diverged != nil)
    #expect(path.count == diverged!)
    #expect(QuadraticCost(a: -1, b: 0, c: 0).minimizer == nil)
  }

  // MARK: Softmax cross-entropy

  /// CONTENT.md 3.8 and PyTorch 2.13 (`F.cross_entropy` on z = [5, 2, −1, 3], label 1,
  /// float64, `.backward()`): dz = [0.8420335723974581, −0.9580776169630111,
  /// 0.002087192550406349, 0.1139568520151468].
  @Test func softmaxCrossEntropy_matchesPyTorchAutograd() {
    let z = [5.0, 2, -1, 3]
    let expected = [
      0.8420335723974581, -0.9580776169630111, 0.002087192550406349, 0.1139568520151468,
    ]
    #expect(
      maxDifference(Autodiff.softmaxCrossEntropyGradient(logits: z, label: 1), expected) < 1e-15)
    #expect(abs(Autodiff.softmaxCrossEntropy(logits: z, label: 1) - 3.1719353933286785) < 1e-14)
  }

  @Test func softmaxCrossEntropy_autodiffEqualsAMinusY() {
    var rng = SeededGenerator(seed: 11)
    for label in 0..<6 {
      let z = rng.normals(6, standardDeviation: 4)
      let analytic = Softmax.crossEntropyGradient(logits: z, label: label)
      let autodiff = Autodiff.softmaxCrossEntropyGradient(logits: z, label: label)
      #expect(GradientComparison.relativeError(autodiff[...], analytic[...]) < 1e-14)
    }
  }

  // MARK: Batch norm

  /// PyTorch 2.13, run once: `F.batch_norm(x, None, None, weight=γ, bias=β, training=True,
  /// eps=1e-5)` on x = [[1, 0.5], [2, −1], [3, 2], [4, 0]], γ = [1.5, 0.8], β = [0.1, −0.2],
  /// float64, then `(out * R).sum().backward()` with R = [[0.3, −1], [2, 0.1], [0.7, −0.4],
  /// [−1.2, 0.6]].
  @Test func batchNorm_matchesPyTorchAutograd() {
    let x = Matrix([[1, 0.5], [2, -1], [3, 2], [4, 0]])
    let r = Matrix([[0.3, -1], [2, 0.1], [0.7, -0.4], [-1.2, 0.6]])
    let g = Autodiff.batchNormGradients(
      x, gamma: [1.5, 0.8], beta: [0.1, -0.2], outputWeights: r, epsilon: 1e-5)
    let dx = [
      -1.3684587906604841, -0.5872629834490304, 1.690463741730122, -0.04335286709021511,
      0.7244800142139467, 0.1251357257092264, -1.0464849652835844, 0.5054801248300191,
    ]
    #expect(maxDifference(g.input.storage, dx) < 1e-13)
    #expect(maxDifference(g.gamma, [-2.593828478606592, -1.0507730066365215]) < 1e-13)
    #expect(maxDifference(g.beta, [1.7999999999999998, -0.7000000000000001]) < 1e-14)
  }

  @Test func batchNorm_forwardEqualsTheModulesForward() {
    let z = Matrix([[1], [2], [3], [4]])
    let out = Autodiff.batchNorm(
      z.storage, rows: 4, columns: 1, gamma: [1], beta: [0], epsilon: 1e-5)
    // CONTENT.md 3.4: [−1.341635, −0.447212, 0.447212, 1.341635].
    #expect(maxDifference(out, [-1.341635, -0.447212, 0.447212, 1.341635]) < 5e-7)
    let reference = BatchNorm.forward(z, gamma: [1], beta: [0], epsilon: 1e-5).output.storage
    #expect(maxDifference(out, reference) < 1e-15)
  }

  // MARK: Networks

  /// PyTorch 2.13, run once: a 2-3-1 network, z = tanh(X W1 + b1) W2 + b2, loss
  /// `binary_cross_entropy_with_logits` (mean) on four points, float64, `.backward()`.
  @Test func tinyMLP_matchesPyTorchAutograd() {
    var net = NeuralNetwork(NetworkConfiguration(layerSizes: [2, 3, 1], hiddenActivation: .tanh))
    net.parameters = [
      Matrix([[0.2, -0.5, 0.9], [0.7, 0.1, -0.4]]), Matrix(row: [0.05, -0.1, 0.2]),
      Matrix(column: [1.1, -0.6, 0.3]), Matrix(row: [-0.2]),
    ]
    let x = Matrix([[0.5, -1], [1.5, 0.2], [-0.3, 0.8], [1, 1]])
    let labels = [1, 0, 1, 0]
    let expected: [[Double]] = [
      [
        0.3008281338179233, -0.16116928333588565, 0.05173710857493236, 0.16520373409726835,
        -0.11506282787012123, 0.03025442594801098,
      ],
      [0.040095957771061064, -0.008910450048897525, -0.00034199362337007655],
      [0.2335299802972249, -0.16492113286267457, 0.20817351487407437],
      [0.1116696375187716],
    ]
    let gradients = Autodiff.networkGradients(net, inputs: x, labels: labels)
    #expect(gradients.count == 4)
    for (g, e) in zip(gradients, expected) { #expect(maxDifference(g.storage, e) < 1e-14) }
    let loss = Autodiff.networkLoss(
      parameters: net.parameters.flatMap(\.storage), configuration: net.configuration,
      inputs: x.storage, labels: labels)
    #expect(abs(loss - 1.028137420189073) < 1e-14)
  }

  @Test(arguments: [Activation.relu, .tanh, .sigmoid, .identity])
  func networks_autodiffEqualsBackwardPass(activation: Activation) {
    for sizes in [[3, 5, 4, 3], [2, 5, 2, 1]] {
      for batchNorm in [nil, BatchNormConvention.pytorch, .keras] {
        let configuration = NetworkConfiguration(
          layerSizes: sizes, hiddenActivation: activation, batchNorm: batchNorm)
        let comparison = GradientComparison.network(configuration, seed: 4)
        #expect(
          comparison.autodiffError() < 1e-12,
          "\(sizes) \(activation) \(String(describing: batchNorm))")
      }
    }
  }

  // MARK: Surfaces

  @Test(arguments: Surfaces.names)
  func surfaces_autodiffEqualsHandWrittenGradient(name: String) throws {
    let surface = try #require(Surfaces.named(name) as? any DifferentiableSurface)
    var rng = SeededGenerator(seed: 5)
    for _ in 0..<10 {
      let p = SIMD2(rng.nextUniform(-2, 2), rng.nextUniform(-2, 2))
      #expect(
        abs(surface.differentiableValue(p.x, p.y) - surface.value(at: p)) <= 1e-15
          * max(1, abs(surface.value(at: p))))
      let g = surface.gradient(at: p)
      let a = surface.autodiffGradient(at: p)
      #expect(GradientComparison.relativeError([a.x, a.y][...], [g.x, g.y][...]) < 1e-14)
    }
  }
}

@Suite struct GradientComparisonTests {
  /// The named comparisons use GradientCheck.named's inputs: the same analytic gradient and
  /// finite differences, bit for bit.
  @Test func named_reproducesGradientCheckNamed() throws {
    for name in GradientCheck.names {
      for seed in [0, 3] {
        let report = try #require(GradientCheck.named(name, seed: seed))
        let comparison = try #require(GradientComparison.named(name, seed: seed))
        #expect(comparison.analytic == report.analytic, "\(name)")
        #expect(comparison.finiteDifferences == report.numeric, "\(name)")
        #expect(comparison.finiteDifferenceError() == report.relativeError, "\(name)")
      }
    }
    #expect(GradientComparison.named("nope") == nil)
  }

  @Test func named_allThreeAgree() throws {
    for name in GradientCheck.names {
      let comparison = try #require(GradientComparison.named(name, seed: 1))
      #expect(comparison.finiteDifferenceError() < 1e-6, "\(name)")
      #expect(comparison.autodiffError() < 1e-12, "\(name)")
      #expect(comparison.autodiff.count == comparison.point.count)
      // The groups cover every parameter once, in order.
      #expect(comparison.groups.first?.range.lowerBound == 0)
      #expect(comparison.groups.last?.range.upperBound == comparison.point.count)
      for (a, b) in zip(comparison.groups, comparison.groups.dropFirst()) {
        #expect(a.range.upperBound == b.range.lowerBound)
      }
      for group in comparison.groups {
        #expect(comparison.finiteDifferenceError(in: group.range) < 1e-6, "\(name) \(group.name)")
      }
    }
  }

  @Test func networkGroups_nameEveryMatrix() throws {
    let plain = try #require(GradientComparison.named("mlp"))
    #expect(plain.groups.map(\.name) == ["W[1]", "b[1]", "W[2]", "b[2]", "W[3]", "b[3]"])
    #expect(plain.point.count == 3 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3)
    let normalized = try #require(GradientComparison.named("mlp-batch-norm"))
    #expect(
      normalized.groups.map(\.name) == [
        "W[1]", "γ[1]", "β[1]", "W[2]", "γ[2]", "β[2]", "W[3]", "b[3]",
      ])
  }

  @Test func relativeError_courseFormula() {
    #expect(GradientComparison.relativeError([3, 4][...], [3, 4][...]) == 0)
    #expect(GradientComparison.relativeError([0, 0][...], [0, 0][...]) == 0)
    // ‖(1, 0)‖ / (‖(1, 0)‖ + ‖(0, 0)‖) = 1.
    #expect(GradientComparison.relativeError([1, 0][...], [0, 0][...]) == 1)
    // ‖(0, 2)‖ / (5 + √13) with u = (3, 4), v = (3, 2).
    #expect(
      abs(
        GradientComparison.relativeError([3, 4][...], [3, 2][...]) - 2 / (5 + 13.0.squareRoot()))
        < 1e-15)
  }

  /// A wrong analytic gradient (the notes' "Ŷ(1 − Ŷ)", the Jacobian's diagonal only) is
  /// caught by both the finite differences and autodiff.
  @Test func wrongAnalyticGradient_isCaught() {
    let z = [5.0, 2, -1, 3]
    let a = Softmax.probabilities(z)
    let comparison = GradientComparison(
      name: "wrong", point: z, analytic: a.map { $0 * (1 - $0) },
      autodiff: Autodiff.softmaxCrossEntropyGradient(logits: z, label: 1)
    ) { Softmax.crossEntropy(logits: $0, label: 1) }
    #expect(comparison.finiteDifferenceError() > 0.1)
    #expect(comparison.autodiffError() > 0.1)
  }

  @Test func withStep_changesOnlyTheDifferences() throws {
    let comparison = try #require(GradientComparison.named("rosenbrock"))
    let coarse = comparison.withStep(1e-2)
    #expect(coarse.analytic == comparison.analytic && coarse.autodiff == comparison.autodiff)
    #expect(coarse.step == 1e-2)
    // Truncation error O(h²): a larger step is worse on a curved surface.
    #expect(coarse.finiteDifferenceError() > 100 * comparison.finiteDifferenceError())
  }
}
