import LessonMarkup

extension Parser {
  mutating func parseCommand(_ name: String, _ token: Token) throws(TeXError) -> Atom {
    if name.isEmpty { throw TeXError(.loneBackslash, at: token.offset, length: 1) }
    guard let command = Commands.lookup(name) else {
      let suggestion = Suggestion.closest(to: name, in: Commands.names)
      throw TeXError(
        .unknownCommand(name, suggestion: suggestion), at: token.offset, length: token.length)
    }
    return try apply(command, token)
  }

  mutating func apply(_ command: Command, _ token: Token) throws(TeXError) -> Atom {
    switch command {
    case .greek(let c, let upright):
      return Atom(.ord, identifier(c, upright: upright))
    case .identifier(let text, let upright):
      return Atom(.ord, ML.mi(text, upright: upright))
    case .symbol(let text, let kind):
      return Atom(kind, ML.mo(text))
    case .delimiter(let text, let kind):
      return Atom(kind, Parser.plainDelimiter(text))
    case .largeOperator(let text, let limits):
      return Atom(.op, ML.mo(text), limits: limits)
    case .function(let name, let limits):
      return Atom(.function, ML.mi(name), limits: limits)
    case .accent(let mark, let wide):
      return try accent(mark, wide: wide, token)
    case .overArrow(let arrow):
      let base = try requireArgument(token, usage: "\\\(commandName(token)){AB}")
      // Arrows have horizontal glyph assemblies in math fonts, which Chromium stretches well.
      let accent = ML.mo(arrow, [Attribute("stretchy", "true")])
      return Atom(.ord, ML.element("mover", [Attribute("accent", "true")], [base.node, accent]))
    case .rule(let under):
      let base = try requireArgument(token, usage: "\\\(commandName(token)){x+y}")
      // TeX's rule: default rule thickness, with three times that as clearance.
      let style =
        under
        ? "border-bottom:0.04em solid;padding-bottom:0.12em"
        : "border-top:0.04em solid;padding-top:0.12em"
      return Atom(.ord, ML.element("mrow", [Attribute("style", style)], rowChildren(base.node)))
    case .brace(let mark, let under):
      let base = try requireArgument(token, usage: "\\\(commandName(token)){a+b}_{n}")
      let node = ML.element(under ? "munder" : "mover", [], [base.node, ML.mo(mark)])
      return Atom(.ord, node, limits: .always)
    case .set(let over):
      let usage = "\\\(commandName(token)){\\text{def}}{=}"
      let saved = style
      style = style.script
      let script = try requireArgument(token, usage: usage)
      style = saved
      let base = try requireArgument(token, usage: usage)
      let node = ML.element(over ? "mover" : "munder", [], [base.node, script.node])
      return Atom(base.kind, node)
    case .font(let newFont):
      let saved = font
      font = newFont
      defer { font = saved }
      // The argument keeps its class: `\mathbf{x+y}` is one ordinary group, `\boldsymbol\cdot`
      // is still a binary operator.
      return try requireArgument(token, usage: "\\\(commandName(token)){x}")
    case .text(let textFont):
      return Atom(.ord, try parseText(token, font: textFont))
    case .fraction(let kind):
      return try fraction(kind, token)
    case .sqrt:
      return try squareRoot(token)
    case .space(let width):
      if width.hasPrefix("-") {
        // Chromium ignores a negative `mspace` width; a negative margin pulls the next
        // atom closer as TeX's `\!` does.
        return Atom(.space, ML.element("mspace", [Attribute("style", "margin-left:\(width)")], []))
      }
      return Atom(.space, ML.space(width))
    case .left:
      return try fenced(token)
    case .big(let size, let kind):
      return try big(size, kind, token)
    case .begin:
      return try environment(token)
    case .operatorName:
      return try operatorName(token)
    case .not:
      return try negation(token)
    case .prime:
      return Atom(.ord, ML.mo("\u{2032}"))
    case .style:
      // Only reached as a command's argument (`x^\displaystyle`), where it has nothing to
      // restyle; parseList handles it everywhere else.
      return Atom(.ord, ML.element("mrow", [], []))
    case .limits:
      throw TeXError(.misplacedLimits, at: token.offset, length: token.length)
    case .fontSwitch, .color, .mathOperator, .infixFraction, .extensibleArrow, .horizontalSpace,
      .smash, .label, .tag, .noNumber, .reference, .horizontalLine:
      return try applyPlain(command, token)
    case .right, .middle, .end, .newline:
      // Terminators: parseList stops before them, so they never start an atom.
      throw unexpected(token, stop(token, bracket: false, dollar: false) ?? .end)
    }
  }

