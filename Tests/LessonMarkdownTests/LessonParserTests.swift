import Testing

@testable import LessonMarkdown

private func parse(_ text: String) -> LessonDocument {
  LessonDocument.parse(SourceText(path: "Lessons/test.md", text: text))
}

private func loc(_ line: Int, _ column: Int) -> LessonMarkdown.SourceLocation {
  LessonMarkdown.SourceLocation(line: line, column: column)
}

@Suite struct FrontMatterTests {
  @Test func frontMatter_isParsedAndLinesKeepTheirNumbers() {
    let doc = parse("---\ntitle: EWA\nsummary: β = 0.98\n---\n\n# Heading\n")
    #expect(doc.frontMatter == FrontMatter(title: "EWA", summary: "β = 0.98"))
    #expect(doc.diagnostics.isEmpty)
    #expect(doc.blocks == [.heading(level: 1, content: [.text("Heading")], location: loc(6, 1))])
  }

  @Test func unknownKey_isLocatedWithSuggestion() {
    let doc = parse("---\ntitel: EWA\n---\n")
    #expect(
      doc.diagnostics == [
        .warning(
          "unknown front matter key 'titel' is ignored", path: "Lessons/test.md", at: loc(2, 1),
          length: 5,
          notes: ["did you mean 'title'?", "front matter keys are: title, summary, lang"])
      ])
  }

  @Test func mystFrontMatterKeys_areAccepted() {
    let doc = parse(
      "---\njupytext:\n  formats: md:myst\nkernelspec:\n  name: python3\ntitle: T\n---\n")
    #expect(doc.diagnostics.isEmpty)
    #expect(doc.frontMatter.title == "T")
  }

  @Test func unclosedFrontMatter_isAnError() {
    let doc = parse("---\ntitle: EWA\n\n# Heading\n")
    #expect(
      doc.diagnostics.map(\.message) == ["front matter is not closed: add a line '---' after it"])
    #expect(doc.diagnostics.first?.location == loc(1, 1))
  }

  @Test func invalidYAML_isLocated() {
    let doc = parse("---\ntitle: [unclosed\n---\n")
    #expect(doc.diagnostics.count == 1)
    #expect(doc.diagnostics.first?.message.hasPrefix("invalid YAML: ") == true)
    #expect(doc.diagnostics.first?.location?.line == 3)
  }

  @Test func nonTextValue_isAnError() {
    let doc = parse("---\ntitle: [a, b]\n---\n")
    #expect(doc.diagnostics.map(\.message) == ["'title' must be text, not a list"])
    #expect(doc.diagnostics.first?.location == loc(2, 8))
  }
}

@Suite struct BlockTests {
  @Test func commonBlocks_convertWithLocations() {
    let doc = parse(
      """
      # Title *here*

      A [link](03-ewa.md "t") and `code`.
      Second line.

      > quote

      1. one
      2. two

      ---

          indented code
      """)
    #expect(
      doc.blocks == [
        .heading(
          level: 1, content: [.text("Title "), .emphasis([.text("here")])], location: loc(1, 1)),
        .paragraph(
          [
            .text("A "), .link(destination: "03-ewa.md", title: "t", content: [.text("link")]),
            .text(" and "), .code("code"), .text("."), .softBreak, .text("Second line."),
          ], location: loc(3, 1)),
        .blockQuote([.paragraph([.text("quote")], location: loc(6, 3))]),
        .list(
          Block.List(
            ordered: true, start: 1, tight: true,
            items: [
              [.paragraph([.text("one")], location: loc(8, 4))],
              [.paragraph([.text("two")], location: loc(9, 4))],
            ])),
        .thematicBreak,
        .code(info: "", text: "indented code\n", location: loc(13, 5)),
      ])
  }

  @Test func columns_countScalarsNotBytes() {
    // "- β ≈ α: " puts the nested paragraph after multi-byte characters on the list line.
    let doc = parse("> β ≈ α\n>\n> > nested\n")
    guard case .blockQuote(let outer) = doc.blocks.first,
      case .blockQuote(let inner) = outer.last
    else {
      Issue.record("expected nested quotes: \(doc.blocks)")
      return
    }
    #expect(outer.first == .paragraph([.text("β ≈ α")], location: loc(1, 3)))
    #expect(inner == [.paragraph([.text("nested")], location: loc(3, 5))])
    let source = SourceText(path: "x", text: "αβ x")
    #expect(source.location(line: 1, byteColumn: 6) == loc(1, 4))
  }

  @Test func smartPunctuation_isTypographic() {
    let doc = parse("\"Quotes\" -- and it's")
    #expect(doc.blocks == [.paragraph([.text("“Quotes” – and it’s")], location: loc(1, 1))])
  }

  @Test func lineEndings_crlfAndCrAreLines() {
    let source = SourceText(path: "x", text: "a\r\nb\rc\n")
    #expect(source.lines == ["a", "b", "c"])
  }
}

