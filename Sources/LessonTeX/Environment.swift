import LessonMarkup

/// TeX's four math styles (The TeXbook, ch. 17), which decide where limits go and when a
/// fraction needs an explicit `displaystyle`.
enum MathStyle: Sendable, Equatable {
  case display, text, script, scriptScript

  var isDisplay: Bool { self == .display }

  /// MathML's `scriptlevel` for this style.
  var scriptLevel: Int {
    switch self {
    case .display, .text: return 0
    case .script: return 1
    case .scriptScript: return 2
    }
  }

  /// Style of a fraction's numerator and denominator.
  var fraction: MathStyle {
    switch self {
    case .display: return .text
    case .text: return .script
    case .script, .scriptScript: return .scriptScript
    }
  }

  /// Style of a superscript or subscript.
  var script: MathStyle {
    switch self {
    case .display, .text: return .script
    case .script, .scriptScript: return .scriptScript
    }
  }

  /// An `<mstyle>` that switches from `current` to this style, or nil when none is needed.
  func switching(from current: MathStyle, _ children: [Node]) -> Node? {
    if self == current { return nil }
    var attributes: [Attribute] = []
    if isDisplay != current.isDisplay {
      attributes.append(Attribute("displaystyle", isDisplay ? "true" : "false"))
    }
    if scriptLevel != current.scriptLevel {
      attributes.append(Attribute("scriptlevel", String(scriptLevel)))
    }
    return ML.element("mstyle", attributes, children)
  }
}

/// The `\begin{…}` environments: matrices, cases and alignments, all drawn as `<mtable>`.
enum Environment: String, CaseIterable {
  case matrix, pmatrix, bmatrix, Bmatrix, vmatrix, Vmatrix
  case cases, dcases
  case aligned, align, alignStar = "align*", split
  case gathered, gather, gatherStar = "gather*"
  case array

  static let names: [String] = allCases.map(\.rawValue).sorted()

  /// Style inside the cells: matrices and cases are in text style, alignments in display
  /// style, as in amsmath.
  var cellStyle: MathStyle {
    switch self {
    case .matrix, .pmatrix, .bmatrix, .Bmatrix, .vmatrix, .Vmatrix, .cases, .array: return .text
    case .dcases, .aligned, .align, .alignStar, .split, .gathered, .gather, .gatherStar:
      return .display
    }
  }

  var isAlignment: Bool {
    switch self {
    case .aligned, .align, .alignStar, .split: return true
    default: return false
    }
  }

  /// The delimiters around the table.
  var fences: (open: String?, close: String?) {
    switch self {
    case .pmatrix: return ("(", ")")
    case .bmatrix: return ("[", "]")
    case .Bmatrix: return ("{", "}")
    case .vmatrix: return ("|", "|")
    case .Vmatrix: return ("‖", "‖")
    case .cases, .dcases: return ("{", nil)
    default: return (nil, nil)
    }
  }

  enum Alignment: Equatable {
    case left, center, right
  }

  enum Rule: Equatable {
    case solid, dashed

    /// TeX's `\arrayrulewidth` (0.4pt) at a 10pt font.
    var border: String { self == .solid ? "0.04em solid" : "0.04em dashed" }
  }

  /// An `array`'s column specification: alignments, and rules by column boundary (0 is left
  /// of the first column, `alignments.count` right of the last).
  struct Columns: Equatable {
    var alignments: [Alignment] = []
    var rules: [Int: Rule] = [:]
  }

  /// The table for rows of cells, each cell already laid out.
  ///
  /// MathML Core has no `columnalign`; cells are aligned and spaced with CSS on `mtd`.
  /// Chromium lays out a cell's contents as a block, so right alignment needs
  /// `-webkit-right` (plain `right` is kept first for other engines). Alignments put their `&`
  /// at the relation, so the two columns of a pair touch; matrices have no padding between
  /// their outer cells and the delimiters beyond a delimiter's side bearing, as in amsmath.
  ///
  /// Rules (`|` in an array's columns, `\hline` between rows) are CSS borders on the cells:
  /// `rules` holds the row boundaries that have one.
  func table(_ rows: [[[Node]]], columns: Columns, rules: Set<Int> = []) -> Node {
    let width = rows.map(\.count).max() ?? 0
    let trs = rows.enumerated().map { row, cells -> Node in
      // Every row gets all its cells when a rule runs down or across the table.
      let count = columns.rules.isEmpty ? cells.count : width
      let tds = (0..<count).map { column -> Node in
        var style = cellStyle(column: column, of: width, columns: columns.alignments)
        var borders: [String] = []
        if let rule = columns.rules[column] { borders.append("border-left:" + rule.border) }
        if column == width - 1, let rule = columns.rules[width] {
          borders.append("border-right:" + rule.border)
        }
        if rules.contains(row) { borders.append("border-top:0.04em solid") }
        if row == rows.count - 1, rules.contains(rows.count) {
          borders.append("border-bottom:0.04em solid")
        }
        if !borders.isEmpty { style += (style.isEmpty ? "" : ";") + borders.joined(separator: ";") }
        let nodes = column < cells.count ? cells[column] : []
        return ML.element("mtd", style.isEmpty ? [] : [Attribute("style", style)], nodes)
      }
      return ML.element("mtr", [], tds)
    }
    let attributes: [Attribute] =
      cellStyle.isDisplay ? [Attribute("displaystyle", "true")] : []
    let table = ML.element("mtable", attributes, trs)
    let (open, close) = fences
    if open == nil && close == nil { return table }
    var children: [Node] = []
    if let open { children.append(ML.mo(open)) }
    children.append(table)
    if let close { children.append(ML.mo(close)) }
    return ML.element("mrow", [], children)
  }

  private func cellStyle(column: Int, of width: Int, columns: [Alignment]) -> String {
    var alignment = Alignment.center
    var paddingLeft: String?
    var paddingRight: String?
    let first = column == 0
    let last = column == width - 1
    switch self {
    case .aligned, .align, .alignStar, .split:
      if column % 2 == 0 {
        alignment = .right
        paddingLeft = first ? "0" : "2em"
        paddingRight = "0"
      } else {
        alignment = .left
        paddingLeft = "0"
        paddingRight = "0"
      }
    case .matrix, .pmatrix, .bmatrix, .Bmatrix, .vmatrix, .Vmatrix:
      // The delimiter's own side bearing is all the space amsmath leaves; 0.15em matches it.
      if first { paddingLeft = "0.15em" }
      if last { paddingRight = "0.15em" }
    case .cases, .dcases:
      alignment = .left
      paddingLeft = first ? "0.15em" : "1em"
      paddingRight = "0"
    case .array:
      alignment = column < columns.count ? columns[column] : .center
    case .gathered, .gather, .gatherStar:
      break
    }
    var parts: [String] = []
    switch alignment {
    case .left: parts.append("text-align:left")
    case .right: parts += ["text-align:right", "text-align:-webkit-right"]
    case .center: break
    }
    if let paddingLeft { parts.append("padding-left:\(paddingLeft)") }
    if let paddingRight { parts.append("padding-right:\(paddingRight)") }
    return parts.joined(separator: ";")
  }
}
