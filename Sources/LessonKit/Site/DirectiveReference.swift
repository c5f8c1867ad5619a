import LessonMarkup

/// The documentation of every directive, generated from the directives' own declarations:
/// printed by `lessons directives [NAME]` and published as `directives.html`.
public struct DirectiveReference: Sendable {
  public struct Entry: Sendable {
    public var name: String
    public var summary: String
    public var options: [OptionDeclaration]
    public var values: [ValueDeclaration]
  }

  public var entries: [Entry]

  public init(registry: DirectiveRegistry) {
    entries =
      registry.directives.map { directive in
        Entry(
          name: directive.name, summary: directive.summary,
          options: DirectiveRegistry.options(of: directive), values: directive.publishedValues)
      } + Self.builtIns.map(\.entry)
  }

  /// The blocks built into the pipeline (they read the other directives' values), with
  /// their help text.
  static var builtIns: [(entry: Entry, help: String)] {
    [
      (expect, expectHelp),
      (
        Entry(
          name: Practice.exercise,
          summary:
            "An exercise: a question in Markdown, optionally an answer computed from the lesson's values, a tolerance and hints.",
          options: [], values: []), exerciseHelp
      ),
      (
        Entry(
          name: Practice.solution,
          summary:
            "The worked solution of the exercise or question with the given label, behind <details>.",
          options: [], values: []), exerciseHelp
      ),
      (
        Entry(
          name: Practice.choice,
          summary:
            "A choice question: one or more options are correct, fixed with [x] or tied to a claim; explanations are shown after answering.",
          options: [], values: []), choiceHelp
      ),
    ]
  }

  static func builtInHelp(_ name: String) -> String? {
    builtIns.first { $0.entry.name == name }?.help
  }

  static let exerciseHelp = """
    The body is MyST's sphinx-exercise form: `:key: value` lines, then Markdown.

      ```{exercise}
      :label: ewa-v3
      :answer: three.v[3]
      :tolerance: 0.005
      :hint: Start from v₀ = 0.
      :hint: v₁ = 0.1 · 40.

      With β = 0.9 and θ = 40, 49, 45, what is $v_3$?
      ```

      ```{solution} ewa-v3
      $v_3 =$ {value}`three.v[3]`.
      ```

    :answer: is an expression over the lesson's values, as in {expect} (+ − * / and
    parentheses). Without it the exercise is shown as written, its solution behind
    <details>. :tolerance: is absolute (0.01) or relative (1%); the default is 0.5 %. An
    answer within 10 tolerances is "close". A solution quotes the answer itself with
    {value}`answers.LABEL`. A directive block inside a solution (use a longer fence,
    ````{solution} …) runs like any other, so a solution can compute what it shows.
    With JavaScript the reader types a number and is told right, close or wrong, and opens
    hints one by one; without it, hints and solutions are <details>.
    """

  static let choiceHelp = """
    Markdown, then a list of options; the rest of an option's item is its explanation:

      ```{choice}
      :label: smoother

      Compared with β = 0.9, the average with β = 0.98 is …

      - [x] smoother.

        It averages over about 50 days.
      - [claim: windows.lag[0.98] > windows.lag[0.9]] further behind the data.
      - [ ] more sensitive to the last day.
      ```

    [x] is correct, [ ] wrong, [claim: …] correct exactly when the claim holds, so the key
    follows the computed results. At least one option must be correct. With more than one
    correct option the reader picks every true one (checkboxes), else one (radio buttons).
    """

  /// `{expect}` is built into the pipeline (it reads the other directives' values).
  static let expect = Entry(
    name: ExpectBlock.directiveName,
    summary:
      "Claims about the lesson's named values, checked when the book is built; a false claim is an error at its line.",
    options: [], values: [])

  static let expectHelp = """
    The body is a YAML list of claims, one per line:

      ```{expect}
      - temps.window[0.98] == 50 ± 0.5
      - bowl.adam.final-loss < 0.01 * bowl.gd.final-loss
      - digits.test-accuracy >= 0.94
      ```

    A side is an arithmetic expression of numbers and NAME.KEY values (a value of a
    directive of the lesson) with + − * / and parentheses; a − after a value needs a space
    before it, since keys may contain -. Comparisons: < <= > >= == !=. With == and != a tolerance
    may follow: ± 0.5 (absolute) or ± 1% (relative to the right side); without one, == allows
    only rounding differences.

    A claim about an explorable block (one with `explore:`) is checked on the frame shown
    first. Prefixed with `every frame:`, it is checked on each frame, and a false one names
    the frame ("in the frame β = 0.5"); a value's key is read in each frame at the place it
    has in the first (temps.window[0.9] is window[0.95] in the frame β = 0.95):

      ```{expect}
      - every frame: betas.first-step[adam] == betas.lr[adam] ± 0.01%
      ```
    """

