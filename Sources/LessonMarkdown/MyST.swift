/// MyST's block syntax beyond CommonMark (https://mystmd.org/guide/syntax-overview): colon
/// fences `:::{note}`, `% comment` lines, `+++` cell breaks of MyST notebooks, admonitions and
/// dropdowns, and `:option: value` lines at the top of a directive's body.
enum MyST {
  /// Directives whose body is Markdown shown in a box: MyST's admonitions and `{dropdown}`.
  static let admonitions: Set<String> = [
    "note", "warning", "tip", "important", "caution", "attention", "danger", "error", "hint",
    "seealso", "admonition", "dropdown",
  ]

  /// MyST and Sphinx directives this book does not run, with what to use instead. Their body is
  /// shown as code, with a warning.
  static let unsupported: [String: String] = [
    "code-cell":
      "there is no Python or Jupyter kernel here: compute with a directive such as {ewa}, or show code in a plain ``` fence",
    "glue":
      "there is no Jupyter kernel here: publish values from a directive and quote them with {value}",
    "toctree": "the book's order comes from Lessons/SUMMARY.md (mdBook style) or file names",
    "tab-set": "tabs are not supported: use headings or a {dropdown}",
    "tab-item": "tabs are not supported: use headings or a {dropdown}",
    "card": "cards are not supported: use an {admonition} with a title",
    "grid": "grids are not supported: use a list or a table",
    "include": "include the text in the lesson itself",
    "literalinclude": "paste the code into a ``` fence",
    "eval-rst": "reStructuredText is not supported: write Markdown",
    "raw": "raw output is not passed through to the page",
    "bibliography":
      "the book's bibliography page is built from Lessons/references.bib; cite with {cite}`key`",
    "mermaid": "diagrams are not supported: draw the figure with a directive or use an image",
    "list-table": "write a GitHub pipe table (| a | b |)",
    "csv-table": "write a GitHub pipe table (| a | b |)",
  ]

  /// What `blockSyntax` made of a body: the lines cmark reads, and the footnote definitions
  /// it took out of them.
  struct BlockSyntax {
    var lines: [String]
    var footnotes: [FootnoteSource] = []
    var diagnostics: [Diagnostic] = []
  }

  /// A footnote definition taken out of the lesson before cmark sees it (cmark would read
  /// `[^1]: text` as a link reference definition).
  struct FootnoteSource {
    var name: String
    var location: SourceLocation
    /// The definition's text as Markdown with the lesson's line numbers: other lines empty,
    /// the `[^name]:` marker and the continuation lines' indentation removed.
    var markdown: String
    /// Per line, how many columns were removed before its text (to locate what is in it).
    var columnShifts: [Int: Int]
  }

  /// Where a target or footnote was, in the Markdown cmark reads: an HTML comment of its own
  /// line (an HTML block interrupts a paragraph, as MyST's target line does), marked with a
  /// private-use character so that no comment an author writes is taken for one.
  static let markerPrefix = "<!--\u{E003}"

