import Foundation
import Testing

@testable import LessonKit

@Suite struct SiteTests {
  static let lesson = """
    ---
    title: Averages
    summary: Why β = 0.98 averages about 50 days.
    ---

    # Averages

    ```{demo}
    name: temps
    beta: [0.5, 0.9]
    days: 42
    caption: Two *weights*.
    ```

    See {numref}`temps` and {numref}`temps-table`; the mean is {value}`temps.mean`,
    or {value}`temps.mean:.1%`, over {value}`temps.days` days.
    """

  @Test func goodBook_writesPagesDataAndIndex() throws {
    let book = try TemporaryBook(["01-avg.md": Self.lesson, "02-next.md": "# Next\n\nText.\n"])
    let result = try book.build()
    #expect(result.errorCount == 0)
    #expect(
      result.files.map(\.path) == [
        "01-avg.html", "01-avg/temps-table.csv", "01-avg/temps.csv", "02-next.html",
        "directives.html", "gallery.html", "index.html", "lessons.js", "search-index.js",
        "style.css",
      ])
    let page = try #require(book.file("01-avg.html", in: result))
    #expect(page.contains("<title>Averages · Lessons</title>"))
    #expect(page.contains(##"<a class="ref" href="#temps">Figure 1</a>"##))
    #expect(page.contains(##"<a class="ref" href="#temps-table">Table 1</a>"##))
    #expect(page.contains(#"the mean is <span class="value">0.7</span>"#))
    #expect(page.contains(#"<span class="value">70.0%</span>"#))
    #expect(page.contains(#"over <span class="value">42</span> days"#))
    // The author's caption is the figure's caption and its SVG title.
    #expect(
      page.contains(
        "<title id=\"temps-chart-title\">Two weights.</title><desc id=\"temps-chart-desc\">2 betas</desc>"
      ))
    #expect(page.contains(#"<span class="number">Figure 1.</span> Two <em>weights</em>."#))
    #expect(page.contains(#"<a class="data" href="01-avg/temps.csv" download>Data (CSV)</a>"#))
    #expect(page.contains(#"<td class="num">0.50</td>"#))
    #expect(page.contains(#"<a rel="next" href="02-next.html">"#))
    #expect(book.file("01-avg/temps.csv", in: result) == "beta\n0.5\n0.9\n")
    let index = try #require(book.file("index.html", in: result))
    #expect(
      index.contains(
        #"<a href="01-avg.html">Averages</a><p class="summary">Why β = 0.98 averages about 50 days.</p>"#
      ))
  }

  @Test func everyIdOfAPage_isUnique_figuresAndHeadingsAvoidTemplateIds() throws {
    let lesson = "# Content\n\n## Toc\n\n```{demo}\nname: temps\n```\n\nSee {numref}`temps`.\n"
    let book = try TemporaryBook(["01-a.md": lesson])
    let page = try #require(book.file("01-a.html", in: try book.build()))
    #expect(
      page.contains(
        #"<figure id="temps" class="figure"><div class="chart-box scroll-box"><svg xmlns="http://www.w3.org/2000/svg" class="lp-chart" id="temps-chart""#
      ))
    #expect(page.contains(##"<a class="ref" href="#temps">Figure 1</a>"##))
    #expect(page.contains(#"<h1 id="content-2">"#))
    #expect(page.contains(#"<h2 id="toc-2">"#))
    #expect(page.contains(#"<main id="content""#))
    let ids = page.matches(of: /\sid="([^"]*)"/).map { String($0.output.1) }
    #expect(Set(ids).count == ids.count, "duplicate ids in \(ids)")
    #expect(ids.count > 6)
  }

  @Test func brokenLesson_stillWritesEveryPage() throws {
    let book = try TemporaryBook([
      "01-bad.md": "# Bad\n\n```{demo}\nbeta: 2\n```\n\nAfter.\n", "02-good.md": Self.lesson,
    ])
    let result = try book.build()
    #expect(result.errorCount == 1)
    let bad = try #require(book.file("01-bad.html", in: result))
    #expect(bad.contains(#"<div class="directive-error" role="note">"#))
    #expect(
      bad.contains("line 4, column 7: &#39;beta&#39; must be in (0, 1), got 2")
        || bad.contains("line 4, column 7: 'beta' must be in (0, 1), got 2"))
    #expect(bad.contains("<p>After.</p>"))
    #expect(book.file("02-good.html", in: result)?.contains("Figure 1") == true)
  }

  @Test func build_isDeterministic() throws {
    let book = try TemporaryBook(["01-avg.md": Self.lesson, "02-next.md": "# Next\n"])
    let first = try book.build()
    let second = try book.build()
    #expect(first.files == second.files)
  }

  @Test func summary_ordersLessonsInParts() throws {
    let book = try TemporaryBook([
      "a.md": "# A\n", "b.md": "# B\n", "c.md": "# C\n",
      "SUMMARY.md":
        "# My Course\n\n[Intro](c.md)\n\n## Week 2\n\n- [B](b.md)\n- [A](a.md)\n- [Gone](gone.md)\n",
    ])
    let result = try book.build()
    #expect(result.lessons.map(\.path) == ["Lessons/c.md", "Lessons/b.md", "Lessons/a.md"])
    let index = try #require(book.file("index.html", in: result))
    #expect(index.contains("<h1>My Course</h1>"))
    #expect(index.contains("<h2>Week 2</h2>"))
    #expect(
      result.bookDiagnostics.map(\.message) == [
        "SUMMARY.md lists 'gone.md', which is not a lesson file"
      ])
    #expect(result.bookDiagnostics.first?.location?.line == 9)
  }

  @Test func summary_warnsAboutUnlistedLessons() throws {
    let book = try TemporaryBook([
      "a.md": "# A\n", "b.md": "# B\n", "SUMMARY.md": "- [A](a.md)\n- [A again](a.md)\n",
    ])
    let result = try book.build()
    #expect(result.lessons.map(\.path) == ["Lessons/a.md", "Lessons/b.md"])
    #expect(
      result.bookDiagnostics.map(\.message) == [
        "'a.md' is listed twice (first on line 1)",
        "'b.md' is not listed in SUMMARY.md; it is built and listed at the end",
      ])
  }

  @Test func unreadableLessons_areReportedAndTheRestIsBuilt() throws {
    let book = try TemporaryBook(["02-ok.md": "# OK\n", "03-empty.md": ""])
    try Data([0x23, 0x20, 0x41, 0x0A, 0x62, 0xFF, 0x0A]).write(
      to: book.lessons.appendingPathComponent("01-latin1.md"))
    // A folder, even one named like a lesson, is read for chapters (mdBook books use them).
    try FileManager.default.createDirectory(
      at: book.lessons.appendingPathComponent("04-folder.md"), withIntermediateDirectories: true)
    let result = try book.build()
    let messages = result.diagnostics.map {
      "\($0.path):\($0.location?.description ?? "-"): \($0.message)"
    }
    #expect(
      messages == [
        "Lessons/01-latin1.md:2:2: the file is not valid UTF-8 (byte 0xFF); save it as UTF-8",
        "Lessons/03-empty.md:-: the lesson is empty",
      ])
    #expect(book.file("02-ok.html", in: result) != nil)
    #expect(
      book.file("01-latin1.html", in: result)?.contains("This lesson could not be read") == true)
  }

  @Test func missingFolder_isABookError() {
    #expect(throws: BookError.self) {
      try Book.load(from: URL(fileURLWithPath: "/nonexistent/lessons"), displayName: "nope")
    }
  }

  @Test func lessonLinks_pointToPages() throws {
    let book = try TemporaryBook([
      "a.md": "# A\n\n[B](b.md#part) and [web](https://example.com/x.md)\n", "b.md": "# B\n",
    ])
    let page = try #require(book.file("a.html", in: try book.build()))
    #expect(page.contains(#"<a href="b.html#part">B</a>"#))
    #expect(page.contains(#"<a href="https://example.com/x.md">web</a>"#))
  }

  @Test func rawHTML_isShownAsTextWithAWarning_andCommentsAreDropped() throws {
    let book = try TemporaryBook(["a.md": "# A\n\n<div>hi</div>\n\n<!-- a note -->\n"])
    let result = try book.build()
    let page = try #require(book.file("a.html", in: result))
    #expect(page.contains(#"<pre class="raw-html">&lt;div&gt;hi&lt;/div&gt;"#))
    #expect(!page.contains("a note"))
    #expect(result.warningCount == 1)
  }

  @Test func searchIndex_holdsSectionsOfEveryLesson() throws {
    let book = try TemporaryBook([
      "a.md": "# Momentum\n\nIntro words.\n\n## Why it works\n\nBecause *averages* smooth.\n"
    ])
    let index = try #require(book.file("search-index.js", in: try book.build()))
    #expect(
      index.contains(
        #"{"href":"a.html#momentum","lesson":"Momentum","title":"Momentum","text":"Intro words."}"#)
    )
    #expect(
      index.contains(
        #"{"href":"a.html#why-it-works","lesson":"Momentum","title":"Why it works","text":"Because averages smooth."}"#
      ))
  }
}