  /// `lessons directives`: one line per directive.
  public func listing() -> String {
    let width = (entries.map { $0.name.count }.max() ?? 0) + 2
    var lines = entries.map { entry in
      let name = "{\(entry.name)}"
      return "  " + name + String(repeating: " ", count: max(1, width + 2 - name.count))
        + entry.summary
    }
    lines.insert("Directives (lessons directives NAME shows one):", at: 0)
    lines += [
      "",
      "Options are YAML 'key: value' lines or MyST ':key: value' lines; text after the name",
      "on the fence line (```{ewa} A noisy year) is the caption ({expect} takes none;",
      "{exercise}, {solution} and {choice} read their own). MyST's {figure} path, {math},",
      "{note} and the other admonitions, and {dropdown} are built in as MyST defines them.",
    ]
    return lines.joined(separator: "\n")
  }

  /// `lessons directives NAME`: every option with type, default, range and help.
  public func text(for entry: Entry) -> String {
    if let help = Self.builtInHelp(entry.name) {
      return "{\(entry.name)} — \(entry.summary)\n\n" + help
    }
    var lines = ["{\(entry.name)} — \(entry.summary)", "", "Options:"]
    for option in entry.options + DirectiveRegistry.commonOptions {
      var line = "  \(option.name): \(option.type)"
      if let range = option.range { line += " in \(range)" }
      line += "; default \(option.defaultText)"
      lines.append(line)
      lines.append("      \(option.help)")
    }
    if !entry.values.isEmpty {
      lines += ["", "Named values (use {value}`NAME.KEY` in prose):"]
      for value in entry.values {
        lines.append("  \(value.key)")
        lines.append("      \(value.help)")
      }
    }
    lines += [
      "", "Example:", "  ```{\(entry.name)} A caption, in Markdown", "  name: my-\(entry.name)",
    ]
    // Options with a real default value (not an optional one left out).
    lines += entry.options.filter { $0.defaultText != "none" }.prefix(2).map {
      "  \($0.name): \($0.defaultText)"
    }
    lines.append("  ```")
    return lines.joined(separator: "\n")
  }

  /// The reference page's article.
  func html() -> String {
    var nodes: [Node] = [
      .element(Element("h1", text: "Directive reference")),
      .element(
        Element(
          "p",
          [],
          [
            .text("A directive is a fenced block whose info string is a name in braces, "),
            .element(Element("code", text: "```{ewa}")),
            .text(
              ", holding YAML options (or MyST's "
            ),
            .element(Element("code", text: ":key: value")),
            .text(
              " lines). The build runs it and puts its figures, tables and named values in the page. Every directive also accepts "
            ),
            .element(Element("code", text: "name")), .text(", "),
            .element(Element("code", text: "caption")), .text(" and "),
            .element(Element("code", text: "alt")),
            .text(
              "; the text after the name on the fence line is the caption, as in MyST's "),
            .element(Element("code", text: "{table} Title")), .text(": "),
            .element(Element("code", text: "```{ewa} A noisy year")), .text("."),
          ])),
    ]
    let items = entries.map { entry -> Node in
      .element(
        Element(
          "li", [],
          [
            .element(
              Element(
                "a", [Attribute("href", "#" + entry.name)],
                [.element(Element("code", text: "{\(entry.name)}"))])),
            .text(" — " + entry.summary),
          ]))
    }
    nodes.append(.element(Element("ul", [Attribute("class", "directive-list")], items)))
    for entry in entries {
      nodes.append(
        .element(
          Element(
            "h2", [Attribute("id", entry.name)],
            [.element(Element("code", text: "{\(entry.name)}"))])))
      nodes.append(.element(Element("p", text: entry.summary)))
      if let help = Self.builtInHelp(entry.name) {
        nodes.append(.element(Element("pre", [], [.element(Element("code", text: help))])))
        continue
      }
      let header = ["Option", "Type", "Default", "Help"].map {
        Node.element(Element("th", [Attribute("scope", "col")], text: $0))
      }
      let rows = (entry.options + DirectiveRegistry.commonOptions).map { option -> Node in
        var type = option.type
        if let range = option.range { type += " in \(range)" }
        return .element(
          Element(
            "tr", [],
            [
              .element(Element("td", [], [.element(Element("code", text: option.name))])),
              .element(Element("td", text: type)),
              .element(Element("td", [], [.element(Element("code", text: option.defaultText))])),
              .element(Element("td", text: option.help)),
            ]))
      }
      nodes.append(
        .element(
          Element(
            "div", [Attribute("class", "table-scroll")],
            [
              .element(
                Element(
                  "table", [Attribute("class", "options")],
                  [
                    .element(Element("thead", [], [.element(Element("tr", [], header))])),
                    .element(Element("tbody", [], rows)),
                  ]))
            ])))
      if !entry.values.isEmpty {
        nodes.append(
          .element(
            Element(
              "p", [],
              [
                .text("Named values, for "), .element(Element("code", text: "{value}`NAME.KEY`")),
                .text(":"),
              ])))
        let values = entry.values.map { value -> Node in
          .element(
            Element(
              "li", [], [.element(Element("code", text: value.key)), .text(" — " + value.help)]))
        }
        nodes.append(.element(Element("ul", [], values)))
      }
    }
    return nodes.map { $0.render() }.joined(separator: "\n")
  }
}
