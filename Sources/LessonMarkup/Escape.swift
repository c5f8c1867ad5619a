/// The one place where text becomes markup.
///
/// Every string that reaches an HTML page, an SVG figure or a MathML formula passes through
/// `escapeText` or `escapeAttribute` (directly or through `Element`). Characters that XML 1.0
/// forbids (C0 controls other than tab, newline and carriage return, and unpaired surrogates,
/// which Swift strings cannot hold anyway) are replaced by U+FFFD so that every SVG we write
/// stays well-formed.
public enum Escape {
  /// Escapes `&`, `<` and `>` for use as element content.
  public static func text(_ string: String) -> String {
    var out = ""
    out.reserveCapacity(string.utf8.count)
    append(string, to: &out, quotes: false)
    return out
  }

  /// Escapes `&`, `<`, `>` and `"` for use inside a double-quoted attribute value.
  public static func attribute(_ string: String) -> String {
    var out = ""
    out.reserveCapacity(string.utf8.count)
    append(string, to: &out, quotes: true)
    return out
  }

  /// Appends `string` escaped to `out`; `quotes` also escapes `"`.
  public static func append(_ string: String, to out: inout String, quotes: Bool) {
    // Fast path: most strings need no escaping at all.
    if !string.utf8.contains(where: { needsEscape($0, quotes: quotes) }) {
      out += string
      return
    }
    for scalar in string.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"" where quotes: out += "&quot;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      case _
      where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE
        || scalar.value == 0xFFFF:
        out += "\u{FFFD}"
      default: out.unicodeScalars.append(scalar)
      }
    }
  }

  private static func needsEscape(_ byte: UInt8, quotes: Bool) -> Bool {
    switch byte {
    case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"): return true
    case UInt8(ascii: "\""): return quotes
    case 0x09, 0x0A, 0x0D: return false
    case 0x00..<0x20, 0x7F: return true
    case 0xEF: return true  // may start U+FFFE / U+FFFF; the slow path decides
    default: return false
    }
  }
}
