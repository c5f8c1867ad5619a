import LessonMarkdown
import LessonMarkup

/// ``{cite}`kingma2015` `` (or several keys, comma-separated): numbered citations linked to
/// a references section at the end of the lesson, numbered in order of first citation.
extension LessonRenderer {
  static func referenceID(_ key: String) -> String { "ref-" + key }

  mutating func renderCitation(_ role: Role) -> [Node] {
    let keys = role.content.split(separator: ",").map { String($0.filter { $0 != " " }) }
    var links: [Node] = []
    for key in keys {
      guard bibliography[key] != nil else {
        return roleError(
          role,
          bibliography.entries.isEmpty
            ? "no reference '\(key)': the book has no \(Bibliography.fileName)"
            : "no reference '\(key)' in \(Bibliography.fileName)",
          candidates: bibliography.keys)
      }
      if !citations.contains(key) { citations.append(key) }
      let number = citations.firstIndex(of: key)! + 1
      if !links.isEmpty { links.append(.text(", ")) }
      links.append(
        .element(
          Element(
            "a",
            [
              Attribute("class", "cite"), Attribute("href", "#" + Self.referenceID(key)),
              Attribute(
                "title",
                bibliography[key]!.authorList + " " + (bibliography[key]!.fields["year"] ?? "")),
            ],
            text: String(number))))
    }
    return [
      .element(
        Element("span", [Attribute("class", "citation")], [.text("[")] + links + [.text("]")]))
    ]
  }

  /// The lesson's references section, after its last block (nothing when it cites nothing).
  mutating func renderReferences() -> [Node] {
    guard !citations.isEmpty else { return [] }
    let id = "references"
    headings.append(Heading(level: 2, id: id, text: "References", html: "References"))
    let items = citations.map { key -> Node in
      .element(
        Element(
          "li", [Attribute("id", Self.referenceID(key))], bibliography[key]!.nodes))
    }
    return [
      .element(
        Element(
          "section", [Attribute("class", "references")],
          [
            .element(
              Element(
                "h2", [Attribute("id", id)],
                [
                  .text("References"),
                  .element(
                    Element(
                      "a",
                      [
                        Attribute("class", "anchor"), Attribute("href", "#" + id),
                        Attribute("aria-hidden", "true"),
                      ], text: "#")),
                ])),
            .element(Element("ol", [], items)),
            .element(
              Element(
                "p", [Attribute("class", "references-all")],
                [
                  .element(
                    Element(
                      "a", [Attribute("href", "bibliography.html")],
                      text: "All references of the book"))
                ])),
          ]))
    ]
  }
}
