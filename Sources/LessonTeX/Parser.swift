import LessonMarkup

/// A token of TeX math: a control sequence, a character, or the end of the source.
struct Token {
  enum Kind: Equatable {
    case command(String)
    case char(Unicode.Scalar)
    case end
  }

  var kind: Kind
  /// Position in Unicode scalars.
  var offset: Int
  var length: Int
}

/// Where a list of atoms ends.
enum Stop: Equatable {
  case end, closeBrace, closeBracket, dollar, right, middle, ampersand, newline, endEnvironment
}

/// A construct that is still open while its contents are parsed; used to blame the right
/// token when a list ends with a terminator that does not belong to it.
struct Opener {
  enum Kind: Equatable {
    case top, group, left, optional, textMath
    case environment(String)
  }

  var kind: Kind
  var offset: Int
  var length: Int

  func accepts(_ stop: Stop) -> Bool {
    switch kind {
    case .top: return stop == .end
    case .group: return stop == .closeBrace
    case .left: return stop == .right || stop == .middle
    case .optional: return stop == .closeBracket
    case .textMath: return stop == .dollar
    case .environment: return stop == .ampersand || stop == .newline || stop == .endEnvironment
    }
  }
}

/// A recursive-descent parser from TeX math to MathML atoms.
///
/// Math-mode whitespace and `%` comments are skipped between tokens; offsets count Unicode
/// scalars so that errors can be located in the author's file.
struct Parser {
  let scalars: [Unicode.Scalar]
  var position = 0
  var style: MathStyle
  /// The math alphabet applying to letters, set by `\mathbf{…}` and friends.
  var font: Font?
  var openers: [Opener] = []
  /// How many constructs are open around the current token.
  var depth = 0
  static let maximumDepth = 100
  /// `true` for display math, where `\label`, `\tag` and a top-level `&` are allowed.
  let display: Bool
  /// The numbers that `\eqref` and `\ref` may cite, by label.
  let references: [String: String]
  /// What `\label`, `\tag` and `\nonumber` said about this equation.
  var numbering = Equation.Numbering()

  init(_ source: String, display: Bool, references: [String: String] = [:]) {
    scalars = Array(source.unicodeScalars)
    style = display ? .display : .text
    self.display = display
    self.references = references
  }

  /// The formula as one `<mrow>`.
  ///
  /// A display formula with `&` or `\\` outside any environment is laid out as Sphinx and
  /// MyST do, as if it were wrapped in an environment: `aligned` when it has an `&`,
  /// `gathered` (centred rows, as MathJax and KaTeX show a bare `\\`) when it has none.
  mutating func parseFormula() throws(TeXError) -> Node {
    openers = [Opener(kind: .top, offset: 0, length: 0)]
    let (atoms, token, stop) = try parseList()
    if display, stop == .ampersand || stop == .newline {
      return try implicitEnvironment()
    }
    guard stop == .end else { throw unexpected(token, stop) }
    let nodes = layout(atoms)
    if nodes.count == 1, case .element(let only) = nodes[0], only.name == "mrow",
      only.attributes.isEmpty
    {
      return nodes[0]  // `\left(…\right)` or `\text{…$x$…}` alone: no second `<mrow>`
    }
    return ML.element("mrow", [], nodes)
  }

  // MARK: - Tokens

  /// Skips whitespace and comments (from `%` to the end of the line).
  mutating func skipSpace() {
    while position < scalars.count {
      let c = scalars[position]
      if c == " " || c == "\t" || c == "\n" || c == "\r" {
        position += 1
      } else if c == "%" {
        while position < scalars.count, scalars[position] != "\n" { position += 1 }
      } else {
        return
      }
    }
  }

  /// The next token after whitespace, without consuming it.
  mutating func peekToken() -> Token {
    skipSpace()
    return token(at: position)
  }

  /// Consumes and returns the next token.
  mutating func nextToken() -> Token {
    let token = peekToken()
    position = token.offset + token.length
    return token
  }

  mutating func consume(_ token: Token) {
    position = token.offset + token.length
  }

