/// A position in a lesson file: 1-based line, 1-based column counted in Unicode scalars.
///
/// Columns count Unicode scalars, as libYAML does and as a reader counts characters such as
/// β, α or ≈ — not UTF-8 bytes, which is what cmark reports. `SourceText.location(line:
/// byteColumn:)` is the one place that converts cmark's byte columns.
public struct SourceLocation: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
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
  /// For each line, its scalars of more than one UTF-8 byte (most lines have none), so that
  /// converting a byte column costs a binary search instead of a scan of the line.
  private let multibyte: [[MultibyteScalar]]

  /// A scalar wider than one byte: where it starts on its line, its width, and how many
  /// bytes beyond one each such scalar up to and including it takes.
  private struct MultibyteScalar: Sendable {
    var start: Int
    var width: Int
    var extra: Int
  }

  public init(path: String, text: String) {
    self.path = path
    self.text = text
    // Split on the bytes of `\n`, `\r\n` and `\r` (each is its own character: a line break
    // never combines with what follows), without the cost of walking characters.
    var lines: [Substring] = []
    let utf8 = text.utf8
    var start = utf8.startIndex
    var index = utf8.startIndex
    while index < utf8.endIndex {
      let byte = utf8[index]
      guard byte == 0x0A || byte == 0x0D else {
        utf8.formIndex(after: &index)
        continue
      }
      lines.append(text[start..<index])
      utf8.formIndex(after: &index)
      if byte == 0x0D, index < utf8.endIndex, utf8[index] == 0x0A { utf8.formIndex(after: &index) }
      start = index
    }
    if start < text.endIndex || lines.isEmpty { lines.append(text[start..<text.endIndex]) }
    self.lines = lines
    multibyte = lines.map { line in
      guard line.utf8.contains(where: { $0 >= 0x80 }) else { return [] }
      var scalars: [MultibyteScalar] = []
      var offset = 0
      var extra = 0
      for scalar in line.unicodeScalars {
        let width = UTF8.width(scalar)
        if width > 1 {
          extra += width - 1
          scalars.append(MultibyteScalar(start: offset, width: width, extra: extra))
        }
        offset += width
      }
      return scalars
    }
  }

  /// The text of a 1-based line, or nil past the end.
  public func line(_ number: Int) -> Substring? {
    lines.indices.contains(number - 1) ? lines[number - 1] : nil
  }

  /// Converts cmark's 1-based byte column on `line` to a scalar column.
  ///
  /// The column is one more than the number of scalars that start before byte
  /// `byteColumn - 1` (a byte inside a multi-byte scalar belongs to that scalar).
  public func location(line: Int, byteColumn: Int) -> SourceLocation {
    guard let text = self.line(line) else { return SourceLocation(line: line, column: byteColumn) }
    let bytes = min(max(0, byteColumn - 1), text.utf8.count)
    let wide = multibyte[line - 1]
    // How many multi-byte scalars start before `bytes` (binary search: they are in order).
    var low = 0
    var high = wide.count
    while low < high {
      let middle = (low + high) / 2
      if wide[middle].start < bytes { low = middle + 1 } else { high = middle }
    }
    var covered = bytes
    var extra = 0
    if low > 0 {
      let last = wide[low - 1]
      covered = max(bytes, last.start + last.width)
      extra = last.extra
    }
    return SourceLocation(line: line, column: covered - extra + 1)
  }
}