@Suite struct MathTests {
  @Test func inlineMath_survivesMarkdown() {
    let doc = parse(#"Here $v_t = \beta v_{t-1} + (1-\beta)\,\theta_t$ and *x*."#)
    guard case .paragraph(let inlines, _) = doc.blocks.first else {
      Issue.record("no paragraph")
      return
    }
    #expect(
      inlines == [
        .text("Here "),
        .math(
          Math(
            tex: #"v_t = \beta v_{t-1} + (1-\beta)\,\theta_t"#, display: false,
            lineStarts: [loc(1, 7)])),
        .text(" and "), .emphasis([.text("x")]), .text("."),
      ])
  }

  @Test func mathLocation_countsMultiByteCharacters() {
    let doc = parse("β ≈ α, so $x_1$")
    guard case .paragraph(let inlines, _) = doc.blocks.first, case .math(let math) = inlines.last
    else {
      Issue.record("no math")
      return
    }
    #expect(math.location == loc(1, 12))
  }

  @Test func dollarRules_followPandoc() {
    let cases: [(String, [Inline])] = [
      ("costs $5 and $10", [.text("costs $5 and $10")]),
      (#"a \$x$ b"#, [.text("a $x$ b")]),
      ("$ x$", [.text("$ x$")]),
      ("$x $", [.text("$x $")]),
      ("`$x$`", [.code("$x$")]),
    ]
    for (markdown, expected) in cases {
      let doc = parse(markdown)
      #expect(doc.blocks == [.paragraph(expected, location: loc(1, 1))], "\(markdown)")
    }
  }

  @Test func displayMath_spanningLines_keepsLaterLineNumbers() {
    let doc = parse("Before\n$$\na_1 = b\n- c\n$$\nafter\n\n# H\n")
    guard case .paragraph(let inlines, _) = doc.blocks.first else {
      Issue.record("no paragraph")
      return
    }
    #expect(
      inlines == [
        .text("Before"), .softBreak,
        .math(
          Math(
            tex: "\na_1 = b\n- c\n", display: true,
            lineStarts: [loc(2, 3), loc(3, 1), loc(4, 1), loc(5, 1)])),
        .softBreak, .text("after"),
      ])
    #expect(doc.blocks.last == .heading(level: 1, content: [.text("H")], location: loc(8, 1)))
  }

  @Test func displayMath_inBlockQuote_dropsQuoteMarkers() {
    let doc = parse("> $$a\n> + b$$\n")
    #expect(
      doc.blocks == [
        .blockQuote([
          .paragraph(
            [.math(Math(tex: "a\n+ b", display: true, lineStarts: [loc(1, 5), loc(2, 3)]))],
            location: loc(1, 3))
        ])
      ])
  }

  @Test func mathInCodeBlocks_isLeftAlone() {
    let doc = parse("```\n$x_1$ *a*\n```\n")
    #expect(doc.blocks == [.code(info: "", text: "$x_1$ *a*\n", location: loc(1, 1))])
  }

  @Test func unclosedDisplayMath_isAnError() {
    let doc = parse("see $$x\n\nnext")
    #expect(
      doc.diagnostics.map(\.message) == [
        "display math '$$' is not closed before the end of the paragraph"
      ])
    #expect(doc.diagnostics.first?.location == loc(1, 5))
  }

  @Test func offsetLocation_followsLines() {
    let math = Math(tex: "ab\ncd", display: true, lineStarts: [loc(4, 3), loc(5, 1)])
    #expect(math.location(atOffset: 1) == loc(4, 4))
    #expect(math.location(atOffset: 4) == loc(5, 2))
  }
}

