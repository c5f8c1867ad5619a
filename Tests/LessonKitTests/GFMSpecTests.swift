import Testing

/// The examples of the GFM spec's extension sections (`Spec/gfm-spec.txt`, CC-BY-SA 4.0, see
/// `Spec/README.md`): tables, task list items, strikethrough and autolinks, which our
/// importer adds to cmark 0.30. ("Disallowed Raw HTML" is left out: lessons never pass raw
/// HTML through at all.)
@Suite struct GFMSpecTests {
  static let extensions = [
    "Tables (extension)", "Task list items (extension)", "Strikethrough (extension)",
    "Autolinks (extension)",
  ]

  /// Examples whose difference is intentional, with the reason.
  static let intentional: [Int: String] = [
    630: "smart punctuation: the apostrophe of \"isn't\" is typographic (’)"
  ]

  @Test func extensionExamples_renderAsTheSpecSays() throws {
    let examples = try SpecExample.load("gfm-spec.txt").filter {
      Self.extensions.contains($0.section)
    }
    #expect(examples.count > 20)
    var passed = 0
    for example in examples {
      let passes = example.passes
      if passes { passed += 1 }
      if Self.intentional[example.number] != nil {
        #expect(!passes, "example \(example.number) passes now: remove it from the list")
        continue
      }
      #expect(
        passes,
        """
        example \(example.number) (\(example.section)):
        \(example.markdown)
        expected: \(SpecExample.normalized(example.html))
        rendered: \(SpecExample.normalized(example.rendered))
        """)
    }
    print("GFM extensions: \(passed)/\(examples.count) examples pass")
  }
}
