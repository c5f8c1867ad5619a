import Testing

@testable import LessonKit

/// The search index holds what the reader sees: formulas in linear notation with their
/// fractions, values formatted, references numbered.
@Suite struct MathTextTests {
  @Test(arguments: [
    // The issue's example: the fraction must survive ("v_t = v_t 1 - β^t" reads wrong).
    (#"\hat v_t = \frac{v_t}{1 - \beta^t}"#, "v̂_t = v_t/(1 − β^t)"),
    (#"v_t = \beta v_{t-1} + (1-\beta)\theta_t"#, "v_t = βv_(t−1) + (1 − β)θ_t"),
    (#"\frac{x^2 + y^2}{2}"#, "(x^2 + y^2)/2"),
    (#"\frac{1}{\sqrt{1-\beta_2}}"#, "1/√(1 − β_2)"),
    (#"\varepsilon = 10^{-8}"#, "ε = 10^−8"),
    (#"e^{z_i}"#, "e^(z_i)"),
    (#"\sum_{i=1}^m x_i"#, "∑_(i=1)^m x_i"),
    (#"\log_{10} a"#, "log_10 a"),
    (#"a^{[l-1]}"#, "a^[l−1]"),
    (#"\alpha \leq 0.1,\; \log x"#, "α ≤ 0.1, log x"),
  ])
  func linear_keepsStructure(tex: String, text: String) {
    #expect(MathText.linear(tex) == text)
  }

  @Test func aFormulaTeXCannotRead_readsAsItsSource() {
    #expect(MathText.linear(#"\frac{a"#) == #"\frac{a"#)
  }
}

@Suite struct SearchTextTests {
  @Test func searchIndex_showsValuesAndReferencesAsOnThePage() throws {
    let book = try TemporaryBook([
      "a.md": """
      # Averages

      ```{demo}
      name: temps
      beta: [0.5, 0.9]
      days: 42
      caption: Two averages, see $\\frac{1}{1-\\beta}$.
      ```

      See {numref}`temps` and {numref}`temps-table`: the mean is {value}`temps.mean:.1%`
      over {value}`temps.days` days, $\\hat v_t = \\frac{v_t}{1-\\beta^t}$.
      """
    ])
    let result = try book.build()
    #expect(result.errorCount == 0)
    let index = try #require(book.file("search-index.js", in: result))
    let page = try #require(book.file("a.html", in: result))
    // The values as the page formats them.
    let shown = page.matches(of: /<span class="value">([^<]*)<\/span>/).map { String($0.1) }
    #expect(shown.count == 2)
    for value in shown { #expect(index.contains(value)) }
    #expect(
      index.contains("See Figure 1 and Table 1: the mean is \(shown[0]) over \(shown[1]) days"))
    #expect(index.contains("v̂_t = v_t/(1 − β^t)"))
    // Captions of every item, numbered, with their formulas.
    #expect(index.contains("Figure 1. Two averages, see 1/(1 − β)."))
    #expect(index.contains("Table 1. "))
    for placeholder in ["{value}", "{numref}", "temps.mean", ":.1%", "\\frac"] {
      #expect(!index.contains(placeholder), "search index holds \(placeholder)")
    }
  }
}

/// The search index's strings: JSON that is also safe in a `<script>` (RFC 8259 escapes,
/// `<` as `\u003c`, the JavaScript line separators), everything else byte for byte.
@Suite struct JSONStringTests {
  @Test(arguments: [
    ("plain β text", #""plain β text""#),
    ("a \"quote\" and a \\", #""a \"quote\" and a \\""#),
    ("line\nreturn\rtab\t", #""line\nreturn\rtab\t""#),
    ("</script>", #""\u003c/script>""#),
    ("\u{01}\u{1F}", #""\u0001\u001f""#),
    ("a\u{2028}b\u{2029}c", #""a\u2028b\u2029c""#),
    ("\u{2027}\u{202A}", "\"\u{2027}\u{202A}\""),
    ("", #""""#),
  ])
  func string_escapesWhatJSONAndHTMLNeed(text: String, json: String) {
    #expect(JSON.string(text) == json)
  }
}
