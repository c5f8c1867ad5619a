/// GitHub Flavored Markdown's extensions (GFM spec 0.29, "(extension)" sections) on top of
/// cmark 0.30's CommonMark: pipe tables, strikethrough, task list items and bare-URL
/// autolinks. They work on the Swift values the importer made (cmark reads tables as
/// paragraphs, and the rest as text); only the importer calls them.
enum GFM {
  // MARK: Tables

  /// Splits a table row into its cells' text: an optional leading and trailing `|`, cells
  /// separated by `|` that are not escaped (code spans do not protect them), `\|` kept as `|`,
  /// cells trimmed. Nil when the line has no `|` at all.
  static func cells(_ line: Substring) -> [String]? {
    var text = Substring(line.trimmingCharacters(in: " \t"))
    guard text.contains("|") else { return nil }
    if text.hasPrefix("|") { text = text.dropFirst() }
    var cells: [String] = []
    var cell = ""
    var escaped = false
    var ended = false
    for character in text {
      ended = false
      if escaped {
        if character != "|" { cell.append("\\") }
        cell.append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "|" {
        cells.append(cell)
        cell = ""
        ended = true
      } else {
        cell.append(character)
      }
    }
    if escaped { cell.append("\\") }
    if !ended || !cell.isEmpty { cells.append(cell) }
    if ended, cells.isEmpty { cells.append("") }
    return cells.map { $0.trimmingCharacters(in: " \t") }
  }

  /// The alignments of a delimiter row (`| :-- | :-: | --: |`), or nil if `line` is not one.
  static func alignments(_ line: Substring) -> [Block.Table.Alignment?]? {
    guard let cells = cells(line), !cells.isEmpty else { return nil }
    var result: [Block.Table.Alignment?] = []
    for cell in cells {
      let left = cell.hasPrefix(":")
      let right = cell.hasSuffix(":") && cell.count > 1
      let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
      guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
      result.append(left && right ? .center : left ? .left : right ? .right : nil)
    }
    return result
  }

  // MARK: Task list items

  /// `[ ] rest` or `[x] rest` at the start of an item's first paragraph: whether it is checked,
  /// and the text after the box and its space.
  static func task(_ text: String) -> (checked: Bool, rest: String)? {
    let scalars = Array(text.unicodeScalars.prefix(4))
    guard scalars.count >= 3, scalars[0] == "[", scalars[2] == "]",
      [" ", "x", "X"].contains(scalars[1])
    else { return nil }
    guard scalars.count == 3 || scalars[3] == " " || scalars[3] == "\t" else { return nil }
    return (scalars[1] != " ", String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(4))))
  }

  // MARK: Strikethrough

  private enum Token {
    case inline(Inline)
    case tildes(count: Int, canOpen: Bool, canClose: Bool)
  }

  /// Wraps `~text~` and `~~text~~` in `.strikethrough`: a run of one or two tildes opens when
  /// it is left-flanking and closes when it is right-flanking (CommonMark's delimiter-run
  /// rules); it pairs with the nearest open run of the same length; longer runs are text.
  static func strikethrough(_ inlines: [Inline]) -> [Inline] {
    guard inlines.contains(where: { if case .text(let t) = $0 { t.contains("~") } else { false } })
    else { return inlines }
    // Split text at tilde runs, noting what is on each side of a run.
    var tokens: [Token] = []
    for (index, inline) in inlines.enumerated() {
      guard case .text(let text) = inline, text.contains("~") else {
        tokens.append(.inline(inline))
        continue
      }
      let scalars = Array(text.unicodeScalars)
      var i = 0
      var plain = String.UnicodeScalarView()
      while i < scalars.count {
        guard scalars[i] == "~" else {
          plain.append(scalars[i])
          i += 1
          continue
        }
        var j = i
        while j < scalars.count, scalars[j] == "~" { j += 1 }
        if !plain.isEmpty { tokens.append(.inline(.text(String(plain)))) }
        plain = String.UnicodeScalarView()
        let before: Unicode.Scalar? =
          i > 0 ? scalars[i - 1] : (index > 0 ? neighbour(inlines[index - 1], last: true) : nil)
        let after: Unicode.Scalar? =
          j < scalars.count
          ? scalars[j]
          : (index + 1 < inlines.count ? neighbour(inlines[index + 1], last: false) : nil)
        let (left, right) = flanking(before: before, after: after)
        tokens.append(.tildes(count: j - i, canOpen: left, canClose: right))
        i = j
      }
      if !plain.isEmpty { tokens.append(.inline(.text(String(plain)))) }
    }
    // Pair runs.
    var openers: [Int] = []
    var i = 0
    while i < tokens.count {
      guard case .tildes(let count, let canOpen, let canClose) = tokens[i], count <= 2 else {
        i += 1
        continue
      }
      if canClose,
        let o = openers.lastIndex(where: {
          if case .tildes(let c, _, _) = tokens[$0] { c == count } else { false }
        })
      {
        let opener = openers[o]
        let content = merged(tokens[(opener + 1)..<i].map(text))
        tokens.replaceSubrange(opener...i, with: [.inline(.strikethrough(content))])
        openers.removeSubrange(o...)
        i = opener + 1
        continue
      }
      if canOpen { openers.append(i) }
      i += 1
    }
    return merged(tokens.map(text))
  }

  private static func text(_ token: Token) -> Inline {
    switch token {
    case .inline(let inline): return inline
    case .tildes(let count, _, _): return .text(String(repeating: "~", count: count))
    }
  }

  /// Joins adjacent text.
  static func merged(_ inlines: [Inline]) -> [Inline] {
    var result: [Inline] = []
    for inline in inlines {
      if case .text(let next) = inline, case .text(let previous) = result.last {
        result[result.count - 1] = .text(previous + next)
      } else {
        result.append(inline)
      }
    }
    return result
  }

  /// The character next to a run that is in a neighbouring inline: a line break is white
  /// space, other markup counts as a letter.
  private static func neighbour(_ inline: Inline, last: Bool) -> Unicode.Scalar? {
    switch inline {
    case .text(let text): return last ? text.unicodeScalars.last : text.unicodeScalars.first
    case .softBreak, .lineBreak: return " "
    default: return "a"
    }
  }

  private static func flanking(before: Unicode.Scalar?, after: Unicode.Scalar?) -> (Bool, Bool) {
    let beforeSpace = before.map { $0.properties.isWhitespace } ?? true
    let afterSpace = after.map { $0.properties.isWhitespace } ?? true
    let beforePunctuation = before.map(isPunctuation) ?? false
    let afterPunctuation = after.map(isPunctuation) ?? false
    let left = !afterSpace && (!afterPunctuation || beforeSpace || beforePunctuation)
    let right = !beforeSpace && (!beforePunctuation || afterSpace || afterPunctuation)
    return (left, right)
  }

  private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCIIPunctuation { return true }
    switch scalar.properties.generalCategory {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
      .initialPunctuation, .finalPunctuation, .otherPunctuation:
      return true
    default: return false
    }
  }

  // MARK: Autolinks

  /// Turns bare `www.…`, `http://…`, `https://…`, `ftp://…` and e-mail addresses in text into
  /// links (GFM's extended autolinks), leaving trailing punctuation, an unbalanced `)` and an
  /// entity-like `&name;` outside the link.
  static func autolinks(_ inlines: [Inline]) -> [Inline] {
    var result: [Inline] = []
    for (index, inline) in inlines.enumerated() {
      guard case .text(let text) = inline,
        holds(text, "@") || holds(text, "://") || holds(text, "www.")
      else {
        result.append(inline)
        continue
      }
      let previous: Unicode.Scalar? = index > 0 ? neighbour(inlines[index - 1], last: true) : nil
      result += autolinks(in: text, after: previous)
    }
    return merged(result)
  }

  /// Whether `text` holds `needle`, as bytes (`String.contains` is Foundation's here, and
  /// slow on every text of a page).
  private static func holds(_ text: String, _ needle: StaticString) -> Bool {
    var text = text
    let count = needle.utf8CodeUnitCount
    let wanted = UnsafeBufferPointer(start: needle.utf8Start, count: count)
    return text.withUTF8 { bytes in
      guard bytes.count >= count else { return false }
      for start in 0...(bytes.count - count) where bytes[start] == wanted[0] {
        if (1..<count).allSatisfy({ bytes[start + $0] == wanted[$0] }) { return true }
      }
      return false
    }
  }

  private static func autolinks(in text: String, after previous: Unicode.Scalar?) -> [Inline] {
    let scalars = Array(text.unicodeScalars)
    var result: [Inline] = []
    var plain = String.UnicodeScalarView()
    var i = 0
    while i < scalars.count {
      let before: Unicode.Scalar? = i > 0 ? scalars[i - 1] : previous
      let boundary =
        before.map { $0.properties.isWhitespace || "*_~(".unicodeScalars.contains($0) } ?? true
      if let (end, href) = link(scalars, at: i, after: before, boundary: boundary) {
        if !plain.isEmpty { result.append(.text(String(plain))) }
        plain = String.UnicodeScalarView()
        let shown = String(String.UnicodeScalarView(scalars[i..<end]))
        result.append(.link(destination: href(shown), title: "", content: [.text(shown)]))
        i = end
      } else {
        plain.append(scalars[i])
        i += 1
      }
    }
    if !plain.isEmpty { result.append(.text(String(plain))) }
    return result
  }

  /// The end of a link starting at `i`, and how its destination is made from its text;
  /// `before` is the character before it, in this text or the inline before.
  private static func link(
    _ s: [Unicode.Scalar], at i: Int, after before: Unicode.Scalar?, boundary: Bool
  ) -> (
    Int, (String) -> String
  )? {
    // Case-insensitively; no scalar outside ASCII lowercases to one of these prefixes'
    // letters (the Kelvin sign K becomes k), so ASCII folding is the whole comparison.
    func has(_ prefix: StaticString) -> Bool {
      let count = prefix.utf8CodeUnitCount
      guard i + count <= s.count else { return false }
      for offset in 0..<count {
        let scalar = s[i + offset]
        let wanted = prefix.utf8Start[offset]
        guard scalar.isASCII,
          UInt8(scalar.value) == wanted
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(UInt8(scalar.value))
              && UInt8(scalar.value) + 32 == wanted
        else { return false }
      }
      return true
    }
    if boundary, has("www.") {
      guard let end = extendedEnd(s, domainFrom: i) else { return nil }
      return (end, { "http://" + $0 })
    }
    if boundary {
      for scheme: StaticString in ["http://", "https://", "ftp://"] where has(scheme) {
        guard
          let end = extendedEnd(
            s, domainFrom: i + scheme.utf8CodeUnitCount, requirePeriod: false)
        else { return nil }
        return (end, { $0 })
      }
    }
    if s[i] == "@" { return nil }
    // An e-mail address: its local part is the run of allowed characters before `@`.
    guard boundary || !(before.map(isEmailLocal) ?? false), isEmailLocal(s[i]) else {
      return nil
    }
    var at = i
    while at < s.count, isEmailLocal(s[at]) { at += 1 }
    guard at < s.count, s[at] == "@", at > i else { return nil }
    var end = at + 1
    var dots = 0
    while end < s.count, isDomain(s[end]) || s[end] == "." {
      if s[end] == "." { dots += 1 }
      end += 1
    }
    while end > at + 1, s[end - 1] == "." {
      end -= 1
      dots -= 1
    }
    guard dots >= 1, end > at + 1, s[end - 1] != "-", s[end - 1] != "_" else { return nil }
    return (end, { "mailto:" + $0 })
  }

  private static func isEmailLocal(_ c: Unicode.Scalar) -> Bool {
    c.properties.isAlphabetic && c.isASCII || ("0"..."9").contains(c)
      || ".-_+".unicodeScalars.contains(c)
  }

  private static func isDomain(_ c: Unicode.Scalar) -> Bool {
    (c.isASCII && c.properties.isAlphabetic) || ("0"..."9").contains(c) || c == "-" || c == "_"
      || (!c.isASCII && c.properties.isAlphabetic)
  }

  /// Where an extended autolink ends: a valid domain from `start` (segments of letters,
  /// digits, `-` and `_`, no `_` in the last two), then anything up to white space or `<`,
  /// less the trailing characters GFM leaves out.
  private static func extendedEnd(
    _ s: [Unicode.Scalar], domainFrom start: Int, requirePeriod: Bool = true
  ) -> Int? {
    var i = start
    var segments: [Range<Int>] = []
    var segmentStart = i
    while i < s.count, isDomain(s[i]) || s[i] == "." {
      if s[i] == "." {
        segments.append(segmentStart..<i)
        segmentStart = i + 1
      }
      i += 1
    }
    segments.append(segmentStart..<i)
    // A trailing `.` ends the domain (it is punctuation after the link).
    while let last = segments.last, last.isEmpty, segments.count > 1 { segments.removeLast() }
    guard segments.count >= (requirePeriod ? 2 : 1), segments.allSatisfy({ !$0.isEmpty }),
      i > start
    else { return nil }
    for segment in segments.suffix(2) where s[segment].contains("_") { return nil }
    while i < s.count, !s[i].properties.isWhitespace, s[i] != "<" { i += 1 }
    // Trailing punctuation, unbalanced `)` and `&entity;` are not part of the link.
    var end = i
    while end > start {
      let c = s[end - 1]
      if "?!.,:*_~".unicodeScalars.contains(c) {
        end -= 1
      } else if c == ")" {
        let opened = s[start..<end].filter { $0 == "(" }.count
        let closed = s[start..<end].filter { $0 == ")" }.count
        guard closed > opened else { break }
        end -= 1
      } else if c == ";" {
        var j = end - 2
        while j > start, s[j].isASCII, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) {
          j -= 1
        }
        guard j >= start, s[j] == "&", j < end - 2 else { break }
        end = j
      } else {
        break
      }
    }
    return end > start ? end : nil
  }
}

extension StringProtocol {
  /// `self` with every `target` replaced (without Foundation).
  func replacingOccurrences(_ target: String, with replacement: String) -> String {
    var result = ""
    var rest = Substring(self)
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
