import Foundation
import LessonMarkdown
import LessonMarkup

/// Reads `SUMMARY.md`: the book's title, its parts and the order of its lessons (mdBook's
/// format, see `parse`).
///
/// ```markdown
/// # Improving Deep Neural Networks
///
/// [Introduction](00-introduction.md)
///
/// ## Week 2: Optimization algorithms
///
/// - [Mini-batch gradient descent](01-minibatch.md) (2.1–2.2)
/// - [Exponentially weighted averages](02-ewa.md) (2.3–2.4)
/// ```
///
/// Lessons in lists are numbered 1, 2, … across parts; a link before the first part outside a
/// list (the introduction) is not. `(2.1–2.2)` after a link gives the course's own section
/// numbers, shown on the lesson's page.
enum Summary {
  /// `(2.5)` → ("2.5", nil), `( 2.1 – 2.2 )` → ("2.1", "2.2"); nil for anything else.
  /// (Read by hand: a regex literal is compiled again on every call.)
  static func sectionNumbers(_ text: String) -> (Substring, Substring?)? {
    var rest = Substring(text)
    func skipSpaces() { rest = rest.drop(while: \.isWhitespace) }
    func take(_ characters: Set<Character>) -> Bool {
      guard let first = rest.first, characters.contains(first) else { return false }
      rest.removeFirst()
      return true
    }
    func digits() -> Bool {
      let count = rest.prefix { $0.isASCII && $0.isNumber }.count
      rest = rest.dropFirst(count)
      return count > 0
    }
    func number() -> Substring? {
      let start = rest.startIndex
      guard digits(), take(["."]), digits() else { return nil }
      return text[start..<rest.startIndex]
    }
    guard take(["("]) else { return nil }
    skipSpaces()
    guard let first = number() else { return nil }
    skipSpaces()
    var last: Substring? = nil
    if take(["–", "-"]) {
      skipSpaces()
      guard let number = number() else { return nil }
      last = number
      skipSpaces()
    }
    guard take([")"]), rest.isEmpty else { return nil }
    return (first, last)
  }

  static func read(_ url: URL, displayPath: String, lessons: [LessonFile]) -> Book {
    let (source, problem) = SourceReader.read(url, displayPath: displayPath)
    guard let source else {
      return Book(
        title: Book.defaultTitle, parts: [Book.Part(title: nil, lessons: lessons)],
        diagnostics: [problem].compactMap { $0 })
    }
    return parse(LessonDocument.parse(source), lessons: lessons)
  }

  /// mdBook's grammar: a `#` title; prefix chapters (links in paragraphs before the first
  /// list), numbered chapters in lists with nested sub-chapters, `##` part titles, `---`
  /// separators, draft chapters `[Title]()` (listed, not built), and suffix chapters after
  /// the last list. Links name lessons by their path in the lessons folder
  /// (`week2/01-intro.md`).
  static func parse(_ document: LessonDocument, lessons: [LessonFile]) -> Book {
    let path = document.source.path
    var diagnostics = document.diagnostics
    var title: String?
    var parts = [Book.Part(title: nil, lessons: [])]
    var listed: [String: SourceLocation] = [:]
    let byName = Dictionary(lessons.map { ($0.fileName, $0) }, uniquingKeysWith: { a, _ in a })

    func add(
      _ destination: String, text: String, depth: Int, numbered: Bool, course: String?,
      at location: SourceLocation
    ) {
      var chapter = Book.Chapter(
        kind: .draft, title: text, depth: max(depth, 0), isNumbered: numbered,
        courseSection: course)
      if destination.isEmpty {
        parts[parts.count - 1].contents.append(chapter)
        return
      }
      var name = destination.removingPercentEncoding ?? destination
      if name.hasPrefix("./") { name.removeFirst(2) }
      guard var lesson = byName[name] else {
        let notes = Spelling.didYouMean(name, among: lessons.map(\.fileName))
        diagnostics.append(
          .error(
            "SUMMARY.md lists '\(name)', which is not a lesson file", path: path,
            at: location, notes: notes))
        return
      }
      if let first = listed[name] {
        diagnostics.append(
          .error(
            "'\(name)' is listed twice (first on line \(first.line))", path: path,
            at: location))
        return
      }
      listed[name] = location
      lesson.summaryTitle = text.isEmpty ? nil : text
      chapter.kind = .lesson(lesson)
      parts[parts.count - 1].lessons.append(lesson)
      parts[parts.count - 1].contents.append(chapter)
    }

    /// `(2.5)` or `(2.1–2.2)` in the text after a link: the course's section numbers.
    func courseSection(after inlines: [Inline], at location: SourceLocation) -> String? {
      guard let link = inlines.lastIndex(where: { if case .link = $0 { true } else { false } })
      else { return nil }
      let rest = inlines[(link + 1)...].map(\.plainText).joined()
        .trimmingCharacters(in: .whitespaces)
      guard !rest.isEmpty else { return nil }
      guard let (first, last) = Summary.sectionNumbers(rest) else {
        diagnostics.append(
          .warning(
            "'\(rest)' after the link is not the course's section numbers", path: path,
            at: location, notes: ["write them in parentheses, e.g. (2.5) or (2.1–2.2)"]))
        return nil
      }
      return last.map { "\(first)–\($0)" } ?? String(first)
    }

    func links(in inlines: [Inline]) -> [(String, String)] {
      inlines.flatMap { inline -> [(String, String)] in
        switch inline {
        case .link(let destination, _, let content): return [(destination, content.plainText)]
        case .emphasis(let inner), .strong(let inner): return links(in: inner)
        default: return []
        }
      }
    }

    func visit(_ blocks: [Block], depth: Int, inList: Bool) {
      for block in blocks {
        switch block {
        case .heading(let level, let content, _) where level == 1 && title == nil:
          title = content.plainText
        case .heading(_, let content, _):
          parts.append(Book.Part(title: content.plainText, lessons: []))
        case .paragraph(let content, let location):
          let course = courseSection(after: content, at: location)
          for (destination, text) in links(in: content) {
            add(
              destination, text: text, depth: depth, numbered: inList, course: course,
              at: location)
          }
        case .list(let list):
          for item in list.items { visit(item, depth: inList ? depth + 1 : 0, inList: true) }
        case .blockQuote(let inner): visit(inner, depth: depth, inList: inList)
        case .thematicBreak:
          parts[parts.count - 1].contents.append(
            Book.Chapter(kind: .separator, title: "", depth: 0, isNumbered: false))
        default: break
        }
      }
    }
    visit(document.blocks, depth: -1, inList: false)

    let missing = lessons.filter { listed[$0.fileName] == nil }
    for lesson in missing {
      diagnostics.append(
        .warning(
          "'\(lesson.fileName)' is not listed in SUMMARY.md; it is built and listed at the end",
          path: path, at: nil))
    }
    if !missing.isEmpty {
      parts.append(
        Book.Part(
          title: "More lessons", lessons: missing,
          contents: missing.map {
            Book.Chapter(kind: .lesson($0), title: "", depth: 0, isNumbered: true)
          }))
    }
    parts.removeAll { $0.contents.isEmpty && $0.title == nil }
    return Book(title: title ?? Book.defaultTitle, parts: parts, diagnostics: diagnostics)
  }
}

