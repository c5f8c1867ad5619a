import LessonMarkup

/// Plain TeX's constructs that act on the rest of their group (`\rm`, `\color{red}`,
/// `a \over b`), and the commands that take a literal argument (`\label{…}`, `\hspace{…}`).
extension Parser {
  /// For a command that applies to the rest of the list, the list it makes: the atoms parsed
  /// `before` it, then the rest, up to the list's terminator (returned, not consumed). Nil for
  /// every other command.
  mutating func switchRest(
    _ command: Command, _ token: Token, before atoms: [Atom], bracket: Bool, dollar: Bool
  ) throws(TeXError) -> ([Atom], Token, Stop)? {
    switch command {
    case .fontSwitch(let newFont):
      // `{\rm d}x`: the alphabet holds to the end of the group, as `\mathrm` over it would.
      let saved = font
      font = newFont
      defer { font = saved }
      let (rest, end, stop) = try parseList(bracket: bracket, dollar: dollar)
      return (atoms + rest, end, stop)
    case .color(switch: true):
      let color = try colorArgument(token)
      let (rest, end, stop) = try parseList(bracket: bracket, dollar: dollar)
      return (atoms + rest.map { Parser.colored($0, color) }, end, stop)
    case .infixFraction(let kind):
      // `n \choose k`: what comes before is the numerator, the rest the denominator.
      let numerator = ML.row(layout(atoms))
      let saved = style
      style = style.fraction
      let (rest, end, stop) = try parseList(bracket: bracket, dollar: dollar)
      let denominator = ML.row(layout(rest))
      style = saved
      let rule = kind.hasRule ? [] : [Attribute("linethickness", "0")]
      let stack = ML.element("mfrac", rule, [numerator, denominator])
      guard let (open, close) = kind.fences else { return ([Atom(.ord, stack)], end, stop) }
      return ([Atom(.ord, ML.element("mrow", [], [ML.mo(open), stack, ML.mo(close)]))], end, stop)
    default:
      return nil
    }
  }

  /// The commands of this file that make one atom.
  mutating func applyPlain(_ command: Command, _ token: Token) throws(TeXError) -> Atom {
    let name = commandName(token)
    switch command {
    case .fontSwitch, .infixFraction, .color(switch: true):
      // Only reached as a command's argument (`x^\rm d`): nothing follows it in its group.
      return Atom(.space, ML.element("mrow", [], []))
    case .color(switch: false):
      let color = try colorArgument(token)
      return Parser.colored(try requireArgument(token, usage: "\\\(name){red}{x}"), color)
    case .mathOperator:
      let argument = try requireArgument(token, usage: "\\mathop{\\mathrm{argmax}}")
      // A single operator symbol is a large operator; a name is drawn like `\max`.
      if case .element(let e) = argument.node, e.name == "mo" {
        return Atom(.op, argument.node, limits: .display)
      }
      return Atom(.function, argument.node, limits: .display)
    case .extensibleArrow(let arrow):
      return try extensibleArrow(arrow, token)
    case .horizontalSpace:
      if case .char("*") = peekToken().kind { _ = nextToken() }
      let (text, offset) = try literalArgument(token, usage: "\\hspace{1em}")
      guard let width = Parser.cssLength(text) else {
        throw TeXError(.badDimension, at: offset, length: max(text.unicodeScalars.count, 1))
      }
      return try apply(.space(width), token)
    case .smash:
      let next = peekToken()
      if next.kind == .char("[") {
        // `\smash[b]{…}`: which side is smashed; both are, here.
        consume(next)
        _ = try literalUntilBracket(next)
      }
      let argument = try requireArgument(token, usage: "\\smash{x}")
      let node = ML.element(
        "mpadded", [Attribute("height", "0"), Attribute("depth", "0")], rowChildren(argument.node))
      return Atom(argument.kind, node)
    case .label:
      let (label, offset) = try literalArgument(token, usage: "\\label{name}")
      guard display else {
        throw TeXError(.numberingInline(name), at: token.offset, length: token.length)
      }
      if let first = numbering.label {
        throw TeXError(
          .secondLabel(label, first: first.name), at: token.offset,
          length: offset + label.unicodeScalars.count + 1 - token.offset)
      }
      numbering.label = Equation.Label(
        name: label, offset: offset, length: label.unicodeScalars.count)
      return Atom(.space, ML.element("mrow", [], []))
    case .tag:
      var parenthesized = true
      if case .char("*") = peekToken().kind {
        _ = nextToken()
        parenthesized = false
      }
      let (text, _) = try literalArgument(token, usage: "\\tag{A}")
      guard display else {
        throw TeXError(.numberingInline(name), at: token.offset, length: token.length)
      }
      numbering.tag = parenthesized ? "(\(text))" : text
      return Atom(.space, ML.element("mrow", [], []))
    case .noNumber:
      numbering.isNumbered = false
      return Atom(.space, ML.element("mrow", [], []))
    case .reference(let parenthesized):
      let (label, offset) = try literalArgument(token, usage: "\\\(name){label}")
      guard let number = references[label] else {
        let suggestion = Suggestion.closest(to: label, in: references.keys.sorted())
        throw TeXError(
          .unknownLabel(label, suggestion: suggestion), at: offset,
          length: max(label.unicodeScalars.count, 1))
      }
      return Atom(.ord, ML.mtext(parenthesized ? "(\(number))" : number))
    case .horizontalLine:
      throw TeXError(.misplacedHorizontalLine, at: token.offset, length: token.length)
    default:
      preconditionFailure("not a plain TeX command")
    }
  }

