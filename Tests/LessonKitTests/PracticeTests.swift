import Testing

@testable import LessonKit
@testable import LessonMarkdown

@Suite struct PracticeTests {
  static let lesson = """
    ```{demo}
    name: d
    beta: [0.5, 0.9]
    ```

    ## Exercises

    ```{exercise}
    :label: mean
    :answer: d.mean * 2 - 1
    :tolerance: 0.01
    :hint: Add the two betas.
    :hint: Then subtract 1.

    What is $\\beta_1 + \\beta_2 - 1$?
    ```

    ```{solution} mean
    It is {value}`d.mean` times two, less one.
    ```

    ```{choice}
    :label: which

    Which are true?

    - [x] The mean is below 1.

      Both betas are.
    - [claim: d.mean > 0.6] The mean is above 0.6.
    - [ ] The mean is 0.
    ```

    ```{exercise}
    :label: plain

    Explain in words.
    ```

    ```{solution} plain
    A plain exercise: no answer key.
    ```

    """

  @Test func exercise_carriesItsComputedAnswer_formHiddenWithoutScript() throws {
    let book = try TemporaryBook(["01-a.md": Self.lesson])
    let result = try book.build()
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let page = try #require(book.file("01-a.html", in: result))
    #expect(
      page.contains(
        #"<section id="exercise-mean" class="practice exercise" data-answer="0.3999999999999999" data-allowed="0.01" data-close="0.1" data-shown="0.4">"#
      ))
    #expect(page.contains(#"<form class="exercise-answer" hidden>"#))
    #expect(
      page.contains(#"<details class="hint"><summary>Hint 2</summary><p>Then subtract 1.</p>"#))
    #expect(
      page.contains(
        #"<details class="solution" data-for="exercise-mean"><summary>Solution to Exercise 1</summary><p>It is <span class="value">0.7</span>"#
      ))
    // Numbered in page order across exercises and questions.
    #expect(page.contains(##"<a href="#exercise-plain">Exercise 3</a>"##))
    #expect(page.contains("<summary>Solution to Exercise 3</summary><p>A plain exercise"))
    // The plain exercise has no answer field.
    let plain = try #require(page.range(of: #"id="exercise-plain""#))
    #expect(!page[plain.lowerBound...].prefix(400).contains("exercise-answer"))
  }

  @Test func choice_keyFollowsTheClaim() throws {
    let book = try TemporaryBook(["01-a.md": Self.lesson])
    let page = try #require(book.file("01-a.html", in: try book.build()))
    #expect(page.contains(#"data-multiple="1""#))
    #expect(
      page.contains(
        #"<div class="choice-option" data-correct="1"><label><input type="checkbox" name="exercise-which-option" value="1"> The mean is above 0.6.</label>"#
      ))
    #expect(
      page.contains(
        #"<div class="choice-option" data-correct="0"><label><input type="checkbox" name="exercise-which-option" value="2">"#
      ))
    #expect(page.contains(#"<div class="choice-explanation" hidden><p>Both betas are.</p></div>"#))
    // The claim no longer holds when the data change: the key changes with it.
    let changed = try TemporaryBook([
      "01-a.md": Self.lesson.replacingOccurrences(of: "beta: [0.5, 0.9]", with: "beta: [0.1, 0.2]")
    ])
    let other = try #require(changed.file("01-a.html", in: try changed.build()))
    #expect(other.contains(#"data-multiple="0""#))
    #expect(
      other.contains(
        #"<div class="choice-option" data-correct="0"><label><input type="radio" name="exercise-which-option" value="1">"#
      ))
  }

  @Test func badAnswers_areLocatedErrors() throws {
    func errors(_ options: String) throws -> String {
      try diagnostics(
        of: "```{demo}\nname: d\n```\n\n```{exercise}\n\(options)\n\nQ?\n```\n")
    }
    #expect(
      try errors(":answer: dd.mean") == """
        Lessons/01-test.md:6:10: error: no directive named 'dd' in this lesson; did you mean 'd'?
           6 | :answer: dd.mean
             |          ^
        """)
    #expect(
      try errors(":answer: d.mean / 0") == """
        Lessons/01-test.md:6:10: error: the answer 'd.mean / 0' is inf, not a number a reader can type
           6 | :answer: d.mean / 0
             |          ^~~~~~~~~~
        """)
    #expect(
      try errors(":answer: d.mean\n:tolerance: 1") == """
        Lessons/01-test.md:7:13: error: the tolerance 1 is so wide that 0 would pass for the answer 0.9
           7 | :tolerance: 1
             |             ^
             = make the tolerance smaller than the answer
        """)
    #expect(
      try errors(":anser: d.mean").hasPrefix(
        "Lessons/01-test.md:6:2: error: {exercise} has no option ':anser:'"))
    #expect(try errors(":anser: d.mean").contains("did you mean ':answer:'?"))
  }

  @Test func badSolutionsAndChoices_areLocatedErrors() throws {
    #expect(
      try diagnostics(
        of: "```{exercise}\n:label: ewa-v3\n\nQ?\n```\n\n```{solution} ewa-v4\nA.\n```\n")
          == """
          Lessons/01-test.md:7:15: error: no exercise labelled 'ewa-v4' in this lesson
             7 | ```{solution} ewa-v4
               |               ^~~~~~
               = did you mean 'ewa-v3'?
          """)
    #expect(
      try diagnostics(of: "```{choice}\nQ?\n\n- [ ] a\n- [ ] b\n```\n") == """
        Lessons/01-test.md:1:5: error: no option of this question is marked correct with [x]
           1 | ```{choice}
             |     ^~~~~~
        """)
    #expect(
      try diagnostics(
        of: "```{demo}\nname: d\n```\n\n```{choice}\nQ?\n\n- [claim: d.mean > 2] a\n- [ ] b\n```\n"
      )
      .hasPrefix(
        "Lessons/01-test.md:5:5: error: no option of this question is correct: its claims do not hold"
      ))
  }

  @Test func mystExerciseWithoutKey_andExpect_stillRejectsArguments() throws {
    // sphinx-exercise's own form: label, body, solution — builds without errors.
    #expect(
      try diagnostics(
        of:
          "```{exercise}\n:label: ex1\n\nShow that $1 - \\beta^t \\to 1$.\n```\n\n```{solution} ex1\nBecause $\\beta < 1$.\n```\n"
      ) == "")
    // {expect} takes no argument (another directive's argument is its caption).
    #expect(
      try diagnostics(of: "```{demo}\nname: d\n```\n\n```{expect} d\n- d.mean > 0\n```\n")
        == """
        Lessons/01-test.md:5:13: error: unexpected text 'd' after directive {expect}
           5 | ```{expect} d
             |             ^
             = the claims go in the block, one '- claim' per line
        """)
  }

  @Test func contentDirective_parsesOptionsAndMarkdownWithLessonLocations() throws {
    let text = "Intro.\n\n```{exercise} extra\n:label: a\n:hint: one\n\nBody $x$ here.\n```\n"
    let doc = LessonDocument.parse(
      SourceText(path: "L.md", text: text), contentDirectives: ["exercise"])
    guard case .directive(let block) = doc.blocks[1] else {
      Issue.record("not a directive")
      return
    }
    #expect(block.argument?.text == "extra")
    #expect(block.argument?.location == SourceLocation(line: 3, column: 15))
    guard case .mapping(let entries) = block.options?.value else {
      Issue.record("no options")
      return
    }
    #expect(entries.map(\.key) == ["label", "hint"])
    #expect(entries[1].value.location == SourceLocation(line: 5, column: 8))
    guard case .paragraph(let inlines, let location) = block.content?.first else {
      Issue.record("no content")
      return
    }
    #expect(location == SourceLocation(line: 7, column: 1))
    guard case .math(let math) = inlines[1] else {
      Issue.record("no math")
      return
    }
    #expect(math.location == SourceLocation(line: 7, column: 7))
  }
}
