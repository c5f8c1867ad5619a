import LessonKit
import LessonMath
import Testing

@testable import LessonDirectives

/// References: numpy 2.4.6, run once (plain loops: GD `p -= 0.1 * grad`; Adam with PyTorch's
/// update, β₁ = 0.9, β₂ = 0.999, ε = 1e−8), escape = the first step with f below the threshold.
@Suite struct SaddlePointDirectiveTests {
  @Test func defaults_gdCrawlsThroughTheSaddle_noiseEscapesSooner() throws {
    let output = try run("saddle-point")
    // numpy: f = x² − y² from (1, 1e−6), α = 0.1: escape (f < −1) at step 76, closest
    // approach 0.0007066782046667555 at step 34 (x shrinks by 0.8 and y grows by 1.2 a step).
    #expect(try value(output, "escape-step[gd]") == 76)
    #expect(abs(try value(output, "closest[gd]") - 0.0007066782046667555) < 1e-15)
    #expect(try value(output, "closest-step[gd]") == 34)
    #expect(try value(output, "escaped[gd]") == 1)
    #expect(try value(output, "escape") == -1)
    #expect(abs(try value(output, "start-gradient") - 2) < 1e-9)
    // Noise keeps the run away from the ridge: it never gets as close and leaves far sooner.
    #expect(try value(output, "escape-step[noisy-gd]") < value(output, "escape-step[gd]") / 2)
    #expect(try value(output, "closest[noisy-gd]") > 10 * value(output, "closest[gd]"))
    // A run is over once it leaves twice the plotted window.
    #expect(try value(output, "steps[gd]") < 100)
  }

  @Test func noisyRuns_escapeSoonerForEverySeed() throws {
    for seed in 1...5 {
      let output = try run("saddle-point", "seed: \(seed)")
      #expect(try value(output, "escape-step[noisy-gd]") < value(output, "escape-step[gd]"))
    }
  }

  @Test func exactlyOnTheRidge_gdNeverEscapes() throws {
    // numpy: from (1, 0) GD stays on y = 0; closest 0.8¹⁰⁰ · 1 = 2.0370359763344877e−10.
    let output = try run("saddle-point", "start: [1, 0]")
    #expect(try value(output, "escaped[gd]") == 0)
    #expect(!output.values.contains { $0.key == "escape-step[gd]" })
    #expect(abs(try value(output, "closest[gd]") - 2.0370359763344877e-10) < 1e-20)
    #expect(try value(output, "steps[gd]") == 100)
    #expect(try value(output, "escaped[noisy-gd]") == 1)
  }

  @Test func plateau_adamMovesAboutAlphaPerStep_gdCrawls() throws {
    let output = try run(
      "saddle-point", "surface: plateau\nmethods: [gd, adam]\nnoise: 0\nsteps: 2000")
    // numpy: from (3, 2.5), α = 0.1, escape = f < 0.5: GD at step 1604 (first step
    // 0.00019060728587710874, mean 0.001710929464276895); Adam at step 21 (first step
    // 0.14142029386057856 ≈ α√2, mean 0.1391980052291884).
    #expect(try value(output, "escape-step[gd]") == 1604)
    #expect(try value(output, "escape-step[adam]") == 21)
    #expect(abs(try value(output, "first-step[gd]") - 0.00019060728587710874) < 1e-15)
    #expect(abs(try value(output, "mean-step[gd]") - 0.001710929464276895) < 1e-12)
    #expect(abs(try value(output, "first-step[adam]") - 0.14142029386057856) < 1e-12)
    #expect(abs(try value(output, "mean-step[adam]") - 0.1391980052291884) < 1e-12)
    #expect(abs(try value(output, "start-gradient") - 0.0019060728587701658) < 1e-15)
    #expect(try value(output, "escape") == 0.5)
    #expect(!output.values.contains { $0.key.hasPrefix("escaped[noisy") })
  }

  @Test func monkeySaddle_gdLingers() throws {
    // numpy: GD from (1, 1e−6), α = 0.1: no escape in 400 steps, closest 0.01092951227508124
    // at step 362 (the degenerate saddle pulls and pushes only weakly).
    let output = try run("saddle-point", "surface: monkey-saddle\nsteps: 400\nmethods: [gd, adam]")
    #expect(try value(output, "escaped[gd]") == 0)
    #expect(abs(try value(output, "closest[gd]") - 0.01092951227508124) < 1e-14)
    #expect(try value(output, "closest-step[gd]") == 362)
    #expect(try value(output, "escaped[noisy-gd]") == 1)
    #expect(try value(output, "escape-step[adam]") < 50)
  }

  @Test func figures_areWellFormed_withTheirData() throws {
    let output = try run("saddle-point", "methods: [gd, adam]")
    let figures = output.items.compactMap { item -> LessonKit.Figure? in
      if case .figure(let figure) = item { return figure }
      return nil
    }
    #expect(figures.map(\.key) == ["", "distance"])
    #expect(
      figures[0].data.columns == [
        "step", "gd x", "gd y", "gd loss", "noisy-gd x", "noisy-gd y", "noisy-gd loss", "adam x",
        "adam y", "adam loss", "noisy-adam x", "noisy-adam y", "noisy-adam loss",
      ])
    #expect(
      figures[0].description.contains(
        "GD comes within 0.00071 of (0, 0) at step 34 and escapes at step 76"))
    #expect(svgs(output).count == 2)
    #expect(svgs(output).allSatisfy(isWellFormedXML))
    let plateau = try run("saddle-point", "surface: plateau\nmethods: [gd, adam]\nnoise: 0")
    #expect(plateau.items.map(\.key) == ["", "loss", "table"])
    #expect(svgs(plateau).allSatisfy(isWellFormedXML))
  }

  @Test func badOptions_areLocated() throws {
    #expect(
      try diagnostics("```{saddle-point}\nsurface: sadle\n```\n") == """
        Lessons/01-test.md:2:10: error: 'surface' unknown value 'sadle'
           2 | surface: sadle
             |          ^~~~~
             = did you mean 'saddle'?
             = choose one of: saddle, monkey-saddle, plateau
        """)
    #expect(
      try diagnostics("```{saddle-point}\nmethods: [gd, adam, gd]\n```\n") == """
        Lessons/01-test.md:2:10: error: 'methods' lists gd twice
           2 | methods: [gd, adam, gd]
             |          ^
        """)
    #expect(
      try diagnostics("```{saddle-point}\nescape: 2\n```\n") == """
        Lessons/01-test.md:2:9: error: the start's loss 1 is already below the escape threshold 2: every run would escape at step 0
           2 | escape: 2
             |         ^
        """)
  }
}