  func token(at index: Int) -> Token {
    guard index < scalars.count else { return Token(kind: .end, offset: index, length: 0) }
    let c = scalars[index]
    guard c == "\\" else { return Token(kind: .char(c), offset: index, length: 1) }
    var end = index + 1
    guard end < scalars.count else { return Token(kind: .command(""), offset: index, length: 1) }
    if isASCIILetter(scalars[end]) {
      while end < scalars.count, isASCIILetter(scalars[end]) { end += 1 }
    } else {
      end += 1
    }
    var name = ""
    name.unicodeScalars.append(contentsOf: scalars[(index + 1)..<end])
    // A backslash at the end of a line is a control space, as in TeX.
    if name == "\n" || name == "\t" || name == "\r" { name = " " }
    return Token(kind: .command(name), offset: index, length: end - index)
  }

  /// The terminator a token stands for in the current list, if any.
  func stop(_ token: Token, bracket: Bool, dollar: Bool) -> Stop? {
    switch token.kind {
    case .end: return .end
    case .char("}"): return .closeBrace
    case .char("]") where bracket: return .closeBracket
    case .char("$") where dollar: return .dollar
    case .char("&"): return .ampersand
    case .command("right"): return .right
    case .command("middle"): return .middle
    case .command("\\"), .command("cr"): return .newline
    case .command("end"): return .endEnvironment
    default: return nil
    }
  }

  /// The error for a terminator that the innermost open construct does not accept: if an
  /// enclosing construct accepts it, the innermost one was left open; otherwise the
  /// terminator itself is stray.
  func unexpected(_ token: Token, _ stop: Stop) -> TeXError {
    let current = openers[openers.count - 1]
    if openers.dropLast().contains(where: { $0.accepts(stop) }) {
      let problem: Problem
      switch current.kind {
      case .group: problem = .unclosedGroup
      case .left: problem = .unclosedLeft
      case .optional: problem = .unclosedOptionalArgument
      case .textMath: problem = .unclosedTextMath
      case .environment(let name): problem = .unclosedEnvironment(name)
      case .top: problem = .unopenedGroup  // unreachable: nothing encloses the top
      }
      return TeXError(problem, at: current.offset, length: current.length)
    }
    let problem: Problem
    switch stop {
    case .closeBrace, .end, .closeBracket, .dollar: problem = .unopenedGroup
    case .right: problem = .rightWithoutLeft
    case .middle: problem = .middleWithoutLeft
    case .ampersand: problem = .misplacedAmpersand
    case .newline: problem = .misplacedNewline
    case .endEnvironment: problem = .endWithoutBegin
    }
    return TeXError(problem, at: token.offset, length: token.length)
  }

  // MARK: - Lists

  /// Parses atoms up to a terminator, which is returned but not consumed.
  mutating func parseList(bracket: Bool = false, dollar: Bool = false) throws(TeXError) -> (
    [Atom], Token, Stop
  ) {
    var atoms: [Atom] = []
    while true {
      let token = peekToken()
      if let stop = stop(token, bracket: bracket, dollar: dollar) { return (atoms, token, stop) }
      consume(token)
      if case .command(let name) = token.kind, let command = Commands.lookup(name),
        let (rest, end, stop) = try switchRest(
          command, token, before: atoms, bracket: bracket, dollar: dollar)
      {
        return (rest, end, stop)
      }
      if case .command(let name) = token.kind, case .style(let newStyle)? = Commands.lookup(name) {
        // `\displaystyle` restyles the rest of the list.
        let saved = style
        style = newStyle
        let (rest, end, stop) = try parseList(bracket: bracket, dollar: dollar)
        let nodes = layout(rest)
        style = saved
        let node = newStyle.switching(from: saved, nodes) ?? ML.row(nodes)
        atoms.append(Atom(.ord, node))
        return (atoms, end, stop)
      }
      let nucleus = try parseNucleus(token, single: false)
      atoms.append(try attachScripts(to: nucleus))
    }
  }

