import Testing

@testable import LessonMath

/// The course's optimizer test fixture (CONTENT.md 2.8: np.random.seed(1), drawn in this
/// order). Shapes follow the course (W1 is 2 × 3); the optimizer works on flat storage.
enum CourseFixture {
  static let w1 = Matrix([
    [1.62434536, -0.61175641, -0.52817175], [-1.07296862, 0.86540763, -2.3015387],
  ])
  static let b1 = Matrix([[1.74481176], [-0.7612069]])
  static let w2 = Matrix([
    [0.3190391, -0.24937038, 1.46210794], [-2.06014071, -0.3224172, -0.38405435],
    [1.13376944, -1.09989127, -0.17242821],
  ])
  static let b2 = Matrix([[-0.87785842], [0.04221375], [0.58281521]])
  static let dW1 = Matrix([
    [-1.10061918, 1.14472371, 0.90159072], [0.50249434, 0.90085595, -0.68372786],
  ])
  static let db1 = Matrix([[-0.12289023], [-0.93576943]])
  static let dW2 = Matrix([
    [-0.26788808, 0.53035547, -0.69166075], [-0.39675353, -0.6871727, -0.84520564],
    [-0.67124613, -0.0126646, -1.11731035],
  ])
  static let db2 = Matrix([[0.2344157], [1.65980218], [0.74204416]])
  static var parameters: [Matrix] { [w1, b1, w2, b2] }
  static var gradients: [Matrix] { [dW1, db1, dW2, db2] }
}

@Suite struct OptimizerTests {
  /// Expected W1 from CONTENT.md 2.8 (printed to 8 decimals, so 1e−8 is the tolerance).
  @Test func gradientDescent_courseFixture_matchesTo1e8() {
    var p = CourseFixture.parameters
    var gd = Optimizer(.gradientDescent, parameters: p)
    gd.update(&p, gradients: CourseFixture.gradients, learningRate: 0.01)
    let expected = [1.63535156, -0.62320365, -0.53718766, -1.07799357, 0.85639907, -2.29470142]
    #expect(maxAbsDifference(p[0].storage, expected) < 1e-8)
  }

  @Test func momentum_courseFixture_matchesTo1e8() {
    var p = CourseFixture.parameters
    var momentum = Optimizer(.momentum(beta: 0.9), parameters: p)
    momentum.update(&p, gradients: CourseFixture.gradients, learningRate: 0.01)
    let expected = [1.62544598, -0.61290114, -0.52907334, -1.07347112, 0.86450677, -2.30085497]
    #expect(maxAbsDifference(p[0].storage, expected) < 1e-8)
  }

