import LessonKit
import LessonMath
import Testing

@testable import LessonDirectives

@Suite struct SoftmaxDirectiveTests {
  // numpy 2.4.6, run once:
  //   def softmax(z, T=1.0): z = np.asarray(z, float)/T; e = np.exp(z - z.max()); return e/e.sum()
  //   softmax([5, 2, -1, 3], T) for T = 1, 0.5, 3; np.exp([5, 2, -1, 3]).sum()
  static let reference: [Double: [Double]] = [
    1: [0.8420335723974581, 0.04192238303698896, 0.00208719255040635, 0.11395685201514683],
    0.5: [
      9.7962331076551201e-01, 2.4282434138731173e-03, 6.0190136476137384e-06,
      1.7942426806967338e-02,
    ],
    3: [0.4958763312463937, 0.18242270762906834, 0.06710956373956307, 0.2545913973849747],
  ]

  @Test func defaults_matchCONTENT_andNumpy() throws {
    let output = try run("softmax")
    // CONTENT.md 3.8: z = [5, 2, −1, 3] → a = [0.842034, 0.041922, 0.002087, 0.113957].
    let content = [0.842034, 0.041922, 0.002087, 0.113957]
    for (i, expected) in content.enumerated() {
      #expect(abs(try value(output, "p[\(i + 1)]") - expected) < 5e-7)
      #expect(abs(try value(output, "p[\(i + 1)]") - Self.reference[1]![i]) < 1e-15)
      #expect(try value(output, "p[1][\(i + 1)]") == value(output, "p[\(i + 1)]"))
    }
    #expect(abs(try value(output, "sum[1]") - 1) < 1e-15)
    #expect(abs(try value(output, "exp-sum") - 176.25563156586637) < 1e-11)
    #expect(abs(try value(output, "exp[1]") - 148.4131591025766) < 1e-11)
    #expect(try value(output, "hardmax") == 1)
    #expect(try value(output, "classes") == 4)
    #expect(svgs(output).allSatisfy(isWellFormedXML))
  }

  @Test func temperatures_matchNumpy_andFlattenAsTGrows() throws {
    let output = try run("softmax", "temperature: [0.5, 1, 3]\nshow-hardmax: true")
    for t in [0.5, 1, 3] {
      for i in 0..<4 {
        let key = "p[\(t == 0.5 ? "0.5" : String(Int(t)))][\(i + 1)]"
        #expect(abs(try value(output, key) - Self.reference[t]![i]) < 1e-14)
      }
    }
    // p[i] is the first temperature's.
    #expect(try value(output, "p[1]") == value(output, "p[0.5][1]"))
    // Lower T: closer to the hardmax (1, 0, 0, 0); higher T: flatter.
    #expect(try value(output, "p[0.5][1]") > value(output, "p[1][1]"))
    #expect(try value(output, "p[1][1]") > value(output, "p[3][1]"))
    #expect(try value(output, "p[3][3]") > value(output, "p[1][3]"))
    guard case .figure(let figure) = output.items[0] else {
      Issue.record("the first item is not a figure")
      return
    }
    #expect(figure.data.columns == ["class", "name", "z", "a T=0.5", "a T=1", "a T=3", "hardmax"])
    #expect(figure.data.rows[0].last == .number(1))
    #expect(figure.description.contains("At T = 0.5: class 1 0.980"))
    #expect(svgs(output).allSatisfy(isWellFormedXML))
  }

  @Test func tinyTemperature_isTheHardmax() throws {
    let output = try run("softmax", "temperature: 0.01")
    #expect(try value(output, "p[1]") == 1)
    #expect(try value(output, "p[4]") < 1e-80)
  }

  @Test func hugeLogits_doNotOverflow_andGiveTheSameProbabilities() throws {
    // Softmax is shift-invariant: z + 995 gives the same a; e^1000 overflows, so the table
    // shows e^{z − max z} and no exp[i] is published.
    let output = try run("softmax", "logits: [1000, 997, 994, 998]")
    for i in 0..<4 {
      #expect(abs(try value(output, "p[\(i + 1)]") - Self.reference[1]![i]) < 1e-15)
    }
    #expect(!output.values.contains { $0.key.hasPrefix("exp") })
    guard case .table(let table) = output.items[1] else {
      Issue.record("the second item is not the table")
      return
    }
    #expect(table.columns[2].header == "$e^{z_i - \\max z}$")
    #expect(table.rows[0][2] == .number(1))
  }

  @Test func labels_nameTheBars() throws {
    let output = try run("softmax", "logits: [2, 1, 0.1]\nlabels: [cat, dog, baby chick]")
    guard case .table(let table) = output.items[1] else { return }
    #expect(table.rows.map { $0[0] } == [.text("cat"), .text("dog"), .text("baby chick")])
    #expect(svgs(output)[0].contains(">baby chick<"))
  }

  @Test func labelsOfTheWrongCount_areLocated() throws {
    #expect(
      try diagnostics("```{softmax}\nlogits: [1, 2, 3]\nlabels: [cat, dog]\n```\n") == """
        Lessons/01-test.md:3:9: error: 'labels' has 2 names for 3 logits
           3 | labels: [cat, dog]
             |         ^
        """)
    #expect(
      try diagnostics("```{softmax}\ntemperature: [1, 0]\n```\n") == """
        Lessons/01-test.md:2:18: error: 'temperature' must be in [0.001, 1000], got 0
           2 | temperature: [1, 0]
             |                  ^
        """)
  }
}
