import Testing

@testable import LessonMarkdown

private func parse(_ text: String) -> LessonDocument {
  LessonDocument.parse(SourceText(path: "Lessons/bad.md", text: text))
}

/// How many block quotes and lists enclose one another at most in `blocks`.
private func blockDepth(_ blocks: [Block]) -> Int {
  // Iterative on purpose: the point is that the tree is bounded, not that this walk is.
  var deepest = 0
  var stack = blocks.map { ($0, 0) }
  while let (block, depth) = stack.popLast() {
    switch block {
    case .blockQuote(let inner):
      deepest = max(deepest, depth + 1)
      stack += inner.map { ($0, depth + 1) }
    case .list(let list):
      deepest = max(deepest, depth + 1)
      stack += list.items.joined().map { ($0, depth + 1) }
    default: break
    }
  }
  return deepest
}

@Suite struct NestingLimitTests {
  @Test func blockQuotes20000Deep_areCutAtTheLimit_withALocatedError() {
    let doc = parse("# Title\n\n" + String(repeating: "> ", count: 20_000) + "deep\n")
    #expect(doc.diagnostics.count == 1)
    let error = doc.diagnostics.first
    #expect(error?.severity == .error)
    #expect(error?.message == "block quotes and lists nested more than 100 levels deep")
    // The 101st `>` is at column 201 of line 3.
    #expect(error?.location == SourceLocation(line: 3, column: 201))
    #expect(blockDepth(doc.blocks) == CmarkImporter.maximumBlockDepth)
    #expect(
      doc.blocks.first
        == .heading(level: 1, content: [.text("Title")], location: .init(line: 1, column: 1)))
  }

  @Test func aDeepQuoteWithManyLazyLines_isReadOnce() {
    // 20,000 quotes that all continue over 20,000 lines: recording the lines of every level
    // took 4·10⁸ set insertions (minutes); only the outermost quote's are needed.
    let doc = parse(
      String(repeating: "> ", count: 20_000) + "x\n" + String(repeating: "y $a$\n", count: 20_000))
    #expect(doc.diagnostics.map(\.location) == [SourceLocation(line: 1, column: 201)])
  }

  @Test func lists3000Deep_areCutAtTheLimit() {
    let doc = parse(String(repeating: "- ", count: 3_000) + "item\n")
    #expect(
      doc.diagnostics.map(\.message) == ["block quotes and lists nested more than 100 levels deep"])
    #expect(blockDepth(doc.blocks) == CmarkImporter.maximumBlockDepth)
  }

  @Test func indentedLists_areCutAtTheLineThatCrossesTheLimit() {
    let text = (0..<150).map { String(repeating: "  ", count: $0) + "- item \($0)\n" }.joined()
    let doc = parse(text)
    #expect(doc.diagnostics.first?.location == SourceLocation(line: 101, column: 201))
  }

  @Test func emphasis5000Deep_isCut_andLocatedAtTheCrossingMarker() {
    let doc = parse(
      String(repeating: "*a ", count: 5_000) + "x" + String(repeating: " b*", count: 5_000))
    #expect(
      doc.diagnostics.map(\.message) == [
        "emphasis, links and images nested more than 256 levels deep"
      ])
    #expect(doc.diagnostics.first?.location == SourceLocation(line: 1, column: 256 * 3 + 1))
  }

  @Test func images10000Deep_areCut() {
    let doc = parse(
      String(repeating: "![", count: 10_000) + "x" + String(repeating: "](u)", count: 10_000))
    #expect(
      doc.diagnostics.map(\.message) == [
        "emphasis, links and images nested more than 256 levels deep"
      ])
  }

  @Test func nestingAtTheLimit_isAccepted() {
    let quote = String(repeating: "> ", count: 100)
    let emphasis = String(repeating: "*a ", count: 256) + "x" + String(repeating: " b*", count: 256)
    let doc = parse(quote + emphasis + "\n")
    #expect(doc.diagnostics.isEmpty)
    #expect(blockDepth(doc.blocks) == 100)
  }

  @Test func deepEmphasisInACaption_isLocatedInTheLesson() {
    let caption = String(repeating: "*a ", count: 300) + "x" + String(repeating: " b*", count: 300)
    let (_, diagnostics) = InlineMarkdown.parse(
      caption, path: "Lessons/bad.md", at: SourceLocation(line: 7, column: 10))
    #expect(diagnostics.map(\.location) == [SourceLocation(line: 7, column: 10 + 256 * 3)])
  }
}

@Suite struct HostileYAMLTests {
  /// The classic "billion laughs": nine levels of nine aliases, 10⁹ strings once expanded.
  static let billionLaughs = """
    lol1: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    lol2: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    lol3: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    lol4: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    lol5: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    lol6: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    lol7: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    lol8: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    lol9: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

    """

