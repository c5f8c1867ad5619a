import LessonMarkup

extension Parser {
  /// Commands understood inside `\text{…}`, for "did you mean".
  static let textCommands = [
    "{", "}", "_", "%", "$", "&", "#", " ", ",", ":", ";", "quad", "qquad", "textbackslash",
    "ldots", "dots",
  ]

  /// `\text{…}`: text mode, where spaces count, up to the matching `}`. `$…$` inside switches
  /// back to math. Runs of spaces collapse to one, as in TeX; spaces at the ends of a run are
  /// written as no-break spaces, which `<mtext>` keeps.
  mutating func parseText(_ command: Token, font: Font?) throws(TeXError) -> Node {
    let open = peekToken()
    guard open.kind == .char("{") else {
      // A single-token argument: `\text x`.
      guard case .char(let c) = open.kind, stop(open, bracket: false, dollar: false) == nil else {
        throw TeXError(
          .missingArgument(command: commandName(command), usage: "\\\(commandName(command)){…}"),
          at: command.offset, length: command.length)
      }
      consume(open)
      return ML.mtext(String(font?.map(c) ?? c))
    }
    consume(open)
    // Registered so that a `}` inside `$…$` is blamed on the unclosed `$`.
    openers.append(Opener(kind: .group, offset: open.offset, length: 1))
    var pieces: [Node] = []
    var buffer = ""
    var depth = 0

    func flush() {
      guard !buffer.isEmpty else { return }
      var scalars = Array(buffer.unicodeScalars)
      if scalars.first == " " { scalars[0] = "\u{A0}" }
      if scalars.last == " " { scalars[scalars.count - 1] = "\u{A0}" }
      var text = ""
      text.unicodeScalars.append(contentsOf: scalars)
      pieces.append(ML.mtext(text))
      buffer = ""
    }

    while true {
      guard position < scalars.count else {
        throw TeXError(.unclosedGroup, at: open.offset, length: 1)
      }
      let c = scalars[position]
      switch c {
      case "}":
        position += 1
        if depth == 0 {
          flush()
          openers.removeLast()
          return pieces.isEmpty ? ML.mtext("") : ML.row(pieces)
        }
        depth -= 1
      case "{":
        position += 1
        depth += 1
      case " ", "\t", "\n", "\r":
        position += 1
        if !buffer.unicodeScalars.isEmpty, buffer.unicodeScalars.last != " " { buffer += " " }
        if buffer.isEmpty { buffer = " " }
      case "%":
        while position < scalars.count, scalars[position] != "\n" { position += 1 }
      case "~":
        position += 1
        buffer += "\u{A0}"
      case "$":
        flush()
        let dollar = token(at: position)
        consume(dollar)
        openers.append(Opener(kind: .textMath, offset: dollar.offset, length: 1))
        let savedFont = font
        let savedStyle = style
        self.font = nil
        style = .text
        let (atoms, end, stop) = try parseList(dollar: true)
        self.font = savedFont
        style = savedStyle
        guard stop == .dollar else { throw unexpected(end, stop) }
        consume(end)
        openers.removeLast()
        pieces += layout(atoms)
      case "\\":
        let escape = token(at: position)
        consume(escape)
        let name = commandName(escape)
        switch name {
        case "{", "}", "_", "%", "$", "&", "#": buffer += name
        case " ": buffer += " "
        case ",": buffer += "\u{2009}"
        case ":", ";": buffer += "\u{2005}"
        case "quad": buffer += "\u{2003}"
        case "qquad": buffer += "\u{2003}\u{2003}"
        case "textbackslash": buffer += "\\"
        case "ldots", "dots": buffer += "…"
        case "": throw TeXError(.loneBackslash, at: escape.offset, length: 1)
        default:
          let suggestion = Suggestion.closest(to: name, in: Parser.textCommands)
          throw TeXError(
            .unknownCommandInText(name, suggestion: suggestion), at: escape.offset,
            length: escape.length)
        }
        // A control word swallows the spaces after it, as in TeX.
        if let last = name.unicodeScalars.last, isASCIILetter(last) {
          while position < scalars.count, scalars[position] == " " { position += 1 }
        }
      case "-":
        // TeX ligatures: -- is an en dash, --- an em dash.
        var count = 0
        while position < scalars.count, scalars[position] == "-", count < 3 {
          position += 1
          count += 1
        }
        buffer += count == 1 ? "-" : count == 2 ? "\u{2013}" : "\u{2014}"
      default:
        position += 1
        buffer.unicodeScalars.append(font?.map(c) ?? c)
      }
    }
  }
}
