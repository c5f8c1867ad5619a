import CCmark

/// The only user of the cmark C library: parses Markdown and converts the C tree into Swift
/// values at once, freeing it before returning. Nothing else in the program sees a cmark
/// pointer (they are not `Sendable`, and their lifetime ends here).
enum CmarkImporter {
  /// Lines that need to be known before math and roles are protected.
  struct Outline {
    /// Lines of code blocks (fences included) and raw HTML blocks: never scanned for math.
    var verbatimLines: Set<Int> = []
    /// Lines inside block quotes.
    var quoteLines: Set<Int> = []
    /// Paragraphs and headings, in order: the only places where math and roles are found,
    /// each on its own (a `$` never pairs with one in another block).
    var textBlocks: [TextBlock] = []
  }

  /// The lines of one paragraph or heading.
  struct TextBlock: Equatable {
    /// 1-based lines of the file.
    var lines: ClosedRange<Int>
    /// The UTF-8 byte offset in its first line where the block starts (after list markers,
    /// `>` and `#`-free prefixes cmark reports as the block's start).
    var byteOffset: Int
  }

  /// Typographic quotes and dashes ("smart punctuation"), as a textbook would print them.
  private static let options = CMARK_OPT_SMART

  /// How deeply block quotes and lists may nest, and emphasis, links and images inside a
  /// paragraph. Every walk over a lesson (import, resolve, render, search text, ids) recurses
  /// once per level, so these bound the stack; no real lesson comes near them (markdown-it
  /// caps nesting at 100 for the same reason).
  public static let maximumBlockDepth = 100
  public static let maximumInlineDepth = 256

