import Testing

@testable import LessonMath

@Suite struct SurfaceTests {
  /// CONTENT.md 2.6 (the "Dive into Deep Learning" momentum demo): f = 0.1x₁² + 2x₂² from
  /// (−5, −2), 20 steps, GD η = 0.4 → (−0.943467, −7.31e−5).
  @Test func gradientDescent_elongatedQuadratic_matchesReference() {
    let run = ElongatedQuadratic().descend(
      method: .gradientDescent, learningRate: 0.4, from: [-5, -2], steps: 20)
    #expect(abs(run.final.x - -0.943467) < 1e-6)
    #expect(abs(run.final.y - -7.31e-5) < 1e-7)
    #expect(run.points.count == 21 && run.losses.count == 21)
  }

  /// GD η = 0.6 diverges in x₂ (|1 − 2·2·0.6| = 1.4 > 1): |x₂| grows as 1.4ᵗ.
  @Test func gradientDescent_tooLargeRate_divergesInX2() {
    let run = ElongatedQuadratic().descend(
      method: .gradientDescent, learningRate: 0.6, from: [-5, -2], steps: 20)
    #expect(abs(run.final.y) > 2 * 500)  // 2 · 1.4²⁰ ≈ 1673
    let longRun = ElongatedQuadratic().descend(
      method: .gradientDescent, learningRate: 0.6, from: [-5, -2], steps: 200,
      divergenceLimit: 1e8)
    #expect(longRun.diverged)
    #expect(longRun.divergedAtStep == longRun.points.count)  // stopped at that step
  }

  /// Undampened momentum (z = βz + g, w −= ηz), η = 0.6, β = 0.5 → (0.007188, 0.002553).
  @Test func undampenedMomentum_elongatedQuadratic_matchesReference() {
    let run = ElongatedQuadratic().descend(
      method: .momentum(beta: 0.5, form: .undampened), learningRate: 0.6, from: [-5, -2],
      steps: 20)
    #expect(abs(run.final.x - 0.007188) < 1e-6)
    #expect(abs(run.final.y - 0.002553) < 1e-6)
  }

  /// Gradient checks of every surface (relative error < 1e−6) at two points, and their
  /// Hessians against differences of the gradient.
  @Test(arguments: Surfaces.names)
  func surface_gradientAndHessian_matchCentralDifferences(name: String) {
    let surface = Surfaces.named(name)!
    for p in [surface.suggestedStart + SIMD2(0.3, -0.2), SIMD2(0.7, -0.4)] {
      #expect(GradientCheck.surface(surface, at: p).relativeError < 1e-6)
      #expect(GradientCheck.surfaceHessian(surface, at: p).relativeError < 1e-6)
    }
  }

  /// From the ridge point (1, 1e−6) GD crawls towards the saddle; gradient noise knocks it off
  /// the ridge so the loss falls far below 0.
  @Test func saddle_noiseEscapesWhereGradientDescentCrawls() {
    let saddle = Saddle()
    let plain = saddle.descend(
      method: .gradientDescent, learningRate: 0.05, from: [1, 1e-6], steps: 40)
    #expect(abs(plain.final.y) < 1e-3 && plain.losses.last! > -1e-4)
    let noisy = saddle.descend(
      method: .gradientDescent, learningRate: 0.05, from: [1, 1e-6], steps: 40,
      noise: GradientNoise(standardDeviation: 0.5, seed: 1))
    #expect(noisy.losses.last! < -0.1)
    #expect(
      noisy
        == saddle.descend(
          method: .gradientDescent, learningRate: 0.05, from: [1, 1e-6], steps: 40,
          noise: GradientNoise(standardDeviation: 0.5, seed: 1)))
  }

  /// On the plateau Adam moves ≈ α per step while GD barely moves.
  @Test func plateau_adamMovesAboutAlphaPerStep_gradientDescentCrawls() {
    let plateau = Plateau()
    let start: SIMD2<Double> = [3, 2.5]
    let adam = plateau.descend(method: .adam(), learningRate: 0.01, from: start, steps: 10)
    let gd = plateau.descend(method: .gradientDescent, learningRate: 0.01, from: start, steps: 10)
    let adamStep = adam.points[1] - adam.points[0]
    #expect(abs(abs(adamStep.x) - 0.01) < 1e-6 && abs(abs(adamStep.y) - 0.01) < 1e-6)
    let gdDistance = gd.final - start
    #expect((gdDistance * gdDistance).sum().squareRoot() < 1e-3)
  }

  @Test func rosenbrock_adamApproachesTheMinimum() {
    let run = Rosenbrock().descend(
      method: .adam(), learningRate: 0.02, from: [-1.5, 2], steps: 3000)
    #expect(run.losses.last! < 1e-3 && !run.diverged)
  }
}
