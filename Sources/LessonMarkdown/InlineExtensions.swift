/// Finds math (`$…$`, `$$…$$`) and roles (``{name}`content` ``) in Markdown before cmark
/// sees it, and replaces each with a placeholder that cmark passes through as plain text.
///
/// Math must be protected: cmark would otherwise read `_` and `*` as emphasis and `\,` as an
/// escape. Roles are found here too, so that both get exact source locations (cmark does not
/// report positions of inline nodes). Code blocks, HTML blocks and code spans are left alone.
///
/// Placeholders are private-use characters: `U+E000 index U+E001`. A span that crosses line
/// ends keeps every line end (followed by the line's container prefix, such as `> `, and
/// `U+E002`), so that line numbers after it stay right; the importer removes those.
struct InlineExtensions {
  enum Extension: Equatable {
    case math(Math)
    case role(Role)
    case footnote(FootnoteReference)
  }

  static let open: Unicode.Scalar = "\u{E000}"
  static let close: Unicode.Scalar = "\u{E001}"
  static let continuation: Unicode.Scalar = "\u{E002}"

  /// The Markdown with placeholders, line for line the same as the input.
  private(set) var markdown = ""
  /// The extensions, indexed by the number inside their placeholder.
  private(set) var extensions: [Extension] = []
  /// The text each extension replaced, as written (indexed like `extensions`): put back
  /// wherever cmark found a placeholder that is not prose (a URL, a title, code, HTML).
  private(set) var originals: [String] = []
  /// Problems found while scanning (e.g. a `$$` that is never closed).
  private(set) var diagnostics: [Diagnostic] = []

  /// One scalar of the input with its location.
  private struct Character {
    var scalar: Unicode.Scalar
    var location: SourceLocation
  }

  /// Scans the paragraphs and headings `blocks` of `lines` (the lesson's lines, front matter
  /// blanked), each on its own: a `$` never pairs with one in another block, and code blocks,
  /// HTML blocks and link reference definitions are never scanned. Lines in `quoteLines` are
  /// inside block quotes, whose `>` markers are not part of a formula that continues on them.
  init(
    lines: [Substring], blocks: [CmarkImporter.TextBlock], quoteLines: Set<Int>, path: String,
    locate: (_ line: Int, _ column: Int) -> SourceLocation = SourceLocation.init
  ) {
    var output = lines.map(String.init)
    var b = 0
    while b < blocks.count {
      let block = blocks[b]
      let first = lines[min(block.lines.lowerBound, lines.count) - 1]
      let offset = min(block.byteOffset, first.utf8.count)
      let start = first.unicodeScalars[
        ..<first.utf8.index(first.utf8.startIndex, offsetBy: offset)
      ].count
      // A `$$` that starts a line opens a display formula that may run on over the blocks
      // right below it, as MyST's block-level `$$` does ("$$\na\n- b\n$$" is one formula,
      // not a list): scan again with the next adjacent block until it is closed.
      var last = b
      while true {
        let range =
          (block.lines.lowerBound - 1)..<min(blocks[last].lines.upperBound, lines.count)
        let (extensionCount, diagnosticCount) = (extensions.count, diagnostics.count)
        let (scanned, openDisplay) = scan(
          Array(lines[range]), firstLine: range.lowerBound + 1, startColumn: start,
          quoteLines: quoteLines, path: path, locate: locate)
        if openDisplay, last + 1 < blocks.count,
          blocks[last + 1].lines.lowerBound == blocks[last].lines.upperBound + 1
        {
          extensions.removeSubrange(extensionCount...)
          originals.removeSubrange(extensionCount...)
          diagnostics.removeSubrange(diagnosticCount...)
          last += 1
          continue
        }
        output.replaceSubrange(range, with: scanned.map(Self.protectingDelimiterRow))
        break
      }
      b = last + 1
    }
    markdown = output.joined(separator: "\n")
  }

  /// A line that is a GFM table's delimiter row (`|---|:-:|`) gets its dashes escaped, so
  /// that smart punctuation never makes them `|—|` in a paragraph that is not a table (the
  /// importer reads table rows with the escapes removed).
  static func protectingDelimiterRow(_ line: String) -> String {
    let body = line.drop { $0 == " " || $0 == "\t" || $0 == ">" }
    guard body.contains("-"), GFM.alignments(body) != nil else { return line }
    return line.prefix(line.count - body.count) + body.replacingOccurrences("-", with: "\\-")
  }

