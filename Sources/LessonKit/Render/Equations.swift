import LessonMarkdown
import LessonMarkup
import LessonTeX

/// The numbered display equations of one lesson, numbered (1), (2), … in page order.
///
/// A display formula that is a paragraph of its own is numbered when it has a label: MyST's
/// `$$…$$ (name)`, a `{math}` block's `:label: name`, or `\label{name}` in the TeX, as Sphinx
/// numbers labelled equations. `\tag{A}` shows "(A)" instead of a number; `\nonumber` or
/// `\notag` keeps a labelled formula unnumbered. Prose cites an equation with
/// ``{eq}`name` `` ("(3)", linked) or ``{numref}`name` `` ("Equation 3"), a formula with
/// `\eqref{name}`; another lesson's with `other.md#name` in place of `name`.
struct Equations: Sendable, Codable {
  struct Numbered: Sendable, Codable {
    var label: String
    /// What the page shows and citations say: `3`, or a `\tag`'s text with its parentheses.
    var number: String
    /// True when `number` is a `\tag` (shown as written, without added parentheses).
    var isTag: Bool
    var location: SourceLocation

    /// The element id on the page: `equation-name`, as Sphinx writes it.
    var id: String { "equation-" + label }
    /// "(3)", or a tag as written.
    var citation: String { isTag ? number : "(\(number))" }
  }

  /// By label.
  private(set) var labels: [String: Numbered] = [:]
  /// By the location of the formula's first character.
  private(set) var formulas: [SourceLocation: Numbered] = [:]
  private(set) var diagnostics: [Diagnostic] = []

  init() {}

  /// Kept in the build cache as a list in page order (a dictionary keyed by locations has no
  /// stable order).
  private struct Entry: Codable {
    var formula: SourceLocation
    var numbered: Numbered
  }
  private enum CodingKeys: String, CodingKey { case entries, diagnostics }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    for entry in try container.decode([Entry].self, forKey: .entries) {
      labels[entry.numbered.label] = entry.numbered
      formulas[entry.formula] = entry.numbered
    }
    diagnostics = try container.decode([Diagnostic].self, forKey: .diagnostics)
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    let entries = formulas.sorted { $0.key < $1.key }.map {
      Entry(formula: $0.key, numbered: $0.value)
    }
    try container.encode(entries, forKey: .entries)
    try container.encode(diagnostics, forKey: .diagnostics)
  }

  /// Numbers the standalone display formulas of `blocks`, in page order.
  init(_ blocks: [Block], path: String) {
    var count = 0
    func visit(_ blocks: [Block]) {
      for block in blocks {
        switch block {
        case .paragraph(let content, _):
          guard content.count == 1, case .math(let math) = content[0], math.display else {
            continue
          }
          number(math)
        case .blockQuote(let inner): visit(inner)
        case .list(let list): list.items.forEach(visit)
        case .admonition(let admonition): visit(admonition.blocks)
        case .directive(let directive): visit(directive.content ?? [])
        default: break
        }
      }
    }
    func number(_ math: Math) {
      let scanned = TeX.numbering(in: math.tex)
      let label: String
      let location: SourceLocation
      if let given = math.label {
        (label, location) = (given.name, given.location)
      } else if let inner = scanned.label {
        (label, location) = (inner.name, math.location(atOffset: inner.offset))
      } else {
        return
      }
      guard scanned.isNumbered else { return }
      if let first = labels[label] {
        diagnostics.append(
          .error(
            "equation label '\(label)' is used twice (first on line \(first.location.line))",
            path: path, at: location, length: label.unicodeScalars.count))
        return
      }
      let entry: Numbered
      if let tag = scanned.tag {
        entry = Numbered(label: label, number: tag, isTag: true, location: location)
      } else {
        count += 1
        entry = Numbered(label: label, number: String(count), isTag: false, location: location)
      }
      labels[label] = entry
      formulas[math.location] = entry
    }
    visit(blocks)
  }

  /// The numbers `\eqref` and `\ref` may cite in a formula of lesson `fileName`: this
  /// lesson's by label, every lesson's as `file.md#label`. A `\ref` gives the number without
  /// parentheses, so tags keep theirs only in `\eqref`.
  static func references(for fileName: String, in book: [String: Equations]) -> [String: String] {
    var table: [String: String] = [:]
    for (file, equations) in book {
      for (label, entry) in equations.labels {
        var number = entry.number
        if entry.isTag, number.hasPrefix("("), number.hasSuffix(")") {
          number = String(number.dropFirst().dropLast())
        }
        table[file + "#" + label] = number
        if file == fileName { table[label] = number }
      }
    }
    return table
  }
}