  /// `\xrightarrow[below]{above}`: the arrow stretches under (and over) its labels, with
  /// TeX's 0.5em of room at each end.
  mutating func extensibleArrow(_ arrow: String, _ token: Token) throws(TeXError) -> Atom {
    let saved = style
    style = style.script
    defer { style = saved }
    var below: Node?
    let next = peekToken()
    if next.kind == .char("[") {
      consume(next)
      openers.append(Opener(kind: .optional, offset: next.offset, length: 1))
      let (atoms, end, stop) = try parseList(bracket: true)
      guard stop == .closeBracket else { throw unexpected(end, stop) }
      consume(end)
      openers.removeLast()
      below = ML.row(layout(atoms))
    }
    let above = try requireArgument(token, usage: "\\\(commandName(token)){f}")
    // MathML Core's `mpadded` takes no relative widths: the room is two spaces.
    func padded(_ node: Node) -> Node {
      ML.element("mrow", [], [ML.space("0.5em")] + rowChildren(node) + [ML.space("0.5em")])
    }
    let base = ML.mo(arrow, [Attribute("stretchy", "true")])
    let node: Node
    if let below {
      node = ML.element("munderover", [], [base, padded(below), padded(above.node)])
    } else {
      node = ML.element("mover", [], [base, padded(above.node)])
    }
    return Atom(.rel, node)
  }

  // MARK: - Literal arguments

  /// The text of a `{…}` argument taken literally (a label, a colour, a length), and the
  /// offset of its first character.
  mutating func literalArgument(_ command: Token, usage: String) throws(TeXError) -> (
    String, Int
  ) {
    let open = peekToken()
    guard open.kind == .char("{") else {
      throw TeXError(
        .missingArgument(command: commandName(command), usage: usage), at: command.offset,
        length: command.length)
    }
    var index = open.offset + 1
    var text = ""
    while index < scalars.count, scalars[index] != "}" {
      if scalars[index] == "{" || scalars[index] == "\\" {
        throw TeXError(
          .literalArgumentExpected(commandName(command)), at: index, length: 1)
      }
      text.unicodeScalars.append(scalars[index])
      index += 1
    }
    guard index < scalars.count else { throw TeXError(.unclosedGroup, at: open.offset, length: 1) }
    position = index + 1
    let trimmed = text.trimmingSpaces
    let leading = text.unicodeScalars.prefix { $0 == " " }.count
    return (trimmed, open.offset + 1 + leading)
  }

  /// The text of an optional `[…]` argument after its `[`, taken literally.
  mutating func literalUntilBracket(_ open: Token) throws(TeXError) -> String {
    var text = ""
    while position < scalars.count, scalars[position] != "]" {
      text.unicodeScalars.append(scalars[position])
      position += 1
    }
    guard position < scalars.count else {
      throw TeXError(.unclosedOptionalArgument, at: open.offset, length: 1)
    }
    position += 1
    return text
  }

  /// `{red}` or `{#1f77b4}` after `\color`: a CSS colour name or hexadecimal colour.
  mutating func colorArgument(_ command: Token) throws(TeXError) -> String {
    let (text, offset) = try literalArgument(command, usage: "\\\(commandName(command)){red}")
    let scalars = Array(text.unicodeScalars)
    let isName = !scalars.isEmpty && scalars.count <= 30 && scalars.allSatisfy(isASCIILetter)
    let hex = scalars.first == "#" ? scalars.dropFirst() : []
    let isHex = [3, 6].contains(hex.count) && hex.allSatisfy(\.properties.isASCIIHexDigit)
    guard isName || isHex else {
      throw TeXError(.badColor(text), at: offset, length: max(scalars.count, 1))
    }
    return text
  }

  /// An atom drawn in a colour; its class, and so its spacing, is unchanged.
  static func colored(_ atom: Atom, _ color: String) -> Atom {
    guard case .element(var element) = atom.node else { return atom }
    element.attributes.removeAll { $0.name == "mathcolor" }
    element.attributes.append(Attribute("mathcolor", color))
    return Atom(atom.kind, .element(element), limits: atom.limits)
  }

  /// A TeX length as a CSS length: `1em`, `-3pt`, `0.5ex`; math units become em (18mu = 1em).
  static func cssLength(_ text: String) -> String? {
    let compact = text.replacingSpaces
    let units = ["em", "ex", "pt", "px", "cm", "mm", "in", "mu"]
    guard let unit = units.first(where: { compact.hasSuffix($0) }) else { return nil }
    let number = String(compact.dropLast(2))
    guard let value = Double(number), value.isFinite, abs(value) < 1000,
      number.unicodeScalars.allSatisfy({ isDigit($0) || $0 == "." || $0 == "-" })
    else { return nil }
    if unit == "mu" {
      return NumberFormat.ascii(value / 18, .significant(4)) + "em"
    }
    return number + unit
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    var scalars = Substring(self).unicodeScalars[...]
    while scalars.first == " " { scalars = scalars.dropFirst() }
    while scalars.last == " " { scalars = scalars.dropLast() }
    return String(String.UnicodeScalarView(scalars))
  }

  fileprivate var replacingSpaces: String {
    String(String.UnicodeScalarView(unicodeScalars.filter { $0 != " " }))
  }
}
