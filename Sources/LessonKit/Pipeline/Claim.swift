import LessonMarkdown
import LessonMarkup

/// The claims of one `{expect}` block, parsed; checked once the lesson's directives ran.
struct ExpectBlock: Sendable {
  /// `{expect}` is built in: it needs the values of the lesson's other directives.
  static let directiveName = "expect"

  var block: DirectiveBlock
  var claims: [Claim]

  /// Parses the block's body: a YAML list of claims, one per line.
  init(_ block: DirectiveBlock, path: String, diagnostics: inout [Diagnostic]) {
    self.block = block
    claims = []
    if let argument = block.argument {
      diagnostics.append(
        .error(
          "unexpected text '\(argument.text)' after directive {expect}", path: path,
          at: argument.location, length: argument.text.unicodeScalars.count,
          notes: ["the claims go in the block, one '- claim' per line"]))
    }
    guard let options = block.options, case .sequence(let items) = options.value else {
      diagnostics.append(
        .error(
          "{expect} holds a list of claims, one per line, e.g. '- temps.window[0.98] == 50 ± 0.5'",
          path: path, at: block.options?.location ?? block.nameLocation))
      return
    }
    for var item in items {
      // `- every frame: …` reads as a mapping of one key in YAML: take it as the claim's prefix.
      var prefix = ""
      if case .mapping(let entries) = item.value, entries.count == 1,
        entries[0].key == "every frame", entries[0].value.scalar != nil
      {
        prefix = "every frame: "
        item = entries[0].value
        item.location.column -= prefix.unicodeScalars.count
      }
      guard let text = item.scalar.map({ prefix + $0 }), !item.isNull else {
        diagnostics.append(
          .error(
            "a claim is one line of text, not \(item.kindDescription)", path: path,
            at: item.location))
        continue
      }
      var start = item.location
      if case .scalar(_, plain: false) = item.value { start.column += 1 }
      do throws(Claim.ParseError) {
        claims.append(try Claim(text, at: start))
      } catch {
        diagnostics.append(error.diagnostic(path: path, start: start))
      }
    }
  }
}

/// One assertion of an `{expect}` block, e.g. `temps.window[0.98] == 50 ± 0.5`.
///
/// ```
/// claim      = expression operator expression [± tolerance [%]]
/// operator   = < | <= | > | >= | == | !=
/// expression = product { (+ | − | -) product }
/// product    = factor { (* | /) factor }
/// factor     = number | name.key | ( expression ) | − factor
/// ```
///
/// `name.key` is a value a directive of the lesson publishes. Keys may contain `-`
/// (`three.v-hat[2]`), so a subtraction needs a space before its `−`.
///
/// The tolerance applies to `==` and `!=`: absolute (`± 0.5`) or relative to the right-hand
/// side (`± 1%`). Without one, `==` allows a relative difference of 1e-9 (rounding).
///
/// A claim about an explorable block holds for the frame shown first; written
/// `every frame: …`, it must hold for each of the block's frames.
struct Claim: Sendable, Equatable {
  enum Operator: String, Sendable, CaseIterable {
    case lessOrEqual = "<=", greaterOrEqual = ">=", equal = "==", notEqual = "!=", less = "<",
      greater = ">"
  }

  /// An arithmetic expression over numbers and named values.
  indirect enum Expression: Sendable, Equatable {
    case number(Double)
    /// A directive's name and the key of one of its values; `column` is its offset in the text.
    case value(name: String, key: String, column: Int)
    /// `+`, `-`, `*` or `/`.
    case binary(Character, Expression, Expression)
    case negate(Expression)

    /// The directive names the expression reads, in order.
    var names: [String] {
      switch self {
      case .number: return []
      case .value(let name, _, _): return [name]
      case .binary(_, let a, let b): return a.names + b.names
      case .negate(let a): return a.names
      }
    }

    /// Evaluates the expression; an unknown value is reported with "did you mean".
    func evaluate(_ values: [String: [NamedValue]]) throws(ParseError) -> Double {
      switch self {
      case .number(let value): return value
      case .negate(let a): return -(try a.evaluate(values))
      case .binary(let op, let a, let b):
        let x = try a.evaluate(values)
        let y = try b.evaluate(values)
        switch op {
        case "+": return x + y
        case "-": return x - y
        case "*": return x * y
        default: return x / y
        }
      case .value(let name, let key, let column):
        guard let published = values[name] else {
          var message = "no directive named '\(name)' in this lesson"
          if let guess = Spelling.suggestion(for: name, among: values.keys.sorted()) {
            message += "; did you mean '\(guess)'?"
          }
          throw ParseError(message: message, offset: column)
        }
        guard let value = published.first(where: { $0.key == key }) else {
          var message = "{\(name)} publishes no value '\(key)'"
          if let guess = Spelling.suggestion(for: key, among: published.map(\.key)) {
            message += "; did you mean '\(name).\(guess)'?"
          }
          throw ParseError(message: message, offset: column)
        }
        return value.value
      }
    }

    /// Parses a whole expression (`text` starts at offset 0), e.g. an exercise's answer.
    static func parse(_ text: String) throws(ParseError) -> Expression {
      var scanner = ClaimScanner(Array(text.unicodeScalars))
      let expression = try scanner.expression()
      scanner.skipSpaces()
      guard scanner.atEnd else {
        throw ParseError(message: "unexpected '\(scanner.rest)'", offset: scanner.position)
      }
      return expression
    }
  }

