import Testing

@testable import LessonKit
@testable import LessonMarkdown

@Suite struct ClaimTests {
  static let values: [String: [NamedValue]] = [
    "temps": [NamedValue("window[0.98]", 50.000000000000043), NamedValue("lag[0.98]", 42)],
    "bowl": [NamedValue("adam.final-loss", 1e-6), NamedValue("gd.final-loss", 0.3)],
  ]

  func check(_ text: String) throws -> Bool {
    try Claim(text, at: LessonMarkdown.SourceLocation(line: 1, column: 1)).evaluate(Self.values)
      .holds
  }

  @Test func operators_compareValuesAndNumbers() throws {
    #expect(try check("bowl.adam.final-loss < bowl.gd.final-loss"))
    #expect(try check("bowl.adam.final-loss <= 1e-6"))
    #expect(try !check("bowl.adam.final-loss > bowl.gd.final-loss"))
    #expect(try check("temps.lag[0.98] >= 40"))
    #expect(try check("temps.lag[0.98] != 49"))
    #expect(try check("temps.window[0.98] == 50"))  // rounding only: 1e-9 relative
    #expect(try !check("temps.lag[0.98] == 42.1"))
  }

  @Test func tolerances_absoluteAndRelative() throws {
    #expect(try check("temps.lag[0.98] == 40 ± 2"))
    #expect(try !check("temps.lag[0.98] == 40 ± 1.9"))
    #expect(try check("temps.lag[0.98] == 40 +- 2"))
    #expect(try check("temps.lag[0.98] == 41 ± 3%"))
    #expect(try !check("temps.lag[0.98] == 41 ± 2%"))
    #expect(try check("temps.lag[0.98] != 45 ± 2"))
  }

  @Test func products_scaleASide() throws {
    #expect(try check("bowl.adam.final-loss < 0.001 * bowl.gd.final-loss"))
    #expect(try check("temps.lag[0.98] / temps.window[0.98] < 1"))
  }

  @Test func badClaims_sayWhatIsWrongAndWhere() {
    func error(_ text: String) -> (String, Int)? {
      do {
        _ = try Claim(text, at: LessonMarkdown.SourceLocation(line: 1, column: 1)).evaluate(
          Self.values)
        return nil
      } catch {
        return (error.message, error.offset)
      }
    }
    #expect(
      error("temps.lag[0.98] 40")! == (
        "expected a comparison (<, <=, >, >=, ==, !=) after 'temps.lag[0.98]'", 16
      ))
    #expect(error("temps.lag[0.98] < 40 ± 1")! == ("a tolerance (±) only goes with == or !=", 24))
    #expect(error("temps == 1")! == ("write a value as name.key, e.g. temps.window[0.98]", 5))
    #expect(error("temps.lag[0.98] == 1 extra")! == ("unexpected 'extra'", 21))
    #expect(
      error("tmps.lag[0.98] == 1")! == (
        "no directive named 'tmps' in this lesson; did you mean 'temps'?", 0
      ))
    #expect(
      error("temps.lagg[0.98] == 1")! == (
        "{temps} publishes no value 'lagg[0.98]'; did you mean 'temps.lag[0.98]'?", 0
      ))
  }
}

