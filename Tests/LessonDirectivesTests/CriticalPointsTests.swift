import LessonKit
import LessonMath
import Testing

@testable import LessonDirectives

@Suite struct CriticalPointsDirectiveTests {
  /// CONTENT.md 2.10: (2 − √2)/4 = 0.1464… for n = 2, ≈ 0.025 for n = 3, ≈ 0.0025 for n = 4.
  /// Exact: n = 3 (π − 2√2)/(4π) = 0.024920920960723476 and n = 4 0.0024567092597862247, both
  /// from scipy 1.17.1 `integrate.nquad` of the ensemble's joint eigenvalue density (see
  /// RandomHessianTests). A million trials: within 4 binomial standard errors.
  @Test func fractions_matchExactValues_andStayBelowHalfToTheN() throws {
    let output = try run("critical-points", "dims: [2, 3, 4]\ntrials: 1000000")
    let exact = [2: 0.1464466094067262, 3: 0.024920920960723476, 4: 0.0024567092597862247]
    for (n, p) in exact.sorted(by: { $0.key < $1.key }) {
      let fraction = try value(output, "fraction[\(n)]")
      #expect(abs(fraction - p) < 4 * (p * (1 - p) / 1e6).squareRoot(), "n = \(n)")
      #expect(
        abs(try value(output, "se[\(n)]") - (fraction * (1 - fraction) / 1e6).squareRoot()) < 1e-15)
      #expect(try fraction < value(output, "naive[\(n)]"))
      #expect(try value(output, "minima[\(n)]") == (fraction * 1e6).rounded())
    }
    #expect(abs(try value(output, "exact[2]") - 0.1464466094067262) < 1e-15)
    #expect(abs(try value(output, "exact[3]") - 0.024920920960723476) < 1e-15)
    #expect(!output.values.contains { $0.key == "exact[4]" })
    #expect(try value(output, "naive[4]") == 0.0625)
    #expect(try value(output, "trials") == 1_000_000)
  }

  @Test func defaults_fallFasterThanHalfToTheN() throws {
    let output = try run("critical-points")
    #expect(abs(try value(output, "fraction[1]") - 0.5) < 0.01)
    for n in 2...5 {
      #expect(try value(output, "ratio[\(n)]") < value(output, "ratio[\(n - 1)]"))
      #expect(try value(output, "minima[\(n)]") > 0)
    }
    #expect(svgs(output).count == 1)
    #expect(svgs(output).allSatisfy(isWellFormedXML))
    #expect(output.items.map(\.key) == ["", "table"])
  }

  @Test func eachDimensionHasItsOwnStream() throws {
    // fraction[3] does not depend on which other dimensions are measured.
    let alone = try run("critical-points", "dims: [3]\ntrials: 20000\nseed: 4")
    let together = try run("critical-points", "dims: [5, 1, 3]\ntrials: 20000\nseed: 4")
    #expect(try value(alone, "fraction[3]") == value(together, "fraction[3]"))
    guard case .figure(let figure) = together.items[0] else { return }
    #expect(figure.data.rows.map { $0[0] } == [.number(1), .number(3), .number(5)])
  }

  @Test func noMinimumFound_isDescribed_notPlotted() throws {
    let output = try run("critical-points", "dims: [2, 8]\ntrials: 1000")
    #expect(try value(output, "minima[8]") == 0)
    guard case .figure(let figure) = output.items[0] else { return }
    #expect(figure.description.contains("n = 8: no minimum at all (below 1 in 1\u{202F}000)"))
    #expect(svgs(output).allSatisfy(isWellFormedXML))
  }

  @Test func repeatedDimension_isLocated() throws {
    #expect(
      try diagnostics("```{critical-points}\ndims: [2, 3, 2]\n```\n") == """
        Lessons/01-test.md:2:7: error: 'dims' lists 2 twice
           2 | dims: [2, 3, 2]
             |       ^
        """)
  }
}
