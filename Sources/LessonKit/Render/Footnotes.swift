import LessonMarkdown
import LessonMarkup

/// Footnotes as MyST and GFM write them: `[^name]` in the text, `[^name]: text` anywhere in
/// the lesson. A reference is a superscript number, numbered in order of first reference and
/// linked to its note in a footnotes section at the end of the page, whose notes link back.
///
/// Ids hold a `:` (`fn:name`, `fnref:name`, `fnref:name:2` for a second reference), which
/// heading ids never do, so they cannot collide with them.
extension LessonRenderer {
  static func footnoteID(_ name: String) -> String { "fn:" + name }

  static func footnoteReferenceID(_ name: String, _ occurrence: Int) -> String {
    occurrence == 1 ? "fnref:" + name : "fnref:\(name):\(occurrence)"
  }

  static func isFootnoteReference(_ node: Node) -> Bool {
    guard case .element(let element) = node, element.name == "sup" else { return false }
    return element.attributes.contains(Attribute("class", "footnote-ref"))
  }

  /// Reads the footnote definitions of the lesson (before it is rendered: a reference may
  /// come before its definition); a name defined twice is an error.
  mutating func collectFootnotes(_ blocks: [Block]) {
    for block in blocks {
      switch block {
      case .footnote(let footnote):
        if let first = footnotes[footnote.name] {
          diagnostics.append(
            .error(
              "footnote '[^\(footnote.name)]' is already defined on line \(first.location.line)",
              path: path, at: footnote.location, length: footnote.name.unicodeScalars.count))
        } else {
          footnotes[footnote.name] = footnote
        }
        collectFootnotes(footnote.blocks)
      case .blockQuote(let inner): collectFootnotes(inner)
      case .list(let list): list.items.forEach { collectFootnotes($0) }
      case .admonition(let admonition): collectFootnotes(admonition.blocks)
      case .directive(let directive): collectFootnotes(directive.content ?? [])
      default: break
      }
    }
  }

  /// `[^name]`: `<sup class="footnote-ref"><a href="#fn:name" id="fnref:name">1</a></sup>`.
  mutating func renderFootnoteReference(_ reference: FootnoteReference) -> [Node] {
    let name = reference.name
    guard footnotes[name] != nil else {
      var notes = Spelling.didYouMean(name, among: footnotes.keys.sorted()) { "[^\($0)]" }
      notes.append("define it on a line of its own: [^\(name)]: The note's text.")
      diagnostics.append(
        .error(
          "no footnote '[^\(name)]' is defined in this lesson", path: path,
          at: reference.location, length: reference.length, notes: notes))
      return [.element(Element("code", [Attribute("class", "role-error")], text: "[^\(name)]"))]
    }
    if footnoteReferences[name] == nil { footnoteOrder.append(name) }
    footnoteReferences[name, default: 0] += 1
    let number = footnoteOrder.firstIndex(of: name)! + 1
    return [
      .element(
        Element(
          "sup", [Attribute("class", "footnote-ref")],
          [
            .element(
              Element(
                "a",
                [
                  Attribute("href", "#" + Self.footnoteID(name)),
                  Attribute("id", Self.footnoteReferenceID(name, footnoteReferences[name]!)),
                  Attribute("role", "doc-noteref"),
                ], text: String(number)))
          ]))
    ]
  }

  /// The footnotes section, after the lesson's last block (nothing when no footnote is
  /// referenced). A definition never referenced is not shown, as in GFM, with a warning.
  mutating func renderFootnotes() -> [Node] {
    var items: [Node] = []
    var index = 0
    // The text of a note may reference a note not referenced yet: it joins the list.
    while index < footnoteOrder.count {
      let name = footnoteOrder[index]
      index += 1
      var content = render(footnotes[name]!.blocks)
      let backLinks = (1...footnoteReferences[name]!).flatMap { occurrence -> [Node] in
        let label = "Back to reference \(index)" + (occurrence > 1 ? "-\(occurrence)" : "")
        return [
          .text(" "),
          .element(
            Element(
              "a",
              [
                Attribute("href", "#" + Self.footnoteReferenceID(name, occurrence)),
                Attribute("class", "footnote-back"), Attribute("aria-label", label),
              ],
              [.text("↩")]
                + (occurrence > 1
                  ? [.element(Element("sup", text: String(occurrence)))] : []))),
        ]
      }
      if case .element(var last) = content.last, last.name == "p" {
        last.children += backLinks
        content[content.count - 1] = .element(last)
      } else {
        content.append(.element(Element("p", [], Array(backLinks.dropFirst()))))
      }
      items.append(.element(Element("li", [Attribute("id", Self.footnoteID(name))], content)))
    }
    for footnote in footnotes.values.sorted(by: { $0.location < $1.location })
    where footnoteReferences[footnote.name] == nil {
      diagnostics.append(
        .warning(
          "footnote '[^\(footnote.name)]' is never referenced; it is not shown", path: path,
          at: footnote.location, length: footnote.name.unicodeScalars.count,
          notes: ["refer to it with [^\(footnote.name)] in the text, or remove it"]))
    }
    guard !items.isEmpty else { return [] }
    return [
      .element(
        Element(
          "section",
          [
            Attribute("class", "footnotes"), Attribute("role", "doc-endnotes"),
            Attribute("aria-label", "Footnotes"),
          ],
          [.element(Element("ol", [], items))]))
    ]
  }
}
