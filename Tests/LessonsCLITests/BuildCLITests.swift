import Foundation
import Testing

/// End to end: the built `lessons` binary on fixture books.
@Suite struct BuildCLITests {
  static let good: [String: String] = [
    "Lessons/01-one.md": "---\ntitle: One\nsummary: The first.\n---\n\n# One\n\nText with $x_1$.\n",
    "Lessons/02-two.md": "# Two\n\nMore text.\n",
  ]

  @Test func goodBook_buildsAndExitsZero() throws {
    let fixture = try Fixture(Self.good)
    let run = try lessons(["build"], in: fixture.root)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.isEmpty)
    #expect(run.stdout.contains("[1/2] Lessons/01-one.md"))
    #expect(run.stdout.contains("Built 2 lessons, 0 directives in "))
    let files = try fixture.tree("Output").keys.sorted()
    #expect(
      files == [
        ".lessons-manifest", "01-one.html", "02-two.html", "directives.html", "gallery.html",
        "index.html",
        "lessons.js", "search-index.js", "style.css",
      ])
  }

  @Test func brokenLesson_printsLocatedErrorExitsOne_andBuildsTheRest() throws {
    var files = Self.good
    files["Lessons/03-bad.md"] = "# Bad\n\nβ ≈ α\n\n```{nope}\nx: 1\n```\n"
    let fixture = try Fixture(files)
    let run = try lessons(["build"], in: fixture.root)
    #expect(run.status == 1)
    #expect(
      run.stderr.hasPrefix(
        """
        Lessons/03-bad.md:5:5: error: unknown directive '{nope}'
           5 | ```{nope}
             |     ^~~~
        """))
    #expect(fixture.read("Output/01-one.html") != nil)
    #expect(fixture.read("Output/03-bad.html")?.contains(#"class="directive-error""#) == true)
  }

  @Test func figureImages_areCopiedBesideThePages_aMissingOneIsALocatedError() throws {
    var files = Self.good
    files["Lessons/03-figures.md"] =
      "# Figures\n\n```{figure} img/plot.svg\n:name: plot\n\nA plot.\n```\n\n"
      + ":::{figure} img/gone.png\nGone.\n:::\n\nSee {numref}`plot`.\n"
    let fixture = try Fixture(files)
    let svg = #"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>"#
    try fixture.write("Lessons/img/plot.svg", svg)
    let run = try lessons(["build"], in: fixture.root)
    #expect(run.status == 1)
    #expect(
      run.stderr
        == """
        Lessons/03-figures.md:9:13: error: no image file 'img/gone.png' next to the lesson
           9 | :::{figure} img/gone.png
             |             ^

        """)
    #expect(run.stdout.contains("Built 3 lessons, 0 directives in "))
    #expect(fixture.read("Output/img/plot.svg") == svg)
    #expect(fixture.read("Output/img/gone.png") == nil)
    let page = try #require(fixture.read("Output/03-figures.html"))
    #expect(page.contains(##"<a class="ref" href="#plot">Figure 1</a>"##))
    #expect(page.contains(#"<img src="img/gone.png" alt="Gone.">"#))
    #expect(fixture.read("Output/01-one.html") != nil)
    // The same bytes again: the copy is deterministic.
    let first = try fixture.tree("Output")
    _ = try lessons(["build"], in: fixture.root)
    #expect(try fixture.tree("Output") == first)
  }

  @Test func buildingTwice_givesIdenticalBytes_andKeepsForeignFiles() throws {
    let fixture = try Fixture(Self.good)
    _ = try lessons(["build"], in: fixture.root)
    try fixture.write("Output/notes.txt", "mine")
    let first = try fixture.tree("Output")
    let second = try lessons(["build"], in: fixture.root)
    #expect(second.status == 0)
    #expect(second.stdout.contains("0 written"))
    #expect(try fixture.tree("Output") == first)
    #expect(fixture.read("Output/notes.txt") == "mine")
  }

  @Test func removedLesson_removesItsPageOnly() throws {
    let fixture = try Fixture(Self.good)
    _ = try lessons(["build"], in: fixture.root)
    try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("Lessons/02-two.md"))
    let run = try lessons(["build"], in: fixture.root)
    #expect(run.stdout.contains("1 removed"))
    #expect(fixture.read("Output/02-two.html") == nil)
    #expect(fixture.read("Output/01-one.html") != nil)
  }

  @Test func missingLessonsFolder_isAUsageError() throws {
    let fixture = try Fixture([:])
    try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("Lessons"))
    let run = try lessons(["build"], in: fixture.root)
    #expect(run.status == 2)
    #expect(
      run.stderr == "error: no lessons folder at 'Lessons' (pass --lessons DIR to use another)\n")
  }

  @Test func unknownFlag_isAUsageError() throws {
    let fixture = try Fixture(Self.good)
    let run = try lessons(["build", "--fast"], in: fixture.root)
    #expect(run.status == 2)
    #expect(run.stderr.contains("error: unknown option '--fast'"))
  }

  @Test func check_writesNothing_andReportsErrors() throws {
    let fixture = try Fixture(["Lessons/01-a.md": "# A\n\nSee {numref}`nothing`.\n"])
    let run = try lessons(["check"], in: fixture.root)
    #expect(run.status == 1)
    #expect(
      run.stderr.contains(
        "Lessons/01-a.md:3:5: error: no figure or table named 'nothing' in this lesson"))
    #expect(fixture.read("Output/index.html") == nil)
    let one = try lessons(["check", "Lessons/01-a.md"], in: fixture.root)
    #expect(one.status == 1)
    #expect(one.stdout.contains("Checked 1 lesson: 1 error, 0 warnings."))
  }
}

