import Foundation
import LessonKit
import LessonMath
import Testing

@testable import LessonDirectives

@Suite struct OptimizersDirectiveTests {
  @Test func gradientDescent_onTheCourseBowl_matchesCONTENT() throws {
    // CONTENT.md 2.6: f = 0.1x² + 2y² from (−5, −2), 20 steps, GD η = 0.4 → (−0.943467, −7.31e−5).
    let output = try run("optimizers", "methods: [gd]\nlr: 0.4")
    #expect(abs(try value(output, "final-x[gd]") - -0.943467) < 5e-7)
    #expect(abs(try value(output, "final-y[gd]") - -7.31e-5) < 5e-8)
    #expect(try value(output, "diverged[gd]") == 0)
    #expect(try value(output, "start-loss") == 10.5)
  }

  @Test func stoppedRun_theTableCaptionSaysWhenAndWhy() throws {
    // GD η = 0.6 on f = 0.1x² + 2y² from (−5, −2): x_t = −5 · 0.88^t, y_t = −2 · (−1.4)^t
    // (each step multiplies x by 1 − 0.6 · 0.2 and y by 1 − 0.6 · 4). The run stops at the
    // first t with |f| > 10¹⁰, long before |y| passes 10¹⁰ (t = 64).
    let expected = (1...100).first { t -> Bool in
      let x = -5 * pow(0.88, Double(t))
      let y = -2 * pow(-1.4, Double(t))
      return 0.1 * x * x + 2 * y * y > 1e10
    }
    let step = try #require(expected)
    let output = try run("optimizers", "methods: [gd, gd]\nlr: [0.4, 0.6]\nsteps: 100")
    let table = try #require(
      output.items.compactMap { item -> Table? in
        if case .table(let table) = item { return table } else { return nil }
      }.first)
    #expect(
      table.caption.hasPrefix(
        "Where each run ended after 100 steps or when it stopped (GD, α = 0.6 stopped at step \(step): $|f| > 10^{10}$): "
      ), "\(table.caption)")
    // Without a stop the caption is as before.
    let full = try run("optimizers", "methods: [gd]\nlr: 0.4\nsteps: 100")
    #expect(
      full.items.contains {
        if case .table(let table) = $0 {
          return table.caption.hasPrefix("Where each run ended after 100 steps: ")
        }
        return false
      })
  }

  @Test func gradientDescent_rate06_divergesInY() throws {
    // CONTENT.md 2.6: GD η = 0.6 diverges in x₂: y is multiplied by 1 − 0.6·4 = −1.4 each
    // step. numpy, run once: the loss first exceeds 1000 × 10.5 at step 11, and after 20
    // steps y = −2 · 1.4²⁰ = −1673.365108505695.
    let output = try run("optimizers", "methods: [gd, gd]\nlr: [0.4, 0.6]")
    #expect(try value(output, "diverged[gd@0.6]") == 11)
    #expect(abs(try value(output, "final-y[gd@0.6]") / -1673.365108505695 - 1) < 1e-12)
    #expect(try value(output, "diverged[gd@0.4]") == 0)
    #expect(try value(output, "lr-limit[gd@0.6]") == 0.5)
    #expect(svgs(output).allSatisfy(isWellFormedXML))
    let svg = try #require(svgs(output).first)
    #expect(svg.contains(">diverged<"))
  }

  @Test func undampenedMomentum_matchesCONTENT_andEqualsCourseFormWithRescaledRate() throws {
    // CONTENT.md 2.6: z = βz + g, w −= ηz, η = 0.6, β = 0.5 → (0.007188, 0.002553).
    let undampened = try run(
      "optimizers", "methods: [momentum]\nmomentum-form: undampened\nlr: 0.6\nbeta: 0.5")
    #expect(abs(try value(undampened, "final-x[momentum]") - 0.007188) < 5e-7)
    #expect(abs(try value(undampened, "final-y[momentum]") - 0.002553) < 5e-7)
    // The course's form with α = η/(1 − β) = 1.2 takes exactly the same steps.
    let course = try run("optimizers", "methods: [momentum]\nlr: 1.2\nbeta: 0.5")
    #expect(try value(course, "final-x[momentum]") == value(undampened, "final-x[momentum]"))
    #expect(try value(course, "final-y[momentum]") == value(undampened, "final-y[momentum]"))
    // The stable ranges agree too: 2(1 + β)/λ undampened, that over (1 − β) for the course.
    #expect(try value(undampened, "lr-limit[momentum]") == 0.75)
    #expect(try value(course, "lr-limit[momentum]") == 1.5)
  }

  @Test func courseMomentum_equalsPyTorchSGDWithRateAlphaTimesOneMinusBeta() throws {
    // PyTorch 2.13 (float64), run once: SGD([p], lr=0.4 * (1 - 0.9), momentum=0.9), 20 steps
    // of f = 0.1x² + 2y² from (−5, −2) → p = (−1.2375923328513379, 0.29046458893025906).
    let output = try run("optimizers", "methods: [momentum]\nlr: 0.4\nbeta: 0.9")
    #expect(abs(try value(output, "final-x[momentum]") - -1.2375923328513379) < 1e-12)
    #expect(abs(try value(output, "final-y[momentum]") - 0.29046458893025906) < 1e-12)
  }

  @Test func rmspropAndAdam_matchPyTorch() throws {
    // PyTorch 2.13 (float64), run once, 20 steps on f = 0.1x² + 2y² from (−5, −2):
    // RMSprop(lr=0.3, alpha=0.9, eps=1e-8) → (−0.13261173231332787, −5.058084145565343e−13);
    // Adam(lr=0.3, betas=(0.9, 0.999), eps=1e-8) → (0.09247202225280252, 0.27886722324803437).
    let output = try run("optimizers", "methods: [rmsprop, adam]\nlr: 0.3")
    #expect(abs(try value(output, "final-x[rmsprop]") - -0.13261173231332787) < 1e-12)
    #expect(abs(try value(output, "final-y[rmsprop]") - -5.058084145565343e-13) < 1e-20)
    #expect(abs(try value(output, "final-x[adam]") - 0.09247202225280252) < 1e-12)
    #expect(abs(try value(output, "final-y[adam]") - 0.27886722324803437) < 1e-12)
    // Rosenbrock, Adam(lr=0.05), 200 steps from (−1.5, 2) → (−0.9209383774633287, 0.853699550914823).
    let banana = try run(
      "optimizers", "surface: rosenbrock\nmethods: [adam]\nlr: 0.05\nsteps: 200")
    #expect(abs(try value(banana, "final-x[adam]") - -0.9209383774633287) < 1e-9)
    #expect(abs(try value(banana, "final-y[adam]") - 0.853699550914823) < 1e-9)
  }

  @Test func firstSteps_rmspropJumpsAlphaOverRootOneMinusBeta_adamExactlyAlpha() throws {
    // RMSprop without bias correction: s₁ = (1 − β)g², so each coordinate moves by
    // α/√(1 − β) = 0.3/√0.1 (Python float64: 0.9486832980505138; ε shifts it by 3e−8). Adam's corrected first step is α
    // in every coordinate, up to ε/|g| (|g| ≥ 1 here).
    let output = try run("optimizers", "methods: [rmsprop, adam]\nlr: 0.3\nrmsprop-beta: 0.9")
    #expect(abs(try value(output, "first-step[rmsprop]") - 0.9486832980505138) < 1e-7)
    #expect(abs(try value(output, "first-step[adam]") - 0.3) < 1e-8)
  }

  @Test func bestRates_onTheBowl() throws {
    // κ = 20: (κ − 1)/(κ + 1) = 19/21; (√20 − 1)/(√20 + 1) = 0.6345…, squared 0.4026…
    // (Python float64: 0.9047619047619048, 0.6345120047368864, 0.40260548415522257).
    let output = try run("optimizers")
    #expect(abs(try value(output, "best-factor[gd]") - 0.9047619047619048) < 1e-15)
    #expect(abs(try value(output, "best-factor[momentum]") - 0.6345120047368864) < 1e-15)
    #expect(abs(try value(output, "best-beta") - 0.40260548415522257) < 1e-13)
    #expect(try value(output, "min-loss[gd]") <= value(output, "final-loss[gd]"))
  }

  @Test func sameRate_momentumAveragesTheZigZagAway() throws {
    // The defaults: GD and momentum (β = 0.5) with α = 0.4 on the bowl.
    let output = try run("optimizers")
    #expect(try value(output, "reversals[gd]") >= 3)
    #expect(try value(output, "reversals[momentum]") == 0)
    #expect(try value(output, "condition-number") == 20)
  }

  @Test func stabilityLimits_separateConvergenceFromDivergence() throws {
    // GD converges iff αλ < 2 (λ = 4: α < 0.5); course momentum iff α(1 − β)λ < 2(1 + β).
    let output = try run(
      "optimizers",
      "methods: [gd, gd, momentum, momentum]\nlr: [0.49, 0.51, 1.45, 1.55]\nbeta: 0.5\nsteps: 400")
    #expect(try value(output, "diverged[gd@0.49]") == 0)
    #expect(try value(output, "diverged[gd@0.51]") > 0)
    #expect(try value(output, "diverged[momentum@1.45]") == 0)
    #expect(try value(output, "diverged[momentum@1.55]") > 0)
  }

  @Test func toleranceSteps_publishedOnlyWhenReached() throws {
    let output = try run("optimizers", "methods: [gd, momentum]\nlr: [0.4, 1.2]\ntolerance: 0.001")
    // The momentum path's loss first drops to 10⁻³ at step 10 (see the loss data).
    #expect(try value(output, "steps-to-tolerance[momentum]") == 10)
    #expect(try value(output, "reached[momentum]") == 1)
    #expect(try value(output, "reached[gd]") == 0)
    #expect(!output.values.contains { $0.key == "steps-to-tolerance[gd]" })
  }

  @Test func otherSurfaces_runAndDrawWellFormedFigures() throws {
    for surface in ["rosenbrock", "saddle", "monkey-saddle", "plateau"] {
      let output = try run(
        "optimizers",
        "surface: \(surface)\nmethods: [gd, momentum, rmsprop, adam]\nlr: 0.01\nsteps: 100")
      #expect(svgs(output).count == 2)
      #expect(svgs(output).allSatisfy(isWellFormedXML))
    }
    // Saddles are unbounded below: runs escape, they do not diverge.
    let saddle = try run("optimizers", "surface: saddle\nmethods: [gd]\nlr: 0.1\nsteps: 200")
    #expect(try value(saddle, "diverged[gd]") == 0)
    #expect(try value(saddle, "final-loss[gd]") < -1)
  }

  @Test func gradientNoise_isSeeded() throws {
    let a = try run("optimizers", "methods: [gd]\nnoise: 0.5\nseed: 3")
    let b = try run("optimizers", "methods: [gd]\nnoise: 0.5\nseed: 3")
    let c = try run("optimizers", "methods: [gd]\nnoise: 0.5\nseed: 4")
    #expect(try value(a, "final-x[gd]") == value(b, "final-x[gd]"))
    #expect(try value(a, "final-x[gd]") != value(c, "final-x[gd]"))
  }

  @Test func tableOnly_andTheFiguresData() throws {
    let output = try run("optimizers", "contour: false\nloss-curve: false")
    #expect(svgs(output).isEmpty)
    #expect(output.items.count == 1)
    #expect(output.items[0].key == "")  // the first item shown is the main one
    let full = try run("optimizers", "methods: [gd]\nsteps: 5")
    guard case .figure(let contour) = full.items[0], case .figure(let loss) = full.items[1] else {
      Issue.record("expected two figures")
      return
    }
    #expect(contour.data.columns == ["step", "gd x", "gd y"])
    #expect(loss.data.columns == ["step", "gd loss"])
    #expect(loss.data.rows.count == 6)
  }

  @Test func misspeltMethodInRates_isLocatedWithASuggestion() throws {
    #expect(
      try diagnostics("```{optimizers}\nlr: {gd: 0.4, adm: 0.3}\n```\n") == """
        Lessons/01-test.md:2:15: error: 'lr' has a rate for an unknown method 'adm'
           2 | lr: {gd: 0.4, adm: 0.3}
             |               ^~~
             = did you mean 'adam'?
             = the methods are: gd, momentum, rmsprop, adam
        """)
  }

  @Test func ratesAndMethods_mustPair() throws {
    #expect(
      try diagnostics("```{optimizers}\nmethods: [gd, momentum, adam]\nlr: [0.4, 0.5]\n```\n")
        == """
        Lessons/01-test.md:3:5: error: 'lr' has 2 rates for 3 methods: give one rate, one per entry of 'methods', or a mapping such as {gd: 0.4}
           3 | lr: [0.4, 0.5]
             |     ^
        """)
    #expect(
      try diagnostics("```{optimizers}\nmethods: [gd, gd]\nlr: 0.4\n```\n") == """
        Lessons/01-test.md:3:5: error: gd is listed twice with the same rate 0.4: give 'lr' as a list, one rate per method
           3 | lr: 0.4
             |     ^
        """)
  }
}