  /// Rewrites MyST's line syntax into what cmark reads, line for line: a colon fence of n
  /// colons (`:::{note} Title`) and its closing line become a tilde fence of n + 20 tildes (a
  /// fence cmark knows; the outer of nested colon fences has more colons, so it stays longer),
  /// `% comment` lines and a notebook's `+++` cell breaks become empty, a target line
  /// `(label)=` becomes a marker, and a footnote definition `[^name]: text` (with its
  /// continuation lines: indented by four spaces, or lazy lines of its paragraph) becomes a
  /// marker followed by empty lines. Lines in code blocks (`verbatim`) are left alone.
  static func blockSyntax(_ lines: [Substring], verbatim: Set<Int>, path: String) -> BlockSyntax? {
    var result = BlockSyntax(lines: [])
    var open: [Int] = []  // colon counts of the open colon fences
    var changed = false
    var index = 0
    while index < lines.count {
      let line = lines[index]
      defer { index += 1 }
      guard !verbatim.contains(index + 1) else {
        result.lines.append(String(line))
        continue
      }
      let prefix = line.prefix { $0 == " " || $0 == "\t" || $0 == ">" }
      let rest = line.dropFirst(prefix.count)
      let colons = rest.prefix { $0 == ":" }.count
      let after = rest.dropFirst(colons)
      let indent = line.prefix { $0 == " " }.count
      if colons >= 3, after.hasPrefix("{") {
        open.append(colons)
        result.lines.append(prefix + String(repeating: "~", count: colons + 20) + after)
        changed = true
      } else if colons >= 3, let last = open.last, colons >= last,
        after.allSatisfy({ $0 == " " || $0 == "\t" })
      {
        open.removeLast()
        result.lines.append(prefix + String(repeating: "~", count: last + 20))
        changed = true
      } else if rest.hasPrefix("%") {
        result.lines.append(String(prefix.filter { $0 == ">" }))
        changed = true
      } else if prefix.isEmpty, line.hasPrefix("+++"),
        line.dropFirst(3).drop(while: { $0 == " " }).first.map({ $0 == "{" }) ?? true
      {
        // A notebook's cell break (`+++`, or `+++ {"tags": …}` with the cell's metadata).
        result.lines.append("")
        changed = true
      } else if let label = targetLabel(rest) {
        let column = prefix.unicodeScalars.count + 2
        if EquationLabel.isValid(label) {
          result.lines.append(prefix + markerPrefix + "target:" + label + "-->")
        } else {
          result.diagnostics.append(
            .error(
              "'\(label)' is not a target label: a label is a letter or digit, then letters, digits, '-', '_', ':' or '.'",
              path: path, at: SourceLocation(line: index + 1, column: column),
              length: label.unicodeScalars.count,
              notes: ["write e.g. (sec-intro)= on the line before the heading"]))
          result.lines.append(String(prefix.filter { $0 == ">" }))
        }
        changed = true
      } else if indent <= 3, indent == prefix.count, let (name, text) = footnoteDefinition(rest) {
        let end = footnoteEnd(lines, from: index)
        let column = indent + 3
        var markdown = String(repeating: "\n", count: index)
        let textColumn = line.unicodeScalars.count - text.unicodeScalars.count
        var shifts = [index + 1: textColumn]
        markdown += text
        for next in (index + 1)..<end {
          let continuation = lines[next]
          let removed =
            continuation.hasPrefix("\t") ? 1 : min(4, continuation.prefix { $0 == " " }.count)
          shifts[next + 1] = removed
          markdown += "\n" + continuation.dropFirst(removed)
        }
        result.footnotes.append(
          FootnoteSource(
            name: name, location: SourceLocation(line: index + 1, column: column),
            markdown: markdown, columnShifts: shifts))
        result.lines.append(
          String(repeating: " ", count: indent) + markerPrefix + "footnote:"
            + String(result.footnotes.count - 1) + "-->")
        result.lines += Array(repeating: "", count: end - index - 1)
        index = end - 1
        changed = true
      } else {
        result.lines.append(String(line))
      }
    }
    return changed ? result : nil
  }

  /// The label of a target line `(label)=` (MyST: any text in the parentheses; empty is not
  /// a target), or nil when the line is not one.
  private static func targetLabel(_ rest: Substring) -> Substring? {
    let text = rest.trimmingCharacters(in: " \t")
    guard text.hasPrefix("("), text.hasSuffix(")="), text.count > 3 else { return nil }
    return Substring(text.dropFirst().dropLast(2))
  }