  // MARK: - Accents

  mutating func accent(_ mark: String, wide: Bool, _ token: Token) throws(TeXError) -> Atom {
    let name = commandName(token)
    let base = try requireArgument(token, usage: "\\\(name){x}")
    let accent: Node
    if mark == "→" {
      // \vec: a small arrow, as TeX's vector accent; a full-size one is too big.
      accent = ML.mo(mark, [Attribute("stretchy", "false"), Attribute("mathsize", "60%")])
    } else if wide {
      // Stretchy by the operator dictionary, for fonts that give the character wide forms.
      accent = ML.mo(mark)
    } else {
      accent = ML.mo(mark, [Attribute("stretchy", "false")])
    }
    return Atom(.ord, ML.element("mover", [Attribute("accent", "true")], [base.node, accent]))
  }

  // MARK: - Fractions and roots

  mutating func fraction(_ kind: Command.Fraction, _ token: Token) throws(TeXError) -> Atom {
    let name = commandName(token)
    let usage = "\\\(name){numerator}{denominator}"
    let outer = style
    let own: MathStyle
    switch kind {
    case .auto, .binomial: own = outer
    case .display, .displayBinomial: own = .display
    case .text, .textBinomial: own = .text
    }
    style = own.fraction
    let numerator = try requireArgument(token, usage: usage)
    let denominator = try requireArgument(token, usage: usage)
    style = outer
    if kind == .binomial || kind == .displayBinomial || kind == .textBinomial {
      let stack = ML.element(
        "mfrac", [Attribute("linethickness", "0")], [numerator.node, denominator.node])
      let binomial = [ML.mo("("), own.switching(from: outer, [stack]) ?? stack, ML.mo(")")]
      return Atom(.ord, ML.element("mrow", [], binomial))
    }
    let frac = ML.element("mfrac", [], [numerator.node, denominator.node])
    return Atom(.ord, own.switching(from: outer, [frac]) ?? frac)
  }

  mutating func squareRoot(_ token: Token) throws(TeXError) -> Atom {
    var index: Node?
    let next = peekToken()
    if next.kind == .char("[") {
      consume(next)
      openers.append(Opener(kind: .optional, offset: next.offset, length: 1))
      let saved = style
      style = .scriptScript
      let (atoms, end, stop) = try parseList(bracket: true)
      guard stop == .closeBracket else { throw unexpected(end, stop) }
      consume(end)
      openers.removeLast()
      index = ML.row(layout(atoms))
      style = saved
    }
    let radicand = try requireArgument(token, usage: "\\sqrt{x} or \\sqrt[n]{x}")
    if let index {
      return Atom(.ord, ML.element("mroot", [], [radicand.node, index]))
    }
    // msqrt takes its contents as an inferred row.
    return Atom(.ord, ML.element("msqrt", [], rowChildren(radicand.node)))
  }

  func rowChildren(_ node: Node) -> [Node] {
    if case .element(let e) = node, e.name == "mrow", e.attributes.isEmpty { return e.children }
    return [node]
  }

  // MARK: - Delimiters

  /// The delimiter after `\left`, `\right`, `\middle` or `\big`: its text, or "" for `.`.
  mutating func delimiter(after command: Token) throws(TeXError) -> String {
    var token = nextToken()
    let name = commandName(command)
    if token.kind == .char("{") {
      // `\bigg{|}`: a delimiter in braces, as KaTeX accepts.
      let inner = nextToken()
      guard nextToken().kind == .char("}") else {
        throw TeXError(.notADelimiter(after: name), at: command.offset, length: command.length)
      }
      token = inner
    }
    switch token.kind {
    case .char(let c):
      switch c {
      case "(", ")", "[", "]", "|", "/": return String(c)
      case "<", "\u{27E8}": return "\u{27E8}"
      case ">", "\u{27E9}": return "\u{27E9}"
      case ".": return ""
      default:
        if case .delimiter(let text, _)? = Commands.lookup(character: c) { return text }
      }
    case .command(let other):
      if case .delimiter(let text, _)? = Commands.lookup(other) { return text }
      if other == "uparrow" || other == "downarrow" {
        return other == "uparrow" ? "\u{2191}" : "\u{2193}"
      }
    case .end:
      break
    }
    throw TeXError(.notADelimiter(after: name), at: command.offset, length: command.length)
  }

