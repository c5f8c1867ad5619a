import LessonMarkdown

/// The one place where diagnostics become text.
///
/// ```
/// Lessons/03-ewa.md:14:13: error: 'beta' must be in (0, 1), got 1.5
///    14 | beta: [0.5, 1.5]
///       |             ^~~
///       = did you mean 'beta'?
/// ```
///
/// Columns count Unicode scalars; the caret line repeats the source line's tabs so that it
/// lines up in a terminal.
public struct DiagnosticFormatter: Sendable {
  /// Colour the severity with ANSI escapes (for terminals).
  public var colored: Bool

  public init(colored: Bool = false) { self.colored = colored }

  /// Formats `diagnostic`; `source` supplies the excerpt when its path matches.
  public func format(_ diagnostic: Diagnostic, source: SourceText?) -> String {
    var head = diagnostic.path
    if let location = diagnostic.location { head += ":\(location.line):\(location.column)" }
    let severity = diagnostic.severity.rawValue
    let label = colored ? color(severity, diagnostic.severity == .error ? 31 : 35) : severity
    var lines = ["\(Self.visible(head)): \(label): \(Self.visible(diagnostic.message))"]
    var gutter = "  "
    if let location = diagnostic.location, let source, source.path == diagnostic.path,
      let text = source.line(location.line)
    {
      let number = String(location.line)
      gutter = String(repeating: " ", count: number.count + 3)
      lines.append("   \(number) | \(Self.visible(text))")
      var caret = ""
      for scalar in text.unicodeScalars.prefix(max(0, location.column - 1)) {
        caret.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
      }
      let available = max(1, text.unicodeScalars.count - (location.column - 1))
      caret += "^" + String(repeating: "~", count: max(0, min(diagnostic.length, available) - 1))
      lines.append("\(gutter) | \(colored ? color(caret, 32) : caret)")
    }
    for note in diagnostic.notes { lines.append("\(gutter) = \(Self.visible(note))") }
    return lines.joined(separator: "\n")
  }

  /// `text` with control characters made visible, one column each, so that an echoed line
  /// can neither drive the terminal (ESC, BEL, NUL…) nor shift the caret: C0 controls
  /// become their Control Pictures (U+2400…, e.g. NUL → ␀, ESC → ␛), DEL becomes ␡, and C1
  /// controls and bidirectional overrides become U+FFFD. Tabs stay, to line up the caret.
  static func visible<S: StringProtocol>(_ text: S) -> String {
    guard text.unicodeScalars.contains(where: { isControl($0) }) else { return String(text) }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x09: out.append(scalar)
      case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + scalar.value)!)
      case 0x7F: out.append("\u{2421}")
      case _ where isControl(scalar): out.append("\u{FFFD}")
      default: out.append(scalar)
      }
    }
    return String(out)
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09: false
    case 0x00..<0x20, 0x7F..<0xA0, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  private func color(_ text: String, _ code: Int) -> String { "\u{1B}[1;\(code)m\(text)\u{1B}[0m" }
}
