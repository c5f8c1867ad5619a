import Foundation
import LessonKit
import LessonMath
import Testing

@testable import LessonDirectives

@Suite struct DescentDirectiveTests {
  /// CONTENT.md 3.10–3.11 and lecture 3.11: J(w) = w² − 10w + 25, α = 0.01 from w = 0 → w = 0.1
  /// after one step, → 5. PyTorch 2.13, run once (float64, `torch.optim.SGD(lr=0.01)`, 1000
  /// steps of `(w**2 - 10*w + 25).backward()`): w = 4.999999991585162.
  @Test func defaults_areTheLecturesExample() throws {
    let output = try run("descent")
    #expect(try value(output, "derivative[0]") == -10)
    #expect(abs(try value(output, "w[1]") - 0.1) < 1e-15)
    #expect(abs(try value(output, "final-w") - 4.999999991585162) < 1e-12)
    #expect(try value(output, "w[1000]") == value(output, "final-w"))
    #expect(try value(output, "minimizer") == 5)
    #expect(try value(output, "minimum") == 0)
    #expect(abs(try value(output, "contraction") - 0.98) < 1e-15)
    #expect(try value(output, "steps") == 1000)
    // Autodiff of a polynomial does the analytic derivative's arithmetic: rounding only.
    #expect(try value(output, "derivative-error") < 1e-12)
    // |w − 5| = 5 · 0.98¹⁰⁰⁰ (closed form) and J = |w − 5|².
    let distance = try value(output, "final-distance")
    #expect(abs(distance / (5 * pow(0.98, 1000)) - 1) < 1e-6)
    #expect(abs(try value(output, "final-cost") / (distance * distance) - 1) < 1e-9)
  }

  @Test func table_listsTheFirstStepsAndTheLast() throws {
    let output = try run("descent", "rows: 2")
    guard case .table(let table) = output.items[1] else {
      Issue.record("the second item is not a table")
      return
    }
    let t = table.rows.map(\.[0])
    #expect(t == [.number(0), .number(1), .number(2), .text("…"), .number(1000)])
    // w₂ = w₁ − 0.01 · (2 · 0.1 − 10) = 0.198; both derivatives in the row.
    #expect(table.rows[2][1] == .number(try value(output, "w[2]")))
    #expect(abs(try value(output, "w[2]") - 0.198) < 1e-15)
    #expect(table.rows[2][3] == table.rows[2][4])
  }

  @Test func figure_isWellFormed_andDescribesTheRun() throws {
    let output = try run("descent")
    #expect(svgs(output).count == 1)
    #expect(svgs(output).allSatisfy(isWellFormedXML))
    guard case .figure(let figure) = output.items[0] else { return }
    #expect(figure.description.contains("J(w) = w² − 10w + 25"))
    #expect(figure.description.contains("After one step w = 0.1;"))
    #expect(figure.description.contains("minimum w* = 5 by 0.98: after 1000 steps w = 5"))
    #expect(figure.data.columns == ["t", "w", "J", "dJ/dw autodiff"])
    #expect(figure.data.rows.count == 1001)
  }

  /// 1 − 2α = −1.2 for α = 1.1: every step overshoots further, |w − 5| = 5 · 1.2ᵗ. The run
  /// stops when J = (w − 5)² passes 1e10, i.e. |w − 5| > 1e5: 5 · 1.2⁵⁴ ≈ 9.5e4 is the last
  /// step kept, 5 · 1.2⁵⁵ ≈ 1.13e5 is over.
  @Test func tooLargeRate_diverges() throws {
    let output = try run("descent", "lr: 1.1\nsteps: 500")
    let steps = try value(output, "steps")
    #expect(steps == 54)
    #expect(abs(try value(output, "contraction") - -1.2) < 1e-12)
    #expect(svgs(output).allSatisfy(isWellFormedXML))
    guard case .figure(let figure) = output.items[0] else { return }
    #expect(
      figure.description.contains("moves away from the minimum w* = 5 and leaves the plot at step 55"))
  }

  /// α = 1/a: 1 − 2aα = −1, w jumps between 0 and 10 forever.
  @Test func rateOfOneOverA_oscillates() throws {
    let output = try run("descent", "lr: 1\nsteps: 5")
    #expect(try value(output, "w[1]") == 10)
    #expect(try value(output, "final-w") == 10)
    guard case .figure(let figure) = output.items[0] else { return }
    #expect(figure.description.contains("never gets closer to the minimum w* = 5"))
  }

  @Test func noMinimum_publishesNoMinimizer() throws {
    let output = try run("descent", "coefficients: [-1, 0, 0]\nstart: 0.5\nsteps: 10")
    #expect(!output.values.contains { $0.key == "minimizer" })
    #expect(abs(try value(output, "w[1]") - 0.51) < 1e-15)  // w − α · (−2w) = 1.02 w
  }

  @Test func polynomials_areWrittenAsAReaderWould() {
    #expect(Descent.tex(.lecture) == "w^2 - 10w + 25")
    #expect(Descent.plain(.lecture) == "w² − 10w + 25")
    #expect(Descent.texDerivative(.lecture) == "2w - 10")
    #expect(Descent.tex(QuadraticCost(a: -0.5, b: 0, c: 1)) == "-0.5w^2 + 1")
    #expect(Descent.tex(QuadraticCost(a: 0, b: 0, c: 0)) == "0")
  }

  @Test func wrongNumberOfCoefficients_isLocated() throws {
    #expect(
      try diagnostics("```{descent}\ncoefficients: [1, 2]\n```\n") == """
        Lessons/01-test.md:2:15: error: 'coefficients' must be three numbers [a, b, c] of J(w) = a·w² + b·w + c, got 2
           2 | coefficients: [1, 2]
             |               ^
        """)
  }
}
