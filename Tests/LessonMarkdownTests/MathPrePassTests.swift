import Testing

@testable import LessonMarkdown

/// The math pre-pass finds `$…$` and `$$…$$` only in the text of one paragraph or heading:
/// never across blocks, in code, in link destinations or titles, nor at escaped dollars,
/// currency, or a `$` with a space on its inner side (MyST's and Pandoc's rule).
@Suite struct MathPrePassTests {
  private func parse(_ text: String) -> LessonDocument {
    LessonDocument.parse(SourceText(path: "Lessons/test.md", text: text))
  }

  private func loc(_ line: Int, _ column: Int) -> LessonMarkdown.SourceLocation {
    LessonMarkdown.SourceLocation(line: line, column: column)
  }

  private func inline(_ tex: String, _ line: Int, _ column: Int) -> Inline {
    .math(Math(tex: tex, display: false, lineStarts: [loc(line, column)]))
  }

  /// Every scalar of every inline and block, to prove no placeholder leaks anywhere.
  private func allText(_ blocks: [Block]) -> String {
    func text(_ inlines: [Inline]) -> String {
      inlines.map { inline -> String in
        switch inline {
        case .link(let destination, let title, let content):
          return destination + title + text(content)
        case .image(let source, let title, let alt): return source + title + text(alt)
        case .emphasis(let content), .strong(let content): return text(content)
        default: return inline.plainText
        }
      }.joined()
    }
    return blocks.map { block -> String in
      switch block {
      case .heading(_, let content, _), .paragraph(let content, _): return text(content)
      case .blockQuote(let inner): return allText(inner)
      case .list(let list): return list.items.map(allText).joined()
      case .code(_, let code, _), .html(let code, _): return code
      default: return ""
      }
    }.joined()
  }

  private func noPrivateUse(_ doc: LessonDocument) -> Bool {
    !allText(doc.blocks).unicodeScalars.contains { (0xE000...0xF8FF).contains($0.value) }
  }

