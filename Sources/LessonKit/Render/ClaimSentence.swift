import LessonMarkup

/// An `{expect}` claim as the reader's sentence, with the numbers that were checked:
/// `windows.weight[0.98] == 0.367879 ± 2%` under Figure 2 reads "In Figure 2, weight at
/// β = 0.98 is 0.3679 (expected 0.3679 ± 2 %)."
///
/// A value is named from the pattern its directive declares (`weight[β]` makes
/// `weight[0.98]` "weight at β = 0.98", `first-step[run]` makes `first-step[adam]` "first step
/// for adam") and shown in its own format, as `{value}` shows it.
struct ClaimSentence {
  /// The lesson's values by directive name.
  var values: [String: [NamedValue]]
  /// The values each directive declares (patterns such as `weight[β]`), by directive name.
  var declarations: [String: [ValueDeclaration]]
  /// The one figure or table a directive's values belong to, by directive name: "Figure 2".
  var shownIn: [String: String]

  func sentence(_ claim: Claim, _ outcome: Claim.Outcome) -> String {
    let left = describe(claim.left)
    let a = number(claim.left, outcome.left)
    let b = number(claim.right, outcome.right)
    let right = isNumber(claim.right) ? b : "\(describe(claim.right)) = \(b)"
    var tolerance = ""
    switch claim.tolerance {
    case .absolute(let t): tolerance = " ± " + NumberFormat.display(t)
    case .relative(let t): tolerance = " ± " + NumberFormat.display(t * 100) + " %"
    case nil: break
    }
    let expected: String
    switch claim.op {
    case .equal: expected = right + tolerance
    case .notEqual: expected = "not " + right + tolerance
    case .less: expected = "less than " + right
    case .lessOrEqual: expected = "at most " + right
    case .greater: expected = "more than " + right
    case .greaterOrEqual: expected = "at least " + right
    }
    var text = "\(left) is \(a) (expected \(expected))."
    // "In Figure 2, …" when every value of the claim belongs to one figure or table.
    let places = Set(names(in: claim).compactMap { shownIn[$0] })
    if places.count == 1, let place = places.first {
      text = "In \(place), " + text
    } else {
      text = "Checked: " + text
    }
    return text
  }

  private func names(in claim: Claim) -> [String] { claim.names }

  private func isNumber(_ expression: Claim.Expression) -> Bool {
    if case .number = expression { return true }
    return false
  }

  /// The value of a side, formatted as the page formats it: a lone value in its own style.
  private func number(_ expression: Claim.Expression, _ value: Double) -> String {
    switch expression {
    case .number: return NumberFormat.display(value)
    case .value(let name, let key, _):
      let style = values[name]?.first(where: { $0.key == key })?.style ?? .significant(4)
      return NumberFormat.display(value, style)
    default: return NumberFormat.display(value, .significant(4))
    }
  }

  /// A side in words: "weight at β = 0.98 × 2", "(a + b) ÷ 2", "−(x)".
  private func describe(_ expression: Claim.Expression) -> String {
    switch expression {
    case .number(let value): return NumberFormat.display(value)
    case .value(let name, let key, _): return describe(key: key, of: name)
    case .negate(let a): return "−" + operand(a, of: "*")
    case .binary(let op, let a, let b):
      let symbol = ["+": " + ", "-": " − ", "*": " × ", "/": " ÷ "][op] ?? " \(op) "
      // The right operand of − and ÷ is bracketed when it is itself a sum or product.
      return operand(a, of: op) + symbol + operand(b, of: op, right: true)
    }
  }

  /// Brackets a sum inside a product (and any compound right side of − or ÷).
  private func operand(_ e: Claim.Expression, of op: Character, right: Bool = false) -> String {
    guard case .binary(let inner, _, _) = e else { return describe(e) }
    let innerSum = inner == "+" || inner == "-"
    let outerProduct = op == "*" || op == "/"
    let needs =
      (innerSum && outerProduct)
      || (right && (op == "-" || op == "/") && (innerSum || outerProduct))
    return needs ? "(" + describe(e) + ")" : describe(e)
  }

  /// `weight[0.98]` with the pattern `weight[β]`: "weight at β = 0.98".
  func describe(key: String, of name: String) -> String {
    let (base, arguments) = Self.split(key)
    let words = base.replacing("-", with: " ")
    guard !arguments.isEmpty else { return words }
    let pattern = declarations[name]?.map { Self.split($0.key) }.first {
      $0.base == base && $0.arguments.count == arguments.count
    }
    guard let parameters = pattern?.arguments, parameters != arguments else {
      return words + " (" + arguments.joined(separator: ", ") + ")"
    }
    // One-letter parameters (β, t, b, i) read "at β = 0.98"; word ones (run) "for adam".
    let single = zip(parameters, arguments).filter { $0.0.count == 1 }
    let named = zip(parameters, arguments).filter { $0.0.count != 1 }.map(\.1)
    var out = words
    if !single.isEmpty {
      out += " at " + single.map { "\($0.0) = \(Self.typographic($0.1))" }.joined(separator: ", ")
    }
    if !named.isEmpty { out += " for " + named.joined(separator: ", ") }
    return out
  }

  /// `weight[0.98][2]` → ("weight", ["0.98", "2"]).
  private static func split(_ key: String) -> (base: String, arguments: [String]) {
    guard let open = key.firstIndex(of: "[") else { return (key, []) }
    let arguments = key[open...].split(whereSeparator: { $0 == "[" || $0 == "]" }).map(String.init)
    return (String(key[..<open]), arguments)
  }

  /// A number written in a key (`-0.5`, `1e-3`) as the page writes numbers.
  private static func typographic(_ text: String) -> String {
    Double(text) != nil ? NumberFormat.typographic(text) : text
  }
}
