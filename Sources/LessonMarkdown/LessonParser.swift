import LessonMarkup

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
    var directiveCount = 0
    let (blocks, problems) = blocks(
      body, source: source, directiveCount: &directiveCount, nesting: 0,
      contentDirectives: contentDirectives)
    diagnostics += problems
    return LessonDocument(
      source: source, frontMatter: frontMatter, blocks: blocks, diagnostics: diagnostics)
  }

  /// How deeply admonitions may nest in one another (each level parses its body again).
  static let maximumDirectiveNesting = 20

  /// Parses Markdown whose line numbers are the lesson's (`body` has the lesson's lines, or
  /// empty lines in place of those that are not part of it): MyST line syntax, math and roles
  /// protected, cmark, then directives.
  ///
  /// `columnShifts` (by line) are columns removed before the text of a line (a footnote
  /// definition's marker and indentation), added back to the locations of math and roles.
  static func blocks(
    _ body: String, source: SourceText, directiveCount: inout Int, nesting: Int,
    contentDirectives: Set<String> = [], columnShifts: [Int: Int] = [:]
  ) -> ([Block], [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    var text = body
    var lines = SourceText(path: source.path, text: body).lines
    var footnotes: [MyST.FootnoteSource] = []
    if let rewritten = MyST.blockSyntax(
      lines, verbatim: CmarkImporter.outline(body).verbatimLines, path: source.path)
    {
      text = rewritten.lines.joined(separator: "\n")
      lines = SourceText(path: source.path, text: text).lines
      footnotes = rewritten.footnotes
      diagnostics += rewritten.diagnostics
    }
    let outline = CmarkImporter.outline(text)
    let scan = InlineExtensions(
      lines: lines, blocks: outline.textBlocks, quoteLines: outline.quoteLines, path: source.path
    ) { line, column in
      SourceLocation(line: line, column: column + (columnShifts[line] ?? 0))
    }
    diagnostics += scan.diagnostics
    var resolver = Resolver(source: source, scan: scan)
    resolver.directiveCount = directiveCount
    resolver.nesting = nesting
    resolver.contentDirectives = contentDirectives
    resolver.footnotes = footnotes
    let (imported, tooDeep) = CmarkImporter.blocks(scan.markdown, source: source)
    let blocks = imported.map { resolver.block($0) }
    directiveCount = resolver.directiveCount
    diagnostics += tooDeep + resolver.diagnostics
    return (blocks, diagnostics)
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
    let outline = CmarkImporter.outline(text)
    let scan = InlineExtensions(
      lines: source.lines, blocks: outline.textBlocks, quoteLines: outline.quoteLines, path: path,
      locate: locate)
    var resolver = Resolver(source: source, scan: scan)
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
  /// The text each placeholder replaced.
  let originals: [String]
  var diagnostics: [Diagnostic] = []
  /// How many `{name}` fences have been read so far.
  var directiveCount = 0
  /// How many admonitions enclose the Markdown being resolved.
  var nesting = 0
  /// Directives whose body is Markdown with `:key: value` options (`{exercise}`, …).
  var contentDirectives: Set<String> = []
  /// The footnote definitions `MyST.blockSyntax` took out, by the number in their marker.
  var footnotes: [MyST.FootnoteSource] = []

  init(source: SourceText, scan: InlineExtensions) {
    self.source = source
    self.extensions = scan.extensions
    self.originals = scan.originals
  }

  /// Puts back the text of placeholders that cmark read as something other than prose (a
  /// link's destination or title, code, HTML): there they are not math or roles, and no
  /// private-use character may reach the page.
  func restored(_ text: String) -> String {
    guard text.unicodeScalars.contains(InlineExtensions.open) else { return text }
    var result = String.UnicodeScalarView()
    var scalars = text.unicodeScalars[...]
    while let scalar = scalars.popFirst() {
      if scalar == InlineExtensions.open,
        let close = scalars.firstIndex(of: InlineExtensions.close),
        let index = Int(String(scalars[..<close])), originals.indices.contains(index)
      {
        result += originals[index].unicodeScalars
        scalars = scalars[scalars.index(after: close)...]
        // The line ends the placeholder kept, with their container prefix and U+E002, are
        // in the original text already.
        while let next = scalars.first, next == "\n",
          let mark = scalars.firstIndex(of: InlineExtensions.continuation),
          !scalars[scalars.index(after: scalars.startIndex)..<mark].contains("\n")
        {
          scalars = scalars[scalars.index(after: mark)...]
        }
      } else if scalar != InlineExtensions.continuation {
        result.append(scalar)
      }
    }
    return String(result)
  }

  mutating func block(_ block: Block) -> Block {
    switch block {
    case .heading(let level, let content, let location):
      return .heading(level: level, content: inlines(content), location: location)
    case .paragraph(let content, let location):
      return .paragraph(labellingDisplayMath(inlines(content), at: location), location: location)
    case .blockQuote(let blocks): return .blockQuote(blocks.map { self.block($0) })
    case .list(var list):
      list.items = list.items.map { $0.map { self.block($0) } }
      return .list(list)
    case .code(let info, let text, let location)
    where info.trimmingCharacters(in: " \t") == "{math}":
      return mathBlock(text, location: location)
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
      // A role in the fence line (```` ```{ewa} See {numref}`a` ````) made cmark read the line
      // as text when math and roles were found: put it back as written.
      return directive(info: restored(info), body: text, location: location) ?? block
    case .table(var table, let location):
      table.header = table.header.map { inlines($0) }
      table.rows = table.rows.map { $0.map { inlines($0) } }
      return .table(table, location: location)
    case .admonition(var admonition):
      admonition.blocks = admonition.blocks.map { self.block($0) }
      return .admonition(admonition)
    case .html(let html, let location) where html.hasPrefix(MyST.markerPrefix):
      return marker(html, at: location) ?? block
    case .code, .directive, .thematicBreak, .html, .figure, .target, .footnote: return block
    }
  }

  /// The block a marker of `MyST.blockSyntax` stands for: a target, or a footnote definition
  /// (its text parsed here, with the lesson's line numbers).
  private mutating func marker(_ html: String, at location: SourceLocation) -> Block? {
    let content = html.dropFirst(MyST.markerPrefix.count)
    guard let end = content.range(of: "-->") else { return nil }
    let marker = content[..<end.lowerBound]
    if marker.hasPrefix("target:") {
      return .target(
        label: String(marker.dropFirst("target:".count)),
        location: SourceLocation(line: location.line, column: location.column + 1))
    }
    guard marker.hasPrefix("footnote:"), let index = Int(marker.dropFirst("footnote:".count)),
      footnotes.indices.contains(index)
    else { return nil }
    let definition = footnotes[index]
    guard nesting < LessonDocument.maximumDirectiveNesting else {
      diagnostics.append(
        .error(
          "footnotes nested more than \(LessonDocument.maximumDirectiveNesting) levels deep",
          path: source.path, at: definition.location))
      return nil
    }
    let (blocks, problems) = LessonDocument.blocks(
      definition.markdown, source: source, directiveCount: &directiveCount, nesting: nesting + 1,
      contentDirectives: contentDirectives, columnShifts: definition.columnShifts)
    diagnostics += problems
    return .footnote(
      Block.Footnote(name: definition.name, location: definition.location, blocks: blocks))
  }

  private mutating func inlines(_ content: [Inline]) -> [Inline] {
    var result: [Inline] = []
    for inline in content {
      switch inline {
      case .text(let text):
        result += split(text)
      case .emphasis(let inner): result.append(.emphasis(inlines(inner)))
      case .strong(let inner): result.append(.strong(inlines(inner)))
      case .strikethrough(let inner): result.append(.strikethrough(inlines(inner)))
      case .link(let destination, let title, let inner):
        result.append(
          .link(
            destination: restored(destination), title: restored(title), content: inlines(inner)))
      case .image(let source, let title, let alt):
        result.append(.image(source: restored(source), title: restored(title), alt: inlines(alt)))
      case .code(let code): result.append(.code(restored(code)))
      case .html(let html): result.append(.html(restored(html)))
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

  /// MyST's `$$…$$ (name)`: a paragraph of one display formula followed by a label in
  /// parentheses gives the formula that label.
  private func labellingDisplayMath(_ content: [Inline], at location: SourceLocation) -> [Inline] {
    guard content.count == 2, case .math(var math) = content[0], math.display,
      case .text(let text) = content[1]
    else { return content }
    let trimmed = text.trimmingCharacters(in: " \t")
    guard trimmed.hasPrefix("("), trimmed.hasSuffix(")") else { return content }
    let name = String(trimmed.dropFirst().dropLast())
    guard EquationLabel.isValid(name) else { return content }
    // The label is on the line where the formula ends, after its `$$`.
    let lastLine = math.lineStarts[math.lineStarts.count - 1].line
    let column =
      source.line(lastLine).map { line -> Int in
        let scalars = Array(line.unicodeScalars)
        return (scalars.lastIndex(of: "(") ?? 0) + 2
      } ?? 1
    math.label = (name, SourceLocation(line: lastLine, column: column))
    return [.math(math)]
  }

  /// A ```` ```{math} ```` block (MyST): display math, with an optional `:label: name` line
  /// first. Other `:option:` lines are reported and skipped.
  private mutating func mathBlock(_ body: String, location: SourceLocation) -> Block {
    var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    var label: (name: String, location: SourceLocation)?
    var first = 0
    func fileLocation(_ index: Int, column: Int) -> SourceLocation {
      let fileLine = location.line + 1 + index
      let prefix =
        source.line(fileLine).map {
          $0.unicodeScalars.count - lines[index].unicodeScalars.count
        } ?? 0
      return SourceLocation(line: fileLine, column: max(prefix, 0) + column)
    }
    while first < lines.count, lines[first].hasPrefix(":") {
      let line = lines[first]
      let key = line.dropFirst().prefix { $0 != ":" }
      let value = line.dropFirst(key.count + 2).trimmingCharacters(in: " \t")
      if key == "label", EquationLabel.isValid(value) {
        let column = line.unicodeScalars.count - value.unicodeScalars.count + 1
        label = (value, fileLocation(first, column: column))
      } else if key == "label" {
        diagnostics.append(
          .error(
            "':label:' must be a name (letters, digits, '-', '_', ':' or '.'), not '\(value)'",
            path: source.path, at: fileLocation(first, column: 1),
            length: line.unicodeScalars.count))
      } else {
        diagnostics.append(
          .warning(
            "{math} option ':\(key):' is not supported; it is ignored", path: source.path,
            at: fileLocation(first, column: 1), length: line.unicodeScalars.count,
            notes: ["{math} takes ':label: name'"]))
      }
      first += 1
    }
    let tex = lines[first...].joined(separator: "\n")
    let starts = lines.indices.dropFirst(first).map { fileLocation($0, column: 1) }
    let math = Math(
      tex: tex, display: true,
      lineStarts: starts.isEmpty ? [SourceLocation(line: location.line + 1, column: 1)] : starts,
      label: label)
    return .paragraph([.math(math)], location: location)
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
      case .footnote(let reference): result.append(.footnoteReference(reference))
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
    if MyST.admonitions.contains(String(inner)) {
      return admonition(
        String(inner), title: rest, titleColumn: restColumn, body: body, location: location)
    }
    if inner == "figure" {
      return figure(
        source: rest, sourceColumn: restColumn, nameLocation: nameLocation, body: body,
        location: location)
    }
    if let instead = MyST.unsupported[String(inner)] {
      diagnostics.append(
        .warning(
          "{\(inner)} is a MyST/Jupyter Book directive this book does not run; its content is shown as code",
          path: source.path, at: nameLocation, length: inner.unicodeScalars.count,
          notes: [instead]))
      let language = inner == "code-cell" ? (rest.isEmpty ? "python" : rest) : ""
      return .code(info: language, text: body, location: location)
    }
    // `:key: value` lines are this directive's options, as YAML `key: value` (same columns).
    var body = body
    let (colonOptions, count) = MyST.optionLines(body)
    if count > 0 {
      var bodyLines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      for option in colonOptions {
        let line = bodyLines[option.line - 1]
        let indent = line.prefix { $0 == " " || $0 == "\t" }
        bodyLines[option.line - 1] = indent + " " + line.dropFirst(indent.count + 1)
      }
      body = bodyLines.joined(separator: "\n")
    }
    let bodyLines = body.split(separator: "\n", omittingEmptySubsequences: false)
    // Each line's offset is computed once: a one-line list of 10,000 items asks 10,000 times.
    var offsets: [Int: Int] = [:]
    let (options, problems) = YAMLParser.parse(body, path: source.path) { line, column in
      let fileLine = location.line + line
      if let offset = offsets[line] {
        return SourceLocation(line: fileLine, column: column + offset)
      }
      let offset =
        bodyLines.indices.contains(line - 1) ? prefixWidth(bodyLines[line - 1], fileLine) : 0
      offsets[line] = offset
      return SourceLocation(line: fileLine, column: column + offset)
    }
    diagnostics += problems
    // The fence line's text after the braces is the directive's caption, as MyST's
    // `{table} Title` is the table's (the pipeline reads it; `{expect}` refuses it).
    return .directive(
      DirectiveBlock(
        name: String(inner), nameLocation: nameLocation, options: options, body: body,
        location: location,
        argument: rest.isEmpty
          ? nil : (rest, SourceLocation(line: location.line, column: restColumn))))
  }

  /// How many columns of file line `fileLine` come before `bodyLine`, a line of a fenced
  /// block's body: the body may sit after container prefixes (list indentation, `> `), which
  /// cmark removed.
  func prefixWidth(_ bodyLine: Substring, _ fileLine: Int) -> Int {
    guard let text = source.line(fileLine),
      text.unicodeScalars.count >= bodyLine.unicodeScalars.count, text.hasSuffix(bodyLine)
    else { return 0 }
    return text.unicodeScalars.count - bodyLine.unicodeScalars.count
  }
}

extension Resolver {
  /// A content directive (MyST's sphinx-exercise form): `:key: value` lines, kept as a
  /// mapping of plain scalars (keys may repeat, as `:hint:` does), then Markdown parsed with
  /// the lesson's line numbers.
  fileprivate mutating func contentDirective(
    name: String, nameLocation: SourceLocation, body: String, location: SourceLocation,
    argument: (text: String, location: SourceLocation)?
  ) -> Block {
    let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
    let (options, count) = MyST.optionLines(body)
    let entries = options.map { option -> YAMLEntry in
      let line = lines[option.line - 1]
      let indent = line.prefix { $0 == " " || $0 == "\t" }.unicodeScalars.count
      let fileLine = location.line + option.line
      let keyColumn = indent + 2
      let afterKey = line.unicodeScalars.dropFirst(indent + 2 + option.key.unicodeScalars.count)
      let spaces = afterKey.prefix { $0 == " " || $0 == "\t" }.count
      return YAMLEntry(
        key: option.key, keyLocation: SourceLocation(line: fileLine, column: keyColumn),
        value: YAMLNode(
          .scalar(option.value, plain: true),
          at: SourceLocation(
            line: fileLine, column: keyColumn + option.key.unicodeScalars.count + 1 + spaces),
          length: max(1, option.value.unicodeScalars.count)))
    }
    guard nesting < LessonDocument.maximumDirectiveNesting else {
      diagnostics.append(
        .error(
          "directives nested more than \(LessonDocument.maximumDirectiveNesting) levels deep",
          path: source.path, at: location, notes: ["the content nested deeper is shown as code"]))
      return .code(info: "", text: body, location: location)
    }
    // The body keeps its lines' numbers: lines before it are left empty.
    let markdown =
      String(repeating: "\n", count: location.line + count)
      + lines.dropFirst(count).joined(separator: "\n")
    let (parsed, problems) = LessonDocument.blocks(
      markdown, source: source, directiveCount: &directiveCount, nesting: nesting + 1,
      contentDirectives: contentDirectives)
    diagnostics += problems
    return .directive(
      DirectiveBlock(
        name: name, nameLocation: nameLocation,
        options: entries.isEmpty
          ? nil
          : YAMLNode(.mapping(entries), at: SourceLocation(line: location.line + 1, column: 1)),
        body: body, location: location, argument: argument, content: parsed))
  }

  /// MyST's `{figure} path` (https://mystmd.org/guide/figures): `:name:`, `:alt:`,
  /// `:width:`, `:height:`, `:align:` and `:class:` lines, then Markdown whose first paragraph
  /// is the caption and whose other blocks are the legend.
  fileprivate mutating func figure(
    source path: String, sourceColumn: Int, nameLocation: SourceLocation, body: String,
    location: SourceLocation
  ) -> Block {
    var figure = Block.Figure(
      source: path,
      sourceLocation: path.isEmpty
        ? nameLocation : SourceLocation(line: location.line, column: sourceColumn),
      captionLocation: location, location: location)
    if path.isEmpty {
      diagnostics.append(
        .error(
          "{figure} needs the image's path on its fence line", path: source.path,
          at: nameLocation, length: "figure".count,
          notes: ["e.g. ```{figure} images/plot.png, relative to the lesson's folder"]))
    }
    let bodyLines = body.split(separator: "\n", omittingEmptySubsequences: false)
    let (options, count) = MyST.optionLines(body)
    for option in options {
      let line = bodyLines[option.line - 1]
      let fileLine = location.line + option.line
      let indent = line.prefix { $0 == " " || $0 == "\t" }.unicodeScalars.count
      let offset = prefixWidth(line, fileLine)
      let keyLocation = SourceLocation(line: fileLine, column: offset + indent + 2)
      let afterKey = line.unicodeScalars.dropFirst(indent + 2 + option.key.unicodeScalars.count)
      let spaces = afterKey.prefix { $0 == " " || $0 == "\t" }.count
      let valueLocation = SourceLocation(
        line: fileLine, column: keyLocation.column + option.key.unicodeScalars.count + 1 + spaces)
      let value = option.value
      let valueLength = max(1, value.unicodeScalars.count)
      switch option.key {
      case "name":
        if Identifier.isValid(value) {
          figure.name = value
          figure.nameLocation = valueLocation
        } else {
          diagnostics.append(
            .error(
              "':name:' must be an identifier (a letter, then letters, digits, - or _), not '\(value)'",
              path: source.path, at: valueLocation, length: valueLength))
        }
      case "alt": figure.alt = value
      case "width", "height":
        if let length = MyST.cssLength(value) {
          if option.key == "width" { figure.width = length } else { figure.height = length }
        } else {
          diagnostics.append(
            .error(
              "':\(option.key):' must be a CSS length such as 300px, 20em or 50%, not '\(value)'",
              path: source.path, at: valueLocation, length: valueLength,
              notes: ["units: \(MyST.cssUnits.joined(separator: ", ")); a bare number is in px"])
          )
        }
      case "align":
        if MyST.figureAlignments.contains(value) {
          figure.align = value
        } else {
          diagnostics.append(
            .error(
              "':align:' must be left, center or right, not '\(value)'", path: source.path,
              at: valueLocation, length: valueLength,
              notes: Spelling.didYouMean(value, among: MyST.figureAlignments)))
        }
      case "class": figure.classes += value.split(separator: " ").map(String.init)
      default:
        diagnostics.append(
          .warning(
            "{figure} has no option ':\(option.key):'; it is ignored", path: source.path,
            at: keyLocation, length: option.key.unicodeScalars.count,
            notes: Spelling.didYouMean(option.key, among: MyST.figureOptions) { ":\($0):" }
              + [
                "{figure} options are "
                  + MyST.figureOptions.map { ":\($0):" }.joined(separator: ", ")
              ]))
      }
    }
    guard nesting < LessonDocument.maximumDirectiveNesting else {
      diagnostics.append(
        .error(
          "directives nested more than \(LessonDocument.maximumDirectiveNesting) levels deep",
          path: source.path, at: location, notes: ["the content nested deeper is shown as code"]))
      return .code(info: "", text: body, location: location)
    }
    // The body keeps its lines' numbers: lines before it are left empty.
    let markdown =
      String(repeating: "\n", count: location.line + count)
      + bodyLines.dropFirst(count).joined(separator: "\n")
    var (blocks, problems) = LessonDocument.blocks(
      markdown, source: source, directiveCount: &directiveCount, nesting: nesting + 1,
      contentDirectives: contentDirectives)
    diagnostics += problems
    if case .paragraph(let caption, let at) = blocks.first {
      figure.caption = caption
      figure.captionLocation = at
      blocks.removeFirst()
    }
    figure.legend = blocks
    return .figure(figure)
  }

  /// A MyST admonition or dropdown: `:class:`, `:name:` and `:open:` lines, then Markdown.
  fileprivate mutating func admonition(
    _ kind: String, title: String, titleColumn: Int, body: String, location: SourceLocation
  ) -> Block {
    var classes: [String] = []
    var name: String?
    var open = false
    let (options, count) = MyST.optionLines(body)
    for option in options {
      let at = SourceLocation(line: location.line + option.line, column: 1)
      switch option.key {
      case "class": classes += option.value.split(separator: " ").map(String.init)
      case "name":
        if Identifier.isValid(option.value) {
          name = option.value
        } else {
          diagnostics.append(
            .error(
              "':name:' must be an identifier (a letter, then letters, digits, - or _)",
              path: source.path, at: at))
        }
      case "open" where kind == "dropdown": open = true
      default:
        diagnostics.append(
          .warning(
            "{\(kind)} has no option ':\(option.key):'; it is ignored", path: source.path, at: at,
            notes: ["{\(kind)} options are :class:, :name:\(kind == "dropdown" ? ", :open:" : "")"])
        )
      }
    }
    if kind == "admonition", title.isEmpty {
      diagnostics.append(
        .warning(
          "{admonition} needs a title on its fence line, e.g. ```{admonition} Why β = 0.9?",
          path: source.path, at: location))
    }
    var titleInlines: [Inline] = []
    if !title.isEmpty {
      let (inlines, problems) = InlineMarkdown.parse(
        title, path: source.path,
        at: SourceLocation(line: location.line, column: titleColumn))
      titleInlines = inlines
      diagnostics += problems
    }
    var blocks: [Block] = []
    guard nesting < LessonDocument.maximumDirectiveNesting else {
      diagnostics.append(
        .error(
          "admonitions nested more than \(LessonDocument.maximumDirectiveNesting) levels deep",
          path: source.path, at: location, notes: ["the content nested deeper is shown as code"]))
      return .code(info: "", text: body, location: location)
    }
    // The body keeps its lines' numbers: lines before it are left empty.
    let bodyLines = body.split(separator: "\n", omittingEmptySubsequences: false)
    let markdown =
      String(repeating: "\n", count: location.line + count)
      + bodyLines.dropFirst(count).joined(separator: "\n")
    let (parsed, problems) = LessonDocument.blocks(
      markdown, source: source, directiveCount: &directiveCount, nesting: nesting + 1)
    blocks = parsed
    diagnostics += problems
    return .admonition(
      Block.Admonition(
        kind: kind, title: titleInlines, classes: classes, name: name, open: open, blocks: blocks,
        location: location))
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

/// The names equations are labelled with: `adam`, `eq:adam`, `ewa-bias.1`.
public enum EquationLabel {
  /// A letter or digit, then letters, digits, `-`, `_`, `:` or `.`, at most 100 characters.
  public static func isValid(_ text: some StringProtocol) -> Bool {
    guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 100,
      ("0"..."9").contains(first) || (first.isASCII && first.properties.isAlphabetic)
    else { return false }
    return text.unicodeScalars.allSatisfy {
      $0.isASCII
        && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
          || "-_:.".unicodeScalars.contains($0))
    }
  }
}