@Suite struct OutputWriterTests {
  @Test func writer_keepsForeignFiles_removesStaleOnes_andSkipsUnchanged() throws {
    let book = try TemporaryBook()
    let writer = OutputWriter(directory: book.output)
    let first = try writer.write([
      OutputFile(path: "a.html", text: "A"), OutputFile(path: "old/data.csv", text: "x\n"),
    ])
    #expect(first == OutputWriter.Summary(written: 2, unchanged: 0, removed: 0))
    try Data("mine".utf8).write(to: book.output.appendingPathComponent("notes.txt"))
    let second = try writer.write([OutputFile(path: "a.html", text: "A")])
    #expect(second == OutputWriter.Summary(written: 0, unchanged: 1, removed: 1))
    let names = try FileManager.default.contentsOfDirectory(atPath: book.output.path).sorted()
    #expect(names == [".lessons-manifest", "a.html", "notes.txt"])
  }

  /// "Unchanged" means every byte: a file of the same size that differs only in its last
  /// byte (past the first 64 KB block), or one cut short, is written again.
  @Test func writer_rewritesAFileThatDiffersInOneByte() throws {
    let book = try TemporaryBook()
    let writer = OutputWriter(directory: book.output)
    let text = String(repeating: "x", count: 70_000)
    _ = try writer.write([OutputFile(path: "a.html", text: text + "1")])
    for (next, written) in [(text + "2", 1), (text + "2", 0), (text, 1), (text, 0)] {
      let summary = try writer.write([OutputFile(path: "a.html", text: next)])
      #expect(summary.written == written)
      #expect(
        try String(contentsOf: book.output.appendingPathComponent("a.html"), encoding: .utf8)
          == next)
    }
  }

  @Test func writer_leavesNoTemporaryFiles() throws {
    let book = try TemporaryBook()
    _ = try OutputWriter(directory: book.output).write([OutputFile(path: "d/e.csv", text: "1")])
    let names = try FileManager.default.subpathsOfDirectory(atPath: book.output.path).sorted()
    #expect(names == [".lessons-manifest", "d", "d/e.csv"])
  }

  @Test func unsafePaths_areRecognized() {
    #expect(OutputWriter.isSafe("a/b.csv"))
    #expect(!OutputWriter.isSafe("../a"))
    #expect(!OutputWriter.isSafe("/etc/passwd"))
    #expect(!OutputWriter.isSafe("a//b"))
  }
}