@Suite struct RoleTests {
  @Test func roles_haveNameContentAndLocation() {
    let doc = parse("β: see {numref}`temps` and {value}`` a`b ``.")
    guard case .paragraph(let inlines, _) = doc.blocks.first else {
      Issue.record("no paragraph")
      return
    }
    #expect(
      inlines == [
        .text("β: see "),
        .role(Role(name: "numref", content: "temps", location: loc(1, 8), length: 15)),
        .text(" and "),
        .role(Role(name: "value", content: "a`b", location: loc(1, 28), length: 16)),
        .text("."),
      ])
  }

  @Test func bracesWithoutBacktick_areText() {
    let doc = parse("a {set} and {x}y")
    #expect(doc.blocks == [.paragraph([.text("a {set} and {x}y")], location: loc(1, 1))])
  }
}

@Suite struct DirectiveTests {
  @Test func directive_optionsAreLocatedInTheFile() {
    let doc = parse(
      """
      Text with β.

      ```{ewa}
      name: temps
      beta: [0.5, 0.9]
      ```
      """)
    guard case .directive(let directive) = doc.blocks.last else {
      Issue.record("no directive: \(doc.blocks)")
      return
    }
    #expect(directive.name == "ewa")
    #expect(directive.nameLocation == loc(3, 5))
    guard case .mapping(let entries) = directive.options?.value else {
      Issue.record("no mapping")
      return
    }
    #expect(entries.map(\.key) == ["name", "beta"])
    #expect(entries.map(\.keyLocation) == [loc(4, 1), loc(5, 1)])
    guard case .sequence(let betas) = entries[1].value.value else {
      Issue.record("no sequence")
      return
    }
    #expect(betas.map(\.location) == [loc(5, 8), loc(5, 13)])
  }

  @Test func directiveInListItem_addsIndentationToColumns() {
    let doc = parse("- item\n\n  ```{ewa}\n  days: 10\n  ```\n")
    guard case .list(let list) = doc.blocks.first, case .directive(let d) = list.items[0].last,
      case .mapping(let entries) = d.options?.value
    else {
      Issue.record("no directive in list: \(doc.blocks)")
      return
    }
    #expect(entries[0].keyLocation == loc(4, 3))
    #expect(entries[0].value.location == loc(4, 9))
  }

  @Test func directiveOptions_afterMultiByteCharacters() {
    let doc = parse("```{ewa}\ncaption: \"β ≈ α\"\nbetta: 1\n```\n")
    guard case .directive(let d) = doc.blocks.first, case .mapping(let entries) = d.options?.value
    else {
      Issue.record("no directive")
      return
    }
    #expect(entries.map(\.keyLocation) == [loc(2, 1), loc(3, 1)])
    #expect(entries[0].value.length == 7)
  }

  @Test func invalidYAML_inDirective_isLocated() {
    let doc = parse("```{ewa}\nbeta: [0.5, 0.9\ndays: 3\n```\n")
    #expect(doc.diagnostics.count == 1)
    #expect(doc.diagnostics.first?.message.hasPrefix("invalid YAML: ") == true)
    #expect(doc.diagnostics.first?.location?.line == 3)
  }

  @Test func duplicateOption_isAnError() {
    let doc = parse("```{ewa}\ndays: 3\ndays: 4\n```\n")
    #expect(doc.diagnostics.map(\.message) == ["'days' is given twice"])
    #expect(doc.diagnostics.first?.location == loc(3, 1))
  }

  @Test func malformedDirective_isAnError() {
    let doc = parse("```{ewa\nbeta: 1\n```\n")
    #expect(doc.diagnostics.map(\.message) == ["malformed directive '{ewa'"])
    #expect(doc.diagnostics.first?.location == loc(1, 4))
  }

