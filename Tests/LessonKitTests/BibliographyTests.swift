import Testing

@testable import LessonKit
@testable import LessonMarkdown

@Suite struct BibliographyTests {
  static let bib = """
    % comment
    @article{kingma2015,
      author = {Kingma, Diederik P. and Ba, Jimmy},
      title = {{Adam}: A Method for Stochastic Optimization},
      year = 2015,
      eprint = "1412.6980", archivePrefix = {arXiv},
    }
    @misc{web, author = {A. Writer and others}, title = {Pages 1--2}, year = {2020},
      url = {https://example.org/~me/a--b}}

    """

  func parse(_ text: String) -> (Bibliography, [String]) {
    let source = SourceText(path: "Lessons/references.bib", text: text)
    let (bibliography, diagnostics) = Bibliography.parse(source)
    let formatter = DiagnosticFormatter()
    return (bibliography, diagnostics.map { formatter.format($0, source: source) })
  }

  @Test func entries_areReadAndCleaned() {
    let (bib, problems) = parse(Self.bib)
    #expect(problems.isEmpty)
    #expect(bib.entries.map(\.key) == ["kingma2015", "web"])
    let adam = bib["kingma2015"]!
    #expect(adam.fields["title"] == "Adam: A Method for Stochastic Optimization")
    #expect(adam.authorList == "Diederik P. Kingma and Jimmy Ba")
    #expect(adam.link?.href == "https://arxiv.org/abs/1412.6980")
    #expect(adam.location == SourceLocation(line: 2, column: 10))
    let web = bib["web"]!
    #expect(web.fields["title"] == "Pages 1–2")
    #expect(web.authorList == "A. Writer et al.")
    #expect(web.link?.href == "https://example.org/~me/a--b")  // addresses kept as written
  }

  @Test func problems_areLocated() {
    #expect(
      parse("@article{a,\n  title = {T},\n  year = {20x5},\n  author = {B}\n}\n").1 == [
        """
        Lessons/references.bib:3:10: error: the year '20x5' is not a number
           3 |   year = {20x5},
             |          ^
        """
      ])
    #expect(
      parse("@book{a, title = {T}, year = 1}\n@book{a, title = {U}, year = 2, author = {C}}\n").1
        .map { $0.components(separatedBy: "\n")[0] } == [
          "Lessons/references.bib:1:7: error: @book{a} has no author field",
          "Lessons/references.bib:2:7: error: the key 'a' is already used on line 1",
        ])
    #expect(
      parse("@book{a, title = {T, year = 1}\n").1.first?.hasPrefix(
        "Lessons/references.bib:1:7: error: @book{a} is never closed") == true)
    #expect(
      parse("@string{x = {y}}\n").1.first?.hasPrefix(
        "Lessons/references.bib:1:1: error: @string is not supported") == true)
    #expect(
      parse("stray\n@misc{b, title = {T}, year = 1, author = {D}}\n").1.first?.hasPrefix(
        "Lessons/references.bib:1:1: error: text outside an entry") == true)
    // After an error the reader goes on with the next entry.
    #expect(parse("stray\n@misc{b, title = {T}, year = 1, author = {D}}\n").0.entries.count == 1)
  }

  @Test func citations_areNumberedAndListedAtTheEnd() throws {
    let book = try TemporaryBook([
      "01-a.md":
        "# A\n\nAdam {cite}`kingma2015`, again {cite}`kingma2015`, and {cite}`web, kingma2015`.\n",
      "references.bib": Self.bib,
    ])
    let result = try book.build()
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let page = try #require(book.file("01-a.html", in: result))
    #expect(
      page.contains(
        ##"<span class="citation">[<a class="cite" href="#ref-web" title="A. Writer et al. 2020">2</a>, <a class="cite" href="#ref-kingma2015""##
      ))
    #expect(page.contains(#"<h2 id="references">References"#))
    #expect(
      page.contains(
        #"<li id="ref-kingma2015">Diederik P. Kingma and Jimmy Ba (2015). <cite>Adam: A Method for Stochastic Optimization.</cite> <a href="https://arxiv.org/abs/1412.6980">arXiv:1412.6980</a></li><li id="ref-web">"#
      ))
    let all = try #require(book.file("bibliography.html", in: result))
    #expect(all.contains(#"Cited in <a href="01-a.html#ref-kingma2015">A</a>."#))
    #expect(all.contains(#"<a href="bibliography.html" aria-current="page">Bibliography</a>"#))
  }

  @Test func unknownKey_isALocatedErrorWithDidYouMean() throws {
    let book = try TemporaryBook([
      "01-test.md": "Adam {cite}`kingma2016`.\n", "references.bib": Self.bib,
    ])
    let result = try book.build()
    let text = result.diagnostics.map {
      DiagnosticFormatter().format($0, source: result.sources[$0.path])
    }
    #expect(
      text == [
        """
        Lessons/01-test.md:1:6: error: no reference 'kingma2016' in references.bib
           1 | Adam {cite}`kingma2016`.
             |      ^~~~~~~~~~~~~~~~~~
             = did you mean 'kingma2015'?
        """
      ])
  }

  @Test func errorsInTheBibFile_areReportedWithItsExcerpt() throws {
    let book = try TemporaryBook(["01-a.md": "A.\n", "references.bib": "@misc{x, title = T}\n"])
    let result = try book.build()
    let text = result.diagnostics.map {
      DiagnosticFormatter().format($0, source: result.sources[$0.path])
    }
    #expect(
      text.first?.hasPrefix(
        """
        Lessons/references.bib:1:18: error: expected a value in braces {…}, quotes "…" or a number
           1 | @misc{x, title = T}
        """) == true)
  }
}
