import Testing

@testable import LessonKit

/// One numbering everywhere: the index, the navigation, each page and previous/next show the
/// book's lesson numbers (the introduction has none) and the course's section numbers.
@Suite struct NumberingTests {
  static let summary = """
    # My Course

    [Intro](a.md)

    ## Week 2

    - [B](b.md) (2.1–2.2)
    - [C](c.md) (2.5)

    [Quiz](q.md)

    ## Week 3

    - [D](d.md)
    """

  @Test func lessonsAreNumberedAcrossParts_andTheIntroductionIsNot() throws {
    let book = try TemporaryBook([
      "a.md": "# Intro\n", "b.md": "# Bee\n\nText.\n", "c.md": "# Sea\n", "d.md": "# Dee\n",
      "q.md": "# Quiz\n", "SUMMARY.md": Self.summary,
    ])
    let result = try book.build()
    #expect(result.bookDiagnostics.isEmpty)
    let index = try #require(book.file("index.html", in: result))
    #expect(
      index.contains(#"<ol class="lesson-list"><li class="unnumbered"><a href="a.html">Intro</a>"#))
    #expect(
      index.contains(
        #"<ol class="lesson-list"><li value="1"><a href="b.html">Bee</a><span class="course">course 2.1–2.2</span></li><li value="2"><a href="c.html">Sea</a>"#
      ))
    // The week's quiz is a suffix chapter: in its place, without a number.
    #expect(index.contains(#"<li class="unnumbered"><a href="q.html">Quiz</a></li></ol>"#))
    #expect(index.contains(#"<ol class="lesson-list"><li value="3"><a href="d.html">Dee</a>"#))

    let b = try #require(book.file("b.html", in: result))
    #expect(
      b.contains(
        #"</h1>"# + "\n" + #"<p class="lesson-number">Lesson 1 · course sections 2.1–2.2</p>"#))
    #expect(
      b.contains(#"<span class="direction">Next · lesson 2 →</span><span class="title">Sea</span>"#)
    )
    #expect(b.contains(#"<a href="c.html"><span class="number">2</span>Sea</a>"#))
    #expect(b.contains(#"<a href="a.html">Intro</a>"#))
    let c = try #require(book.file("c.html", in: result))
    #expect(c.contains(#"<p class="lesson-number">Lesson 2 · course section 2.5</p>"#))
    #expect(c.contains(#"<span class="direction">← Previous · lesson 1</span>"#))
    let d = try #require(book.file("d.html", in: result))
    #expect(d.contains(#"<p class="lesson-number">Lesson 3</p>"#))
    let a = try #require(book.file("a.html", in: result))
    #expect(!a.contains("lesson-number"))
    let quiz = try #require(book.file("q.html", in: result))
    #expect(!quiz.contains("lesson-number"))
    #expect(quiz.contains(#"<span class="direction">Next · lesson 3 →</span>"#))
  }

  @Test func textAfterALinkThatIsNotSectionNumbers_isAWarningAtItsLine() throws {
    let book = try TemporaryBook([
      "a.md": "# A\n", "SUMMARY.md": "- [A](a.md) see week 2\n",
    ])
    let result = try book.build()
    #expect(
      result.bookDiagnostics.map(\.message) == [
        "'see week 2' after the link is not the course's section numbers"
      ])
    #expect(result.bookDiagnostics.first?.location?.line == 1)
  }

  /// What `(\s*N.N(\s*[–-]\s*N.N)?\s*)` matched as a regex, read by hand.
  @Test func sectionNumbers_areOneOrARangeInParentheses() {
    func read(_ text: String) -> [String]? {
      Summary.sectionNumbers(text).map { [String($0.0)] + ($0.1.map { [String($0)] } ?? []) }
    }
    #expect(read("(2.5)") == ["2.5"])
    #expect(read("(2.1–2.2)") == ["2.1", "2.2"])
    #expect(read("( 12.10 - 3.4 )") == ["12.10", "3.4"])
    #expect(read("(\t2.5\u{00A0})") == ["2.5"])
    for text in [
      "", "2.5", "(2)", "(2.)", "(.5)", "(2.5", "(2.5))", "(2.5) x", "(2.5–)", "(2.5–3)",
      "(٢.٥)", "(2.5, 2.6)", "(a.b)",
    ] {
      #expect(read(text) == nil, "\(text)")
    }
  }
}
