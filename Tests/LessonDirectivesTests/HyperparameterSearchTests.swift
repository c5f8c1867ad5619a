import LessonKit
import LessonMath
import Testing

@testable import LessonDirectives

// Reference values marked "Python" were computed once with Python 3 and numpy 2.4.6 from an
// independent implementation of the documented generator (xoshiro256** seeded by SplitMix64,
// u = the top 53 bits · 2⁻⁵³), the sampling scales of course 3.3 (α = a + (b − a)u;
// α = 10^(log a + (log b − log a)u); β = 1 − 10^r), and course-form momentum / Adam
// (β₁ = 0.9, β₂ = 0.999) on f = 0.1x² + 2y² from (−5, −2), 50 steps.

@Suite struct HyperparameterSearchDirectiveTests {
  @Test func alphaScale_matchesCONTENT() throws {
    // CONTENT.md 3.1–3.3: on [1e−4, 1], uniform sampling puts 90 % in [0.1, 1], log sampling 25 %.
    let output = try run("hyperparameter-search", "show: alpha-scale")
    #expect(try value(output, "decades") == 4)
    #expect(abs(try value(output, "alpha-top-decade-expected[linear]") - 0.9 / 0.9999) < 1e-12)
    #expect(try value(output, "alpha-top-decade-expected[log]") == 0.25)
    // Python, seed 0, 1000 draws: 891 and 239 of them in [0.1, 1].
    #expect(try value(output, "alpha-top-decade[linear]") == 0.891)
    #expect(try value(output, "alpha-top-decade[log]") == 0.239)
    #expect(svgs(output).allSatisfy(isWellFormedXML))
  }

  @Test func betaScale_andSensitivity() throws {
    let output = try run("hyperparameter-search", "show: [beta-scale, sensitivity]")
    // β ∈ [0.9, 0.999] ⇔ r ∈ [−3, −1]: halfway on that scale is β = 0.99.
    #expect(abs(try value(output, "beta-split") - 0.99) < 1e-12)
    #expect(abs(try value(output, "beta-top-half-expected[linear]") - 0.009 / 0.099) < 1e-12)
    #expect(try value(output, "beta-top-half-expected[log]") == 0.5)
    // Python, seed 0, 1000 draws: 92 and 494 of them with β ≥ 0.99.
    #expect(try value(output, "beta-top-half[linear]") == 0.092)
    #expect(try value(output, "beta-top-half[log]") == 0.494)
    // The course's example: 0.9 → 0.9005 hardly changes the window; 0.999 → 0.9995 doubles it.
    #expect(abs(try value(output, "window[0.9]") - 10) < 1e-9)
    #expect(abs(try value(output, "window[0.9005]") - 10.050251256281408) < 1e-9)  // 1/0.0995
    #expect(abs(try value(output, "window[0.999]") - 1000) < 1e-9)
    #expect(abs(try value(output, "window[0.9995]") - 2000) < 1e-6)
    #expect(output.items.count == 2)
    #expect(svgs(output).allSatisfy(isWellFormedXML))
  }

  @Test func gridVersusRandom_onTheQuadratic_matchesPython() throws {
    let output = try run("hyperparameter-search", "show: grid-vs-random\nobjective: quadratic")
    #expect(try value(output, "distinct[grid]") == 5)
    #expect(try value(output, "distinct[random]") == 25)
    // Python: the best of the 5 × 5 grid (α ∈ {1e−4, …, 1}, ε ∈ {1e−8, …, 1e−4}, both log
    // spaced) is Adam with α = 1: loss 0.031455857761765633.
    #expect(abs(try value(output, "best[grid]") / 0.031455857761765633 - 1) < 1e-9)
    #expect(try value(output, "best-alpha[grid]") == 1)
    #expect(try value(output, "best[random]") < value(output, "best[grid]"))
    #expect(svgs(output).allSatisfy(isWellFormedXML))
  }

