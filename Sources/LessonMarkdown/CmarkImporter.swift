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
      var converter = Converter(source: source)
      let blocks = converter.children(of: root, depth: Depth()).compactMap(\.block)
      return (blocks, converter.diagnostics)
    }
  }

  private static func withDocument<T>(_ markdown: String, _ body: (OpaquePointer) -> T) -> T {
    let length = markdown.utf8.count
    let root = markdown.withCString { cmark_parse_document($0, length, options) }!
    defer { cmark_node_free(root) }
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
  }

  /// Converts nodes, remembering the first place where nesting went too deep.
  private struct Converter {
    let source: SourceText
    var diagnostics: [Diagnostic] = []
    /// Where the enclosing block starts (cmark does not locate every inline).
    var blockLocation = SourceLocation(line: 1, column: 1)

    init(source: SourceText) { self.source = source }

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
        return .block(.paragraph(inlines(node, depth), location: location))
      case CMARK_NODE_HEADING:
        return .block(
          .heading(
            level: Int(cmark_node_get_heading_level(node)), content: inlines(node, depth),
            location: location))
      case CMARK_NODE_BLOCK_QUOTE: return .block(.blockQuote(blocks(node, depth)))
      case CMARK_NODE_LIST:
        var items: [[Block]] = []
        var item = cmark_node_first_child(node)
        while let current = item {
          items.append(blocks(current, depth))
          item = cmark_node_next(current)
        }
        return .block(
          .list(
            Block.List(
              ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
              start: Int(cmark_node_get_list_start(node)),
              tight: cmark_node_get_list_tight(node) != 0, items: items)))
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
      children(of: node, depth: depth).compactMap(\.inline)
    }
  }

  /// cmark's getters return NULL where a field does not apply: treat that as empty.
  private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
  }
}
