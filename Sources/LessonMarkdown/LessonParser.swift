extension LessonDocument {
  /// How many directives (`{expect}` blocks included) one lesson may hold: the course's
  /// lessons hold at most a dozen, and each runs and renders a figure (10,000 `{ewa}` blocks
  /// took minutes and 2 GB to check).
  public static let maximumDirectives = 200

  /// Parses a lesson: front matter, then math and roles protected, then cmark, then
  /// directives and their YAML options. Never throws: problems become diagnostics.
  ///
  /// The bodies of `contentDirectives` are Markdown, as in MyST: an optional argument after
  /// the braces, `:key: value` option lines, then content parsed like the lesson around it.
  public static func parse(_ source: SourceText, contentDirectives: Set<String> = [])
    -> LessonDocument
  {
    var diagnostics: [Diagnostic] = []
    let (frontMatter, body) = FrontMatter.parse(source, diagnostics: &diagnostics)
    let outline = CmarkImporter.outline(body)
    let scan = InlineExtensions(
      lines: SourceText(path: source.path, text: body).lines,
      verbatimLines: outline.verbatimLines, quoteLines: outline.quoteLines, path: source.path)
    diagnostics += scan.diagnostics
    var resolver = Resolver(source: source, extensions: scan.extensions)
    resolver.contentDirectives = contentDirectives
    let (imported, tooDeep) = CmarkImporter.blocks(scan.markdown, source: source)
    let blocks = imported.map { resolver.block($0) }
    diagnostics += tooDeep + resolver.diagnostics
    return LessonDocument(
      source: source, frontMatter: frontMatter, blocks: blocks, diagnostics: diagnostics)
  }
}

/// Parses Markdown that is not a whole lesson — a caption or a table header written in a
/// directive's options — into inlines. `location` is where the text starts in the lesson.
public enum InlineMarkdown {
  public static func parse(_ text: String, path: String, at location: SourceLocation) -> (
    [Inline], [Diagnostic]
  ) {
    let source = SourceText(path: path, text: text)
    let locate = { (line: Int, column: Int) in
      line == 1
        ? SourceLocation(line: location.line, column: location.column + column - 1)
        : SourceLocation(line: location.line + line - 1, column: column)
    }
    let scan = InlineExtensions(
      lines: source.lines, verbatimLines: [], quoteLines: [], path: path, locate: locate)
    var resolver = Resolver(source: source, extensions: scan.extensions)
    var inlines: [Inline] = []
    let (blocks, tooDeep) = CmarkImporter.blocks(scan.markdown, source: source)
    for block in blocks {
      switch resolver.block(block) {
      case .paragraph(let content, _), .heading(_, let content, _):
        if !inlines.isEmpty { inlines.append(.softBreak) }
        inlines += content
      default:
        // Captions are one paragraph; anything else is shown as written.
        inlines.append(.text(text))
      }
    }
    // The importer locates within `text`: move its errors to where the text is in the lesson.
    let located = tooDeep.map { diagnostic in
      var moved = diagnostic
      moved.location = diagnostic.location.map { locate($0.line, $0.column) }
      return moved
    }
    return (inlines, scan.diagnostics + located + resolver.diagnostics)
  }
}

/// Replaces placeholders by math and roles, and fenced `{name}` blocks by directives.
private struct Resolver {
  let source: SourceText
  let extensions: [InlineExtensions.Extension]
  var diagnostics: [Diagnostic] = []
  var contentDirectives: Set<String> = []
  /// How many `{name}` fences have been read so far.
  private var directiveCount = 0

  init(source: SourceText, extensions: [InlineExtensions.Extension]) {
    self.source = source
    self.extensions = extensions
  }

  mutating func block(_ block: Block) -> Block {
    switch block {
    case .heading(let level, let content, let location):
      return .heading(level: level, content: inlines(content), location: location)
    case .paragraph(let content, let location):
      return .paragraph(inlines(content), location: location)
    case .blockQuote(let blocks): return .blockQuote(blocks.map { self.block($0) })
    case .list(var list):
      list.items = list.items.map { $0.map { self.block($0) } }
      return .list(list)
    case .code(let info, let text, let location) where info.hasPrefix("{"):
      directiveCount += 1
      guard directiveCount <= LessonDocument.maximumDirectives else {
        if directiveCount == LessonDocument.maximumDirectives + 1 {
          diagnostics.append(
            .error(
              "more than \(LessonDocument.maximumDirectives) directives in one lesson",
              path: source.path,
              at: location, notes: ["this one and the ones after it are not run: split the lesson"])
          )
        }
        return block
      }
      return directive(info: info, body: text, location: location) ?? block
    case .code, .directive, .thematicBreak, .html: return block
    }
  }

