import LessonKit
import Testing

@testable import LessonDirectives

@Suite struct LRDecayDirectiveTests {
  @Test func inverseTime_fromCONTENT() throws {
    // CONTENT.md 2.9: α₀ = 0.2, decay rate 1, epochs 1…4 → 0.1, 0.0667, 0.05, 0.04.
    let output = try run("lr-decay", "schedules: [inverse-time]\nalpha0: 0.2\ndecay-rate: 1")
    #expect(abs(try value(output, "inverse-time[1]") - 0.1) < 1e-15)
    #expect(abs(try value(output, "inverse-time[2]") - 0.2 / 3) < 1e-15)
    #expect(abs(try value(output, "inverse-time[2]") - 0.0667) < 5e-5)
    #expect(abs(try value(output, "inverse-time[3]") - 0.05) < 1e-15)
    #expect(abs(try value(output, "inverse-time[4]") - 0.04) < 1e-15)
  }

  @Test func exponential_fromCONTENT() throws {
    // CONTENT.md 2.9: base 0.95, α₀ = 0.2, epochs 1…4 → 0.19, 0.1805, 0.171475, 0.16290125.
    let output = try run("lr-decay", "schedules: [exponential]\nbase: 0.95")
    let expected = [0.19, 0.1805, 0.171475, 0.16290125]
    for (i, e) in expected.enumerated() {
      #expect(abs(try value(output, "exponential[\(i + 1)]") - e) < 1e-15)
    }
  }

  @Test func staircase_fromTheAssignmentCases() throws {
    // CONTENT.md 2.9 (the assignment's schedule_lr_decay tests):
    // α₀ = 0.5, epoch 100, decay 0.3, interval 100 → 0.3846153846153846;
    // α₀ = 0.3, epoch 1000, decay 0.25, interval 100 → 0.0857142857….
    let first = try run(
      "lr-decay",
      "schedules: [staircase]\nalpha0: 0.5\ndecay-rate: 0.3\ninterval: 100\nfirst-epoch: 0\nepochs: 200\nat: [99, 100]"
    )
    #expect(try value(first, "staircase[100]") == 0.3846153846153846)
    #expect(try value(first, "staircase[99]") == 0.5)
    let second = try run(
      "lr-decay",
      "schedules: [staircase]\nalpha0: 0.3\ndecay-rate: 0.25\ninterval: 100\nfirst-epoch: 0\nat: [1000]"
    )
    // numpy: 0.3 / (1 + 0.25 * 10) = 0.08571428571428572
    #expect(abs(try value(second, "staircase[1000]") - 0.08571428571428572) < 1e-16)
  }

  @Test func inverseSqrt_andNumbering() throws {
    // α = k/√epoch · α₀ (numpy: 0.2/√e for e = 1…4 → 0.2, 0.1414213562373095,
    // 0.11547005383792518, 0.1).
    let output = try run("lr-decay", "schedules: [inverse-sqrt, constant]")
    #expect(try value(output, "inverse-sqrt[1]") == 0.2)
    #expect(abs(try value(output, "inverse-sqrt[2]") - 0.1414213562373095) < 1e-16)
    #expect(abs(try value(output, "inverse-sqrt[4]") - 0.1) < 1e-16)
    #expect(try value(output, "constant[10]") == 0.2)
    // Numbered from 0 (the assignment), inverse time starts at α₀ itself.
    let zero = try run("lr-decay", "schedules: [inverse-time]\nfirst-epoch: 0")
    #expect(try value(zero, "inverse-time[0]") == 0.2)
    #expect(try value(zero, "inverse-time[1]") == 0.1)
  }

  @Test func everySchedule_decreases_andTheFigureIsWellFormed() throws {
    let output = try run("lr-decay", "epochs: 30")
    for name in ["inverse-time", "exponential", "inverse-sqrt", "staircase"] {
      #expect(try value(output, "\(name)[30]") < value(output, "\(name)[1]"))
    }
    #expect(try value(output, "sum[inverse-time]") < value(output, "sum[constant]"))
    #expect(svgs(output).count == 1)
    #expect(svgs(output).allSatisfy(isWellFormedXML))
  }

  @Test func aBaseAboveOne_grows() throws {
    // e^t · α₀ is no decay: at epoch 4 it is e⁴ ≈ 54.6 times α₀.
    let output = try run("lr-decay", "schedules: [exponential]\nbase: 2.718281828459045")
    #expect(try value(output, "exponential[4]") > 50 * 0.2)
  }

  @Test func longRuns_publishFirstLastAndAsked() throws {
    let output = try run("lr-decay", "schedules: [inverse-time]\nepochs: 1000\nat: [500]")
    #expect(output.values.count == 4)  // epochs 1, 500, 1000 and the sum
    #expect(try value(output, "inverse-time[500]") == 0.2 / 501)
  }

  @Test func repeatedSchedule_isAnError() throws {
    #expect(
      try diagnostics("```{lr-decay}\nschedules: [staircase, staircase]\n```\n") == """
        Lessons/01-test.md:2:12: error: 'staircase' is listed twice
           2 | schedules: [staircase, staircase]
             |            ^
        """)
  }
}
