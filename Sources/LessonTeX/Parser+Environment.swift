import LessonMarkup

extension Parser {
  /// `\begin{name} a & b \\ c & d \end{name}`.
  mutating func environment(_ begin: Token) throws(TeXError) -> Atom {
    let (name, nameOffset) = try environmentName(after: begin)
    let nameLength = name.unicodeScalars.count
    guard let environment = Environment(rawValue: name) else {
      let suggestion = Suggestion.closest(to: name, in: Environment.names)
      throw TeXError(
        .unknownEnvironment(name, suggestion: suggestion), at: nameOffset,
        length: max(nameLength, 1))
    }
    var columns = Environment.Columns()
    if environment == .array { columns = try arrayColumns() }

    let openerLength = nameOffset + nameLength + 1 - begin.offset
    openers.append(
      Opener(kind: .environment(name), offset: begin.offset, length: openerLength))
    let saved = style
    style = environment.cellStyle
    let (rows, rules, end) = try parseRows(environment, until: .endEnvironment)
    consume(end)
    let (endName, endOffset) = try environmentName(after: end)
    guard endName == name else {
      throw TeXError(
        .mismatchedEnd(begin: name, end: endName), at: end.offset,
        length: endOffset + endName.unicodeScalars.count + 1 - end.offset)
    }
    style = saved
    openers.removeLast()
    return Atom(.ord, environment.table(rows, columns: columns, rules: rules))
  }

  /// A display formula with `&` or `\\` outside any environment, as a whole: laid out as if
  /// it were wrapped in `aligned` (with an `&`) or `gathered`.
  mutating func implicitEnvironment() throws(TeXError) -> Node {
    position = 0
    numbering = Equation.Numbering()
    var hasAmpersand = false
    var index = 0
    var braces = 0
    // Whether an `&` stands at the top level decides the environment before parsing.
    while index < scalars.count {
      let token = token(at: index)
      switch token.kind {
      case .char("{"): braces += 1
      case .char("}"): braces -= 1
      case .char("&") where braces == 0: hasAmpersand = true
      case .char("%"):
        while index < scalars.count, scalars[index] != "\n" { index += 1 }
      default: break
      }
      if case .command("begin") = token.kind, braces == 0 {
        // Skip over nested environments: their `&` are their own.
        var scanner = self
        scanner.position = token.offset + token.length
        if (try? scanner.skipEnvironment(token)) != nil {
          index = scanner.position
          continue
        }
      }
      index = token.offset + max(token.length, 1)
    }
    let environment: Environment = hasAmpersand ? .aligned : .gathered
    openers.append(Opener(kind: .environment(environment.rawValue), offset: 0, length: 0))
    style = environment.cellStyle
    let (rows, rules, _) = try parseRows(environment, until: .end)
    return ML.element(
      "mrow", [], [environment.table(rows, columns: Environment.Columns(), rules: rules)])
  }

  /// Parses a whole `\begin{…}…\end{…}` after its `\begin`, to find where it ends.
  private mutating func skipEnvironment(_ begin: Token) throws(TeXError) {
    _ = try environment(begin)
  }

  /// Cells separated by `&`, rows by `\\` (or `\cr`), up to `terminator`, which is returned
  /// but not consumed; with the row boundaries that have an `\hline` (0 is above the first
  /// row, `rows.count` below the last).
  mutating func parseRows(_ environment: Environment, until terminator: Stop) throws(TeXError)
    -> ([[[Node]]], Set<Int>, Token)
  {
    var rows: [[[Node]]] = [[]]
    var rules: Set<Int> = []
    if skipHorizontalLines() { rules.insert(0) }
    while true {
      let (atoms, token, stop) = try parseList()
      let column = rows[rows.count - 1].count
      let continuesOperand = environment.isAlignment && column % 2 == 1
      rows[rows.count - 1].append(layout(atoms, leadingOperand: continuesOperand))
      switch stop {
      case .ampersand:
        consume(token)
      case .newline:
        consume(token)
        try skipRowSpacing()
        rows.append([])
        if skipHorizontalLines() { rules.insert(rows.count - 1) }
      case terminator:
        // A `\\` before the end ends the last row; it does not start an empty one.
        if let last = rows.last, rows.count > 1, last.count == 1, last[0].isEmpty {
          rows.removeLast()
        }
        return (rows, rules, token)
      default:
        position = token.offset
        throw unexpected(token, stop)
      }
    }
  }

  /// Consumes `\hline`s at the start of a row; true if there was one.
  mutating func skipHorizontalLines() -> Bool {
    var found = false
    while case .command("hline") = peekToken().kind {
      _ = nextToken()
      found = true
    }
    return found
  }

  /// The `{name}` after `\begin` or `\end`, and the offset of the name.
  mutating func environmentName(after command: Token) throws(TeXError) -> (String, Int) {
    let open = nextToken()
    let missing = TeXError(
      .missingEnvironmentName(commandName(command)), at: command.offset, length: command.length)
    guard open.kind == .char("{") else { throw missing }
    var name = ""
    var index = open.offset + 1
    while index < scalars.count, isASCIILetter(scalars[index]) || scalars[index] == "*" {
      name.unicodeScalars.append(scalars[index])
      index += 1
    }
    guard index < scalars.count, scalars[index] == "}", !name.isEmpty else { throw missing }
    position = index + 1
    return (name, open.offset + 1)
  }

  /// The column specification of `array`: `{lcr}`, with `|` for a vertical rule between
  /// columns (`{c|cc}`) and `:` for a dashed one, as in KaTeX.
  mutating func arrayColumns() throws(TeXError) -> Environment.Columns {
    let open = nextToken()
    guard open.kind == .char("{") else {
      throw TeXError(.badArrayColumns, at: open.offset, length: max(open.length, 1))
    }
    var columns = Environment.Columns()
    while true {
      let token = nextToken()
      switch token.kind {
      case .char("l"): columns.alignments.append(.left)
      case .char("c"): columns.alignments.append(.center)
      case .char("r"): columns.alignments.append(.right)
      case .char("|"): columns.rules[columns.alignments.count] = .solid
      case .char(":"): columns.rules[columns.alignments.count] = .dashed
      case .char("}") where !columns.alignments.isEmpty: return columns
      default: throw TeXError(.badArrayColumns, at: token.offset, length: max(token.length, 1))
      }
    }
  }

  /// The optional `[2pt]` after `\\`; the extra space is not reproduced.
  mutating func skipRowSpacing() throws(TeXError) {
    let saved = position
    let open = peekToken()
    guard open.kind == .char("[") else {
      position = saved
      return
    }
    var index = open.offset + 1
    while index < scalars.count, scalars[index] != "]" {
      let c = scalars[index]
      guard isDigit(c) || isASCIILetter(c) || c == "." || c == "-" || c == " " else {
        throw TeXError(.badDimension, at: open.offset, length: index - open.offset + 1)
      }
      index += 1
    }
    guard index < scalars.count else {
      throw TeXError(.badDimension, at: open.offset, length: index - open.offset)
    }
    position = index + 1
  }
}
