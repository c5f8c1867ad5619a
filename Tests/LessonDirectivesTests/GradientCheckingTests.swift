import LessonKit
import LessonMath
import Testing

@testable import LessonDirectives

@Suite struct GradientCheckingDirectiveTests {
  @Test func functions_areGradientCheckNames() {
    #expect(GradientChecking.Function.allCases.map(\.rawValue) == GradientCheck.names)
  }

  @Test(arguments: GradientCheck.names)
  func everyFunction_passesWithDefaults(function: String) throws {
    let output = try run("gradient-check", "function: \(function)")
    #expect(try value(output, "max-error[finite-differences]") < 1e-6)
    #expect(try value(output, "max-error[autodiff]") < 1e-12)
    #expect(try value(output, "points") == 3)
    guard case .table(let table) = try #require(output.items.first) else {
      Issue.record("the first item is not a table")
      return
    }
    // One row per point and parameter group.
    let groups = try #require(GradientComparison.named(function)).groups.count
    #expect(table.rows.count == 3 * groups)
  }

  /// CONTENT.md 3.8: z = [5, 2, −1, 3], y = the second class (`label: 2`, counted from 1 as in
  /// the softmax lessons; PyTorch's target 1) → dz = [0.842034, −0.958078, 0.002087,
  /// 0.113957]; PyTorch 2.13 autograd (float64, `F.cross_entropy(z, [1]).backward()`, run once)
  /// gives 0.8420335723974581, −0.9580776169630111, 0.002087192550406349, 0.1139568520151468.
  @Test func softmaxComponents_matchCONTENTAndPyTorch() throws {
    let output = try run("gradient-check", "logits: [5, 2, -1, 3]\nlabel: 2\ncomponents: true")
    let reference = [
      0.8420335723974581, -0.9580776169630111, 0.002087192550406349, 0.1139568520151468,
    ]
    for (j, expected) in reference.enumerated() {
      #expect(abs(try value(output, "autodiff[\(j + 1)]") - expected) < 1e-15)
      #expect(abs(try value(output, "analytic[\(j + 1)]") - expected) < 1e-15)
      #expect(abs(try value(output, "finite-differences[\(j + 1)]") - expected) < 1e-9)
    }
    #expect(abs(try value(output, "analytic[2]") - -0.958078) < 5e-7)
    #expect(try value(output, "points") == 1)
    #expect(try value(output, "parameters") == 4)
    #expect(output.items.count == 2)  // errors, then components
  }

  /// Point k of the random points is GradientCheck.named's point for seed + k.
  @Test func randomPoints_areGradientCheckNamedSeeds() throws {
    let output = try run("gradient-check", "function: batch-norm\npoints: 2\nseed: 7")
    guard case .table(let table) = output.items[0] else { return }
    for k in 0..<2 {
      let report = GradientCheck.batchNorm(seed: 7 + k)
      let expected = GradientComparison.named("batch-norm", seed: 7 + k)!
      #expect(abs(expected.finiteDifferenceError() - report.relativeError) == 0)
      // Rows z, γ, β of point k + 1.
      guard case .number(let z) = table.rows[3 * k][4] else { continue }
      #expect(z == expected.finiteDifferenceError(in: expected.groups[0].range))
    }
  }

  @Test func randomLogits_areGradientCheckNamedSeeds() throws {
    let output = try run("gradient-check", "points: 2\nseed: 4")
    guard case .table(let table) = output.items[0] else { return }
    for k in 0..<2 {
      let report = try #require(GradientCheck.named("softmax-cross-entropy", seed: 4 + k))
      #expect(table.rows[k][4] == .number(report.relativeError))
    }
  }

  @Test func surfacePoints_givenByAt() throws {
    let output = try run("gradient-check", "function: monkey-saddle\nat: [[1, 0.5], [-0.2, 0.3]]")
    guard case .table(let table) = output.items[0] else { return }
    #expect(table.rows.count == 2)
    #expect(table.rows[0][0] == .text("(1, 0.5)"))
    #expect(table.rows[1][0] == .text("(−0.2, 0.3)"))
    #expect(
      table.columns.map(\.csvHeader) == [
        "x, y", "analytic norm", "finite differences error", "autodiff error",
      ])
    #expect(try value(output, "points") == 2)
    // x³ − 3xy²: central differences of a cubic are exact up to h² f‴/6 = h² (relative ~1e−10).
    #expect(try value(output, "max-error[finite-differences]") < 1e-9)
  }

  @Test func sweep_drawsTheErrorAgainstTheStep() throws {
    let output = try run("gradient-check", "function: mlp\nsweep: true")
    let figures = svgs(output)
    #expect(figures.count == 1)
    #expect(figures.allSatisfy(isWellFormedXML))
    // Truncation (∝ h²) and rounding (∝ 1/h) balance near h ≈ (ε/f‴)^(1/3) ≈ 1e−5.
    let best = try value(output, "best-step")
    #expect((1e-7...1e-3).contains(best))
    #expect(try value(output, "best-step-error") < 1e-8)
    guard case .figure(let figure) = output.items[0] else { return }
    #expect(figure.data.columns == ["h", "finite differences error", "autodiff error"])
    #expect(figure.data.rows.count == 23)
    #expect(figure.description.contains("smallest"))
  }

  /// The course notes' "Ŷ(1 − Ŷ)" as dL/dz (only the Jacobian's diagonal, not a − y) is
  /// caught by both checks, and the message says by how much and where.
  @Test func wrongAnalyticGradient_failsWithTheNumbers() throws {
    let z = [5.0, 2, -1, 3]
    let a = Softmax.probabilities(z)
    let wrong = GradientComparison(
      name: "softmax-cross-entropy", point: z, groups: [GradientComparison.Group("z", 0..<4)],
      analytic: a.map { $0 * (1 - $0) },
      autodiff: Autodiff.softmaxCrossEntropyGradient(logits: z, label: 1)
    ) { Softmax.crossEntropy(logits: $0, label: 1) }
    let difference = GradientComparison.relativeError(
      wrong.finiteDifferences[...], wrong.analytic[...])
    let autodiff = GradientComparison.relativeError(wrong.autodiff[...], wrong.analytic[...])
    // numpy, once: ‖a(1 − a) − (a − y)‖/(‖a(1 − a)‖ + ‖a − y‖) = 0.843097898001716.
    #expect(abs(autodiff - 0.843097898001716) < 1e-12)
    #expect(abs(difference - 0.843097898001716) < 1e-9)
    #expect(
      throws: DirectiveError(
        "the analytic gradient of softmax-cross-entropy fails the check: relative error 8.4e-01 against finite differences at point 1, z and 8.4e-01 against autodiff at point 1, z, above the tolerance 1e-06 (h = 1e-05)",
        option: "function")
    ) {
      try GradientChecking.report(
        [wrong], what: "a wrong gradient", given: true, function: .softmaxCrossEntropy,
        tolerance: 1e-6, components: false, sweep: false)
    }
  }

  @Test func tooTightTolerance_isLocatedWithTheNumbers() throws {
    #expect(
      try diagnostics("```{gradient-check}\nfunction: rosenbrock\ntolerance: 1e-14\n```\n") == """
        Lessons/01-test.md:2:11: error: the analytic gradient of rosenbrock fails the check: relative error 2.2e-10 against finite differences at (−0.794, 0.833), above the tolerance 1e-14 (h = 1e-05)
           2 | function: rosenbrock
             |           ^
        """)
  }

  @Test func optionsOfAnotherFunction_areLocated() throws {
    #expect(
      try diagnostics("```{gradient-check}\nfunction: mlp\nat: [[1, 2]]\n```\n") == """
        Lessons/01-test.md:3:5: error: 'at' gives points [x, y] of a surface; mlp takes random points ('points', 'seed')
           3 | at: [[1, 2]]
             |     ^
        """)
    #expect(
      try diagnostics("```{gradient-check}\nlogits: [1, 2]\nlabel: 3\n```\n") == """
        Lessons/01-test.md:3:8: error: 'label' must be a class of the 2 logits (1 to 2), got 3
           3 | label: 3
             |        ^
        """)
    #expect(
      try diagnostics("```{gradient-check}\nlogits: [1, 2]\npoints: 2\n```\n") == """
        Lessons/01-test.md:3:9: error: give either 'points' (random points) or 'logits' (given ones), not both
           3 | points: 2
             |         ^
        """)
  }

  @Test func misspeltFunction_suggestsTheName() throws {
    #expect(
      try diagnostics("```{gradient-check}\nfunction: rosenbrok\n```\n") == """
        Lessons/01-test.md:2:11: error: 'function' unknown value 'rosenbrok'
           2 | function: rosenbrok
             |           ^~~~~~~~~
             = did you mean 'rosenbrock'?
             = choose one of: softmax-cross-entropy, batch-norm, mlp, mlp-batch-norm, elongated, rosenbrock, saddle, monkey-saddle, plateau
        """)
  }
}
