extension LessonDocument {
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
    let blocks = CmarkImporter.blocks(scan.markdown, source: source).map {
      resolver.block($0)
    }
    diagnostics += resolver.diagnostics
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
    let scan = InlineExtensions(
      lines: source.lines, verbatimLines: [], quoteLines: [], path: path
    ) { line, column in
      line == 1
        ? SourceLocation(line: location.line, column: location.column + column - 1)
        : SourceLocation(line: location.line + line - 1, column: column)
    }
    var resolver = Resolver(source: source, extensions: scan.extensions)
    var inlines: [Inline] = []
    for block in CmarkImporter.blocks(scan.markdown, source: source) {
      switch resolver.block(block) {
      case .paragraph(let content, _), .heading(_, let content, _):
        if !inlines.isEmpty { inlines.append(.softBreak) }
        inlines += content
      default:
        // Captions are one paragraph; anything else is shown as written.
        inlines.append(.text(text))
      }
    }
    return (inlines, scan.diagnostics + resolver.diagnostics)
  }
}

/// Replaces placeholders by math and roles, and fenced `{name}` blocks by directives.
private struct Resolver {
  let source: SourceText
  let extensions: [InlineExtensions.Extension]
  var diagnostics: [Diagnostic] = []
  var contentDirectives: Set<String> = []

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
    let (options, problems) = YAMLParser.parse(body, path: source.path) { line, column in
      // Body line `line` is file line fence + line; its text may sit after container
      // prefixes (list indentation, `> `), which cmark removed: add them back.
      let fileLine = location.line + line
      var offset = 0
      if bodyLines.indices.contains(line - 1), let text = source.line(fileLine),
        text.unicodeScalars.count >= bodyLines[line - 1].unicodeScalars.count,
        text.hasSuffix(bodyLines[line - 1])
      {
        offset = text.unicodeScalars.count - bodyLines[line - 1].unicodeScalars.count
      }
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