  @Test func dollarInOneListItem_doesNotMergeItems() {
    let doc = parse("- costs $5 each\n- the rate $r$ applies\n")
    guard case .list(let list) = doc.blocks.first else {
      Issue.record("no list: \(doc.blocks)")
      return
    }
    #expect(list.items.count == 2)
    #expect(list.items[0] == [.paragraph([.text("costs $5 each")], location: loc(1, 3))])
    #expect(
      list.items[1] == [
        .paragraph(
          [.text("the rate "), inline("r", 2, 13), .text(" applies")], location: loc(2, 3))
      ])
    #expect(doc.diagnostics.isEmpty)
  }

  @Test func formulaNeverCrossesListItems() {
    // Two `$` in different items are not a formula, even when they would pair.
    let doc = parse("- a $x\n- b$ c\n")
    guard case .list(let list) = doc.blocks.first else {
      Issue.record("no list")
      return
    }
    #expect(list.items.count == 2)
    #expect(list.items[0] == [.paragraph([.text("a $x")], location: loc(1, 3))])
    #expect(list.items[1] == [.paragraph([.text("b$ c")], location: loc(2, 3))])
  }

  @Test func headingWithDollar_staysApartFromTheParagraph() {
    let doc = parse("# Prices in $US\nThe rate $r$ applies.\n")
    #expect(
      doc.blocks == [
        .heading(level: 1, content: [.text("Prices in $US")], location: loc(1, 1)),
        .paragraph(
          [.text("The rate "), inline("r", 2, 11), .text(" applies.")], location: loc(2, 1)),
      ])
  }

  @Test func blockQuoteAndParagraph_doNotPair() {
    let doc = parse("> a $b\n\nc$ d\n")
    #expect(
      doc.blocks == [
        .blockQuote([.paragraph([.text("a $b")], location: loc(1, 3))]),
        .paragraph([.text("c$ d")], location: loc(3, 1)),
      ])
  }

  @Test func linkDestination_keepsItsDollars() {
    let doc = parse("[link](http://a.example/$x$/b) and $y$\n")
    #expect(
      doc.blocks == [
        .paragraph(
          [
            .link(destination: "http://a.example/$x$/b", title: "", content: [.text("link")]),
            .text(" and "), inline("y", 1, 37),
          ], location: loc(1, 1))
      ])
    #expect(noPrivateUse(doc))
  }

  @Test func linkTitle_andImage_keepTheirDollars() {
    let doc = parse(#"[a](/u "costs $x$") ![b $c$](/i/$d$.png '$e$')"#)
    guard case .paragraph(let inlines, _) = doc.blocks.first else {
      Issue.record("no paragraph")
      return
    }
    #expect(inlines.first == .link(destination: "/u", title: "costs $x$", content: [.text("a")]))
    #expect(
      inlines.last
        == .image(source: "/i/$d$.png", title: "$e$", alt: [.text("b "), inline("c", 1, 26)]))
    #expect(noPrivateUse(doc))
  }

  @Test func referenceDefinition_andAutolink_keepTheirDollars() {
    let doc = parse("[a][r] <http://x.example/$p$q$>\n\n[r]: /a$b$c \"t $u$\"\n")
    guard case .paragraph(let inlines, _) = doc.blocks.first else {
      Issue.record("no paragraph")
      return
    }
    #expect(inlines.first == .link(destination: "/a$b$c", title: "t $u$", content: [.text("a")]))
    #expect(
      inlines.last
        == .link(
          destination: "http://x.example/$p$q$", title: "",
          content: [.text("http://x.example/$p$q$")]))
    #expect(noPrivateUse(doc))
  }

  @Test func codeSpansAndBlocks_haveNoMath() {
    let doc = parse("`$a$` and ``$b` $`` then $c$\n\n```\n$d$\n```\n\n    $e$\n")
    #expect(
      doc.blocks == [
        .paragraph(
          [.code("$a$"), .text(" and "), .code("$b` $"), .text(" then "), inline("c", 1, 27)],
          location: loc(1, 1)),
        .code(info: "", text: "$d$\n", location: loc(3, 1)),
        .code(info: "", text: "$e$\n", location: loc(7, 5)),
      ])
  }

  @Test func rawHTML_keepsItsDollars() {
    let doc = parse(#"a <span title="$x$">b</span>"#)
    guard case .paragraph(let inlines, _) = doc.blocks.first else {
      Issue.record("no paragraph")
      return
    }
    #expect(inlines[1] == .html(#"<span title="$x$">"#))
    #expect(noPrivateUse(doc))
  }

  @Test func escapedDollars_areText() {
    let doc = parse(#"\$x$ and $a \$ b$ and \$\$y\$\$"#)
    #expect(
      doc.blocks == [
        .paragraph(
          [
            .text("$x$ and "),
            .math(Math(tex: #"a \$ b"#, display: false, lineStarts: [loc(1, 11)])),
            .text(" and $$y$$"),
          ], location: loc(1, 1))
      ])
  }

  @Test func currency_isText() {
    let cases = [
      "costs $5 and $10", "between $3 and $4 each", "$20, $30, or $40", "US$5 or $6.50",
    ]
    for markdown in cases {
      let doc = parse(markdown)
      #expect(doc.blocks == [.paragraph([.text(markdown)], location: loc(1, 1))], "\(markdown)")
      #expect(doc.diagnostics.isEmpty)
    }
  }

  @Test func currencyBeforeAFormula_leavesTheFormula() {
    let doc = parse("It costs $5, while $x$ grows.")
    #expect(
      doc.blocks == [
        .paragraph(
          [.text("It costs $5, while "), inline("x", 1, 21), .text(" grows.")], location: loc(1, 1))
      ])
  }

  @Test func spaceInsideTheDollars_isNotMath_andDoesNotReachTheNextFormula() {
    // `$p_t $`: the closing `$` follows a space, so the pair is text; it does not pair with
    // the `$` of the next formula either.
    let doc = parse("See $p_t $ and $q$.")
    #expect(
      doc.blocks == [
        .paragraph([.text("See $p_t $ and "), inline("q", 1, 17), .text(".")], location: loc(1, 1))
      ])
    let opening = parse("See $ p$ and $q$.")
    #expect(
      opening.blocks == [
        .paragraph([.text("See $ p$ and "), inline("q", 1, 15), .text(".")], location: loc(1, 1))
      ])
  }

  @Test func closingDollarBeforeADigit_isNotMath() {
    let doc = parse("$a$1 and $b$")
    #expect(
      doc.blocks == [
        .paragraph([.text("$a$1 and "), inline("b", 1, 11)], location: loc(1, 1))
      ])
  }

  @Test func underscoresAndStars_inMath_areNotEmphasis() {
    let doc = parse("- $a_1 * b_2$ and *c*\n")
    guard case .list(let list) = doc.blocks.first else {
      Issue.record("no list")
      return
    }
    #expect(
      list.items[0] == [
        .paragraph(
          [inline("a_1 * b_2", 1, 4), .text(" and "), .emphasis([.text("c")])], location: loc(1, 3))
      ])
  }

  @Test func displayMathStartingALine_runsOverLinesThatLookLikeBlocks() {
    let doc = parse("$$\na\n- b\n# c\n$$\n\nnext $x$\n")
    #expect(
      doc.blocks == [
        .paragraph(
          [
            .math(
              Math(
                tex: "\na\n- b\n# c\n", display: true,
                lineStarts: [loc(1, 3), loc(2, 1), loc(3, 1), loc(4, 1), loc(5, 1)]))
          ], location: loc(1, 1)),
        .paragraph([.text("next "), inline("x", 7, 7)], location: loc(7, 1)),
      ])
    #expect(doc.diagnostics.isEmpty)
  }

  @Test func displayMathInTheMiddleOfALine_staysInItsBlock() {
    let doc = parse("a $$b\n- c$$\n")
    #expect(
      doc.diagnostics.map(\.message)
        == .init(
          repeating: "display math '$$' is not closed before the end of the paragraph", count: 2))
    #expect(doc.diagnostics.map(\.location) == [loc(1, 3), loc(2, 4)])
    guard case .list = doc.blocks.last else {
      Issue.record("the list item was swallowed: \(doc.blocks)")
      return
    }
  }

  @Test func mathInTableLikeAndQuotedText_keepsItsLocation() {
    let doc = parse("> quoted $\\alpha$\n> and $\\beta$\n")
    #expect(
      doc.blocks == [
        .blockQuote([
          .paragraph(
            [
              .text("quoted "), inline("\\alpha", 1, 11), .softBreak, .text("and "),
              inline("\\beta", 2, 8),
            ], location: loc(1, 3))
        ])
      ])
  }
}