  /// A braced group after its `{`, up to and including the matching `}`.
  mutating func parseGroup(_ open: Token) throws(TeXError) -> [Atom] {
    openers.append(Opener(kind: .group, offset: open.offset, length: 1))
    let (atoms, token, stop) = try parseList()
    guard stop == .closeBrace else { throw unexpected(token, stop) }
    consume(token)
    openers.removeLast()
    return atoms
  }

  /// One argument of a command: a braced group or a single token. Nil when there is none
  /// (end of input, a terminator, or a script mark).
  mutating func parseArgument() throws(TeXError) -> Atom? {
    let token = peekToken()
    if stop(token, bracket: false, dollar: false) != nil { return nil }
    switch token.kind {
    case .char("^"), .char("_"), .char("'"): return nil
    default: break
    }
    consume(token)
    return try parseNucleus(token, single: true)
  }

  /// An argument that must be there, for `\name`.
  mutating func requireArgument(_ command: Token, usage: String) throws(TeXError) -> Atom {
    guard let atom = try parseArgument() else {
      throw TeXError(
        .missingArgument(command: commandName(command), usage: usage), at: command.offset,
        length: command.length)
    }
    return atom
  }

  func commandName(_ token: Token) -> String {
    if case .command(let name) = token.kind { return name }
    return ""
  }

  // MARK: - Scripts

  /// Attaches primes, subscripts and superscripts that follow a nucleus.
  mutating func attachScripts(to nucleus: Atom) throws(TeXError) -> Atom {
    var lower: Atom?
    var upper: Atom?
    var primes = 0
    var limits = nucleus.limits
    loop: while true {
      let token = peekToken()
      switch token.kind {
      case .char("'"), .char("\u{2032}"):
        if upper != nil { throw TeXError(.doubleScript("^"), at: token.offset, length: 1) }
        consume(token)
        primes += 1
      case .char("^"):
        if upper != nil { throw TeXError(.doubleScript("^"), at: token.offset, length: 1) }
        consume(token)
        let script = try parseScript(token)
        if let count = Parser.primeCount(script.node) {
          // `f^\prime` and `f^{\prime}` are `f'`.
          primes += count
          continue
        }
        upper = script
      case .char("_"):
        if lower != nil { throw TeXError(.doubleScript("_"), at: token.offset, length: 1) }
        consume(token)
        lower = try parseScript(token)
      case .command("limits") where nucleus.kind == .op || nucleus.kind == .function:
        consume(token)
        limits = .always
      case .command("nolimits") where nucleus.kind == .op || nucleus.kind == .function:
        consume(token)
        limits = .never
      default:
        break loop
      }
    }

    var base = nucleus.node
    if primes > 0 {
      // A prime is drawn at full size after its base (f′), not as a superscript: in a
      // superscript, U+2032 (already a raised glyph) comes out tiny and too high.
      let prime = ML.mo(Parser.primes(primes))
      base = isEmptyRow(base) ? prime : ML.element("mrow", [], [base, prime])
    }
    guard lower != nil || upper != nil else {
      return Atom(nucleus.kind, base, limits: limits)
    }
    let under = limits == .always || (limits == .display && style.isDisplay)
    if under, nucleus.kind == .op, !style.isDisplay, primes == 0 {
      // `\sum\limits` in text style: keep the limits where the author put them.
      base = adding([Attribute("movablelimits", "false")], to: base)
    }
    let name: String
    var children = [base]
    switch (lower, upper) {
    case (let sub?, let sup?):
      name = under ? "munderover" : "msubsup"
      children += [sub.node, sup.node]
    case (let sub?, nil):
      name = under ? "munder" : "msub"
      children.append(sub.node)
    case (nil, let sup?):
      name = under ? "mover" : "msup"
      children.append(sup.node)
    case (nil, nil):
      name = "mrow"
    }
    return Atom(nucleus.kind, ML.element(name, [], children), limits: limits)
  }