@Suite struct DataTests {
  @Test func csv_quotesWhereNeeded_andKeepsFullPrecision() {
    let table = DataTable(
      columns: ["name", "value"],
      rows: [
        [.text("a,b"), .number(0.1 + 0.2)], [.text("say \"hi\""), .number(.nan)],
        [.empty, .number(3)],
      ])
    #expect(table.csv == "name,value\n\"a,b\",0.30000000000000004\n\"say \"\"hi\"\"\",NaN\n,3\n")
  }

  /// `\r\n` is one `Character` in Swift, equal to neither `\r` nor `\n`: a field holding it
  /// must still be quoted, and a header too.
  @Test func csv_quotesLineEndsOfEveryKind_inHeadersAndCells() {
    let table = DataTable(
      columns: ["a\r\nb", "c"],
      rows: [[.text("x\r\ny"), .text("z\n")], [.number(-1e-300), .empty]])
    #expect(table.csv == "\"a\r\nb\",c\n\"x\r\ny\",\"z\n\"\n-1e-300,\n")
  }

  @Test func optionDeclarations_documentTheDirective() {
    let options = DirectiveRegistry.options(of: Demo.self)
    #expect(options.map(\.name) == ["beta", "days", "shape", "fail"])
    #expect(options[0].type == "a list of numbers (at most 64)")
    #expect(options[0].defaultText == "[0.9]")
    #expect(options[0].range?.description == "(0, 1)")
    #expect(options[2].type == "one of circle, square")
  }
}