/// Reads a lesson file as UTF-8 text, or says clearly why it cannot.
enum SourceReader {
  /// The largest lesson file that is read: 8 MiB, some 50 times the longest lesson of the
  /// course, and small enough that building it stays within seconds and a few hundred MB.
  static let maximumSize = 8 << 20

  static func read(_ url: URL, displayPath: String) -> (SourceText?, Diagnostic?) {
    let data: Data
    do {
      let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
      guard size <= maximumSize else {
        return (
          nil,
          .error(
            "the file is \(megabytes(size)) MB; a lesson may be at most"
              + " \(maximumSize >> 20) MB", path: displayPath, at: nil,
            notes: ["split it into several lessons"])
        )
      }
      data = try Data(contentsOf: url)
    } catch {
      return (
        nil,
        .error("cannot read the file: \(error.localizedDescription)", path: displayPath, at: nil)
      )
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      // Find the first byte that is not valid UTF-8, to say where it is.
      let bytes = [UInt8](data)
      var line = 1
      var lineStart = 0
      var index = 0
      while index < bytes.count {
        let width = utf8SequenceLength(bytes, at: index)
        if width == 0 { break }
        if bytes[index] == 0x0A {
          line += 1
          lineStart = index + 1
        }
        index += width
      }
      let column =
        (String(validating: bytes[lineStart..<index], as: UTF8.self)?.unicodeScalars.count ?? 0) + 1
      let byte = index < bytes.count ? String(bytes[index], radix: 16, uppercase: true) : "?"
      return (
        nil,
        .error(
          "the file is not valid UTF-8 (byte 0x\(byte)); save it as UTF-8", path: displayPath,
          at: SourceLocation(line: line, column: column))
      )
    }
    return (SourceText(path: displayPath, text: text), nil)
  }

  /// `bytes` in MiB with one decimal, rounded up (so a file over the limit never reads as it).
  private static func megabytes(_ bytes: Int) -> String {
    let tenths = (bytes * 10 + (1 << 20) - 1) / (1 << 20)
    return "\(tenths / 10).\(tenths % 10)"
  }

  /// The length of the valid UTF-8 sequence at `index`, or 0 if it is invalid.
  private static func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
    let lead = bytes[index]
    let width: Int
    switch lead {
    case 0x00...0x7F: return 1
    case 0xC2...0xDF: width = 2
    case 0xE0...0xEF: width = 3
    case 0xF0...0xF4: width = 4
    default: return 0
    }
    guard index + width <= bytes.count,
      String(validating: bytes[index..<index + width], as: UTF8.self) != nil
    else { return 0 }
    return width
  }
}