  mutating func parseScript(_ mark: Token) throws(TeXError) -> Atom {
    let saved = style
    style = style.script
    defer { style = saved }
    guard let atom = try parseArgument() else {
      guard case .char(let c) = mark.kind else { preconditionFailure("script mark") }
      throw TeXError(.missingScript(Character(c)), at: mark.offset, length: 1)
    }
    return atom
  }

  /// How many primes a superscript holding only primes stands for (`^\prime`,
  /// `^{\prime\prime}`), or nil.
  static func primeCount(_ node: Node) -> Int? {
    guard case .element(let e) = node, e.attributes.isEmpty else { return nil }
    if e.name == "mrow" {
      var total = 0
      for child in e.children {
        guard let count = primeCount(child) else { return nil }
        total += count
      }
      return total > 0 ? total : nil
    }
    guard e.name == "mo", e.children.count == 1, case .text(let text) = e.children[0] else {
      return nil
    }
    switch text {
    case "\u{2032}": return 1
    case "\u{2033}": return 2
    case "\u{2034}": return 3
    case "\u{2057}": return 4
    default: return nil
    }
  }

  static func primes(_ count: Int) -> String {
    switch count {
    case 1: return "\u{2032}"
    case 2: return "\u{2033}"
    case 3: return "\u{2034}"
    case 4: return "\u{2057}"
    default: return String(repeating: "\u{2032}", count: count)
    }
  }

  // MARK: - Nuclei

  /// The atom that a token starts, without its scripts. `single` limits letters and digits
  /// to one character, as for a command's argument (`\frac12`).
  mutating func parseNucleus(_ token: Token, single: Bool) throws(TeXError) -> Atom {
    // Nesting recurses; a bound keeps a pathological formula from exhausting the stack of a
    // build thread.
    depth += 1
    defer { depth -= 1 }
    if depth > Parser.maximumDepth {
      throw TeXError(.tooDeep(Parser.maximumDepth), at: token.offset, length: max(token.length, 1))
    }
    switch token.kind {
    case .end:
      return Atom(.ord, ML.element("mrow", [], []))
    case .command(let name):
      return try parseCommand(name, token)
    case .char(let c):
      return try parseCharacter(c, token, single: single)
    }
  }

  mutating func parseCharacter(_ c: Unicode.Scalar, _ token: Token, single: Bool) throws(TeXError)
    -> Atom
  {
    switch c {
    case "{":
      return Atom(.ord, groupNode(try parseGroup(token)))
    case "^", "_":
      // A script with no base: attach it to an empty one.
      position = token.offset
      return Atom(.ord, ML.element("mrow", [], []))
    case "'":
      return Atom(.ord, ML.mo("\u{2032}"))
    case "+": return Atom(.bin, ML.mo("+"))
    case "-", "\u{2212}": return Atom(.bin, ML.mo("\u{2212}"))
    case "*": return Atom(.bin, ML.mo("\u{2217}"))
    case "\u{B7}": return Atom(.bin, ML.mo("\u{22C5}"))
    case "=", "<", ">": return Atom(.rel, ML.mo(String(c)))
    case ":":
      if position < scalars.count, scalars[position] == "=" {
        position += 1
        return Atom(.rel, ML.mo(":="))
      }
      // A relation in TeX (`a : b`); the operator dictionary spaces `:` as punctuation.
      return Atom(
        .rel, ML.mo(":", [Attribute("lspace", "0.2778em"), Attribute("rspace", "0.2778em")]))
    case ",", ";": return Atom(.punct, ML.mo(String(c)))
    case "!", "?": return Atom(.close, ML.mo(String(c)))
    case "(", "[": return Atom(.open, Parser.plainDelimiter(String(c)))
    case ")", "]": return Atom(.close, Parser.plainDelimiter(String(c)))
    case "|": return Atom(.ord, Parser.plainDelimiter("|"))
    case "/": return Atom(.ord, Parser.plainDelimiter("/"))
    case "~": return Atom(.space, ML.space("0.3333em"))
    case "#", "$", "&", "}":
      throw TeXError(.forbiddenCharacter(Character(c)), at: token.offset, length: 1)
    case ".":
      if position < scalars.count, isDigit(scalars[position]) {
        return number(startingAt: token.offset, single: single)
      }
      return Atom(.ord, ML.mi("."))
    default:
      break
    }
    if isASCIILetter(c) { return letters(c, single: single) }
    if isDigit(c) { return number(startingAt: token.offset, single: single) }
    if c.value < 0x80 { return Atom(.ord, ML.mo(String(c))) }
    if let command = Commands.lookup(character: c) { return try apply(command, token) }
    if c.properties.isAlphabetic { return Atom(.ord, identifier(c, upright: false)) }
    if c.properties.numericType != nil { return Atom(.ord, ML.mn(String(c))) }
    return Atom(.ord, ML.mo(String(c)))
  }