  @Test func aliasBombInFrontMatter_isOneLocatedError() {
    let doc = parse("---\n" + Self.billionLaughs + "---\n\n# Title\n")
    #expect(
      doc.diagnostics.map(\.message) == ["YAML anchors and aliases (&a) are not supported here"])
    #expect(doc.diagnostics.first?.location == SourceLocation(line: 2, column: 7))
  }

  @Test func aliasBombInDirectiveOptions_isOneLocatedError() {
    let doc = parse("# Title\n\n```{ewa}\n" + Self.billionLaughs + "```\n")
    #expect(
      doc.diagnostics.map(\.message) == ["YAML anchors and aliases (&a) are not supported here"])
    #expect(doc.diagnostics.first?.location == SourceLocation(line: 4, column: 7))
  }

  @Test func anAliasOfAScalar_isRefusedToo() {
    let doc = parse("---\ntitle: &t Hello\nsummary: *t\n---\n")
    #expect(doc.diagnostics.map(\.location) == [SourceLocation(line: 2, column: 8)])
  }

  @Test func flowLists70Deep_areCutAtTheLimit() {
    let doc = parse(
      "```{ewa}\nbeta: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        + "\n```\n")
    #expect(doc.diagnostics.map(\.message) == ["YAML nested more than 64 levels deep"])
    // `beta` is level 1 of the mapping (level 0): the 64th `[` opens level 65.
    #expect(doc.diagnostics.first?.location == SourceLocation(line: 2, column: 7 + 63))
  }

  @Test func flowLists10000Deep_stopAtLibYAMLsLimit_withoutCrashing() {
    let doc = parse(
      "---\ntitle: " + String(repeating: "[", count: 10_000)
        + String(repeating: "]", count: 10_000) + "\n---\n")
    #expect(doc.diagnostics.map(\.message) == ["invalid YAML: nested more than 1000 levels deep"])
    #expect(doc.diagnostics.first?.location?.line == 2)
  }

  @Test func aOneLineListOf10000Items_isLocatedItemByItem() {
    let items = (0..<10_000).map { $0 == 9_999 ? "x" : "1" }.joined(separator: ", ")
    let doc = parse("> ```{ewa}\n> beta: [" + items + "]\n> ```\n")
    guard
      case .directive(let block)? = doc.blocks.first.flatMap({ block -> Block? in
        if case .blockQuote(let inner) = block { return inner.first }
        return nil
      }), case .mapping(let entries)? = block.options?.value,
      case .sequence(let list) = entries.first?.value.value
    else {
      Issue.record("no directive in \(doc.blocks)")
      return
    }
    #expect(list.count == 10_000)
    // The first item is at column 10 of the file (after `> beta: [`); each takes three.
    #expect(list.last?.location == SourceLocation(line: 2, column: 10 + 3 * 9_999))
  }
}

@Suite struct ByteColumnTests {
  /// The column a reader counts: one more than the scalars that start before the byte.
  private func naiveColumn(_ line: String, byteColumn: Int) -> Int {
    var bytes = 0
    var column = 1
    for scalar in line.unicodeScalars {
      if bytes >= byteColumn - 1 { break }
      bytes += UTF8.width(scalar)
      column += 1
    }
    return column
  }

  @Test func everyByteColumn_matchesAScanOfTheLine() {
    let lines = ["", "plain ascii", "β = 0.98, α ≈ 1e-3 😀 end", "😀😀x😀", "aé"]
    let source = SourceText(path: "t.md", text: lines.joined(separator: "\n"))
    for (index, line) in lines.enumerated() {
      for byteColumn in 0...(line.utf8.count + 3) {
        #expect(
          source.location(line: index + 1, byteColumn: byteColumn).column
            == naiveColumn(line, byteColumn: byteColumn), "line \(index + 1) byte \(byteColumn)")
      }
    }
  }

}

@Suite struct DirectiveCountTests {
  @Test func theDirectiveAfterTheLimit_isAnError_andIsNotRead() {
    let fence = "```{ewa}\nname: e\n```\n\n"
    let doc = parse(String(repeating: fence, count: 250))
    #expect(doc.diagnostics.map(\.message) == ["more than 200 directives in one lesson"])
    // Each fence takes four lines: the 201st starts on line 801.
    #expect(doc.diagnostics.first?.location == SourceLocation(line: 801, column: 1))
    let directives = doc.blocks.filter {
      if case .directive = $0 { return true }
      return false
    }
    #expect(directives.count == LessonDocument.maximumDirectives)
  }
}

/// Bare e-mail autolinks right after an inline that is not text (a fuzzing finding: the
/// character before the address was read from the text node itself, at index −1).
@Suite struct AutolinkAfterAnInlineTests {
  @Test func anAddressRightAfterACodeSpanOrStrongText_isText_andDoesNotCrash() {
    let doc = parse("`code`user@example.com, **b**x@y.org and a@b.io.\n")
    guard case .paragraph(let inlines, _)? = doc.blocks.first else {
      Issue.record("no paragraph: \(doc.blocks)")
      return
    }
    // Glued to the inline before, neither address is a link (as in GFM: an extended
    // autolink needs a boundary before it); the free-standing one is.
    let links = inlines.compactMap { inline -> String? in
      if case .link(let destination, _, _) = inline { return destination }
      return nil
    }
    #expect(links == ["mailto:a@b.io"])
    #expect(inlines.contains(.text("user@example.com, ")))
  }
}