  enum Tolerance: Sendable, Equatable {
    case absolute(Double)
    case relative(Double)
  }

  var text: String
  var location: SourceLocation
  /// `every frame: …`: checked on every frame of the explorable blocks it names.
  var everyFrame: Bool
  var left: Expression
  var op: Operator
  var right: Expression
  var tolerance: Tolerance?

  struct ParseError: Error {
    var message: String
    /// Offset in the claim's text.
    var offset: Int

    /// The error as a diagnostic, in a claim or expression whose text starts at `start`.
    func diagnostic(path: String, start: SourceLocation) -> Diagnostic {
      .error(
        message, path: path,
        at: SourceLocation(line: start.line, column: start.column + offset))
    }
  }

  /// Parses `text`, which starts at `location` in the lesson.
  init(_ text: String, at location: SourceLocation) throws(ParseError) {
    self.text = text
    self.location = location
    var scanner = ClaimScanner(Array(text.unicodeScalars))
    everyFrame = scanner.everyFrame()
    left = try scanner.expression()
    guard let op = scanner.comparison() else {
      throw ParseError(
        message: "expected a comparison (<, <=, >, >=, ==, !=) after '\(scanner.consumed)'",
        offset: scanner.position)
    }
    self.op = op
    right = try scanner.expression()
    if scanner.tolerance() {
      let value = try scanner.number()
      let relative = scanner.percent()
      guard value >= 0 else {
        throw ParseError(message: "a tolerance cannot be negative", offset: scanner.position)
      }
      guard op == .equal || op == .notEqual else {
        throw ParseError(
          message: "a tolerance (±) only goes with == or !=", offset: scanner.position)
      }
      tolerance = relative ? .relative(value / 100) : .absolute(value)
    }
    scanner.skipSpaces()
    guard scanner.atEnd else {
      throw ParseError(message: "unexpected '\(scanner.rest)'", offset: scanner.position)
    }
  }

  /// The outcome of checking a claim against a lesson's values.
  struct Outcome: Sendable {
    var holds: Bool
    var left: Double
    var right: Double
  }

  /// The directive names the claim's values come from.
  var names: [String] { left.names + right.names }

  /// Evaluates the claim; an unknown value is reported with "did you mean".
  func evaluate(_ values: [String: [NamedValue]]) throws(ParseError) -> Outcome {
    let a = try left.evaluate(values)
    let b = try right.evaluate(values)
    let holds: Bool
    switch op {
    case .less: holds = a < b
    case .lessOrEqual: holds = a <= b
    case .greater: holds = a > b
    case .greaterOrEqual: holds = a >= b
    case .equal, .notEqual:
      let allowed: Double
      switch tolerance {
      case .absolute(let t): allowed = t
      case .relative(let t): allowed = t * abs(b)
      case nil: allowed = 1e-9 * max(abs(a), abs(b))
      }
      let equal = abs(a - b) <= allowed
      holds = op == .equal ? equal : !equal
    }
    return Outcome(holds: holds && a.isFinite && b.isFinite, left: a, right: b)
  }

  /// `left` and `right` of a failed claim, for its message.
  func describe(_ outcome: Outcome) -> String {
    func side(_ expression: Expression, _ value: Double) -> String {
      if case .number = expression {
        return NumberFormat.ascii(value)
      }
      return "\(NumberFormat.ascii(value, .significant(6)))"
    }
    var text =
      "left side is \(side(left, outcome.left)), right side is \(side(right, outcome.right))"
    switch tolerance {
    case .absolute(let t): text += " ± \(NumberFormat.ascii(t))"
    case .relative(let t): text += " ± \(NumberFormat.ascii(t * 100))%"
    case nil: break
    }
    return text
  }
}

/// Reads a claim's characters left to right.
private struct ClaimScanner {
  let scalars: [Unicode.Scalar]
  var position = 0

  init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

  var atEnd: Bool { position >= scalars.count }
  var consumed: String {
    String(
      String.UnicodeScalarView(
        scalars[..<position].drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()))
  }
  var rest: String { String(String.UnicodeScalarView(scalars[position...])) }