  /// Parses `markdown` for its block structure only.
  static func outline(_ markdown: String) -> Outline {
    withDocument(markdown) { root in
      var outline = Outline()
      // cmark's iterator walks the tree without recursion, however deep it is.
      let iterator = cmark_iter_new(root)!
      defer { cmark_iter_free(iterator) }
      // Only the outermost quote's lines are recorded: the inner ones are among them, and
      // recording every level would cost depth × lines.
      var quoteDepth = 0
      while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
        guard let node = cmark_iter_get_node(iterator) else { continue }
        let type = cmark_node_get_type(node)
        if event == CMARK_EVENT_EXIT {
          if type == CMARK_NODE_BLOCK_QUOTE { quoteDepth -= 1 }
          continue
        }
        // cmark leaves the end line at 0 for some blocks (e.g. an HTML block that ends the
        // document): never trust it to follow the start.
        let start = Int(cmark_node_get_start_line(node))
        let lines = start...max(start, Int(cmark_node_get_end_line(node)))
        if type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK {
          outline.verbatimLines.formUnion(lines)
        } else if type == CMARK_NODE_BLOCK_QUOTE {
          if quoteDepth == 0 { outline.quoteLines.formUnion(lines) }
          quoteDepth += 1
        } else if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING {
          outline.textBlocks.append(
            TextBlock(
              lines: lines, byteOffset: max(0, Int(cmark_node_get_start_column(node)) - 1)))
        }
      }
      return outline
    }
  }

  /// Parses `markdown` into blocks; `source` converts cmark's byte columns to locations.
  ///
  /// Content nested deeper than `maximumBlockDepth` or `maximumInlineDepth` is left out, with
  /// an error at the first place where the limit is crossed.
  static func blocks(_ markdown: String, source: SourceText) -> ([Block], [Diagnostic]) {
    withDocument(markdown) { root in
      var converter = Converter(
        source: source, lines: markdown.split(separator: "\n", omittingEmptySubsequences: false))
      let blocks = converter.children(of: root, depth: Depth()).compactMap(\.block)
      return (blocks, converter.diagnostics)
    }
  }

  private static func withDocument<T>(_ markdown: String, _ body: (OpaquePointer) -> T) -> T {
    let length = markdown.utf8.count
    let root = markdown.withCString { cmark_parse_document($0, length, options) }!
    defer { cmark_node_free(root) }
    // One text node per run of text, so that GFM's extensions see `[ ]`, `~~` and URLs whole.
    cmark_consolidate_text_nodes(root)
    return body(root)
  }

  /// A converted node: blocks and inlines share cmark's tree, so children come back as either.
  private enum Converted {
    case block(Block)
    case inline(Inline)

    var block: Block? {
      if case .block(let block) = self { return block }
      return nil
    }

    var inline: Inline? {
      if case .inline(let inline) = self { return inline }
      return nil
    }
  }

  /// How many block containers and inline containers enclose a node.
  private struct Depth {
    var blocks = 0
    var inlines = 0
    /// Inside a link's text, where bare URLs are not links again.
    var inLink = false
  }

  /// Converts nodes, remembering the first place where nesting went too deep.
  private struct Converter {
    let source: SourceText
    /// The Markdown cmark parsed, by line (it differs from `source` where math was protected).
    let lines: [Substring]
    var diagnostics: [Diagnostic] = []
    /// Where the enclosing block starts (cmark does not locate every inline).
    var blockLocation = SourceLocation(line: 1, column: 1)

    init(source: SourceText, lines: [Substring]) {
      self.source = source
      self.lines = lines
    }

    mutating func children(of node: OpaquePointer, depth: Depth) -> [Converted] {
      var result: [Converted] = []
      var child = cmark_node_first_child(node)
      while let current = child {
        if let converted = convert(current, depth: depth) { result.append(converted) }
        child = cmark_node_next(current)
      }
      return result
    }

    /// Reports content nested past a limit (once per parse: one error says it all).
    private mutating func tooDeep(_ what: String, limit: Int, at location: SourceLocation) {
      guard diagnostics.isEmpty else { return }
      diagnostics.append(
        .error(
          "\(what) nested more than \(limit) levels deep", path: source.path, at: location,
          notes: ["the content nested deeper is left out of the page"]))
    }

    private mutating func convert(_ node: OpaquePointer, depth outer: Depth) -> Converted? {
      let type = cmark_node_get_type(node)
      let line = Int(cmark_node_get_start_line(node))
      let location =
        line > 0
        ? source.location(line: line, byteColumn: Int(cmark_node_get_start_column(node)))
        : blockLocation
      var depth = outer
      switch type {
      case CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_LIST:
        depth.blocks += 1
        if depth.blocks > maximumBlockDepth {
          tooDeep("block quotes and lists", limit: maximumBlockDepth, at: location)
          return nil
        }
      case CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_LINK, CMARK_NODE_IMAGE:
        depth.inlines += 1
        if type == CMARK_NODE_LINK { depth.inLink = true }
        if depth.inlines > maximumInlineDepth {
          tooDeep("emphasis, links and images", limit: maximumInlineDepth, at: location)
          return nil
        }
      case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
        blockLocation = location
      default: break
      }
      let literal = { string(cmark_node_get_literal(node)) }

      switch type {
      case CMARK_NODE_PARAGRAPH:
        if let table = table(node, depth) { return .block(.table(table, location: location)) }
        return .block(.paragraph(inlines(node, depth), location: location))
      case CMARK_NODE_HEADING:
        return .block(
          .heading(
            level: Int(cmark_node_get_heading_level(node)), content: inlines(node, depth),
            location: location))
      case CMARK_NODE_BLOCK_QUOTE: return .block(.blockQuote(blocks(node, depth)))
      case CMARK_NODE_LIST:
        var items: [[Block]] = []
        var tasks: [Bool?] = []
        var item = cmark_node_first_child(node)
        while let current = item {
          var content = blocks(current, depth)
          // GFM task list item: `- [ ] text` or `- [x] text`.
          var checked: Bool?
          if case .paragraph(var inlines, let at) = content.first,
            case .text(let text) = inlines.first, let task = GFM.task(text)
          {
            checked = task.checked
            if task.rest.isEmpty { inlines.removeFirst() } else { inlines[0] = .text(task.rest) }
            content[0] = .paragraph(inlines, location: at)
          }
          items.append(content)
          tasks.append(checked)
          item = cmark_node_next(current)
        }
        return .block(
          .list(
            Block.List(
              ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
              start: Int(cmark_node_get_list_start(node)),
              tight: cmark_node_get_list_tight(node) != 0, items: items, tasks: tasks)))
      case CMARK_NODE_CODE_BLOCK:
        return .block(
          .code(info: string(cmark_node_get_fence_info(node)), text: literal(), location: location)
        )
      case CMARK_NODE_HTML_BLOCK: return .block(.html(literal(), location: location))
      case CMARK_NODE_THEMATIC_BREAK: return .block(.thematicBreak)
      case CMARK_NODE_TEXT: return .inline(.text(literal()))
      case CMARK_NODE_CODE: return .inline(.code(literal()))
      case CMARK_NODE_SOFTBREAK: return .inline(.softBreak)
      case CMARK_NODE_LINEBREAK: return .inline(.lineBreak)
      case CMARK_NODE_HTML_INLINE: return .inline(.html(literal()))
      case CMARK_NODE_EMPH: return .inline(.emphasis(inlines(node, depth)))
      case CMARK_NODE_STRONG: return .inline(.strong(inlines(node, depth)))
      case CMARK_NODE_LINK:
        return .inline(
          .link(
            destination: string(cmark_node_get_url(node)),
            title: string(cmark_node_get_title(node)), content: inlines(node, depth)))
      case CMARK_NODE_IMAGE:
        return .inline(
          .image(
            source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)),
            alt: inlines(node, depth)))
      default:
        // CUSTOM_BLOCK / CUSTOM_INLINE are never produced by the parser.
        return nil
      }
    }

    private mutating func blocks(_ node: OpaquePointer, _ depth: Depth) -> [Block] {
      children(of: node, depth: depth).compactMap(\.block)
    }

    private mutating func inlines(_ node: OpaquePointer, _ depth: Depth) -> [Inline] {
      let inlines = GFM.strikethrough(children(of: node, depth: depth).compactMap(\.inline))
      return depth.inLink ? inlines : GFM.autolinks(inlines)
    }

    /// A paragraph that is a GFM pipe table: a header row, a delimiter row with as many
    /// cells, then body rows (each cut or padded to the header's width). Cells are read from
    /// the lines cmark parsed, each parsed again as inline Markdown.
    private mutating func table(_ node: OpaquePointer, _ depth: Depth) -> Block.Table? {
      let first = Int(cmark_node_get_start_line(node))
      let last = Int(cmark_node_get_end_line(node))
      guard first >= 1, last > first, last <= lines.count else { return nil }
      let column = max(0, Int(cmark_node_get_start_column(node)) - 1)
      let quoted = lines[first - 1].utf8.prefix(column).contains(UInt8(ascii: ">"))
      let rows = (first...last).map { number -> Substring in
        let line = lines[number - 1]
        if number == first {
          return Substring(line.utf8.dropFirst(min(column, line.utf8.count))) ?? line
        }
        // Continuation lines: drop the container's indentation and, in a quote, its markers.
        return line.drop { $0 == " " || $0 == "\t" || (quoted && $0 == ">") }
      }
      let delimiter = Substring(rows[1].replacingOccurrences("\\-", with: "-"))
      guard let header = GFM.cells(rows[0]), let alignments = GFM.alignments(delimiter),
        header.count == alignments.count
      else { return nil }
      let width = header.count
      var body: [[[Inline]]] = []
      for row in rows.dropFirst(2) {
        var cells = (GFM.cells(row) ?? [row.trimmingCharacters(in: " \t")]).prefix(width)
          .map { cellInlines($0, depth) }
        cells += Array(repeating: [], count: width - cells.count)
        body.append(cells)
      }
      return Block.Table(
        alignments: alignments, header: header.map { cellInlines($0, depth) }, rows: body)
    }

    /// One table cell's text parsed as inline Markdown.
    private mutating func cellInlines(_ text: String, _ depth: Depth) -> [Inline] {
      guard !text.isEmpty else { return [] }
      let blocks = CmarkImporter.withDocument(text) { root in
        var converter = Converter(source: source, lines: [Substring(text)])
        converter.blockLocation = blockLocation
        return converter.children(of: root, depth: depth).compactMap(\.block)
      }
      switch blocks.first {
      case .paragraph(let content, _), .heading(_, let content, _): return content
      default: return [.text(text)]
      }
    }
  }

  /// cmark's getters return NULL where a field does not apply: treat that as empty.
  private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
  }
}
