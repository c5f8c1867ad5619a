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
    // Fast path: most strings need no escaping at all; a table lookup per byte tells.
    let mask: UInt8 = quotes ? 3 : 1
    let clean =
      string.utf8.withContiguousStorageIfAvailable { bytes in
        var found: UInt8 = 0
        for byte in bytes { found |= escapeTable[Int(byte)] }
        return found & mask == 0
      } ?? !string.utf8.contains(where: { escapeTable[Int($0)] & mask != 0 })
    if clean {
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

  /// Per byte: 1 when text needs the slow path for it, 2 when an attribute does too (`"`).
  /// 0xEF may start U+FFFE or U+FFFF, which the slow path decides.
  private static let escapeTable: [UInt8] = (0...255).map { byte -> UInt8 in
    switch byte {
    case 0x26, 0x3C, 0x3E: 1  // & < >
    case 0x22: 2  // "
    case 0x09, 0x0A, 0x0D: 0
    case 0x00..<0x20, 0x7F, 0xEF: 1
    default: 0
    }
  }
}
