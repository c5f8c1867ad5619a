import Testing

/// The 652 examples of the CommonMark Spec 0.30 (`Spec/commonmark-spec-0.30.txt`, CC-BY-SA
/// 4.0, see `Spec/README.md`), rendered as lessons are. Every example passes except the ones
/// below, whose difference is intentional; the test also fails if one of them starts passing,
/// so that the list stays true.
@Suite struct CommonMarkSpecTests {
  /// Raw HTML is shown as text (blocks in a `<pre class="raw-html">` with a warning), and
  /// HTML comments are left out: lessons never pass HTML through to the page (DESIGN §1).
  static let rawHTML: Set<Int> = Set(148...191).union([
    21, 31, 201, 308, 309, 344, 474, 475, 476, 490, 493, 523, 535, 642, 643,
  ]).union(Set(612...632).subtracting([617, 620]))

  /// Smart punctuation: quotes become “ ” ‘ ’, `--` and `---` become – and —, as a textbook
  /// prints them (cmark's `CMARK_OPT_SMART`).
  static let smartPunctuation: Set<Int> = [
    14, 46, 55, 87, 91, 106, 197, 209, 210, 343, 352, 358, 362, 379, 384, 394, 507, 589, 650,
  ]

  /// A document that starts with a `---` line starts with YAML front matter (as in MyST,
  /// Jekyll and Quarto), not with a thematic break.
  static let frontMatter: Set<Int> = [96, 98]

  /// A link to `other.md` is a link to that lesson's page, `other.html`.
  static let lessonLinks: Set<Int> = [483]

  /// GFM's extended autolinks: a bare `http://…`, `www.…` or e-mail address is a link.
  static let gfmAutolinks: Set<Int> = [605, 607, 610, 611]

  /// A line `+++` is a MyST notebook's cell break (as MyST-NB and Jupytext read it), not text.
  static let mystCellBreaks: Set<Int> = [44]

  static var intentional: Set<Int> {
    rawHTML.union(smartPunctuation).union(frontMatter).union(lessonLinks).union(gfmAutolinks)
      .union(mystCellBreaks)
  }

  @Test func examples_renderAsTheSpecSays_exceptTheIntentionalDifferences() throws {
    let examples = try SpecExample.load("commonmark-spec-0.30.txt")
    #expect(examples.count == 652)
    var passed = 0
    for example in examples {
      let passes = example.passes
      if passes { passed += 1 }
      if Self.intentional.contains(example.number) {
        #expect(!passes, "example \(example.number) passes now: remove it from the list")
      } else {
        #expect(
          passes,
          """
          example \(example.number) (\(example.section)):
          \(example.markdown)
          expected: \(SpecExample.normalized(example.html))
          rendered: \(SpecExample.normalized(example.rendered))
          """)
      }
    }
    #expect(passed == 652 - Self.intentional.count)
    print("CommonMark spec 0.30: \(passed)/\(examples.count) examples pass")
  }
}
