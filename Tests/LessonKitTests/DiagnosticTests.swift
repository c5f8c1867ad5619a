import LessonMarkdown
import Testing

@testable import LessonKit

/// The exact text of each kind of bad input, as an author sees it.
@Suite struct DiagnosticTests {
  @Test func unknownDirective_suggestsTheClosestName() throws {
    #expect(
      try diagnostics(of: "# T\n\n```{dmeo}\nbeta: 0.5\n```\n") == """
        Lessons/01-test.md:3:5: error: unknown directive '{dmeo}'
           3 | ```{dmeo}
             |     ^~~~
             = did you mean '{demo}'?
             = directives are: demo
        """)
  }

  @Test func templateIdAsName_isAnError() throws {
    #expect(
      try diagnostics(of: "# T\n\n```{demo}\nname: toc\n```\n") == """
        Lessons/01-test.md:4:7: error: the name 'toc' is the id of an element of every page
           4 | name: toc
             |       ^~~
             = the page template uses the ids content, lessons-search, lessons-search-results, toc
        """)
  }

  @Test func unknownOption_suggestsTheClosestOption() throws {
    #expect(
      try diagnostics(of: "# T\n\nβ ≈ α\n\n```{demo}\nbetta: 0.5\n```\n") == """
        Lessons/01-test.md:6:1: error: unknown option 'betta' for {demo}
           6 | betta: 0.5
             | ^~~~~
             = did you mean 'beta'?
             = options of {demo}: name, caption, alt, explore, beta, days, shape, fail
        """)
  }

  @Test func outOfRange_pointsAtTheElement() throws {
    #expect(
      try diagnostics(of: "```{demo}\ncaption: \"β ≈ α\"\nbeta: [0.5, 1.5]\n```\n") == """
        Lessons/01-test.md:3:13: error: 'beta' must be in (0, 1), got 1.5
           3 | beta: [0.5, 1.5]
             |             ^~~
        """)
  }

  @Test func wrongType_saysWhatWasFound() throws {
    #expect(
      try diagnostics(of: "```{demo}\ndays: ten\n```\n") == """
        Lessons/01-test.md:2:7: error: 'days' must be an integer, not 'ten'
           2 | days: ten
             |       ^~~
        """)
  }

  @Test func unknownChoice_suggestsAndLists() throws {
    #expect(
      try diagnostics(of: "```{demo}\nshape: sqare\n```\n") == """
        Lessons/01-test.md:2:8: error: 'shape' unknown value 'sqare'
           2 | shape: sqare
             |        ^~~~~
             = did you mean 'square'?
             = choose one of: circle, square
        """)
  }

  @Test func invalidYAML_isLocated() throws {
    let text = try diagnostics(of: "```{demo}\nbeta: [0.5\ndays: 3\n```\n")
    #expect(text.hasPrefix("Lessons/01-test.md:3:"))
    #expect(text.contains("error: invalid YAML: "))
  }

  @Test func missingValue_saysTheDefault() throws {
    #expect(
      try diagnostics(of: "```{demo}\ndays:\n```\n") == """
        Lessons/01-test.md:2:6: error: 'days' needs a value (an integer); the default is 10
           2 | days:
             |      ^
        """)
  }

  @Test func optionsThatAreNotAMapping_areAnError() throws {
    #expect(
      try diagnostics(of: "```{demo}\n- 1\n- 2\n```\n") == """
        Lessons/01-test.md:2:1: error: the options of {demo} must be 'key: value' lines, not a list
           2 | - 1
             | ^
        """)
  }

  @Test func badName_andDuplicateName_areErrors() throws {
    #expect(
      try diagnostics(of: "```{demo}\nname: 2x\n```\n") == """
        Lessons/01-test.md:2:7: error: 'name' must be an identifier (a letter, then letters, digits, - or _), not '2x'
           2 | name: 2x
             |       ^~
        """)
    let duplicate = try diagnostics(of: "```{demo}\nname: a\n```\n\n```{demo}\nname: a\n```\n")
    #expect(
      duplicate == """
        Lessons/01-test.md:6:7: error: the name 'a' is already used on line 1
           6 | name: a
             |       ^
        """)
  }

  @Test func failingRun_pointsAtTheOptionItNames() throws {
    #expect(
      try diagnostics(of: "```{demo}\nfail: true\n```\n") == """
        Lessons/01-test.md:2:7: error: asked to fail
           2 | fail: true
             |       ^
        """)
  }

  @Test func brokenReference_suggestsAName() throws {
    #expect(
      try diagnostics(of: "```{demo}\nname: temps\n```\n\nSee {numref}`temp`.\n") == """
        Lessons/01-test.md:5:5: error: no figure or table named 'temp' in this lesson
           5 | See {numref}`temp`.
             |     ^~~~~~~~~~~~~~
             = did you mean 'temps'?
        """)
  }

  @Test func unknownValueKey_suggestsAKey() throws {
    #expect(
      try diagnostics(of: "```{demo}\nname: d\n```\n\nMean {value}`d.maen`.\n") == """
        Lessons/01-test.md:5:6: error: {d} publishes no value 'maen'
           5 | Mean {value}`d.maen`.
             |      ^~~~~~~~~~~~~~~
             = did you mean 'd.mean'?
        """)
  }

  @Test func unknownRole_listsRoles() throws {
    #expect(
      try diagnostics(of: "See {numrf}`x`.\n") == """
        Lessons/01-test.md:1:5: error: unknown role '{numrf}'
           1 | See {numrf}`x`.
             |     ^~~~~~~~~~
             = did you mean '{numref}'?
             = roles are: {abbr}, {cite}, {doc}, {eq}, {numref}, {ref}, {sub}, {sup}, {value}
        """)
  }

  @Test func badFrontMatter_isLocated() throws {
    #expect(
      try diagnostics(of: "---\ntitle: T\nsumary: S\n---\n# T\n") == """
        Lessons/01-test.md:3:1: warning: unknown front matter key 'sumary' is ignored
           3 | sumary: S
             | ^~~~~~
             = did you mean 'summary'?
             = front matter keys are: title, summary, lang
        """)
  }
}