  @Test func coarseToFine_onTheQuadratic_matchesPython() throws {
    let output = try run(
      "hyperparameter-search",
      "show: [coarse-to-fine, rounds]\nobjective: quadratic\nalpha: [1e-3, 10]\nbeta: [0, 0.999]")
    // Python, seed 0: round 1 draws 25 (α, β) pairs (α then β per trial, one stream); its
    // best is α = 1.1185144549718031, β = 0.6696648759745529, loss 7.45779303948434e−9.
    #expect(abs(try value(output, "round-alpha[1]") / 1.1185144549718031 - 1) < 1e-12)
    #expect(abs(try value(output, "round-beta[1]") / 0.6696648759745529 - 1) < 1e-12)
    #expect(abs(try value(output, "round-best[1]") / 7.45779303948434e-9 - 1) < 1e-9)
    // Round 2 samples a quarter of each range around that point (α ∈ [0.354, 3.54],
    // β ∈ [0.217, 0.861]); its best: α = 0.8303438790082867, loss 7.503130509308371e−13.
    #expect(abs(try value(output, "round-alpha[2]") / 0.8303438790082867 - 1) < 1e-12)
    #expect(abs(try value(output, "round-best[2]") / 7.503130509308371e-13 - 1) < 1e-6)
    #expect(try value(output, "round-width[1]") == 4)
    #expect(abs(try value(output, "round-width[2]") - 1) < 1e-12)
    #expect(try value(output, "round-best[3]") < value(output, "round-best[2]"))
    #expect(output.items.count == 2)
  }

  @Test func coarseToFine_onMoons_concentratesOnGoodTrials() throws {
    let output = try run(
      "hyperparameter-search",
      "show: [coarse-to-fine, rounds]\nalpha: [1e-3, 10]\nbeta: [0.5, 0.999]")
    #expect(try value(output, "round-median[3]") < value(output, "round-median[1]"))
    #expect(try value(output, "round-best[3]") <= value(output, "round-best[1]"))
    guard case .figure(let figure) = output.items[0] else {
      Issue.record("the first item is not a figure")
      return
    }
    // The figure's "best so far" column never rises.
    let column = try #require(figure.data.columns.firstIndex(of: "best so far"))
    let best = figure.data.rows.compactMap { row -> Double? in
      if case .number(let x) = row[column] { return x }
      return nil
    }
    #expect(best.count == 75)
    #expect(zip(best, best.dropFirst()).allSatisfy { $1 <= $0 })
    #expect(svgs(output).allSatisfy(isWellFormedXML))
  }

  @Test func nonSquareTrials_forGrid_isLocated() throws {
    let text = try diagnostics(
      "```{hyperparameter-search}\nshow: grid-vs-random\ntrials: 20\n```\n")
    #expect(text.hasPrefix("Lessons/01-test.md:3:"))
    #expect(text.contains("trials must be a square (4, 9, 16, 25, …), got 20"))
  }

  @Test func reversedRange_isLocated() throws {
    #expect(
      try diagnostics("```{hyperparameter-search}\nalpha: [1, 1e-4]\n```\n") == """
        Lessons/01-test.md:2:8: error: 'alpha' must be a range [low, high] with low < high, got [1, 0.0001]
           2 | alpha: [1, 1e-4]
             |        ^
        """)
  }

  @Test func zeroInALogRange_isOutOfRange() throws {
    #expect(
      try diagnostics("```{hyperparameter-search}\nalpha: [0, 1]\n```\n") == """
        Lessons/01-test.md:2:9: error: 'alpha' must be in (0, ∞), got 0
           2 | alpha: [0, 1]
             |         ^
        """)
  }

  @Test func repeatedPart_isLocated() throws {
    #expect(
      try diagnostics("```{hyperparameter-search}\nshow: [alpha-scale, alpha-scale]\n```\n") == """
        Lessons/01-test.md:2:7: error: 'show' lists alpha-scale twice
           2 | show: [alpha-scale, alpha-scale]
             |       ^
        """)
  }
}
