import Foundation

/// How a number is written: the one place where numbers become text.
///
/// Formatting never depends on the process locale: `snprintf` in the C locale (a `.` decimal
/// point, no grouping), which the process never changes. The
/// mini-language of `init(spec:)` follows Python's format specifications (`.2f`, `.3g`,
/// `.2e`, `.1%`, `d`), so a lesson author who knows Python or Quarto knows it already.
public enum NumberStyle: Sendable, Equatable, Codable {
  /// Integers without a decimal point; others with up to six significant digits.
  case automatic
  /// A fixed number of decimals, like `%.2f`.
  case fixed(Int)
  /// A number of significant digits, like Python's `.3g` (trailing zeros dropped).
  case significant(Int)
  /// Scientific notation with a number of decimals, like `%.2e`.
  case scientific(Int)
  /// The number times 100 with a fixed number of decimals and a `%` sign, like `.1%`.
  case percent(Int)
  /// Rounded to the nearest integer (half to even, as `printf`'s `%.0f`); spelled `d`.
  case integer

  /// Parses a Python-style format specification; returns nil when it is not one.
  ///
  /// Accepted: `f`, `.Nf`, `g`, `.Ng`, `e`, `.Ne`, `%`, `.N%`, `d` (N from 0 to 17).
  public init?(spec: String) {
    guard let kind = spec.last else { return nil }
    let body = spec.dropLast()
    var precision: Int?
    if !body.isEmpty {
      guard body.first == ".", let digits = Int(body.dropFirst()), (0...17).contains(digits),
        body.dropFirst().allSatisfy(\.isASCII)
      else { return nil }
      precision = digits
    }
    switch kind {
    case "f": self = .fixed(precision ?? 6)
    case "g": self = .significant(max(precision ?? 6, 1))
    case "e": self = .scientific(precision ?? 6)
    case "%": self = .percent(precision ?? 6)
    case "d" where precision == nil: self = .integer
    default: return nil
    }
  }
}

public enum NumberFormat {
  /// Formats `value` in plain ASCII (`-1.5e-05`, `nan`, `inf`): for CSV, JSON and tests.
  public static func ascii(_ value: Double, _ style: NumberStyle = .automatic) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    switch style {
    case .automatic:
      if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
      return cFormat("%.6g", value)
    case .fixed(let digits): return cFormat("%.\(digits)f", value)
    case .significant(let digits): return cFormat("%.\(digits)g", value)
    case .scientific(let digits): return cFormat("%.\(digits)e", value)
    case .percent(let digits): return cFormat("%.\(digits)f", value * 100) + "%"
    case .integer: return cFormat("%.0f", value)
    }
  }

  /// Formats `value` for a reader: a true minus sign (−), `×10⁻⁵` instead of `e-05`,
  /// `∞` and `NaN`.
  public static func display(_ value: Double, _ style: NumberStyle = .automatic) -> String {
    typographic(ascii(value, style))
  }

  /// Rewrites an ASCII number (as `ascii` writes it) for a reader.
  public static func typographic(_ ascii: String) -> String {
    switch ascii {
    case "nan": return "NaN"
    case "inf": return "∞"
    case "-inf": return "−∞"
    default: break
    }
    var mantissa = Substring(ascii)
    var exponent: Int?
    if let e = ascii.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = ascii[..<e]
      exponent = Int(ascii[ascii.index(after: e)...])
    }
    var out = mantissa.replacingOccurrences(of: "-", with: "\u{2212}")
    if let exponent {
      if mantissa == "1" {
        out = "10" + superscript(exponent)
      } else if mantissa == "-1" {
        out = "\u{2212}10" + superscript(exponent)
      } else {
        out += "\u{2009}×\u{2009}10" + superscript(exponent)
      }
    }
    return out
  }

  /// Writes an integer with superscript digits and minus sign: `-5` → `⁻⁵`.
  public static func superscript(_ exponent: Int) -> String {
    let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    var out = exponent < 0 ? "⁻" : ""
    for ch in String(exponent.magnitude) { out.append(digits[Int(String(ch))!]) }
    return out
  }

  /// Writes a coordinate with at most `decimals` decimals and no trailing zeros
  /// (`12.5`, `-3`, `0.25`): fast and exact, for the many numbers inside SVG paths.
  ///
  /// Non-finite input is written as `0`; callers clip before they format.
  public static func compact(_ value: Double, decimals: Int = 2) -> String {
    precondition((0...9).contains(decimals), "compact supports 0…9 decimals")
    guard value.isFinite else { return "0" }
    var scale: Int64 = 1
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (value * Double(scale)).rounded()
    guard abs(scaled) < 9e18 else { return cFormat("%.0f", value) }
    let units = Int64(scaled)
    if units == 0 { return "0" }
    // Digits from the last, into a buffer that becomes one (usually small, inline) string.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
      var start = buffer.count
      func put(_ byte: UInt8) {
        start -= 1
        buffer[start] = byte
      }
      var whole = units.magnitude / UInt64(scale)
      var fraction = units.magnitude % UInt64(scale)
      if fraction != 0 {
        var width = decimals
        while fraction % 10 == 0 {
          fraction /= 10
          width -= 1
        }
        for _ in 0..<width {
          put(UInt8(ascii: "0") + UInt8(fraction % 10))
          fraction /= 10
        }
        put(UInt8(ascii: "."))
      }
      repeat {
        put(UInt8(ascii: "0") + UInt8(whole % 10))
        whole /= 10
      } while whole > 0
      if units < 0 { put(UInt8(ascii: "-")) }
      return String(decoding: UnsafeBufferPointer(rebasing: buffer[start...]), as: UTF8.self)
    }
  }

  /// `format` applied to `value` by the C library's `snprintf`, as `String(format:)` without
  /// a locale writes it (tested) at a tenth of the cost: the process never sets a locale, so
  /// the C library formats in the C locale.
  static func cFormat(_ format: String, _ value: Double) -> String {
    let out =
      withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer -> String? in
        let count = withVaList([value]) { vsnprintf(buffer.baseAddress!, 400, format, $0) }
        guard count >= 0, count < 400 else { return nil }
        return String(cString: buffer.baseAddress!)
      } ?? String(format: format, value)
    // A negative number that rounds to zero is written without its sign ("-0.00" → "0.00").
    if out.hasPrefix("-"), out.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
      return String(out.dropFirst())
    }
    return out
  }
}