  /// A letter, or under a math alphabet a run of letters as one identifier (`\mathrm{diag}`).
  mutating func letters(_ first: Unicode.Scalar, single: Bool) -> Atom {
    guard let font, !single else { return Atom(.ord, identifier(first, upright: false)) }
    var run = [first]
    while case .char(let c) = peekToken().kind, isASCIILetter(c) {
      run.append(c)
      position += 1
    }
    if run.count == 1 { return Atom(.ord, identifier(first, upright: false)) }
    var text = ""
    for c in run { text.unicodeScalars.append(font.map(c) ?? c) }
    return Atom(.ord, ML.mi(text))
  }

  /// A number: digits with at most one decimal point (`0.98`, `.5`); one digit if `single`.
  mutating func number(startingAt start: Int, single: Bool) -> Atom {
    var end = start + 1
    if !single {
      var seenPoint = scalars[start] == "."
      while end < scalars.count {
        let c = scalars[end]
        if isDigit(c) {
          end += 1
        } else if c == ".", !seenPoint, end + 1 < scalars.count, isDigit(scalars[end + 1]) {
          seenPoint = true
          end += 1
        } else {
          break
        }
      }
    }
    position = end
    var text = ""
    for c in scalars[start..<end] { text.unicodeScalars.append(font?.map(c) ?? c) }
    return Atom(.ord, ML.mn(text))
  }

  /// A one-character identifier in the current math alphabet.
  func identifier(_ c: Unicode.Scalar, upright: Bool) -> Node {
    switch font {
    case nil: return ML.mi(String(c), upright: upright)
    case .roman?: return ML.mi(String(c), upright: true)
    case let font?:
      if let mapped = font.map(c) { return ML.mi(String(mapped)) }
      return ML.mi(String(c), upright: upright)
    }
  }

  /// A delimiter used without `\left`/`\right`: TeX does not stretch it. Bars and slashes are
  /// ordinary symbols, so they also lose the spacing the operator dictionary would give them.
  static func plainDelimiter(_ text: String) -> Node {
    switch text {
    case "|", "‖", "/", "\\":
      return ML.mo(
        text,
        [Attribute("stretchy", "false"), Attribute("lspace", "0"), Attribute("rspace", "0")])
    default:
      return ML.mo(text, [Attribute("stretchy", "false")])
    }
  }

  func groupNode(_ atoms: [Atom]) -> Node { ML.row(layout(atoms)) }

  /// Lays out a list in the current style.
  func layout(_ atoms: [Atom], leadingOperand: Bool = false) -> [Node] {
    Row.layout(atoms, leadingOperand: leadingOperand, script: style.scriptLevel > 0)
  }
}

func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
  (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0x61 && c.value <= 0x7A)
}

func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

func isEmptyRow(_ node: Node) -> Bool {
  if case .element(let e) = node, e.name == "mrow", e.children.isEmpty { return true }
  return false
}

/// Sets attributes on a bare `<mo>`, replacing any of the same name; other nodes are
/// returned unchanged.
func adding(_ attributes: [Attribute], to node: Node) -> Node {
  guard case .element(var element) = node, element.name == "mo" else { return node }
  for attribute in attributes {
    if let index = element.attributes.firstIndex(where: { $0.name == attribute.name }) {
      element.attributes[index] = attribute
    } else {
      element.attributes.append(attribute)
    }
  }
  return .element(element)
}