  /// The course calls its Adam update with t = 2 on zero state; `stepCount = 1` makes the
  /// next update use t = 2.
  @Test func adam_firstStepWithT2_matchesCourseFixture() {
    var p = CourseFixture.parameters
    var adam = Optimizer(.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), parameters: p)
    adam.stepCount = 1
    adam.update(&p, gradients: CourseFixture.gradients, learningRate: 0.01)
    #expect(adam.stepCount == 2)
    let expectedW1 = [1.63178673, -0.61919778, -0.53561312, -1.08040999, 0.85796626, -2.29409733]
    let expectedS = [0.00121136, 0.00131039, 0.00081287, 0.0002525, 0.00081154, 0.00046748]
    #expect(maxAbsDifference(p[0].storage, expectedW1) < 1e-8)
    #expect(maxAbsDifference(adam.squaredGradientAverage(slot: 0), expectedS) < 1e-8)
  }

  /// Course momentum with rate α equals the undampened (PyTorch) form with rate α(1 − β), step
  /// by step, for random gradients (to 1e−15: the two differ only in rounding).
  @Test func courseMomentum_equalsUndampenedWithScaledRate_stepByStep() {
    var rng = SeededGenerator(seed: 4)
    let (alpha, beta) = (0.05, 0.9)
    var course = rng.normals(10)
    var undampened = course
    var a = Optimizer(.momentum(beta: beta, form: .course), parameterCounts: [10])
    var b = Optimizer(.momentum(beta: beta, form: .undampened), parameterCounts: [10])
    for _ in 0..<50 {
      let g = rng.normals(10)
      a.update(&course, gradient: g, learningRate: alpha)
      b.update(&undampened, gradient: g, learningRate: alpha * (1 - beta))
      #expect(maxAbsDifference(course, undampened) < 1e-15 * 100)
    }
  }

  /// PyTorch 2.13 (float64): `SGD([w], lr=0.01*(1-0.9), momentum=0.9)` from w = [1, −2, 0.5]
  /// with gradients [[0.3, −1.2, 0.8], [−0.5, 0.4, 1.5], [0.9, 0.1, −0.7]]; also matched by the
  /// course form with α = 0.01.
  @Test func momentum_matchesPyTorchSGDTrajectory() {
    let torch: [[Double]] = [
      [0.9997, -1.9988, 0.4992], [0.99993, -1.99812, 0.49698],
      [0.9992369999999999, -1.9976079999999998, 0.49568199999999996],
    ]
    var w = [1.0, -2.0, 0.5]
    var course = w
    var sgd = Optimizer(.momentum(beta: 0.9, form: .undampened), parameterCounts: [3])
    var ours = Optimizer(.momentum(beta: 0.9, form: .course), parameterCounts: [3])
    for (g, expected) in zip(TorchReference.gradients, torch) {
      sgd.update(&w, gradient: g, learningRate: 0.01 * (1 - 0.9))
      ours.update(&course, gradient: g, learningRate: 0.01)
      #expect(maxAbsDifference(w, expected) < 1e-14)
      #expect(maxAbsDifference(course, expected) < 1e-14)
    }
  }

  /// PyTorch 2.13: `RMSprop([w], lr=0.01, alpha=0.9, eps=1e-8)`, same gradients.
  @Test func rmsprop_matchesPyTorchTrajectory() {
    let torch: [[Double]] = [
      [0.9683772267316492, -1.9683772242316495, 0.46837722464831616],
      [0.9958597107175409, -1.9788600723241434, 0.4401605927799467],
      [0.9688206117606989, -1.9816120647242514, 0.4528702310696374],
    ]
    var w = [1.0, -2.0, 0.5]
    var rmsprop = Optimizer(.rmsprop(beta: 0.9, epsilon: 1e-8), parameterCounts: [3])
    for (g, expected) in zip(TorchReference.gradients, torch) {
      rmsprop.update(&w, gradient: g, learningRate: 0.01)
      #expect(maxAbsDifference(w, expected) < 1e-14)
    }
  }

  /// PyTorch 2.13: `Adam([w], lr=0.01)` (β₁ = 0.9, β₂ = 0.999, ε = 1e−8), same gradients.
  @Test func adam_threeSteps_matchPyTorchTrajectory() {
    let torch: [[Double]] = [
      [0.9900000003333334, -1.9900000000833333, 0.490000000125],
      [0.9929356123098129, -1.985997814408544, 0.4802813725745371],
      [0.9888066620333629, -1.983417685645664, 0.4757688711440537],
    ]
    var w = [1.0, -2.0, 0.5]
    var adam = Optimizer(.adam(), parameterCounts: [3])
    for (g, expected) in zip(TorchReference.gradients, torch) {
      adam.update(&w, gradient: g, learningRate: 0.01)
      #expect(maxAbsDifference(w, expected) < 1e-14)
    }
  }

  @Test func methodNames_roundTrip() {
    for name in ["gd", "momentum", "rmsprop", "adam"] {
      #expect(OptimizerMethod(name: name)?.name == name)
    }
    #expect(OptimizerMethod(name: "adamw") == nil)
  }
}

enum TorchReference {
  static let gradients: [[Double]] = [[0.3, -1.2, 0.8], [-0.5, 0.4, 1.5], [0.9, 0.1, -0.7]]
}
