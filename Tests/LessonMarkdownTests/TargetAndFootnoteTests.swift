import Testing

@testable import LessonMarkdown

private func parse(_ text: String) -> LessonDocument {
  LessonDocument.parse(SourceText(path: "Lessons/test.md", text: text))
}

private func loc(_ line: Int, _ column: Int) -> LessonMarkdown.SourceLocation {
  LessonMarkdown.SourceLocation(line: line, column: column)
}

/// MyST's `(label)=` target lines and GFM/MyST footnotes `[^name]`.
@Suite struct TargetAndFootnoteTests {
  @Test func targetLine_isABlockBeforeTheHeading_andNoText() {
    let doc = parse("(sec-intro)=\n# Intro\n\ntext\n(rule)=\nmore\n")
    #expect(doc.diagnostics.isEmpty)
    #expect(
      doc.blocks == [
        .target(label: "sec-intro", location: loc(1, 2)),
        .heading(level: 1, content: [.text("Intro")], location: loc(2, 1)),
        // A target line ends the paragraph before it, as in MyST.
        .paragraph([.text("text")], location: loc(4, 1)),
        .target(label: "rule", location: loc(5, 2)),
        .paragraph([.text("more")], location: loc(6, 1)),
      ])
  }

  @Test func targetLine_inAQuoteOrAdmonition_andNotInCode() {
    let doc = parse("> (q)=\n> quoted\n\n```{note}\n(n)=\nNoted.\n```\n\n```\n(code)=\n```\n")
    #expect(doc.diagnostics.isEmpty)
    #expect(
      doc.blocks[0]
        == .blockQuote([
          .target(label: "q", location: loc(1, 4)),
          .paragraph([.text("quoted")], location: loc(2, 3)),
        ]))
    guard case .admonition(let note) = doc.blocks[1] else {
      Issue.record("\(doc.blocks[1])")
      return
    }
    #expect(note.blocks.first == .target(label: "n", location: loc(5, 2)))
    #expect(doc.blocks[2] == .code(info: "", text: "(code)=\n", location: loc(9, 1)))
  }

  @Test func targetWithAnInvalidLabel_isALocatedError_notText() {
    let doc = parse("text\n\n  (a b)=\n# H\n")
    #expect(
      doc.diagnostics.map(\.message) == [
        "'a b' is not a target label: a label is a letter or digit, then letters, digits, '-', '_', ':' or '.'"
      ])
    #expect(doc.diagnostics.first?.location == loc(3, 4))
    #expect(
      !doc.blocks.contains { if case .paragraph([.text("(a b)=")], _) = $0 { true } else { false } }
    )
  }

  @Test func footnote_referenceAndDefinition_withMathAndContinuation() {
    let doc = parse(
      "Text[^1] and[^long-name].\n\n[^1]: A note with $x_1$ and {sub}`2`.\n\n    Second paragraph.\nafter\n\n[^long-name]: Other.\n"
    )
    #expect(doc.diagnostics.isEmpty)
    #expect(
      doc.blocks[0]
        == .paragraph(
          [
            .text("Text"),
            .footnoteReference(FootnoteReference(name: "1", location: loc(1, 5), length: 4)),
            .text(" and"),
            .footnoteReference(
              FootnoteReference(name: "long-name", location: loc(1, 13), length: 12)),
            .text("."),
          ], location: loc(1, 1)))
    guard case .footnote(let first) = doc.blocks[1] else {
      Issue.record("\(doc.blocks)")
      return
    }
    #expect(first.name == "1")
    #expect(first.location == loc(3, 3))
    #expect(first.blocks.count == 2)
    // Math and roles in the note are located in the lesson: the marker's columns count.
    if case .paragraph(let content, _) = first.blocks[0], case .math(let math) = content[1] {
      #expect(math.tex == "x_1")
      #expect(math.location == loc(3, 20))
    } else {
      Issue.record("\(first.blocks[0])")
    }
    if case .paragraph(let content, _) = first.blocks[0], case .role(let role) = content[3] {
      #expect(role.location == loc(3, 29))
    } else {
      Issue.record("\(first.blocks[0])")
    }
    // "after" is a lazy continuation line of the note's second paragraph.
    #expect(
      first.blocks[1]
        == .paragraph(
          [.text("Second paragraph."), .softBreak, .text("after")], location: loc(5, 1))
    )
    guard case .footnote(let second) = doc.blocks[2] else {
      Issue.record("\(doc.blocks)")
      return
    }
    #expect(second.name == "long-name")
    #expect(second.blocks == [.paragraph([.text("Other.")], location: loc(8, 1))])
  }

  @Test func footnoteDefinition_inCode_isLeftAlone_andCodeSpanIsNoReference() {
    let doc = parse("```\n[^1]: not a note\n```\n\n`[^1]` and \\[^1]\n")
    #expect(doc.blocks[0] == .code(info: "", text: "[^1]: not a note\n", location: loc(1, 1)))
    #expect(
      doc.blocks[1] == .paragraph([.code("[^1]"), .text(" and [^1]")], location: loc(5, 1)))
  }

  @Test func lineNumbers_afterFootnotesAndTargets_stayRight() {
    let doc = parse("[^a]: one\n    two\n\n(t)=\n\n$x$ {bad}`y`\n")
    guard case .paragraph(let content, _) = doc.blocks.last, case .math(let math) = content[0],
      case .role(let role) = content[2]
    else {
      Issue.record("\(doc.blocks)")
      return
    }
    #expect(math.location == loc(6, 2))
    #expect(role.location == loc(6, 5))
  }

  @Test(arguments: [
    "[^", "[^]", "[^]:", "[^ a]: x", "(=", "()=", "(", ")=", "(x)", "[^1]:", "[^1]:\n    ",
    "a[^1\n[^1]: b", "(x)=\n(x)=", "[^1]: [^1]", "[^1]: (t)=\n(t)=", "> [^1]: q",
    "- [^1]: item\n  (t)=", "[^" + String(repeating: "a", count: 200) + "]",
    String(repeating: "[^1]: ", count: 50), "(" + String(repeating: "(", count: 100) + ")=",
    "```{note}\n[^n]: inside\n```\n[^n]", "[^a]:\n\n\n    \n", "\u{E003}(x)=",
    "<!--\u{E003}target:x-->",
    "<!--\u{E003}footnote:7-->",
  ])
  func malformedTargetsAndFootnotes_neverCrash(_ text: String) {
    let doc = parse(text)
    // Every diagnostic is located in the text.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
    for diagnostic in doc.diagnostics {
      #expect((diagnostic.location?.line ?? 0) <= lines, "\(diagnostic)")
    }
    // No private-use marker reaches the blocks as text.
    #expect(!"\(doc.blocks)".contains("target:"), "\(doc.blocks)")
  }
}
