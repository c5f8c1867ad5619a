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
    var columns: [Environment.Alignment] = []
    if environment == .array { columns = try arrayColumns() }

    let openerLength = nameOffset + nameLength + 1 - begin.offset
    openers.append(
      Opener(kind: .environment(name), offset: begin.offset, length: openerLength))
    let saved = style
    style = environment.cellStyle
    var rows: [[[Node]]] = [[]]
    while true {
      let (atoms, token, stop) = try parseList()
      let column = rows[rows.count - 1].count
      let continuesOperand = environment.isAlignment && column % 2 == 1
      rows[rows.count - 1].append(layout(atoms, leadingOperand: continuesOperand))
      consume(token)
      switch stop {
      case .ampersand:
        continue
      case .newline:
        try skipRowSpacing()
        rows.append([])
      case .endEnvironment:
        let (endName, endOffset) = try environmentName(after: token)
        guard endName == name else {
          throw TeXError(
            .mismatchedEnd(begin: name, end: endName), at: token.offset,
            length: endOffset + endName.unicodeScalars.count + 1 - token.offset)
        }
        style = saved
        openers.removeLast()
        // A `\\` before `\end` ends the last row; it does not start an empty one.
        if let last = rows.last, rows.count > 1, last.count == 1, last[0].isEmpty {
          rows.removeLast()
        }
        return Atom(.ord, environment.table(rows, columns: columns))
      default:
        position = token.offset
        throw unexpected(token, stop)
      }
    }
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

  /// The column specification of `array`: `{lcr}`.
  mutating func arrayColumns() throws(TeXError) -> [Environment.Alignment] {
    let open = nextToken()
    guard open.kind == .char("{") else {
      throw TeXError(.badArrayColumns, at: open.offset, length: max(open.length, 1))
    }
    var columns: [Environment.Alignment] = []
    while true {
      let token = nextToken()
      switch token.kind {
      case .char("l"): columns.append(.left)
      case .char("c"): columns.append(.center)
      case .char("r"): columns.append(.right)
      case .char("}") where !columns.isEmpty: return columns
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