@Suite struct MathDiagnosticTests {
  @Test func unknownTeXCommand_isLocatedInTheLesson() throws {
    #expect(
      try diagnostics(of: "# T\n\nWith β ≈ 0.9, $v_t = \\betta v$ holds.\n") == """
        Lessons/01-test.md:3:22: error: unknown command '\\betta'; did you mean '\\beta'?
           3 | With β ≈ 0.9, $v_t = \\betta v$ holds.
             |                      ^~~~~~
        """)
  }

  @Test func badTeXOnALaterLineOfDisplayMath_isLocated() throws {
    let text = try diagnostics(of: "$$\na = 1,\nb = \\frac{1}\n$$\n")
    #expect(text.hasPrefix("Lessons/01-test.md:3:"))
    #expect(text.contains("missing argument for '\\frac'"))
  }

  @Test func badTeX_showsTheSourceInThePage() throws {
    let book = try TemporaryBook(["a.md": "# A\n\nSee $\\frac{1$.\n"])
    let result = try book.build()
    #expect(result.errorCount == 1)
    #expect(book.file("a.html", in: result)?.contains(#"<code class="math-error""#) == true)
  }

  @Test func captionsAndTableHeaders_renderMath() throws {
    let book = try TemporaryBook(["a.md": "```{demo}\ncaption: The $\\beta$ values.\n```\n"])
    let page = try #require(book.file("a.html", in: try book.build()))
    // The caption's formula and the table header's are MathML, not TeX text: two formulas.
    #expect(
      page.components(separatedBy: "<annotation encoding=\"application/x-tex\">\\beta</annotation>")
        .count == 3)
  }
}

@Suite struct FailedDirectiveReferenceTests {
  @Test func referencesToAFailedDirective_sayWhy() throws {
    let text = try diagnostics(
      of: "```{demo}\nname: d\nbeta: 3\n```\n\n{numref}`d` and {value}`d.mean`.\n")
    #expect(
      text.contains(
        "Lessons/01-test.md:6:1: error: 'd' has no figure because its {demo} block failed (see its error)"
      ))
    #expect(
      text.contains(
        "Lessons/01-test.md:6:17: error: 'd' has no values because its {demo} block failed (see its error)"
      ))
  }
}

@Suite struct ControlCharacterDiagnosticTests {
  @Test func controlCharactersInTheEchoedLine_areShownAsSymbols() throws {
    // NUL, ESC (a colour sequence), BEL and DEL in an option's line.
    #expect(
      try diagnostics(of: "# T\n\n```{demo}\nbeta: 2 \u{0}\u{1B}[31mred\u{7}\u{7F}\n```\n") == """
        Lessons/01-test.md:4:1: error: invalid YAML: control characters are not allowed
           4 | beta: 2 ␀␛[31mred␇␡
             | ^
        """)
  }

  @Test func theCaretStillLinesUp_pastAControlCharacter() {
    let source = SourceText(path: "a.md", text: "x\u{1}\u{85}\u{202E}y: 1\n")
    let diagnostic = Diagnostic.error(
      "bad \u{1B}]0;title\u{7}", path: "a.md", at: SourceLocation(line: 1, column: 5),
      notes: ["note \u{0}"])
    #expect(
      DiagnosticFormatter().format(diagnostic, source: source) == """
        a.md:1:5: error: bad ␛]0;title␇
           1 | x␁\u{FFFD}\u{FFFD}y: 1
             |     ^
             = note ␀
        """)
  }
}

@Suite struct OptionBoundsTests {
  @Test func aListLongerThanTheLimit_isAnErrorAtTheFirstValueTooMany() throws {
    let values = (1...65).map { _ in "0.5" }.joined(separator: ", ")
    let text = try diagnostics(of: "# T\n\n```{demo}\nbeta: [\(values)]\n```\n")
    #expect(
      text.contains("Lessons/01-test.md:4:328: error: 'beta' takes at most 64 values, not 65"))
  }
}
