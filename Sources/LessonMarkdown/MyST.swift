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

  /// Rewrites MyST's line syntax into what cmark reads, line for line: a colon fence of n
  /// colons (`:::{note} Title`) and its closing line become a tilde fence of n + 20 tildes (a
  /// fence cmark knows; the outer of nested colon fences has more colons, so it stays longer),
  /// and `% comment` lines and `+++` cell breaks at the start of a line become empty. Lines in code blocks (`verbatim`) are left alone.
  static func blockSyntax(_ lines: [Substring], verbatim: Set<Int>) -> [String]? {
    var output: [String] = []
    var open: [Int] = []  // colon counts of the open colon fences
    var changed = false
    for (index, line) in lines.enumerated() {
      guard !verbatim.contains(index + 1) else {
        output.append(String(line))
        continue
      }
      let prefix = line.prefix { $0 == " " || $0 == "\t" || $0 == ">" }
      let rest = line.dropFirst(prefix.count)
      let colons = rest.prefix { $0 == ":" }.count
      let after = rest.dropFirst(colons)
      if colons >= 3, after.hasPrefix("{") {
        open.append(colons)
        output.append(prefix + String(repeating: "~", count: colons + 20) + after)
        changed = true
      } else if colons >= 3, let last = open.last, colons >= last,
        after.allSatisfy({ $0 == " " || $0 == "\t" })
      {
        open.removeLast()
        output.append(prefix + String(repeating: "~", count: last + 20))
        changed = true
      } else if rest.hasPrefix("%") {
        output.append(String(prefix.filter { $0 == ">" }))
        changed = true
      } else if prefix.isEmpty, line.hasPrefix("+++"),
        line.dropFirst(3).drop(while: { $0 == " " }).first.map({ $0 == "{" }) ?? true
      {
        // A notebook's cell break (`+++`, or `+++ {"tags": …}` with the cell's metadata).
        output.append("")
        changed = true
      } else {
        output.append(String(line))
      }
    }
    return changed ? output : nil
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