@Suite struct ExpectDirectiveTests {
  @Test func failingClaim_isAnErrorAtItsLine_withBothSides() throws {
    let text = try diagnostics(
      of: """
        ```{demo}
        name: d
        beta: [0.5, 0.9]
        ```

        ```{expect}
        - d.mean == 0.7 ± 0.01
        - d.mean > 0.8
        ```
        """)
    #expect(
      text == """
        Lessons/01-test.md:8:3: error: claim does not hold: d.mean > 0.8
           8 | - d.mean > 0.8
             |   ^~~~~~~~~~~~
             = left side is 0.7, right side is 0.8
        """)
  }

  @Test func heldClaims_areListedQuietly() throws {
    let book = try TemporaryBook([
      "01-a.md":
        "```{demo}\nname: d\n```\n\n```{expect}\n- d.mean == 0.9\n- \"d.days >= 10\"\n```\n"
    ])
    let result = try book.build()
    #expect(result.errorCount == 0)
    let page = try #require(book.file("01-a.html", in: result))
    #expect(
      page.contains("<summary>✓ 2 claims in this section checked when the book was built</summary>")
    )
    // Each claim reads as a sentence with the numbers checked (the directive shows two items,
    // so the sentence names none)…
    #expect(page.contains("Checked: days is 10 (expected at least 10).</li>"))
    #expect(page.contains("Checked: mean is 0.9 (expected 0.9).</li>"))
    // …and the claims as written are there on demand.
    #expect(
      page.contains(
        #"<details class="claims-source"><summary>The claims as written in the lesson</summary><pre><code>- d.mean == 0.9"#
          + "\n- d.days &gt;= 10</code></pre></details>"))
  }

  @Test func claimSentences_nameValuesByTheirDeclaredPatterns() {
    let sentences = ClaimSentence(
      values: [
        "w": [NamedValue("weight[0.98]", 0.364170, style: .fixed(3)), NamedValue("lr[adam]", 0.3)]
      ],
      declarations: [
        "w": [ValueDeclaration("weight[β]", "…"), ValueDeclaration("lr[run]", "…")]
      ],
      shownIn: ["w": "Figure 2"])
    #expect(sentences.describe(key: "weight[0.98]", of: "w") == "weight at β = 0.98")
    #expect(sentences.describe(key: "lr[adam]", of: "w") == "lr for adam")
    #expect(sentences.describe(key: "final-loss[gd]", of: "w") == "final loss (gd)")
    let claim = try! Claim(
      "w.weight[0.98] == 0.367879 ± 2%", at: SourceLocation(line: 1, column: 1))
    let outcome = try! claim.evaluate(sentences.values)
    #expect(
      sentences.sentence(claim, outcome)
        == "In Figure 2, weight at β = 0.98 is 0.364 (expected 0.367879 ± 2 %).")
    let other = try! Claim(
      "w.lr[adam] < 2 * w.weight[0.98]", at: SourceLocation(line: 1, column: 1))
    #expect(
      sentences.sentence(other, try! other.evaluate(sentences.values))
        == "In Figure 2, lr for adam is 0.3 (expected less than 2 × weight at β = 0.98 = 0.7283).")
  }

  @Test func malformedExpect_isLocated() throws {
    #expect(
      try diagnostics(of: "```{expect}\nclaim: x\n```\n") == """
        Lessons/01-test.md:2:1: error: {expect} holds a list of claims, one per line, e.g. '- temps.window[0.98] == 50 ± 0.5'
           2 | claim: x
             | ^
        """)
    #expect(
      try diagnostics(of: "```{expect}\n- 1 <> 2\n```\n") == """
        Lessons/01-test.md:2:6: error: expected a number or a value such as temps.window[0.98], not '>'
           2 | - 1 <> 2
             |      ^
        """)
  }
}

@Suite struct ClaimArithmeticTests {
  func value(_ text: String) throws -> Double {
    try Claim.Expression.parse(text).evaluate(ClaimTests.values)
  }

  @Test func sumsDifferencesAndParentheses_followPrecedence() throws {
    #expect(try value("1 + 2 * 3") == 7)
    #expect(try value("(1 + 2) * 3") == 9)
    #expect(try value("10 - 4 - 3") == 3)  // left to right
    #expect(try value("10 − 4") == 6)  // U+2212 minus
    #expect(try value("-(2 + 3)") == -5)
    #expect(try value("1 / (1 - 0.5)") == 2)
    #expect(try value("temps.lag[0.98] - 2 * temps.lag[0.98]") == -42)
    #expect(try value("1e-3 + 1") == 1.001)
  }

  @Test func claims_acceptSumsAndKeepThePlusMinusTolerance() throws {
    let claims = ClaimTests()
    #expect(try claims.check("temps.lag[0.98] + 8 == temps.window[0.98]"))
    #expect(try claims.check("(temps.lag[0.98] - 2) / 4 == 10"))
    #expect(try claims.check("temps.lag[0.98] - 1 == 40 +- 1"))
  }

  @Test func unclosedParenthesis_isLocatedAtIt() {
    #expect(throws: Claim.ParseError.self) { try Claim.Expression.parse("2 * (1 + 3") }
    do {
      _ = try Claim.Expression.parse("2 * (1 + 3")
    } catch {
      #expect(error.message == "this '(' is not closed")
      #expect(error.offset == 4)
    }
  }
}
