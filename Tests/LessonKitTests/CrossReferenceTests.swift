import Foundation
import LessonKit
import Testing

/// MyST's `(label)=` targets with `{ref}`, `{doc}` and footnotes, on built pages.
@Suite struct CrossReferenceTests {
  static let intro = """
    (intro)=
    # Introduction

    (sec-why)=
    ## Why $v_t$ matters

    See {ref}`sec-how`, {ref}`the rule <rule>`, {ref}`a tip <tips>`, {doc}`week1/notes` and
    {doc}`the notes <week1/notes.md>`.

    (rule)=
    The rule.

    ```{tip}
    :name: tips
    A tip.
    ```

    ```{demo}
    name: temps
    caption: Averages of $\\beta$.
    ```

    {ref}`temps` and {ref}`temps-table`.
    """

  static let notes = """
    # Notes

    (sec-how)=
    ## How it works

    Back to {ref}`sec-why`, {ref}`intro` and {doc}`../01-intro`; {doc}`/01-intro.md`.
    """

  private func build(_ files: [String: String]) throws -> (TemporaryBook, BuildResult) {
    let book = try TemporaryBook()
    for (name, text) in files {
      if name.contains("/") {
        try FileManager.default.createDirectory(
          at: book.lessons.appendingPathComponent(name).deletingLastPathComponent(),
          withIntermediateDirectories: true)
      }
      try book.write(name, text)
    }
    return (book, try book.build())
  }

  private func formatted(_ result: BuildResult) -> String {
    let formatter = DiagnosticFormatter()
    return result.diagnostics.map { formatter.format($0, source: result.sources[$0.path]) }
      .joined(separator: "\n")
  }

  @Test func refAndDoc_acrossLessons() throws {
    let (book, result) = try build(["01-intro.md": Self.intro, "week1/notes.md": Self.notes])
    #expect(result.diagnostics.isEmpty, "\(formatted(result))")
    let intro = try #require(book.file("01-intro.html", in: result))
    // The target before a heading is the heading's id; the target line is not shown.
    #expect(intro.contains(##"<h1 id="intro">Introduction<a class="anchor" href="#intro""##))
    #expect(intro.contains(#"<h2 id="sec-why">Why <math"#))
    #expect(!intro.contains("(rule)="))
    #expect(intro.contains(#"<span id="rule"></span>"# + "\n<p>The rule.</p>"))
    #expect(intro.contains(#"<a class="ref" href="week1-notes.html#sec-how">How it works</a>"#))
    #expect(intro.contains(##"<a class="ref" href="#rule">the rule</a>"##))
    #expect(intro.contains(##"<a class="ref" href="#tips">a tip</a>"##))
    #expect(intro.contains(##"<div class="admonition tip" id="tips" role="note">"##))
    #expect(intro.contains(#"<a class="doc" href="week1-notes.html">Notes</a>"#))
    #expect(intro.contains(#"<a class="doc" href="week1-notes.html">the notes</a>"#))
    // A figure's `{ref}` shows its caption, as Sphinx does; the table's is its own caption.
    #expect(
      intro.contains(##"<a class="ref" href="#temps">Averages of <span class="nowrap"><math"##))
    #expect(intro.contains(##"<a class="ref" href="#temps-table">The betas.</a>"##))
    let notes = try #require(book.file("week1-notes.html", in: result))
    #expect(notes.contains(#"<h2 id="sec-how">How it works"#))
    #expect(notes.contains(#"<a class="ref" href="01-intro.html#sec-why">Why <math"#))
    #expect(notes.contains(#"<a class="ref" href="01-intro.html#intro">Introduction</a>"#))
    #expect(
      notes.contains(
        #"<a class="doc" href="01-intro.html">Introduction</a>; <a class="doc" href="01-intro.html">Introduction</a>"#
      ))
  }

