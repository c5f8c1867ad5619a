import LessonMarkdown
import LessonMarkup

/// Pages for `{exercise}`, `{solution}` and `{choice}`. Each page works without JavaScript:
/// hints, solutions and the answer key of a choice question are `<details>`; `lessons.js`
/// adds the answer field, the one-by-one hints and the checking.
extension LessonRenderer {
  private func title(_ location: SourceLocation) -> (Node, String) {
    let (number, id) = practiceNumbers[location] ?? (0, "exercise")
    let title = Element(
      "p", [Attribute("class", "practice-title")],
      [.element(Element("a", [Attribute("href", "#" + id)], text: "Exercise \(number)"))])
    return (.element(title), id)
  }

  mutating func renderExercise(_ exercise: ExerciseBlock) -> [Node] {
    let (title, id) = title(exercise.block.location)
    var attributes = [Attribute("id", id), Attribute("class", "practice exercise")]
    var children: [Node] = [title] + render(exercise.block.content ?? [])
    if exercise.answer != nil {
      switch exercise.key(values, path: path) {
      case .success(let key):
        attributes += [
          Attribute("data-answer", "\(key.value)"), Attribute("data-allowed", "\(key.allowed)"),
          Attribute("data-close", "\(Practice.closeFactor * key.allowed)"),
          Attribute("data-shown", NumberFormat.display(key.value, .significant(6))),
        ]
        let input = id + "-answer"
        children.append(
          .element(
            Element(
              "form", [Attribute("class", "exercise-answer"), "hidden"],
              [
                .element(Element("label", [Attribute("for", input)], text: "Your answer")),
                .text(" "),
                .element(
                  Element(
                    "input",
                    [
                      Attribute("id", input), Attribute("type", "text"),
                      Attribute("inputmode", "decimal"), Attribute("autocomplete", "off"),
                      Attribute("spellcheck", "false"),
                    ])),
                .text(" "),
                .element(Element("button", [Attribute("type", "submit")], text: "Check")),
                .text(" "),
                .element(
                  Element(
                    "output",
                    [
                      Attribute("class", "exercise-feedback"), Attribute("for", input),
                      Attribute("aria-live", "polite"),
                    ])),
              ])))
      case .failure(let diagnostic):
        diagnostics.append(diagnostic)
        children.append(
          .element(
            Element(
              "p", [Attribute("class", "directive-error")],
              text: "This exercise's answer could not be computed: \(diagnostic.message).")))
      }
    }
    for (index, hint) in exercise.hints.enumerated() {
      let (inlines, problems) = InlineMarkdown.parse(hint.text, path: path, at: hint.location)
      diagnostics += problems
      children.append(
        .element(
          Element(
            "details", [Attribute("class", "hint")],
            [
              .element(Element("summary", text: "Hint \(index + 1)")),
              .element(Element("p", [], render(inlines))),
            ])))
    }
    return [.element(Element("section", attributes, children))]
  }

  mutating func renderSolution(_ solution: SolutionBlock) -> [Node] {
    let target = solution.label.flatMap { practiceLabels[$0] }
    let summary: [Node] =
      target.map { [.text("Solution to Exercise \($0.number)")] } ?? [.text("Solution")]
    var attributes = [Attribute("class", "solution")]
    if let target { attributes.append(Attribute("data-for", target.id)) }
    return [
      .element(
        Element(
          "details", attributes,
          [.element(Element("summary", [], summary))] + render(solution.block.content ?? [])))
    ]
  }

  mutating func renderChoice(_ choice: ChoiceBlock) -> [Node] {
    let (title, id) = title(choice.block.location)
    var truths: [Bool] = []
    var unreadable = false
    for option in choice.options {
      switch option.truth {
      case .fixed(let truth): truths.append(truth)
      case .claim(let claim):
        do throws(Claim.ParseError) {
          truths.append(try claim.evaluate(values).holds)
        } catch {
          diagnostics.append(error.diagnostic(path: path, start: claim.location))
          truths.append(false)
          unreadable = true
        }
      }
    }
    let claims = choice.options.contains { if case .claim = $0.truth { true } else { false } }
    if claims, !unreadable, !truths.contains(true) {
      diagnostics.append(
        .error(
          "no option of this question is correct: its claims do not hold and none is marked [x]",
          path: path, at: choice.block.nameLocation,
          length: Practice.choice.unicodeScalars.count))
    }
    let multiple = truths.filter { $0 }.count > 1
    var options: [Node] = []
    var key: [Node] = []
    for (index, option) in choice.options.enumerated() {
      let content = render(option.content)
      let explanation = render(option.explanation)
      let input = Element(
        "input",
        [
          Attribute("type", multiple ? "checkbox" : "radio"), Attribute("name", id + "-option"),
          Attribute("value", String(index)),
        ])
      var children: [Node] = [
        .element(Element("label", [], [.element(input), .text(" ")] + content))
      ]
      if !explanation.isEmpty {
        children.append(
          .element(
            Element("div", [Attribute("class", "choice-explanation"), "hidden"], explanation)))
      }
      options.append(
        .element(
          Element(
            "div",
            [
              Attribute("class", "choice-option"),
              Attribute("data-correct", truths[index] ? "1" : "0"),
            ],
            children)))
      key.append(
        .element(
          Element(
            "li", [Attribute("class", truths[index] ? "correct" : "wrong")],
            [
              .element(Element("strong", text: truths[index] ? "True: " : "False: "))
            ] + content + explanation)))
    }
    let legend = multiple ? "Choose every option that is true" : "Choose one"
    let children: [Node] =
      [title] + render(choice.question) + [
        .element(
          Element(
            "fieldset", [Attribute("class", "choice-options")],
            [.element(Element("legend", text: legend))] + options)),
        .element(
          Element(
            "p", [Attribute("class", "choice-actions"), "hidden"],
            [
              .element(Element("button", [Attribute("type", "button")], text: "Check")),
              .text(" "),
              .element(
                Element(
                  "output",
                  [Attribute("class", "exercise-feedback"), Attribute("aria-live", "polite")])
              ),
            ])),
        .element(
          Element(
            "details", [Attribute("class", "choice-key")],
            [
              .element(Element("summary", text: "Answer")),
              .element(Element("ul", [], key)),
            ])),
      ]
    return [
      .element(
        Element(
          "section",
          [
            Attribute("id", id), Attribute("class", "practice choice"),
            Attribute("data-multiple", multiple ? "1" : "0"),
          ], children))
    ]
  }
}
