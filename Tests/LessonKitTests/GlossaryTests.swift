import Testing

@testable import LessonKit
@testable import LessonMarkdown

@Suite struct GlossaryTests {
  static let glossary = """
    - symbol: '\\beta'
      meaning: The weight of the average.
      lesson: 01-a.md
    - symbol: ['\\hat v_t', '\\hat{v}_t']
      meaning: The corrected average.
      lesson: 01-a.md

    """

  @Test func occurrences_matchWholeSymbols() {
    func occurs(_ form: String, _ tex: String) -> Bool {
      Glossary.occurs(Glossary.normalize(form), in: Glossary.normalize(tex))
    }
    #expect(occurs("\\beta", "v = \\beta v"))
    #expect(!occurs("\\beta", "\\beta_1 + 1"))  // β₁ is another symbol
    #expect(occurs("\\beta_1", "1 - \\beta_{1}^t"))
    #expect(!occurs("v_t", "\\hat v_t"))
    #expect(occurs("\\hat v_t", "\\hat{v}_t = v_t"))
    #expect(!occurs("\\eta", "\\beta"))
    #expect(Glossary.macros("\\frac{\\alpha}{1-\\beta_2}") == ["frac", "alpha", "beta"])
  }

  @Test func firstUse_linksToTheGlossary_andAnUncoveredLetterIsAWarning() throws {
    let book = try TemporaryBook([
      "01-a.md":
        "# A\n\nWith $\\beta = 0.9$, again $\\beta$, and $\\hat v_t$; also $\\gamma$.\n\n# [$\\beta$ in a link](01-a.md)\n",
      "glossary.yml": Self.glossary,
    ])
    let result = try book.build()
    #expect(
      result.diagnostics.map(\.message) == ["the symbol \\gamma is not in glossary.yml"])
    #expect(result.diagnostics.first?.location == SourceLocation(line: 3, column: 58))
    let page = try #require(book.file("01-a.html", in: result))
    #expect(
      page.components(separatedBy: ##"<a class="term" href="glossary.html#sym-beta""##).count == 2)
    #expect(
      page.contains(
        ##"<a class="term" href="glossary.html#sym-hat-v-t" title="The corrected average.">"##))
    let notation = try #require(book.file("glossary.html", in: result))
    #expect(notation.contains(#"<tr id="sym-beta"><td class="symbol"><math"#))
    #expect(
      notation.contains(#"<td>The weight of the average.</td><td><a href="01-a.html">A</a></td>"#))
  }

  @Test func badEntries_areLocated() throws {
    let book = try TemporaryBook([
      "01-a.md": "# A\n",
      "glossary.yml":
        "- symbol: '\\beta'\n  meaning: W.\n  lesson: 01-b.md\n- symbol: '\\frac{'\n  meaning: X.\n- symbl: x\n  meaning: Y.\n",
    ])
    let result = try book.build()
    let text = result.diagnostics.map {
      DiagnosticFormatter().format($0, source: result.sources[$0.path]).components(
        separatedBy: "\n")[0]
    }
    #expect(text.contains("Lessons/glossary.yml:3:11: error: no lesson '01-b.md' in this book"))
    #expect(
      text.contains {
        $0.hasPrefix("Lessons/glossary.yml:4:11: error: the symbol '\\frac{' is not valid TeX")
      })
    #expect(text.contains("Lessons/glossary.yml:6:3: error: unknown field 'symbl'"))
  }
}