@Suite struct AssetTests {
  @Test func images_areCopied_andMissingOnesReported() throws {
    let book = try TemporaryBook([
      "a.md": "# A\n\n![A plot](img/plot.png)\n\n![Gone](img/gone.png)\n",
      "b.md": "# B\n\n![Same](img/plot.png) and ![Web](https://example.com/x.png)\n",
    ])
    try FileManager.default.createDirectory(
      at: book.lessons.appendingPathComponent("img"), withIntermediateDirectories: true)
    try Data([1, 2, 3]).write(to: book.lessons.appendingPathComponent("img/plot.png"))
    let result = try book.build()
    #expect(result.files.filter { $0.path == "img/plot.png" }.map(\.contents) == [[1, 2, 3]])
    #expect(
      result.diagnostics.map(\.message) == ["no image file 'img/gone.png' next to the lesson"])
    #expect(result.diagnostics.first?.location?.line == 5)
  }

  @Test func linkToMissingLesson_isAWarningWithSuggestion() throws {
    let book = try TemporaryBook(["01-a.md": "# A\n\nSee [b](02-bb.md).\n", "02-b.md": "# B\n"])
    let result = try book.build()
    #expect(
      result.diagnostics.map(\.message) == [
        "link to '02-bb.md', which is not a lesson of this book"
      ])
    #expect(result.diagnostics.first?.notes == ["did you mean '02-b.md'?"])
  }
}

@Suite struct HostileURLTests {
  static let lesson = """
    ---
    title: URLs
    summary: A [summary link](javascript:alert(0)) here.
    ---

    # URLs

    [a](javascript:alert(1)) [b](JAVASCRIPT:alert(2)) [c](java&#x09;script&#58;alert(3))
    [d](data:text/html,<script>alert(4)</script>) [e](vbscript:msgbox) [f](file:///etc/passwd)
    <javascript:alert(5)> [g][ref] [h](&#x20;javascript:alert(6))

    ![i](javascript:alert(7)) ![j](data:image/svg+xml,<svg/onload=alert(8)>)

    ![png](data:image/png;base64,iVBORw0KGgo=) [space](</my uri>) [web](https://ex.com/?q=β)

    [ref]: javascript:alert(9)

    ```{demo}
    caption: With [a link](javascript:alert(10)).
    ```
    """

  @Test func dangerousURLs_becomeEmpty_withLocatedWarnings() throws {
    let book = try TemporaryBook(["a.md": Self.lesson])
    let result = try book.build()
    let page = try #require(book.file("a.html", in: result))
    let index = try #require(book.file("index.html", in: result))
    // No attribute holds a refused URL (an autolink's text still shows it, harmlessly).
    for text in ["=\"javascript", "=\"vbscript", "=\"file:", "=\"data:text", "=\"data:image/svg"] {
      #expect(!page.lowercased().contains(text), "\(text)")
      #expect(!index.lowercased().contains(text), "\(text)")
    }
    #expect(page.contains(#"<a href="">javascript:alert(5)</a>"#))
    #expect(page.components(separatedBy: #"<a href="">"#).count - 1 == 10)
    // A refused image shows its description.
    #expect(page.contains("<p>i j</p>"))
    #expect(page.contains(#"<img src="data:image/png;base64,iVBORw0KGgo=" alt="png">"#))
    #expect(page.contains(#"<a href="/my%20uri">space</a>"#))
    #expect(page.contains(#"<a href="https://ex.com/?q=%CE%B2">web</a>"#))
    #expect(index.contains(#"A <a href="">summary link</a> here."#))
    let warnings = result.diagnostics.filter { $0.severity == .warning }
    #expect(
      Set(warnings.map { "\($0.location!.line):\($0.location!.column)" })
        == ["3:10", "8:1", "12:1", "19:10"])
    #expect(warnings.count == 13)
    #expect(
      warnings.contains { $0.message == "image to a 'data:' URL is left out of the page" })
    #expect(
      warnings.contains { $0.message == "link to a 'vbscript:' URL is left out of the page" })
  }
}
