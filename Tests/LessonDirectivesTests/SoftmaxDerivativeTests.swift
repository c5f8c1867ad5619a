import Foundation
import LessonKit
import LessonMath
import Testing

@testable import LessonDirectives

@Suite struct SoftmaxDerivativeDirectiveTests {
  @Test func courseExample_matchesCONTENT_andNumpy() throws {
    // CONTENT.md 3.9: z = [5, 2, −1, 3] "with y = class 1" (counted from 0: the second class,
    // y = (0, 1, 0, 0), the directive's default label: 2) → L = 3.171935,
    // dz = [0.842034, −0.958078, 0.002087, 0.113957].
    let output = try run("softmax-derivative")
    #expect(try value(output, "label") == 2)
    #expect(abs(try value(output, "loss") - 3.171935) < 5e-7)
    let content = [0.842034, -0.958078, 0.002087, 0.113957]
    // numpy 2.4.6, run once: a = softmax(z); a - [0, 1, 0, 0]; -np.log(a[1]).
    let numpy = [0.8420335723974581, -0.9580776169630111, 0.00208719255040635, 0.11395685201514683]
    for i in 0..<4 {
      #expect(abs(try value(output, "dz[\(i + 1)]") - content[i]) < 5e-7)
      #expect(abs(try value(output, "dz[\(i + 1)]") - numpy[i]) < 1e-15)
      #expect(abs(try value(output, "numeric[\(i + 1)]") - numpy[i]) < 1e-9)
    }
    #expect(abs(try value(output, "loss") - 3.1719353933286785) < 1e-14)
    // Central differences with h = 1e−5 agree to ~1e−11 (numpy gives 2.05e−11 the same way).
    #expect(try value(output, "max-error") < 1e-9)
    #expect(try value(output, "relative-error") < 1e-9)
  }

  @Test func jacobian_isTheFullMatrix_matchingNumpy() throws {
    let output = try run("softmax-derivative")
    // numpy 2.4.6, run once: np.diag(a) - np.outer(a, a) for a = softmax([5, 2, -1, 3]).
    let numpy: [[Double]] = [
      [
        1.3301303535303277e-01, -3.5300053952050416e-02, -1.7574861995000200e-03,
        -9.5955495201482555e-02,
      ],
      [
        -3.5300053952050416e-02, 4.0164896837488945e-02, -8.7500085570084858e-05,
        -4.7773427998684522e-03,
      ],
      [
        -1.7574861995000200e-03, -8.7500085570084858e-05, 2.0828361776638773e-03,
        -2.3784989259377322e-04,
      ],
      [
        -9.5955495201482555e-02, -4.7773427998684522e-03, -2.3784989259377322e-04,
        1.0097068789394475e-01,
      ],
    ]
    for i in 0..<4 {
      for j in 0..<4 {
        #expect(abs(try value(output, "jacobian[\(i + 1)][\(j + 1)]") - numpy[i][j]) < 1e-15)
      }
    }
    // Rows sum to zero (adding a constant to every logit changes nothing) and the
    // finite-difference Jacobian agrees.
    #expect(try value(output, "row-sum") < 1e-15)
    #expect(try value(output, "jacobian-error") < 1e-9)
  }

  @Test func diagonalOnly_missesEveryOtherClass() throws {
    // From the diagonal aᵢ(1 − aᵢ) alone, the chain rule gives a_y − 1 at the true class and 0
    // elsewhere: it is wrong by a₁ = 0.842 for class 1.
    let output = try run("softmax-derivative", "diagonal-only: true")
    #expect(try value(output, "diagonal-only[2]") == value(output, "dz[2]"))
    #expect(try value(output, "diagonal-only[1]") == 0)
    #expect(try value(output, "diagonal-only-error") == value(output, "a[1]"))
    #expect(svgs(output).count == 2)
    #expect(svgs(output).allSatisfy(isWellFormedXML))
    guard case .figure(let bars) = output.items[0] else { return }
    #expect(bars.description.contains("off by up to 0.842"))
  }

  @Test func stepSize_tradesTruncationForRounding() throws {
    // Central differences err by O(h²) (large h) and by rounding/h (tiny h).
    let good = try value(run("softmax-derivative"), "max-error")
    let coarse = try value(run("softmax-derivative", "h: 0.1"), "max-error")
    let tiny = try value(run("softmax-derivative", "h: 1e-12"), "max-error")
    #expect(coarse > 1e-4)
    #expect(tiny > 100 * good)
    #expect(good < 1e-9)
  }

  @Test func firstClass_isLabelOne() throws {
    let output = try run("softmax-derivative", "label: 1")
    #expect(abs(try value(output, "dz[1]") - (0.8420335723974581 - 1)) < 1e-15)
    #expect(abs(try value(output, "loss") + Foundation.log(0.8420335723974581)) < 1e-14)
  }

  @Test func labelBeyondTheLogits_isLocated() throws {
    #expect(
      try diagnostics("```{softmax-derivative}\nlabel: 5\n```\n") == """
        Lessons/01-test.md:2:8: error: 'label' is class 5, but there are only 4 logits
           2 | label: 5
             |        ^
        """)
  }
}