  private mutating func inlines(_ content: [Inline]) -> [Inline] {
    var result: [Inline] = []
    for inline in content {
      switch inline {
      case .text(let text):
        result += split(text)
      case .emphasis(let inner): result.append(.emphasis(inlines(inner)))
      case .strong(let inner): result.append(.strong(inlines(inner)))
      case .link(let destination, let title, let inner):
        result.append(.link(destination: destination, title: title, content: inlines(inner)))
      case .image(let source, let title, let alt):
        result.append(.image(source: source, title: title, alt: inlines(alt)))
      default:
        result.append(inline)
      }
    }
    // A line end inside a formula was kept as a soft break followed by U+E002: drop both.
    var cleaned: [Inline] = []
    for inline in result {
      if case .text(let text) = inline, text.unicodeScalars.first == InlineExtensions.continuation {
        if case .softBreak = cleaned.last { cleaned.removeLast() }
        let rest = String(text.unicodeScalars.dropFirst())
        if !rest.isEmpty { cleaned.append(.text(rest)) }
      } else {
        cleaned.append(inline)
      }
    }
    return cleaned
  }

  /// Splits text at placeholders `U+E000 index U+E001`.
  private func split(_ text: String) -> [Inline] {
    guard text.unicodeScalars.contains(InlineExtensions.open) else { return [.text(text)] }
    var result: [Inline] = []
    var plain = String.UnicodeScalarView()
    var scalars = text.unicodeScalars[...]
    while let scalar = scalars.popFirst() {
      guard scalar == InlineExtensions.open,
        let close = scalars.firstIndex(of: InlineExtensions.close),
        let index = Int(String(scalars[..<close])), extensions.indices.contains(index)
      else {
        plain.append(scalar)
        continue
      }
      if !plain.isEmpty { result.append(.text(String(plain))) }
      plain = String.UnicodeScalarView()
      switch extensions[index] {
      case .math(let math): result.append(.math(math))
      case .role(let role): result.append(.role(role))
      }
      scalars = scalars[scalars.index(after: close)...]
    }
    if !plain.isEmpty { result.append(.text(String(plain))) }
    return result
  }

