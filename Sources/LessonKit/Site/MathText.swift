import LessonMarkup
import LessonTeX

/// A formula as one line of readable text, for the search index and its snippets: the
/// structure the reader sees is kept in linear notation, so `\hat v_t = \frac{v_t}{1-\beta^t}`
/// reads "v̂_t = v_t/(1 − β^t)", not "v_t = v_t 1 - β^t" (a lost fraction reads as a
/// different formula).
///
/// It walks the MathML that LessonTeX makes for the page (so it reads exactly what is shown):
/// fractions become `a/(b)` (parentheses where a part is more than one symbol), scripts `x_i`,
/// `x^2`, `x_i^2` (grouped in parentheses when longer than one term), roots `√(x)`, accents
/// combine with their letter (v̂, x̄). A formula LessonTeX cannot convert reads as its source.
enum MathText {
  static func linear(_ tex: String) -> String {
    guard case .success(let math) = TeX.math(tex, display: false) else { return tex }
    return squeeze(text(of: .element(math)))
  }

  private static func text(of node: Node) -> String {
    switch node {
    case .text(let text): return text
    case .raw: return ""
    case .element(let e): return text(of: e)
    }
  }

  private static func text(of e: Element) -> String {
    let parts = e.children.compactMap { child -> Element? in
      if case .element(let element) = child { return element }
      return nil
    }
    func part(_ index: Int) -> String { index < parts.count ? text(of: parts[index]) : "" }
    switch e.name {
    case "annotation": return ""
    case "semantics": return parts.first.map(text(of:)) ?? ""
    case "mo": return op(e)
    case "mspace": return " "
    case "mfrac":
      // A binomial coefficient (no rule) is written (n over k).
      if e.attributes.contains(where: { $0.name == "linethickness" && $0.value == "0" }) {
        return "\(part(0)) over \(part(1))"
      }
      return group(part(0)) + "/" + group(part(1))
    case "msqrt": return "√" + group(e.children.map(text(of:)).joined())
    case "mroot": return "root " + part(1) + " of " + group(part(0))
    case "msub", "munder": return script(part(0), "_", part(1))
    case "msup": return script(part(0), "^", part(1))
    case "msubsup", "munderover":
      return script(script(part(0), "_", part(1)), "^", part(2))
    case "mover":
      let base = part(0)
      let mark = squeeze(part(1))
      if e.attributes.contains(where: { $0.name == "accent" && $0.value == "true" }),
        let combining = combining[mark], base.count == 1
      {
        return base + combining
      }
      return script(base, "^", mark)
    case "mtable":
      return parts.map(text(of:)).map(squeeze).joined(separator: "; ")
    // The cells of an aligned row continue one line: `z &= Wa` reads "z = Wa".
    case "mtr": return parts.map(text(of:)).map(squeeze).joined(separator: " ")
    default: return e.children.map(text(of:)).joined()
    }
  }

  /// An operator with the spacing a reader expects: `a = b`, `a + b`, but `−b`, `f(x)`,
  /// `a/b`, `x, y`.
  private static func op(_ e: Element) -> String {
    let symbol = e.children.map(text(of:)).joined()
    func attribute(_ name: String) -> String? {
      e.attributes.first(where: { $0.name == name })?.value ?? nil
    }
    // Function application and invisible times are read as a space and as nothing.
    if symbol == "\u{2061}" { return " " }
    if symbol == "\u{2062}" || symbol == "\u{2063}" { return "" }
    if attribute("form") == "prefix" || attribute("form") == "postfix" { return symbol }
    // Binary operators and relations are spaced even where the page sets them tight (in a
    // script or a fraction), so that "1 − β" is found wherever it appears.
    if spaced.contains(symbol) { return " " + symbol + " " }
    if attribute("lspace") == "0" && attribute("rspace") == "0" { return symbol }
    switch symbol {
    case "(", "[", "{", "|", "‖", "⟨", ")", "]", "}", "⟩", "!", "′", "″", ".", "…", "⋯":
      return symbol
    case ",", ";", ":": return symbol + " "
    default: return " " + symbol + " "
    }
  }

  private static func script(_ base: String, _ mark: String, _ script: String) -> String {
    // Scripts are set tight, as on the page: v_(t−1), ∑_(i=1)^m.
    var s = squeeze(script)
    // (Only the symbols it holds: `replacing` is slow, and a script rarely has any.)
    if s.utf8.contains(UInt8(ascii: " ")) {
      let scalars = Set(s.unicodeScalars)
      for symbol in spaced where scalars.contains(symbol.unicodeScalars.first!) {
        s = s.replacing(" \(symbol) ", with: symbol)
      }
    }
    let b = squeeze(base)
    guard !s.isEmpty else { return base }
    // A sum or product with its limits is followed by what it sums: "∑_(i=1)^m x_i".
    let bigOperator = ["∑", "∏", "∫", "⋃", "⋂", "lim", "max", "min"].contains { b.hasPrefix($0) }
    return (bigOperator ? " " : "") + b + mark + group(s, script: true) + (bigOperator ? " " : "")
  }

  /// Parentheses around a part of more than one term: one with a space, an operator or (in
  /// a script) a script of its own outside any brackets. `v_t`, `√(1 − β)`, `(i)` stay bare.
  private static func group(_ text: String, script: Bool = false) -> String {
    let t = squeeze(text)
    let separators = script ? scriptSeparators : separators
    var depth = 0
    for (offset, c) in t.enumerated() {
      if "([{".contains(c) { depth += 1 }
      if ")]}".contains(c) { depth -= 1 }
      // A leading minus belongs to the number: 10^−8.
      if depth == 0, separators.contains(c), !(offset == 0 && c == "−") { return "(" + t + ")" }
    }
    return t
  }

  private static let separators: Set<Character> = [" ", "+", "−", "-", "/", ",", "="]
  private static let scriptSeparators = separators.union(["_", "^"])

  /// One space between words, none at the ends.
  private static func squeeze(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\u{00A0}" }).joined(
      separator: " ")
  }

  /// In a fixed order: tightening scripts must not depend on hashing.
  private static let spaced: [String] = [
    "+", "−", "±", "∓", "×", "÷", "⋅", "·", "=", "≠", "<", ">", "≤", "≥", "≈", "≡", "∼", "≃", "∝",
    "←", "→", "⇒", "⇔", "↦", "∈", "∉", "⊂", "⊆", "∪", "∩", "∧", "∨",
  ]

  /// Accents as combining marks over one letter.
  private static let combining: [String: String] = [
    "\u{02C6}": "\u{0302}", "\u{02DC}": "\u{0303}", "\u{00AF}": "\u{0304}", "\u{02C7}": "\u{030C}",
    "\u{02D8}": "\u{0306}", "\u{00B4}": "\u{0301}", "\u{02CB}": "\u{0300}", "\u{02D9}": "\u{0307}",
    "\u{00A8}": "\u{0308}", "\u{02DA}": "\u{030A}", "→": "\u{20D7}",
  ]
}
