import LessonKit
import LessonMath
import Testing

@testable import LessonDirectives

@Suite struct EWADirectiveTests {
  @Test func defaults_publishWindowsWeightsAndLags() throws {
    let output = try run("ewa")
    // CONTENT.md 2.3–2.4: windows 2, 10, 50; 0.98⁵⁰ = 0.364170.
    #expect(try value(output, "window[0.5]") == 2)
    #expect(abs(try value(output, "window[0.9]") - 10) < 1e-12)
    #expect(abs(try value(output, "window[0.98]") - 50) < 1e-9)
    #expect(abs(try value(output, "weight[0.98]") - 0.364170) < 5e-7)
    #expect(abs(try value(output, "trend-lag[0.98]") - 49) < 1e-9)
    // On a yearly cosine the lag is the phase delay atan(β sin ω / (1 − β cos ω))/ω ≈ 40.5
    // days for β = 0.98 (ω = 2π/365), less than the steady-trend lag of 49.
    let lag = try value(output, "lag[0.98]")
    #expect((38...43).contains(lag))
    #expect(try value(output, "lag[0.5]") < value(output, "lag[0.9]"))
  }

  @Test func figure_isWellFormed_andDataHasEveryCurve() throws {
    let output = try run("ewa", "beta: [0.9, 0.98]\ndays: 100")
    guard case .figure(let figure) = output.items[0] else {
      Issue.record("the first item is not a figure")
      return
    }
    #expect(
      figure.data.columns == ["day", "temperature", "signal", "ewa beta=0.9", "ewa beta=0.98"])
    #expect(figure.data.rows.count == 100)
    #expect(svgs(output).allSatisfy(isWellFormedXML))
    #expect(figure.description.contains("β = 0.98 (about 50 days"))
  }

  @Test func averages_followTheCourseRecursion() throws {
    // The figure's data are vₜ = β vₜ₋₁ + (1 − β) θₜ of its temperature column.
    let output = try run("ewa", "beta: 0.9\ndays: 20\nseed: 3")
    guard case .figure(let figure) = output.items[0] else { return }
    var v = 0.0
    for row in figure.data.rows {
      guard case .number(let theta) = row[1], case .number(let average) = row[3] else { continue }
      v = 0.9 * v + 0.1 * theta
      #expect(abs(v - average) < 1e-12)
    }
  }

  @Test func coldSnap_lagsLikeAStep() throws {
    // A step is reached halfway after ln 2/(1 − β) steps; the best-correlated shift is of the
    // same order as the window.
    let output = try run("ewa", "series: cold-snap\nbeta: [0.9]\ndays: 200\nnoise: 0")
    #expect((3...12).contains(try value(output, "lag[0.9]")))
  }

  @Test func badBeta_isLocated() throws {
    #expect(
      try diagnostics("```{ewa}\nbeta: [0.9, 1]\n```\n") == """
        Lessons/01-test.md:2:13: error: 'beta' must be in (0, 1), got 1
           2 | beta: [0.9, 1]
             |             ^
        """)
  }
}

@Suite struct BiasCorrectionDirectiveTests {
  @Test func courseExample_fromCONTENT() throws {
    // CONTENT.md 2.3: β = 0.9, θ = 40, 49, 45 → v = 4, 8.5, 12.15.
    let output = try run("bias-correction", "beta: 0.9\ndata: [40, 49, 45]\nrows: 3")
    #expect(abs(try value(output, "v[1]") - 4) < 1e-12)
    #expect(abs(try value(output, "v[2]") - 8.5) < 1e-12)
    #expect(abs(try value(output, "v[3]") - 12.15) < 1e-12)
    #expect(abs(try value(output, "v-hat[1]") - 40) < 1e-12)
  }

  @Test func twoEqualValues_fromCONTENT() throws {
    // CONTENT.md 2.5: θ₁ = θ₂ = 10, β = 0.5 → v₂ = 7.5, v̂₂ = 10; β = 0.98, θ₁ = 40 → v₁ = 0.8.
    let half = try run("bias-correction", "beta: 0.5\ndata: [10, 10]\nrows: 2")
    #expect(abs(try value(half, "v[2]") - 7.5) < 1e-12)
    #expect(abs(try value(half, "v-hat[2]") - 10) < 1e-12)
    let course = try run("bias-correction", "beta: 0.98\ndata: [40, 40]\nrows: 2")
    #expect(abs(try value(course, "v[1]") - 0.8) < 1e-12)
    #expect(abs(try value(course, "v-hat[1]") - 40) < 1e-12)
    #expect(abs(try value(course, "correction[2]") - 0.0396) < 1e-12)
  }

  @Test func correctedSeries_equalsPandasAdjustTrue() throws {
    // pandas 3.1.1, run once: pd.Series([3, 7, 2, 9]).ewm(alpha=0.2, adjust=True).mean()
    let output = try run("bias-correction", "beta: 0.8\ndata: [3, 7, 2, 9]\nrows: 4")
    let expected = [3.0, 5.222222222222222, 3.901639344262295, 5.628726287262872]
    for (t, e) in expected.enumerated() {
      #expect(abs(try value(output, "v-hat[\(t + 1)]") - e) < 1e-12)
    }
    #expect(svgs(output).allSatisfy(isWellFormedXML))
  }
}
