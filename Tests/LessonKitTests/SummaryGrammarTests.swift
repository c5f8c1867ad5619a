import Foundation
import Testing

@testable import LessonKit

/// mdBook's SUMMARY.md grammar, on a book laid out as mdBook books are.
@Suite struct SummaryGrammarTests {
  /// As mdBook's own guide writes it: a title, a prefix chapter, numbered chapters with
  /// nested sub-chapters in folders, a part title, a draft, a separator, a suffix chapter.
  static let summary = """
    # Summary

    [Introduction](README.md)

    # User guide

    - [Installation](guide/installation.md)
    - [Reading books](guide/reading.md)
        - [Nested](guide/nested/deep.md)
    - [Future work]()

    ---

    # Reference

    - [Formats](format/index.md)

    [Contributors](misc/contributors.md)
    """

  func makeBook() throws -> TemporaryBook {
    let book = try TemporaryBook(["SUMMARY.md": Self.summary, "README.md": "# Introduction\n"])
    for folder in ["guide/nested", "format", "misc"] {
      try FileManager.default.createDirectory(
        at: book.lessons.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    try book.write("guide/installation.md", "## Getting it\n\nSee [reading](reading.md).\n")
    try book.write("guide/reading.md", "# Reading books\n\nBack to [intro](../README.md).\n")
    try book.write("guide/nested/deep.md", "# Deep\n")
    try book.write("format/index.md", "---\ntitle: The formats\n---\n\nText.\n")
    try book.write("misc/contributors.md", "Thanks.\n")
    return book
  }

  @Test func chaptersInFolders_areBuiltAsFlatPagesWithWorkingLinks() throws {
    let book = try makeBook()
    let result = try book.build()
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
    let paths = Set(result.files.map(\.path))
    for page in [
      "README.html", "guide-installation.html", "guide-reading.html", "guide-nested-deep.html",
      "format-index.html", "misc-contributors.html",
    ] {
      #expect(paths.contains(page), "\(page)")
    }
    let installation = try #require(book.file("guide-installation.html", in: result))
    #expect(installation.contains(#"<a href="guide-reading.html">reading</a>"#))
    #expect(installation.contains(#"href="style.css""#))
    let reading = try #require(book.file("guide-reading.html", in: result))
    #expect(reading.contains(#"<a href="README.html">intro</a>"#))
  }

  @Test func summaryLinkText_titlesPagesWithoutTitle() throws {
    let book = try makeBook()
    let result = try book.build()
    let installation = try #require(book.file("guide-installation.html", in: result))
    #expect(installation.contains("<h1>Installation</h1>"))
    #expect(installation.contains("<title>Installation · Summary</title>"))
    // A front-matter title or a `# Title` wins over the link text.
    let format = try #require(book.file("format-index.html", in: result))
    #expect(format.contains("<h1>The formats</h1>"))
  }

  @Test func tableOfContents_nestsSubChaptersAndListsDraftsAndSeparators() throws {
    let book = try makeBook()
    let result = try book.build()
    let index = try #require(book.file("index.html", in: result))
    // Sub-chapters nest in their chapter's item.
    #expect(
      index.contains(
        #"<li value="2"><a href="guide-reading.html">Reading books</a><ol><li><a href="guide-nested-deep.html">Deep</a></li></ol></li>"#
      ))
    // The draft is listed, with no page and no error.
    #expect(index.contains(#"<li value="3"><span class="draft">Future work</span></li>"#))
    #expect(index.contains(#"<li class="separator" aria-hidden="true"></li>"#))
    // Prefix and suffix chapters are not numbered.
    #expect(index.contains(#"<li class="unnumbered"><a href="README.html">Introduction</a>"#))
    #expect(
      index.contains(#"<li class="unnumbered"><a href="misc-contributors.html">Contributors</a>"#))
    #expect(index.contains(#"<li value="4"><a href="format-index.html">The formats</a>"#))
    let page = try #require(book.file("guide-reading.html", in: result))
    // The menu shows the same numbers, drafts' too.
    #expect(page.contains(#"<span class="draft"><span class="number">3</span>Future work</span>"#))
    #expect(
      page.contains(
        #"<a href="guide-reading.html" aria-current="page"><span class="number">2</span>Reading books</a><ol>"#
      ))
    #expect(page.contains(#"<a href="README.html">Introduction</a>"#))
  }

  @Test func imagesOfChaptersInFolders_areCopiedAtTheirPathInTheLessonsFolder() throws {
    let book = try makeBook()
    for folder in ["guide/img", "format/img"] {
      try FileManager.default.createDirectory(
        at: book.lessons.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    try book.write("guide/img/plot.png", "guide")
    try book.write("format/img/plot.png", "format")
    try book.write("guide/reading.md", "# Reading books\n\n![plot](img/plot.png)\n")
    try book.write("format/index.md", "# Formats\n\n![plot](img/plot.png)\n")
    let result = try book.build()
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
    #expect(book.file("guide/img/plot.png", in: result) == "guide")
    #expect(book.file("format/img/plot.png", in: result) == "format")
    let page = try #require(book.file("guide-reading.html", in: result))
    #expect(page.contains(#"<img src="guide/img/plot.png" alt="plot">"#))
  }

  @Test func pagesThatWouldCollide_areAnError() throws {
    let book = try TemporaryBook(["a-b.md": "# One\n"])
    try FileManager.default.createDirectory(
      at: book.lessons.appendingPathComponent("a"), withIntermediateDirectories: true)
    try book.write("a/b.md", "# Two\n")
    let result = try book.build()
    #expect(
      result.bookDiagnostics.map(\.message) == [
        "'a-b.md' and 'a/b.md' would both be the page 'a-b.html'; it is skipped"
      ])
  }
}
