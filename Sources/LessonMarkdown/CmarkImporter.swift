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

  /// Parses `markdown` for its block structure only.
  static func outline(_ markdown: String) -> Outline {
    withDocument(markdown) { root in
      var outline = Outline()
      func visit(_ node: OpaquePointer) {
        let type = cmark_node_get_type(node)
        // cmark leaves the end line at 0 for some blocks (e.g. an HTML block that ends the
        // document): never trust it to follow the start.
        let start = Int(cmark_node_get_start_line(node))
        let lines = start...max(start, Int(cmark_node_get_end_line(node)))
        if type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK {
          outline.verbatimLines.formUnion(lines)
        } else if type == CMARK_NODE_BLOCK_QUOTE {
          outline.quoteLines.formUnion(lines)
        }
        var child = cmark_node_first_child(node)
        while let current = child {
          visit(current)
          child = cmark_node_next(current)
        }
      }
      visit(root)
      return outline
    }
  }

  /// Parses `markdown` into blocks; `source` converts cmark's byte columns to locations.
  static func blocks(_ markdown: String, source: SourceText) -> [Block] {
    withDocument(markdown) { root in children(of: root, source: source).compactMap(\.block) }
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

  private static func children(of node: OpaquePointer, source: SourceText) -> [Converted] {
    var result: [Converted] = []
    var child = cmark_node_first_child(node)
    while let current = child {
      if let converted = convert(current, source: source) { result.append(converted) }
      child = cmark_node_next(current)
    }
    return result
  }

  private static func convert(_ node: OpaquePointer, source: SourceText) -> Converted? {
    let type = cmark_node_get_type(node)
    let location = source.location(
      line: Int(cmark_node_get_start_line(node)),
      byteColumn: Int(cmark_node_get_start_column(node)))
    let blocks = { children(of: node, source: source).compactMap(\.block) }
    let inlines = { children(of: node, source: source).compactMap(\.inline) }
    let literal = { string(cmark_node_get_literal(node)) }

    switch type {
    case CMARK_NODE_PARAGRAPH: return .block(.paragraph(inlines(), location: location))
    case CMARK_NODE_HEADING:
      return .block(
        .heading(
          level: Int(cmark_node_get_heading_level(node)), content: inlines(), location: location))
    case CMARK_NODE_BLOCK_QUOTE: return .block(.blockQuote(blocks()))
    case CMARK_NODE_LIST:
      var items: [[Block]] = []
      var item = cmark_node_first_child(node)
      while let current = item {
        items.append(children(of: current, source: source).compactMap(\.block))
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
        .code(info: string(cmark_node_get_fence_info(node)), text: literal(), location: location))
    case CMARK_NODE_HTML_BLOCK: return .block(.html(literal(), location: location))
    case CMARK_NODE_THEMATIC_BREAK: return .block(.thematicBreak)
    case CMARK_NODE_TEXT: return .inline(.text(literal()))
    case CMARK_NODE_CODE: return .inline(.code(literal()))
    case CMARK_NODE_SOFTBREAK: return .inline(.softBreak)
    case CMARK_NODE_LINEBREAK: return .inline(.lineBreak)
    case CMARK_NODE_HTML_INLINE: return .inline(.html(literal()))
    case CMARK_NODE_EMPH: return .inline(.emphasis(inlines()))
    case CMARK_NODE_STRONG: return .inline(.strong(inlines()))
    case CMARK_NODE_LINK:
      return .inline(
        .link(
          destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)),
          content: inlines()))
    case CMARK_NODE_IMAGE:
      return .inline(
        .image(
          source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)),
          alt: inlines()))
    default:
      // CUSTOM_BLOCK / CUSTOM_INLINE are never produced by the parser.
      return nil
    }
  }

  /// cmark's getters return NULL where a field does not apply: treat that as empty.
  private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
  }
}