  /// `\left( … \middle| … \right)`: an `<mrow>` whose first and last operators stretch over
  /// its contents (prefix and postfix forms are stretchy fences in the operator dictionary).
  mutating func fenced(_ left: Token) throws(TeXError) -> Atom {
    let open = try delimiter(after: left)
    openers.append(Opener(kind: .left, offset: left.offset, length: left.length))
    var atoms: [Atom] = []
    while true {
      let (list, token, stop) = try parseList()
      atoms += list
      consume(token)
      switch stop {
      case .middle:
        let bar = try delimiter(after: token)
        if bar.isEmpty { continue }
        let node = ML.mo(
          bar, [Attribute("stretchy", "true"), Attribute("lspace", "0"), Attribute("rspace", "0")])
        atoms.append(Atom(.open, node))
      case .right:
        let close = try delimiter(after: token)
        openers.removeLast()
        var nodes: [Node] = []
        if !open.isEmpty { nodes.append(ML.mo(open)) }
        nodes += layout(atoms)
        if !close.isEmpty { nodes.append(ML.mo(close)) }
        return Atom(.fenced, ML.element("mrow", [], nodes))
      default:
        position = token.offset
        throw unexpected(token, stop)
      }
    }
  }

  /// `\big(`, `\Bigl[`, …: a delimiter stretched to a fixed size.
  mutating func big(_ size: String, _ kind: Atom.Kind, _ token: Token) throws(TeXError) -> Atom {
    let text = try delimiter(after: token)
    if text.isEmpty { return Atom(.space, ML.element("mrow", [], [])) }
    var attributes = [
      Attribute("stretchy", "true"), Attribute("symmetric", "true"),
      Attribute("minsize", size), Attribute("maxsize", size),
    ]
    if kind != .rel { attributes += [Attribute("lspace", "0"), Attribute("rspace", "0")] }
    return Atom(kind, ML.mo(text, attributes))
  }

  // MARK: - Operator names and negation

  /// `\operatorname{diag}` (side scripts) and `\operatorname*{arg\,max}` (limits).
  mutating func operatorName(_ token: Token) throws(TeXError) -> Atom {
    var limits = Atom.Limits.never
    if case .char("*") = peekToken().kind {
      _ = nextToken()
      limits = .display
    }
    let usage = "\\operatorname{name}"
    let open = nextToken()
    guard open.kind == .char("{") else {
      position = open.offset
      throw TeXError(
        .missingArgument(command: "operatorname", usage: usage), at: token.offset,
        length: token.length)
    }
    var name = ""
    var depth = 0
    while true {
      let part = nextToken()
      switch part.kind {
      case .char("}") where depth == 0:
        if name.isEmpty {
          throw TeXError(
            .missingArgument(command: "operatorname", usage: usage), at: token.offset,
            length: token.length)
        }
        return Atom(.function, ML.mi(name, upright: true), limits: limits)
      case .char("{"): depth += 1
      case .char("}"): depth -= 1
      case .char(let c) where isASCIILetter(c) || isDigit(c) || c == "-" || c == "*":
        name.unicodeScalars.append(c)
      case .command(","), .command(":"), .command(";"), .command(" "), .char("~"):
        name.unicodeScalars.append("\u{2009}")
      case .command("!"):
        break
      case .command("_"):
        name.unicodeScalars.append("_")
      case .end:
        throw TeXError(.unclosedGroup, at: open.offset, length: 1)
      default:
        throw TeXError(.badOperatorName, at: part.offset, length: part.length)
      }
    }
  }

  /// `\not=` → ≠, `\not\in` → ∉; other relations get U+0338 COMBINING LONG SOLIDUS OVERLAY.
  mutating func negation(_ token: Token) throws(TeXError) -> Atom {
    let next = peekToken()
    guard stop(next, bracket: false, dollar: false) == nil else {
      throw TeXError(
        .missingArgument(command: "not", usage: "\\not="), at: token.offset, length: token.length)
    }
    consume(next)
    let atom = try parseNucleus(next, single: true)
    guard case .element(var e) = atom.node, e.name == "mo" || e.name == "mi",
      e.children.count == 1, case .text(let text) = e.children[0]
    else {
      throw TeXError(
        .missingArgument(command: "not", usage: "\\not="), at: token.offset, length: token.length)
    }
    let negated: [String: String] = [
      "=": "≠", "<": "≮", ">": "≯", "∈": "∉", "∋": "∌", "≤": "≰", "≥": "≱", "≡": "≢",
      "∼": "≁", "≃": "≄", "≅": "≇", "≈": "≉", "⊂": "⊄", "⊃": "⊅", "⊆": "⊈", "⊇": "⊉",
      "∣": "∤", "∥": "∦", "≺": "⊀", "≻": "⊁", "∃": "∄",
    ]
    e.children = [.text(negated[text] ?? text + "\u{0338}")]
    return Atom(atom.kind, .element(e))
  }
}
