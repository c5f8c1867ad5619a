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