  @Test func textAfterDirectiveName_isItsArgument() {
    let doc = parse("```{ewa}  A *noisy* year, β = 0.9\n```\n")
    #expect(doc.diagnostics.isEmpty)
    guard case .directive(let d) = doc.blocks.first else {
      Issue.record("no directive")
      return
    }
    #expect(d.argument?.text == "A *noisy* year, β = 0.9")
    #expect(d.argument?.location == loc(1, 11))
  }

  @Test func emptyDirective_hasNoOptions() {
    let doc = parse("```{ewa}\n```\n")
    guard case .directive(let d) = doc.blocks.first else {
      Issue.record("no directive")
      return
    }
    #expect(d.options == nil)
    #expect(doc.diagnostics.isEmpty)
  }
}

@Suite struct InlineMarkdownTests {
  @Test func caption_parsesMathAndEmphasis() {
    let (inlines, diagnostics) = InlineMarkdown.parse(
      "Three *averages*, $\\beta$ = 0.9", path: "p", at: loc(7, 10))
    #expect(diagnostics.isEmpty)
    #expect(
      inlines == [
        .text("Three "), .emphasis([.text("averages")]), .text(", "),
        .math(Math(tex: "\\beta", display: false, lineStarts: [loc(7, 29)])), .text(" = 0.9"),
      ])
  }
}

@Suite struct CmarkQuirkTests {
  @Test func htmlBlockEndingTheDocument_doesNotCrash() {
    // cmark reports end line 0 for this block; the outline must not build a reversed range.
    let doc = parse("# A\n\n<!-- a note -->\n")
    #expect(doc.blocks.last == .html("<!-- a note -->\n", location: loc(3, 1)))
  }
}

@Suite struct FigureParserTests {
  @Test func figure_readsPathOptionsCaptionAndLegend_withLessonLocations() {
    let doc = parse(
      "Intro.\n\n```{figure}  img/β.png\n:name: plot\n:width: 3em\n\nA *caption*.\n\nLegend.\n```\n"
    )
    #expect(doc.diagnostics.isEmpty)
    guard case .figure(let figure) = doc.blocks.last else {
      Issue.record("no figure: \(doc.blocks)")
      return
    }
    #expect(figure.source == "img/β.png")
    #expect(figure.sourceLocation == loc(3, 14))
    #expect(figure.name == "plot")
    #expect(figure.nameLocation == loc(4, 8))
    #expect(figure.width == "3em")
    #expect(figure.caption == [.text("A "), .emphasis([.text("caption")]), .text(".")])
    #expect(figure.captionLocation == loc(7, 1))
    #expect(figure.legend == [.paragraph([.text("Legend.")], location: loc(9, 1))])
    #expect(figure.location == loc(3, 1))
  }

  @Test func figureOptions_inAQuote_areLocatedAfterItsPrefix() {
    let doc = parse("> ```{figure}  img/β.png\n> :name: 1plot\n> ```\n")
    #expect(
      doc.diagnostics == [
        .error(
          "':name:' must be an identifier (a letter, then letters, digits, - or _), not '1plot'",
          path: "Lessons/test.md", at: loc(2, 10), length: 5)
      ])
    guard case .blockQuote(let inner) = doc.blocks.first, case .figure(let figure) = inner.first
    else {
      Issue.record("no figure: \(doc.blocks)")
      return
    }
    #expect(figure.sourceLocation == loc(1, 16))
    #expect(figure.name == nil)
  }

  @Test func colonFenceFigure_withoutCaption_hasOnlyTheImage() {
    let doc = parse(":::{figure} a.svg\n:align: right\n:::\n")
    #expect(doc.diagnostics.isEmpty)
    #expect(
      doc.blocks == [
        .figure(
          Block.Figure(
            source: "a.svg", sourceLocation: loc(1, 13), align: "right",
            captionLocation: loc(1, 1), location: loc(1, 1)))
      ])
  }
}
