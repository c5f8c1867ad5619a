import LessonMarkdown
import LessonMarkup

/// Links the first use of each glossary symbol on a page to `glossary.html`, and warns about
/// Greek letters the glossary does not explain.
extension LessonRenderer {
  static let glossaryPage = "glossary.html"

  mutating func glossaryLink(_ node: Node, _ math: Math) -> Node {
    guard !glossary.entries.isEmpty else { return node }
    for letter in glossary.uncovered(in: math.tex) where reportedLetters.insert(letter).inserted {
      diagnostics.append(
        .warning(
          "the symbol \\\(letter) is not in \(Glossary.fileName)", path: path, at: math.location,
          notes: [
            "add it to \(Glossary.fileName) with its meaning and the lesson that introduces it"
          ]))
    }
    guard linkTerms, !math.display,
      let entry = glossary.entries(in: math.tex).first(where: { !linkedTerms.contains($0.id) })
    else { return node }
    linkedTerms.insert(entry.id)
    let (meaning, _) = InlineMarkdown.parse(entry.meaning, path: path, at: entry.meaningLocation)
    return .element(
      Element(
        "a",
        [
          Attribute("class", "term"), Attribute("href", Self.glossaryPage + "#" + entry.id),
          Attribute("title", meaning.plainText),
        ], [node]))
  }
}
