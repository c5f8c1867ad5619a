extension TeX {
  /// A formula as readable one-line text, for search indexes and snippets: Greek letters and
  /// symbols become their characters (`\beta` → β, `\leq` → ≤), function names stay
  /// (`\log` → log), structure commands and braces disappear (`\frac{a}{b}` → a b).
  ///
  /// Not a rendering: it never fails, and unknown commands are dropped.
  public static func plainText(_ source: String) -> String {
    var out = ""
    var scalars = Array(source.unicodeScalars)[...]
    while let c = scalars.popFirst() {
      switch c {
      case "\\":
        var name = ""
        while let next = scalars.first, ("a"..."z").contains(next) || ("A"..."Z").contains(next) {
          name.unicodeScalars.append(next)
          scalars.removeFirst()
        }
        if name.isEmpty, let escaped = scalars.popFirst() {
          // `\,` and friends are spaces; `\{` `\%` are the characters themselves.
          out += ",;:! ".unicodeScalars.contains(escaped) ? " " : String(escaped)
          continue
        }
        switch Commands.lookup(name) {
        case .greek(let scalar, _): out.unicodeScalars.append(scalar)
        case .identifier(let text, _), .symbol(let text, _), .delimiter(let text, _),
          .largeOperator(let text, _), .function(let text, _), .big(let text, _):
          out += text
        case .space: out += " "
        default: break
        }
      case "}" where scalars.first == "{": out += " "  // between arguments: \frac{a}{b}
      case "{", "}", "&": break
      case "~": out += " "
      default: out.unicodeScalars.append(c)
      }
    }
    return out.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
  }
}