  /// Scans the lines of one block from `startColumn` (0-based, in scalars) of its first line;
  /// returns them with placeholders.
  private mutating func scan(
    _ lines: [Substring], firstLine: Int, startColumn: Int, quoteLines: Set<Int>, path: String,
    locate: (Int, Int) -> SourceLocation
  ) -> (lines: [String], openDisplay: Bool) {
    var chars: [Character] = []
    var openDisplay = false
    var prefixLength: [Int] = []  // per line: scalars of container prefix
    for (offset, line) in lines.enumerated() {
      let number = firstLine + offset
      let scalars = Array(line.unicodeScalars)
      prefixLength.append(Self.prefixLength(scalars, inQuote: quoteLines.contains(number)))
      for (column, scalar) in scalars.enumerated() {
        chars.append(Character(scalar: scalar, location: locate(number, column + 1)))
      }
      if offset < lines.count - 1 {
        chars.append(Character(scalar: "\n", location: locate(number, scalars.count + 1)))
      }
    }

    // Each edit replaces chars[range] with a placeholder for extensions[index].
    var edits: [(range: Range<Int>, index: Int)] = []
    func record(_ extension: Extension, _ range: Range<Int>) {
      extensions.append(`extension`)
      originals.append(String(String.UnicodeScalarView(chars[range].map(\.scalar))))
      edits.append((range, extensions.count - 1))
    }
    var k = startColumn
    while k < chars.count {
      let c = chars[k].scalar
      if c == "\\" {
        k += (k + 1 < chars.count && chars[k + 1].scalar.isASCIIPunctuation) ? 2 : 1
      } else if c == "]", k + 1 < chars.count, chars[k + 1].scalar == "(",
        let end = Self.linkDestinationEnd(chars, from: k + 1)
      {
        // A link's destination and title are never math: `[a](http://x/$y$/)`.
        k = end
      } else if c == "<", let end = Self.autolinkEnd(chars, from: k) {
        k = end
      } else if c == "`" {
        let run = Self.runLength(chars, at: k, of: "`")
        k = Self.closingRun(chars, from: k + run, length: run).map { $0 + run } ?? k + run
      } else if c == "[", let (reference, end) = Self.matchFootnote(chars, at: k) {
        record(.footnote(reference), k..<end)
        k = end
      } else if c == "{", let role = matchRole(chars, at: k) {
        record(.role(role.role), k..<role.end)
        k = role.end
      } else if c == "$" {
        if let math = matchMath(chars, at: k, prefixLength: prefixLength, firstLine: firstLine) {
          record(.math(math.math), k..<math.end)
          k = math.end
        } else if k + 1 < chars.count, chars[k + 1].scalar == "$" {
          let lineStart = chars[..<k].lastIndex { $0.scalar == "\n" }.map { $0 + 1 } ?? 0
          if (lineStart == 0 && k == startColumn)
            || chars[lineStart..<k].allSatisfy({ " \t>".unicodeScalars.contains($0.scalar) })
          {
            openDisplay = true
          }
          diagnostics.append(
            .error(
              "display math '$$' is not closed before the end of the paragraph", path: path,
              at: chars[k].location, length: 2, notes: ["write \\$ for a literal dollar sign"]))
          k += 2
        } else {
          k += 1
        }
      } else {
        k += 1
      }
    }

    // Rebuild the lines with placeholders.
    var out = ""
    var position = 0
    for edit in edits {
      out += String(String.UnicodeScalarView(chars[position..<edit.range.lowerBound].map(\.scalar)))
      out.unicodeScalars.append(Self.open)
      out += String(edit.index)
      out.unicodeScalars.append(Self.close)
      var line = chars[edit.range.lowerBound].location.line - firstLine
      for i in edit.range where chars[i].scalar == "\n" {
        line += 1
        out += "\n"
        // Keep the continuation line's container prefix (`> `) so cmark keeps its blocks.
        let prefix = lines[line].unicodeScalars.prefix(prefixLength[line])
        out += String(String.UnicodeScalarView(prefix))
        out.unicodeScalars.append(Self.continuation)
      }
      position = edit.range.upperBound
    }
    out += String(String.UnicodeScalarView(chars[position...].map(\.scalar)))
    return (
      out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), openDisplay
    )
  }

  /// Matches a footnote reference `[^name]` at `k`.
  private static func matchFootnote(_ chars: [Character], at k: Int) -> (
    FootnoteReference, end: Int
  )? {
    guard k + 2 < chars.count, chars[k + 1].scalar == "^" else { return nil }
    var name = String.UnicodeScalarView()
    var i = k + 2
    while i < chars.count, chars[i].scalar != "]", name.count <= 100 {
      name.append(chars[i].scalar)
      i += 1
    }
    guard i < chars.count, FootnoteReference.isValidName(String(name)) else { return nil }
    return (
      FootnoteReference(name: String(name), location: chars[k].location, length: i + 1 - k),
      i + 1
    )
  }

  /// Matches ``{name}`content` `` at `k`.
  private func matchRole(_ chars: [Character], at k: Int) -> (role: Role, end: Int)? {
    var i = k + 1
    var name = ""
    while i < chars.count, chars[i].scalar.isNameCharacter(first: name.isEmpty) {
      name.unicodeScalars.append(chars[i].scalar)
      i += 1
    }
    guard !name.isEmpty, i < chars.count, chars[i].scalar == "}" else { return nil }
    i += 1
    guard i < chars.count, chars[i].scalar == "`" else { return nil }
    let run = Self.runLength(chars, at: i, of: "`")
    guard let closing = Self.closingRun(chars, from: i + run, length: run) else { return nil }
    var content = String(
      String.UnicodeScalarView(
        chars[(i + run)..<closing].map { $0.scalar == "\n" ? " " : $0.scalar }))
    // CommonMark code-span rule: strip one space from each side when both are present.
    if content.count >= 2, content.first == " ", content.last == " ",
      !content.allSatisfy({ $0 == " " })
    {
      content = String(content.dropFirst().dropLast())
    }
    let end = closing + run
    let length = chars[k].location.line == chars[end - 1].location.line ? end - k : 1
    return (Role(name: name, content: content, location: chars[k].location, length: length), end)
  }

  /// Matches `$$…$$` or `$…$` at `k`. As in MyST (markdown-it's dollarmath), a `$` pairs
  /// with the nearest unescaped `$` of the same block; like Pandoc, that pair is inline math
  /// only if the opening `$` is not followed by a space, and the closing `$` is not preceded
  /// by a space nor followed by a digit. So `$p_t $` and "costs $5 and $10" are text, and a
  /// rejected pair never reaches past its closing `$` to the next formula.
  private func matchMath(
    _ chars: [Character], at k: Int, prefixLength: [Int], firstLine: Int
  ) -> (math: Math, end: Int)? {
    let display = k + 1 < chars.count && chars[k + 1].scalar == "$"
    let start = k + (display ? 2 : 1)
    guard start < chars.count else { return nil }
    if !display, chars[start].scalar.properties.isWhitespace { return nil }
    var m = start
    while m < chars.count {
      let c = chars[m].scalar
      if c == "\\" {
        m += 2
        continue
      }
      if c == "$" {
        if !display { break }
        if m + 1 < chars.count, chars[m + 1].scalar == "$" { break }
      }
      m += 1
    }
    if !display, m < chars.count {
      let spaceBefore = chars[m - 1].scalar.properties.isWhitespace
      let digitAfter = m + 1 < chars.count && chars[m + 1].scalar.properties.numericType != nil
      if spaceBefore || digitAfter { return nil }
    }
    guard m < chars.count, m > start else { return nil }
    // The formula's text: container prefixes of continuation lines are dropped.
    var tex = ""
    var lineStarts = [chars[start].location]
    var i = start
    while i < m {
      let c = chars[i]
      tex.unicodeScalars.append(c.scalar)
      i += 1
      if c.scalar == "\n", i <= m {
        let line = c.location.line + 1 - firstLine
        let skip = min(prefixLength[line], m - i)
        i += skip
        lineStarts.append(chars[i].location)
      }
    }
    return (Math(tex: tex, display: display, lineStarts: lineStarts), m + (display ? 2 : 1))
  }

  /// Scalars at the start of a line that belong to its containers: indentation, and in a
  /// block quote the `>` markers with one optional space each.
  private static func prefixLength(_ scalars: [Unicode.Scalar], inQuote: Bool) -> Int {
    var i = 0
    while i < scalars.count {
      if scalars[i] == " " || scalars[i] == "\t" {
        i += 1
      } else if inQuote, scalars[i] == ">" {
        i += 1
      } else {
        break
      }
    }
    return i
  }

  /// A link title's closing delimiter, by its opening one.
  private static let titleClosers: [Unicode.Scalar: Unicode.Scalar] = [
    "\"": "\"", "'": "'", "(": ")",
  ]

  /// The index after the `)` that ends a link's destination and title starting at the `(`
  /// at `from` (CommonMark's inline link syntax), or nil if there is none.
  private static func linkDestinationEnd(_ chars: [Character], from: Int) -> Int? {
    var i = from + 1
    func skipSpaces() {
      while i < chars.count,
        chars[i].scalar == " " || chars[i].scalar == "\t" || chars[i].scalar == "\n"
      {
        i += 1
      }
    }
    skipSpaces()
    if i < chars.count, chars[i].scalar == "<" {
      i += 1
      while i < chars.count, chars[i].scalar != ">" {
        if chars[i].scalar == "\n" || chars[i].scalar == "<" { return nil }
        i += chars[i].scalar == "\\" ? 2 : 1
      }
      guard i < chars.count else { return nil }
      i += 1
    } else {
      var depth = 0
      while i < chars.count {
        let c = chars[i].scalar
        if c == "\\" {
          i += 2
          continue
        }
        if c == " " || c == "\t" || c == "\n" || c.value < 0x20 { break }
        if c == "(" { depth += 1 }
        if c == ")" {
          if depth == 0 { break }
          depth -= 1
        }
        i += 1
      }
    }
    skipSpaces()
    if i < chars.count, let closer = Self.titleClosers[chars[i].scalar] {
      i += 1
      while i < chars.count, chars[i].scalar != closer {
        i += chars[i].scalar == "\\" ? 2 : 1
      }
      guard i < chars.count else { return nil }
      i += 1
      skipSpaces()
    }
    guard i < chars.count, chars[i].scalar == ")" else { return nil }
    return i + 1
  }

  /// The index after an autolink `<scheme:…>` starting at `from`, or nil.
  private static func autolinkEnd(_ chars: [Character], from: Int) -> Int? {
    var i = from + 1
    var scheme = 0
    while i < chars.count,
      chars[i].scalar.isNameCharacter(first: scheme == 0)
        || (scheme > 0 && (chars[i].scalar == "+" || chars[i].scalar == "."))
    {
      scheme += 1
      i += 1
    }
    guard (2...32).contains(scheme), i < chars.count, chars[i].scalar == ":" else { return nil }
    while i < chars.count, chars[i].scalar != ">" {
      let c = chars[i].scalar
      if c == "<" || c == " " || c == "\n" || c.value < 0x20 { return nil }
      i += 1
    }
    return i < chars.count ? i + 1 : nil
  }

  private static func runLength(_ chars: [Character], at k: Int, of scalar: Unicode.Scalar)
    -> Int
  {
    var n = 0
    while k + n < chars.count, chars[k + n].scalar == scalar { n += 1 }
    return n
  }

  /// The start of the next run of exactly `length` backticks at or after `from`.
  private static func closingRun(_ chars: [Character], from: Int, length: Int) -> Int? {
    var i = from
    while i < chars.count {
      if chars[i].scalar == "`" {
        let run = runLength(chars, at: i, of: "`")
        if run == length { return i }
        i += run
      } else {
        i += 1
      }
    }
    return nil
  }
}

extension Unicode.Scalar {
  var isASCIIPunctuation: Bool {
    switch value {
    case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
    default: return false
    }
  }

  /// Names of directives, roles and figures: a letter, then letters, digits, `-` or `_`.
  public func isNameCharacter(first: Bool) -> Bool {
    switch self {
    case "a"..."z", "A"..."Z": return true
    case "0"..."9", "-", "_": return !first
    default: return false
    }
  }
}

/// Names of directives, roles and figures.
public enum Identifier {
  /// A letter, then letters, digits, `-` or `_` (`temps`, `ewa-1`, `bowl_2`).
  public static func isValid(_ text: some StringProtocol) -> Bool {
    text.unicodeScalars.enumerated().allSatisfy { $1.isNameCharacter(first: $0 == 0) }
      && !text.isEmpty
  }
}