  /// Reads a fence whose info string starts with `{`: ```` ```{ewa} ````.
  private mutating func directive(info: String, body: String, location: SourceLocation)
    -> Block?
  {
    let fenceLine = source.line(location.line).map { Array($0.unicodeScalars) } ?? []
    let braceColumn = (fenceLine.firstIndex(of: "{") ?? 0) + 1
    let nameLocation = SourceLocation(line: location.line, column: braceColumn + 1)
    let trimmed = info.trimmingCharacters(in: " \t")
    let inner = trimmed.dropFirst().prefix { $0 != "}" }
    guard Identifier.isValid(inner), trimmed.dropFirst(inner.count + 1).first == "}" else {
      diagnostics.append(
        .error(
          "malformed directive '\(trimmed)'", path: source.path,
          at: SourceLocation(line: location.line, column: braceColumn),
          length: trimmed.unicodeScalars.count,
          notes: ["a directive is a fence whose info string is a name in braces, e.g. ```{ewa}"]))
      return nil
    }
    let rest = trimmed.dropFirst(inner.count + 2).trimmingCharacters(in: " \t")
    let restColumn =
      braceColumn + inner.unicodeScalars.count + 2
      + (fenceLine.dropFirst(braceColumn + inner.unicodeScalars.count + 1)
        .prefix { $0 == " " || $0 == "\t" }.count)
    if contentDirectives.contains(String(inner)) {
      return contentDirective(
        name: String(inner), nameLocation: nameLocation, body: body, location: location,
        argument: rest.isEmpty
          ? nil : (rest, SourceLocation(line: location.line, column: restColumn)))
    }
    if !rest.isEmpty {
      diagnostics.append(
        .error(
          "unexpected text '\(rest)' after directive {\(inner)}", path: source.path,
          at: SourceLocation(line: location.line, column: restColumn),
          length: rest.unicodeScalars.count,
          notes: ["options go in the block, one 'key: value' per line"]))
    }
    let bodyLines = body.split(separator: "\n", omittingEmptySubsequences: false)
    // Each line's offset is computed once: a one-line list of 10,000 items asks 10,000 times.
    var offsets: [Int: Int] = [:]
    let (options, problems) = YAMLParser.parse(body, path: source.path) { line, column in
      // Body line `line` is file line fence + line; its text may sit after container
      // prefixes (list indentation, `> `), which cmark removed: add them back.
      let fileLine = location.line + line
      if let offset = offsets[line] {
        return SourceLocation(line: fileLine, column: column + offset)
      }
      var offset = 0
      if bodyLines.indices.contains(line - 1), let text = source.line(fileLine),
        text.unicodeScalars.count >= bodyLines[line - 1].unicodeScalars.count,
        text.hasSuffix(bodyLines[line - 1])
      {
        offset = text.unicodeScalars.count - bodyLines[line - 1].unicodeScalars.count
      }
      offsets[line] = offset
      return SourceLocation(line: fileLine, column: column + offset)
    }
    diagnostics += problems
    return .directive(
      DirectiveBlock(
        name: String(inner), nameLocation: nameLocation, options: options, body: body,
        location: location))
  }

  /// A MyST content directive: `:key: value` lines (a mapping of plain scalars, keys may
  /// repeat), then Markdown, parsed as a document whose lines are the lesson's own.
  private mutating func contentDirective(
    name: String, nameLocation: SourceLocation, body: String, location: SourceLocation,
    argument: (text: String, location: SourceLocation)?
  ) -> Block {
    let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
    var entries: [YAMLEntry] = []
    var index = 0
    while index < lines.count {
      let line = lines[index]
      let indent = line.prefix { $0 == " " }.count
      let text = line.dropFirst(indent)
      guard text.hasPrefix(":"), let close = text.dropFirst().firstIndex(of: ":") else { break }
      let key = String(text[text.index(after: text.startIndex)..<close])
      guard Identifier.isValid(key) else { break }
      let fileLine = location.line + index + 1
      let keyColumn = indent + 2
      let afterKey = text[text.index(after: close)...]
      let spaces = afterKey.prefix { $0 == " " || $0 == "\t" }.count
      let value = afterKey.trimmingCharacters(in: " \t")
      let valueColumn = keyColumn + key.unicodeScalars.count + 1 + spaces
      entries.append(
        YAMLEntry(
          key: key, keyLocation: SourceLocation(line: fileLine, column: keyColumn),
          value: YAMLNode(
            .scalar(value, plain: true), at: SourceLocation(line: fileLine, column: valueColumn),
            length: max(1, value.unicodeScalars.count))))
      index += 1
    }
    let options =
      entries.isEmpty
      ? nil
      : YAMLNode(
        .mapping(entries), at: SourceLocation(line: location.line + 1, column: 1))
    // Content line i of the body is file line location.line + 1 + i: pad with empty lines so
    // that the nested parse reports the lesson's own line numbers.
    let markdown = lines[index...].joined(separator: "\n")
    let padded = String(repeating: "\n", count: location.line + index) + markdown
    let nested = LessonDocument.parse(
      SourceText(path: source.path, text: padded), contentDirectives: contentDirectives)
    diagnostics += nested.diagnostics
    return .directive(
      DirectiveBlock(
        name: name, nameLocation: nameLocation, options: options, body: body,
        location: location, argument: argument, content: nested.blocks))
  }
}

extension StringProtocol {
  func trimmingCharacters(in set: String) -> String {
    var scalars = Substring(self).unicodeScalars[...]
    while let first = scalars.first, set.unicodeScalars.contains(first) { scalars.removeFirst() }
    while let last = scalars.last, set.unicodeScalars.contains(last) { scalars.removeLast() }
    return String(String.UnicodeScalarView(scalars))
  }
}