  mutating func skipSpaces() {
    while !atEnd, scalars[position] == " " || scalars[position] == "\t" { position += 1 }
  }

  mutating func expression() throws(Claim.ParseError) -> Claim.Expression {
    var result = try product()
    while true {
      skipSpaces()
      guard !atEnd else { break }
      let s = scalars[position]
      // `+-` is the tolerance, not an addition.
      let tolerance = s == "+" && position + 1 < scalars.count && scalars[position + 1] == "-"
      guard s == "+" || s == "-" || s == "\u{2212}", !tolerance else { break }
      position += 1
      result = .binary(s == "+" ? "+" : "-", result, try product())
    }
    return result
  }

  mutating func product() throws(Claim.ParseError) -> Claim.Expression {
    var result = try factor()
    while true {
      skipSpaces()
      guard !atEnd, scalars[position] == "*" || scalars[position] == "/" else { break }
      let op = Character(scalars[position])
      position += 1
      result = .binary(op, result, try factor())
    }
    return result
  }

  mutating func factor() throws(Claim.ParseError) -> Claim.Expression {
    skipSpaces()
    guard !atEnd else {
      throw Claim.ParseError(
        message: "expected a number or a value such as temps.window[0.98]", offset: position)
    }
    let c = scalars[position]
    if c == "-" || c == "\u{2212}" {
      position += 1
      return .negate(try factor())
    }
    if c == "(" {
      let open = position
      position += 1
      let inner = try expression()
      skipSpaces()
      guard !atEnd, scalars[position] == ")" else {
        throw Claim.ParseError(message: "this '(' is not closed", offset: open)
      }
      position += 1
      return inner
    }
    if ("0"..."9").contains(c) || c == "+" || c == "." {
      return .number(try number())
    }
    guard c.isNameCharacter(first: true) else {
      throw Claim.ParseError(
        message: "expected a number or a value such as temps.window[0.98], not '\(c)'",
        offset: position)
    }
    let start = position
    var name = ""
    while !atEnd, scalars[position].isNameCharacter(first: false) {
      name.unicodeScalars.append(scalars[position])
      position += 1
    }
    guard !atEnd, scalars[position] == "." else {
      throw Claim.ParseError(
        message: "write a value as name.key, e.g. temps.window[0.98]", offset: position)
    }
    position += 1
    var key = ""
    var depth = 0
    while !atEnd {
      let s = scalars[position]
      if s == "[" { depth += 1 } else if s == "]" { depth -= 1 }
      let allowed =
        s.isNameCharacter(first: false) || s == "." || s == "[" || s == "]"
        || (depth > 0 && s != " ")
      guard allowed, depth >= 0 else { break }
      key.unicodeScalars.append(s)
      position += 1
    }
    guard !key.isEmpty else {
      throw Claim.ParseError(message: "missing the key after '\(name).'", offset: position)
    }
    return .value(name: name, key: key, column: start)
  }

  mutating func number() throws(Claim.ParseError) -> Double {
    skipSpaces()
    let start = position
    var text = ""
    while !atEnd {
      let s = scalars[position]
      let exponentSign = (s == "-" || s == "+") && (text.last == "e" || text.last == "E")
      guard
        ("0"..."9").contains(s) || s == "." || s == "e" || s == "E" || exponentSign
          || ((s == "-" || s == "+") && text.isEmpty)
      else { break }
      text.unicodeScalars.append(s)
      position += 1
    }
    guard let value = Double(text), value.isFinite else {
      throw Claim.ParseError(message: "'\(text)' is not a number", offset: start)
    }
    return value
  }

  /// Reads `every frame:` at the start.
  mutating func everyFrame() -> Bool {
    let prefix = Array("every frame:".unicodeScalars)
    guard scalars.starts(with: prefix) else { return false }
    position = prefix.count
    return true
  }

  mutating func comparison() -> Claim.Operator? {
    skipSpaces()
    for op in Claim.Operator.allCases {
      let symbol = Array(op.rawValue.unicodeScalars)
      if position + symbol.count <= scalars.count,
        Array(scalars[position..<position + symbol.count]) == symbol
      {
        position += symbol.count
        return op
      }
    }
    return nil
  }

  mutating func tolerance() -> Bool {
    skipSpaces()
    if !atEnd, scalars[position] == "±" {
      position += 1
      return true
    }
    if position + 1 < scalars.count, scalars[position] == "+", scalars[position + 1] == "-" {
      position += 2
      return true
    }
    return false
  }

  mutating func percent() -> Bool {
    skipSpaces()
    if !atEnd, scalars[position] == "%" {
      position += 1
      return true
    }
    return false
  }
}
