import Foundation
import LessonMarkdown
import LessonMarkup

/// MyST's ``{ref}`label` `` and ``{doc}`other` `` roles, and the `(label)=` targets they reach.
extension LessonRenderer {
  /// A role's content `text <target>` (Sphinx's explicit title), or just `target`.
  static func explicitTitle(_ content: String) -> (text: String?, target: String) {
    guard content.hasSuffix(">"), let open = content.lastIndex(of: "<") else {
      return (nil, content.trimmingCharacters(in: .whitespaces))
    }
    let text = content[..<open].trimmingCharacters(in: .whitespaces)
    let target = content[content.index(after: open)..<content.index(before: content.endIndex)]
      .trimmingCharacters(in: .whitespaces)
    return (text.isEmpty ? nil : text, target)
  }

  /// A target line `(label)=`: the label is the id of the heading right after it (see
  /// `render(_:)`), or of an empty anchor before any other block. A label that is already an
  /// id of the page (a figure, a directive's name, an exercise, a footnote) is an error.
  mutating func renderTarget(_ label: String, at location: SourceLocation, heading: Bool)
    -> [Node]
  {
    if let taken = takenID(label) {
      diagnostics.append(
        .error(
          "the label '\(label)' is the id of \(taken) on this page", path: path, at: location,
          length: label.unicodeScalars.count, notes: ["choose another label"]))
      return []
    }
    // A label defined twice is reported where the book's targets are read; only its first
    // definition is an id.
    if let owner = targets.labels[label], owner.fileName != fileName || owner.location != location {
      return []
    }
    if heading {
      headingID = label
      return []
    }
    return [.element(Element("span", [Attribute("id", label)]))]
  }

  /// What else on the page has the id `id`, if anything.
  private func takenID(_ id: String) -> String? {
    if items[id] != nil { return "a figure or table" }
    if results.values.contains(where: { $0.invocation.name == id }) { return "a directive" }
    if practiceNumbers.values.contains(where: { $0.id == id }) { return "an exercise" }
    if PageTemplate.reservedIDs.contains(id) { return "an element of every page" }
    if id.hasPrefix("fn:") || id.hasPrefix("fnref:") { return "a footnote's" }
    if id.hasPrefix("equation-") { return "an equation's" }
    return nil
  }

  /// ``{ref}`label` `` or ``{ref}`text <label>` ``: a link to a target anywhere in the book
  /// (a `(label)=` line or an admonition's `:name:`), or to a figure or table of this lesson
  /// by its name.
  ///
  /// The text is Sphinx's: the explicit text if given, else the heading the target is
  /// before, else the figure's or table's caption (without its number: "Figure 3" is what
  /// `{numref}` shows). A target of any other block (a paragraph, a list, an admonition) has
  /// no title, so a `{ref}` to it must give its text, as Sphinx requires.
  mutating func renderReference(_ role: Role) -> [Node] {
    let (text, label) = Self.explicitTitle(role.content)
    let href: String
    var title: [Inline]?
    if let target = targets.labels[label] {
      href =
        (target.fileName == fileName ? "" : LessonFile.slug(target.fileName) + ".html") + "#"
        + target.id
      title = target.title
    } else if items[label] != nil {
      href = "#" + label
      title = itemCaption(label)
    } else {
      if equations.labels[label] != nil {
        return roleError(
          role, "'\(label)' is an equation: cite it with {eq}`\(label)` or {numref}`\(label)`",
          candidates: [])
      }
      return roleError(
        role,
        "no label '\(label)': no target (\(label))= or :name: in the book, and no figure or table '\(label)' in this lesson",
        candidates: targets.labels.keys.sorted() + items.keys.sorted(),
        wanted: label)
    }
    let content: [Node]
    if let text {
      content = [.text(text)]
    } else if let title {
      content = referenceText(title)
    } else {
      return roleError(
        role,
        "{ref} to '\(label)' needs its text, as the target is not before a heading: write {ref}`text <\(label)>`",
        candidates: [])
    }
    return [.element(Element("a", [Attribute("class", "ref"), Attribute("href", href)], content))]
  }

  /// ``{doc}`other` ``, ``{doc}`other.md` `` or ``{doc}`text <week1/intro>` ``: a link to
  /// another lesson's page, showing its title (as the table of contents does) or the given
  /// text. The path is relative to this lesson's folder, like a Markdown link; `/week1/intro`
  /// starts at the lessons folder.
  mutating func renderDocument(_ role: Role) -> [Node] {
    let (text, target) = Self.explicitTitle(role.content)
    guard let file = documentFile(target) else {
      return roleError(
        role, "no lesson '\(target)' in this book", candidates: lessonFiles.sorted(),
        wanted: target.hasSuffix(".md") ? target : target + ".md")
    }
    return [
      .element(
        Element(
          "a", [Attribute("class", "doc"), Attribute("href", LessonFile.slug(file) + ".html")],
          text: text ?? titles[file] ?? file))
    ]
  }

  /// The lesson file a `{doc}` names, if it is one of the book's.
  func documentFile(_ target: String) -> String? {
    let path = target.hasSuffix(".md") ? target : target + ".md"
    let file =
      path.hasPrefix("/")
      ? String(path.drop { $0 == "/" }) : LessonFile.resolve(path, from: fileName)
    guard let file, lessonFiles.contains(file) else { return nil }
    return file
  }

  /// What a `{ref}` or `{doc}` reads as, as plain text (for search).
  func referencePlainText(_ role: Role) -> String {
    let (text, target) = Self.explicitTitle(role.content)
    if let text { return text }
    if role.name == "doc" { return documentFile(target).flatMap { titles[$0] } ?? target }
    return (targets.labels[target]?.title ?? itemCaption(target))?.plainText ?? target
  }

  /// The caption of this lesson's figure or table `id`, as its page shows it.
  private func itemCaption(_ id: String) -> [Inline]? {
    for result in results.values {
      guard case .success(let output) = result.outcome else { continue }
      for (index, item) in output.items.enumerated()
      where Self.itemID(name: result.invocation.name, key: item.key) == id {
        let fallback: String
        switch item {
        case .figure(let figure): fallback = figure.caption
        case .table(let table): fallback = table.caption
        }
        let caption = (index == 0 ? result.invocation.caption?.text : nil) ?? fallback
        return InlineMarkdown.parse(caption, path: path, at: result.invocation.block.location).0
      }
    }
    return nil
  }

  /// A heading's or caption's content as the text of a link: rendered on a copy of the
  /// renderer (its problems are reported where it is written, not here), with its links and
  /// footnote references left out (a link holds no link).
  private func referenceText(_ inlines: [Inline]) -> [Node] {
    func unlinked(_ inlines: [Inline]) -> [Inline] {
      inlines.flatMap { inline -> [Inline] in
        switch inline {
        case .link(_, _, let content): return unlinked(content)
        case .emphasis(let content): return [.emphasis(unlinked(content))]
        case .strong(let content): return [.strong(unlinked(content))]
        case .strikethrough(let content): return [.strikethrough(unlinked(content))]
        case .footnoteReference: return []
        case .role(let role) where !["sub", "sup", "abbr"].contains(role.name):
          return [.text(role.content)]
        default: return [inline]
        }
      }
    }
    var copy = self
    copy.linkTerms = false
    return copy.render(unlinked(inlines))
  }
}