  /// `[^name]: text` at the start of `rest`: the name and the text after the colon.
  private static func footnoteDefinition(_ rest: Substring) -> (String, Substring)? {
    guard rest.hasPrefix("[^"), let close = rest.firstIndex(of: "]") else { return nil }
    let name = rest[rest.index(rest.startIndex, offsetBy: 2)..<close]
    let after = rest[rest.index(after: close)...]
    guard FootnoteReference.isValidName(name), after.hasPrefix(":") else { return nil }
    return (String(name), after.dropFirst().drop { $0 == " " || $0 == "\t" })
  }

  /// The index after the last line of the footnote definition on line `start`: lines indented
  /// by four spaces (or a tab), blank lines followed by one, and lazy continuation lines of
  /// the paragraph (non-blank lines right after a non-blank one that start no other block).
  private static func footnoteEnd(_ lines: [Substring], from start: Int) -> Int {
    var end = start + 1
    var next = start + 1
    while next < lines.count {
      let line = lines[next]
      let blank = line.allSatisfy { $0 == " " || $0 == "\t" }
      if blank {
        next += 1
        continue
      }
      let indented = line.hasPrefix("    ") || line.hasPrefix("\t")
      let previousBlank = lines[next - 1].allSatisfy { $0 == " " || $0 == "\t" }
      guard indented || (!previousBlank && next == end && !startsBlock(line)) else { break }
      next += 1
      end = next
    }
    return end
  }

  /// Whether a line that is not indented starts a block other than a paragraph (so it is no
  /// lazy continuation of a footnote's paragraph).
  private static func startsBlock(_ line: Substring) -> Bool {
    let text = line.drop { $0 == " " }
    if text.hasPrefix("[^") || targetLabel(text) != nil { return true }
    for start in ["#", ">", "```", "~~~", ":::", "$$", "|", "- ", "* ", "+ ", "%", "<"]
    where text.hasPrefix(start) {
      return true
    }
    let digits = text.prefix { ("0"..."9").contains($0) }
    if !digits.isEmpty {
      let marker = text.dropFirst(digits.count)
      if marker.hasPrefix(". ") || marker.hasPrefix(") ") { return true }
    }
    return false
  }

  /// The options of `{figure}`, in the order they are documented.
  static let figureOptions = ["name", "alt", "width", "height", "align", "class"]
  /// The values of a figure's `:align:`.
  static let figureAlignments = ["left", "center", "right"]
  /// The units a figure's `:width:` and `:height:` may have (CSS's absolute and font- and
  /// viewport-relative lengths, and percentages, as docutils' and MyST's lengths).
  static let cssUnits = [
    "px", "em", "rem", "ex", "ch", "%", "cm", "mm", "in", "pt", "pc", "vw", "vh",
  ]

  /// A CSS length as written in a style (`300px`, `2.5em`, `50%`): a non-negative number and
  /// a unit, or a bare number, which is in pixels (as docutils reads `:width: 300`). Nil for
  /// anything else, so no other text reaches the page's `style`.
  static func cssLength(_ text: String) -> String? {
    let number = text.prefix { ("0"..."9").contains($0) || $0 == "." }
    let unit = text.dropFirst(number.count)
    guard !number.isEmpty, number.count <= 10, number.filter({ $0 == "." }).count <= 1,
      number.last != ".", unit.isEmpty || cssUnits.contains(String(unit))
    else { return nil }
    return unit.isEmpty ? number + "px" : text
  }

  /// `:key: value` lines at the top of a directive's body: the options, each with its 1-based
  /// line in the body, and the number of body lines they take.
  static func optionLines(_ body: String) -> (
    options: [(key: String, value: String, line: Int)], count: Int
  ) {
    var options: [(key: String, value: String, line: Int)] = []
    for (index, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      guard trimmed.hasPrefix(":"), let colon = trimmed.dropFirst().firstIndex(of: ":") else {
        break
      }
      let key = trimmed[trimmed.index(after: trimmed.startIndex)..<colon]
      guard Identifier.isValid(key) else { break }
      let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: " \t")
      options.append((String(key), value, index + 1))
    }
    return (options, options.count)
  }
}