  @Test func refAndDocErrors_areLocatedWithDidYouMean() throws {
    let (_, result) = try build([
      "01-intro.md": Self.intro
        + "\n\nBad {ref}`rule` {ref}`sec-hw` {doc}`week1/note` {ref}`x <nope>`.\n",
      "week1/notes.md": Self.notes + "\n\n(rule)=\nAgain.\n",
    ])
    let text = formatted(result)
    #expect(
      text.contains(
        "01-intro.md:25:5: error: {ref} to 'rule' needs its text, as the target is not before a heading: write {ref}`text <rule>`"
      ), "\(text)")
    #expect(
      text.contains(
        "01-intro.md:25:17: error: no label 'sec-hw': no target (sec-hw)= or :name: in the book, and no figure or table 'sec-hw' in this lesson"
      ))
    #expect(text.contains("= did you mean 'sec-how'?"))
    #expect(text.contains("01-intro.md:25:31: error: no lesson 'week1/note' in this book"))
    #expect(text.contains("= did you mean 'week1/notes.md'?"))
    #expect(text.contains("01-intro.md:25:49: error: no label 'nope'"))
    #expect(
      text.contains(
        "notes.md:8:2: error: label 'rule' is already defined in Lessons/01-intro.md on line 10"))
  }

  @Test func refToAnEquation_saysToUseEq_andTargetOnAFigureIdIsAnError() throws {
    let (_, result) = try build([
      "01-test.md": "$$x$$ (adam)\n\nSee {ref}`adam`.\n\n(temps)=\n```{demo}\nname: temps\n```\n"
    ])
    let text = formatted(result)
    #expect(
      text.contains(
        "01-test.md:3:5: error: 'adam' is an equation: cite it with {eq}`adam` or {numref}`adam`"))
    #expect(
      text.contains(
        "01-test.md:5:2: error: the label 'temps' is the id of a figure or table on this page"))
  }

  static let footnotes = """
    # Notes

    Smoothing[^1] helps, as Adam[^adam] shows; again[^1].

    [^1]: A note with $x^2$ and {ref}`sec`.

        A second paragraph.

    (sec)=
    ## Section

    [^adam]: See [the paper](https://arxiv.org/abs/1412.6980).
    """

  @Test func footnotes_areNumberedInOrderOfReference_withBackLinks() throws {
    let (book, result) = try build(["01-test.md": Self.footnotes])
    #expect(result.diagnostics.isEmpty, "\(formatted(result))")
    let page = try #require(book.file("01-test.html", in: result))
    #expect(
      page.contains(
        ##"Smoothing<sup class="footnote-ref"><a href="#fn:1" id="fnref:1" role="doc-noteref">1</a></sup> helps"##
      ))
    #expect(
      page.contains(
        ##"Adam<sup class="footnote-ref"><a href="#fn:adam" id="fnref:adam" role="doc-noteref">2</a></sup>"##
      ))
    #expect(
      page.contains(
        ##"again<sup class="footnote-ref"><a href="#fn:1" id="fnref:1:2" role="doc-noteref">1</a></sup>."##
      ))
    #expect(
      page.contains(
        ##"<section class="footnotes" role="doc-endnotes" aria-label="Footnotes"><ol><li id="fn:1"><p>A note with <math"##
      ))
    #expect(
      page.contains(
        ##"<p>A second paragraph. <a href="#fnref:1" class="footnote-back" aria-label="Back to reference 1">↩</a> <a href="#fnref:1:2" class="footnote-back" aria-label="Back to reference 1-2">↩<sup>2</sup></a></p></li>"##
      ))
    #expect(
      page.contains(
        ##"<li id="fn:adam"><p>See <a href="https://arxiv.org/abs/1412.6980">the paper</a>. <a href="#fnref:adam" class="footnote-back" aria-label="Back to reference 2">↩</a></p></li></ol></section>"##
      ))
    #expect(page.contains(##"<a class="ref" href="#sec">Section</a>"##))
    // The definitions are not shown where they are written.
    #expect(!page.contains("[^"))
  }

  @Test func footnoteInAHeading_isNotRepeatedInTheOutline() throws {
    let (book, result) = try build([
      "01-test.md": "# T\n\n## One[^a]\n\ntext\n\n## Two\n\n## Three\n\n## Four\n\n[^a]: Note.\n"
    ])
    #expect(result.diagnostics.isEmpty, "\(formatted(result))")
    let page = try #require(book.file("01-test.html", in: result))
    #expect(page.components(separatedBy: #"id="fnref:a""#).count == 2)
    #expect(page.contains(##"<li class="level-2"><a href="#one">One</a></li>"##))
  }

  @Test func footnoteErrors_areLocated() throws {
    let (_, result) = try build([
      "01-test.md": "Text[^one] and[^tow].\n\n[^one]: One.\n[^two]: Two.\n[^one]: Again.\n"
    ])
    let text = formatted(result)
    #expect(
      text.contains("01-test.md:1:15: error: no footnote '[^tow]' is defined in this lesson"),
      "\(text)")
    #expect(text.contains("= did you mean '[^two]'?"))
    #expect(text.contains("01-test.md:5:3: error: footnote '[^one]' is already defined on line 3"))
    #expect(
      text.contains(
        "01-test.md:4:3: warning: footnote '[^two]' is never referenced; it is not shown"))
  }
}