@Suite struct NewCLITests {
  @Test func new_inAnEmptyFolder_createsTheFirstLesson() throws {
    let fixture = try Fixture([:])
    try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("Lessons"))
    let run = try lessons(["new", "Learning-rate decay!"], in: fixture.root)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.hasPrefix("Created Lessons/01-learning-rate-decay.md."))
    let text = try #require(fixture.read("Lessons/01-learning-rate-decay.md"))
    #expect(text.hasPrefix("---\ntitle: \"Learning-rate decay!\"\n"))
    // The template shows the MyST forms, and builds with no error and no warning.
    let build = try lessons(["build"], in: fixture.root)
    #expect(build.status == 0, "\(build.stderr)")
    #expect(build.stderr.isEmpty)
    #expect(build.stdout.contains(": 0 errors, 0 warnings."))
    let page = try #require(fixture.read("Output/01-learning-rate-decay.html"))
    for fragment in [
      #"<span class="number">Figure 1.</span> An example figure; replace it with"#,
      ##"<a class="ref" href="#example">Figure 1</a> shows <a class="eqref" href="#equation-ewa">(1)</a>"##,
      #"<div class="admonition tip" role="note"><p class="admonition-title">Tip</p>"#,
    ] {
      #expect(page.contains(fragment), "\(fragment)")
    }
  }

  @Test func new_inAFullFolder_takesTheNextNumber_andUpdatesSummary() throws {
    let fixture = try Fixture([
      "Lessons/07-x.md": "# X\n", "Lessons/12-y.md": "# Y\n",
      "Lessons/SUMMARY.md": "# Book\n\n- [X](07-x.md)\n- [Y](12-y.md)\n",
    ])
    let run = try lessons(["new", "Momentum"], in: fixture.root)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Created Lessons/13-momentum.md and listed it in SUMMARY.md."))
    #expect(
      fixture.read("Lessons/SUMMARY.md")
        == "# Book\n\n- [X](07-x.md)\n- [Y](12-y.md)\n- [Momentum](13-momentum.md)\n")
    let again = try lessons(["new", " "], in: fixture.root)
    #expect(again.status == 2)
    #expect(again.stderr == "error: the title is empty\n")
  }
}
