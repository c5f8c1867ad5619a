/// The one place that decides whether a URL written by an author may reach a page, and how it
/// is written there.
///
/// Like cmark's safe mode (`_scan_dangerous_url` in cmark's `scanners.re`), a URL whose scheme
/// is `javascript:`, `vbscript:`, `livescript:`, `file:` or `data:` — except
/// `data:image/png`, `data:image/gif`, `data:image/jpeg` and `data:image/webp` — is refused.
/// The scheme is read as a browser reads it (WHATWG URL standard, "basic URL parser"): leading
/// C0 controls and spaces are skipped, tabs and line breaks anywhere are removed, letters are
/// compared case-insensitively, and character references such as `&#58;` or `&Tab;` are
/// decoded first (cmark has decoded them once already; decoding again only ever refuses more).
///
/// A URL that is allowed is percent-encoded the way cmark's HTML renderer does
/// (`houdini_escape_href` in cmark's `houdini_href_e.c`): ASCII letters, digits and
/// `-_.+!*'(),%#@?=;:/,&$~` are kept, every other byte of its UTF-8 encoding becomes `%XX`.
/// HTML escaping (`&` → `&amp;`) is left to `Escape.attribute`, as for any attribute.
public struct SafeURL: Sendable, Equatable {
  /// The URL to write in `href` or `src`: percent-encoded, or empty when it was refused.
  public let href: String
  /// The refused scheme in lower case (`javascript`), or nil when the URL is allowed.
  public let refusedScheme: String?

  public init(_ url: String) {
    if let scheme = Self.dangerousScheme(url) {
      href = ""
      refusedScheme = scheme
    } else {
      href = Self.percentEncoded(url)
      refusedScheme = nil
    }
  }

  /// Schemes that run code or reach outside the book when followed.
  static let refusedSchemes: Set<String> = ["javascript", "vbscript", "livescript", "file", "data"]
  /// `data:` images that cmark's safe mode lets through (they cannot run script).
  static let allowedDataPrefixes = [
    "data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp",
  ]

  /// The scheme of `url` if it is one that must not reach a page.
  static func dangerousScheme(_ url: String) -> String? {
    // What a browser sees: references decoded, leading C0 controls and spaces skipped, tabs
    // and line breaks removed, letters in lower case.
    var seen = String.UnicodeScalarView()
    for scalar in decodingReferences(url).unicodeScalars {
      if seen.isEmpty && scalar.value <= 0x20 { continue }
      if scalar == "\t" || scalar == "\n" || scalar == "\r" { continue }
      seen.append(scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar)
    }
    let normalized = String(seen)
    // A scheme is a letter followed by letters, digits, `+`, `-` or `.`, then `:`.
    guard let colon = normalized.firstIndex(of: ":") else { return nil }
    let scheme = normalized[..<colon]
    guard let first = scheme.unicodeScalars.first, isASCIILetter(first),
      scheme.unicodeScalars.allSatisfy({
        isASCIILetter($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)
      })
    else { return nil }
    guard refusedSchemes.contains(String(scheme)) else { return nil }
    if scheme == "data", allowedDataPrefixes.contains(where: { normalized.hasPrefix($0) }) {
      return nil
    }
    return String(scheme)
  }

  private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
  }

  /// Named references that can hide a scheme's punctuation or letters' separators.
  private static let namedReferences: [String: Unicode.Scalar] = [
    "colon": ":", "tab": "\t", "newline": "\n", "amp": "&", "sol": "/", "num": "#",
  ]

  /// Decodes `&#NN;`, `&#xHH;` and the few named references above (case-insensitively).
  static func decodingReferences(_ text: String) -> String {
    guard text.contains("&") else { return text }
    var out = String.UnicodeScalarView()
    var scalars = text.unicodeScalars[...]
    while let scalar = scalars.popFirst() {
      guard scalar == "&", let semicolon = scalars.prefix(12).firstIndex(of: ";") else {
        out.append(scalar)
        continue
      }
      let name = String(String.UnicodeScalarView(scalars[..<semicolon])).lowercased()
      var decoded: Unicode.Scalar?
      if name.hasPrefix("#x") {
        decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
      } else if name.hasPrefix("#") {
        decoded = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
      } else {
        decoded = namedReferences[name]
      }
      if let decoded {
        out.append(decoded)
        scalars = scalars[scalars.index(after: semicolon)...]
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// Percent-encodes every byte outside houdini's `HREF_SAFE` set.
  static func percentEncoded(_ url: String) -> String {
    guard url.utf8.contains(where: { !isHrefSafe($0) }) else { return url }
    let hex = Array("0123456789ABCDEF".utf8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(url.utf8.count)
    for byte in url.utf8 {
      if isHrefSafe(byte) {
        bytes.append(byte)
      } else {
        bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func isHrefSafe(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    default: return "-_.+!*'(),%#@?=;:/,&$~".utf8.contains(byte)
    }
  }
}
