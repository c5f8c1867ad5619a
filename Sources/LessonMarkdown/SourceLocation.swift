/// A position in a lesson file: 1-based line, 1-based column counted in Unicode scalars.
///
/// Columns count Unicode scalars, as libYAML does and as a reader counts characters such as
/// β, α or ≈ — not UTF-8 bytes, which is what cmark reports. `SourceText.location(line:
/// byteColumn:)` is the one place that converts cmark's byte columns.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
    (a.line, a.column) < (b.line, b.column)
  }

  public var description: String { "\(line):\(column)" }
}

/// The text of one lesson file, split into lines, with location arithmetic.
public struct SourceText: Sendable {
  /// The path as the user should see it in diagnostics (e.g. `Lessons/03-ewa.md`).
  public let path: String
  public let text: String
  /// The lines without their line terminators (`\n`, `\r\n` or `\r`).
  public let lines: [Substring]

  public init(path: String, text: String) {
    self.path = path
    self.text = text
    var lines: [Substring] = []
    var start = text.startIndex
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      if character == "\n" || character == "\r\n" || character == "\r" {
        lines.append(text[start..<index])
        start = text.index(after: index)
      }
      index = text.index(after: index)
    }
    if start < text.endIndex || lines.isEmpty { lines.append(text[start..<text.endIndex]) }
    self.lines = lines
  }

  /// The text of a 1-based line, or nil past the end.
  public func line(_ number: Int) -> Substring? {
    lines.indices.contains(number - 1) ? lines[number - 1] : nil
  }

  /// Converts cmark's 1-based byte column on `line` to a scalar column.
  public func location(line: Int, byteColumn: Int) -> SourceLocation {
    guard let text = self.line(line) else { return SourceLocation(line: line, column: byteColumn) }
    var bytes = 0
    var column = 1
    for scalar in text.unicodeScalars {
      if bytes >= byteColumn - 1 { break }
      bytes += UTF8.width(scalar)
      column += 1
    }
    return SourceLocation(line: line, column: column)
  }
}
