import LessonMarkup

/// The HTML page around every article: head, header, table of contents, outline, previous
/// and next links. Pages work from `file://`: one local stylesheet, one optional script.
struct PageTemplate {
  /// The ids of the page around an article (the skip link's target, the menu, the search
  /// box): headings never take them, and a directive may not be named like them (a figure
  /// named `search` once sent its "Figure 1" links to the search box).
  static let reservedIDs: Set<String> = [
    "content", "toc", "lessons-search", "lessons-search-results",
  ]

  let bookTitle: String
  /// The table of contents, the same on every page but for the page's own link: made once
  /// per book (at 500 lessons it is more than half of every page).
  private let toc: TableOfContents

  /// `referencePages`: the generated pages listed under "Reference", by file and title.
  init(bookTitle: String, parts: [NavigationPart], referencePages: [(href: String, title: String)])
  {
    self.bookTitle = bookTitle
    toc = TableOfContents(parts: parts, referencePages: referencePages)
  }

  struct NavigationPart {
    var title: String?
    var entries: [NavigationEntry]
  }

  struct NavigationEntry {
    var href: String
    var title: String
    /// 0 for a chapter, 1 for its sub-chapters, … (SUMMARY.md's nesting).
    var depth = 0
    var kind = Kind.page
    /// The chapter's number in the book; nil for the introduction, the quizzes and other
    /// pages.
    var number: Int? = nil

    enum Kind {
      /// A built page (`href`); a draft chapter (`[Title]()`: listed, no page); a `---`.
      case page, draft, separator
    }
  }

  /// `entries` as nested lists: each entry's deeper followers are its sub-list. `item` makes
  /// an entry's own content.
  static func nestedList(
    _ entries: [NavigationEntry], list: String = "ol", attributes: [Attribute] = [],
    item: (NavigationEntry) -> (attributes: [Attribute], content: [Node])
  ) -> Node {
    func build(_ slice: ArraySlice<NavigationEntry>, _ listAttributes: [Attribute]) -> Node {
      var items: [Node] = []
      var index = slice.startIndex
      while index < slice.endIndex {
        let entry = slice[index]
        var end = index + 1
        while end < slice.endIndex, slice[end].depth > entry.depth { end += 1 }
        var (itemAttributes, content) = item(entry)
        if entry.kind == .separator {
          itemAttributes.append(Attribute("class", "separator"))
          itemAttributes.append(Attribute("aria-hidden", "true"))
        }
        if end > index + 1 { content.append(build(slice[(index + 1)..<end], [])) }
        items.append(.element(Element("li", itemAttributes, content)))
        index = end
      }
      return .element(Element(list, listAttributes, items))
    }
    return build(entries[...], attributes)
  }

  /// An entry's title: a link to its page, or for a draft the title alone; after its number
  /// when `showsNumber` (the menu; the index's list numbers its items).
  static func entryContent(_ entry: NavigationEntry, showsNumber: Bool = true) -> [Node] {
    var label: [Node] = [.text(entry.title)]
    if showsNumber, let number = entry.number {
      label.insert(
        .element(Element("span", [Attribute("class", "number")], text: "\(number)")), at: 0)
    }
    switch entry.kind {
    case .separator: return []
    case .draft:
      return [.element(Element("span", [Attribute("class", "draft")], label))]
    case .page:
      return [.element(Element("a", [Attribute("href", entry.href)], label))]
    }
  }

  struct Page {
    var href: String
    var title: String
    var description: String?
    var lang: String
    /// The article HTML.
    var article: String
    /// HTML before the article's own, on its own line (a lesson's title and number line):
    /// kept apart so that a long article is not copied to be joined.
    var lead: String? = nil
    /// Headings for the "On this page" outline (h2 and h3).
    var outline: [Heading]
    var previous: NavigationEntry?
    var next: NavigationEntry?
    /// CSS of the page's own (which frames of explorable figures are shown).
    var style: String? = nil
  }

  func render(_ page: Page) -> String {
    let fullTitle = page.title == bookTitle ? bookTitle : "\(page.title) · \(bookTitle)"
    var head: [Node] = [
      .element(Element("meta", [Attribute("charset", "utf-8")])),
      .element(
        Element(
          "meta",
          [
            Attribute("name", "viewport"),
            Attribute("content", "width=device-width, initial-scale=1"),
          ])),
      .element(
        Element("meta", [Attribute("name", "color-scheme"), Attribute("content", "light dark")])),
      .element(Element("title", text: fullTitle)),
    ]
    if let description = page.description {
      head.append(
        .element(
          Element("meta", [Attribute("name", "description"), Attribute("content", description)])))
    }
    head.append(
      .element(Element("link", [Attribute("rel", "stylesheet"), Attribute("href", "style.css")])))
    if let previous = page.previous {
      head.append(
        .element(Element("link", [Attribute("rel", "prev"), Attribute("href", previous.href)])))
    }
    if let next = page.next {
      head.append(
        .element(Element("link", [Attribute("rel", "next"), Attribute("href", next.href)])))
    }
    if let style = page.style {
      head.append(.element(Element("style", [], [.raw(style)])))
    }
    head.append(.element(Element("script", [Attribute("src", "lessons.js"), "defer"])))

    let article: [Node] =
      [.raw("\n")] + (page.lead.map { [.raw($0 + "\n")] } ?? []) + [
        .raw(page.article), .raw("\n"),
      ]
    var main: [Node] = [.element(Element("article", [], article))]
    if page.previous != nil || page.next != nil {
      main.append(.element(pager(page)))
    }
    var layout: [Node] = [
      .element(
        Element(
          "nav",
          [Attribute("class", "toc"), Attribute("id", "toc"), Attribute("aria-label", "Lessons")],
          [.raw(toc.html(current: page.href))])),
      .element(
        Element("main", [Attribute("id", "content"), Attribute("tabindex", "-1")], main)),
    ]
    let outline = page.outline.filter { $0.level == 2 || $0.level == 3 }
    if outline.count >= 3 { layout.append(.element(self.outline(outline))) }

    let body: [Node] = [
      .element(
        Element(
          "a", [Attribute("class", "skip-link"), Attribute("href", "#" + "content")],
          text: "Skip to content")),
      .element(header()),
      .element(Element("div", [Attribute("class", "layout")], layout)),
    ]
    let html = Element(
      "html", [Attribute("lang", page.lang)],
      [.element(Element("head", [], head)), .element(Element("body", [], body))])
    var out = "<!DOCTYPE html>\n"
    out.reserveCapacity(
      page.article.utf8.count + (page.lead?.utf8.count ?? 0) + toc.html.utf8.count + 8192)
    html.render(into: &out, syntax: .html)
    out += "\n"
    return out
  }

  /// The header: on a phone it starts with the menu, a link to the table of contents
  /// (`#toc`, which then opens over the page; lessons.js makes it a toggle button).
  private func header() -> Element {
    Element(
      "header", [Attribute("class", "site-header")],
      [
        .element(
          Element(
            "a",
            [
              Attribute("class", "menu-button"), Attribute("href", "#toc"),
              Attribute("aria-controls", "toc"),
            ],
            [
              .element(Element("span", [Attribute("aria-hidden", "true")], text: "☰")),
              .text(" Lessons"),
            ])),
        .element(
          Element(
            "a", [Attribute("class", "book-title"), Attribute("href", "index.html")],
            text: bookTitle)),
        .element(
          Element(
            "div", [Attribute("class", "search"), Attribute("role", "search")],
            [
              .element(
                Element(
                  "input",
                  [
                    Attribute("type", "search"), Attribute("id", "lessons-search"),
                    Attribute("placeholder", "Search lessons"),
                    Attribute("aria-label", "Search lessons"), Attribute("autocomplete", "off"),
                    "hidden",
                  ])),
              .element(
                Element(
                  "ol",
                  [
                    Attribute("id", "lessons-search-results"), Attribute("class", "search-results"),
                    "hidden",
                  ])),
            ])),
      ])
  }

  private func pager(_ page: Page) -> Element {
    var links: [Node] = []
    if let previous = page.previous {
      links.append(
        .element(
          Element(
            "a", [Attribute("rel", "prev"), Attribute("href", previous.href)],
            [
              .element(
                Element(
                  "span", [Attribute("class", "direction")],
                  text: "← Previous" + (previous.number.map { " · lesson \($0)" } ?? ""))),
              .element(Element("span", [Attribute("class", "title")], text: previous.title)),
            ])))
    }
    if let next = page.next {
      links.append(
        .element(
          Element(
            "a", [Attribute("rel", "next"), Attribute("href", next.href)],
            [
              .element(
                Element(
                  "span", [Attribute("class", "direction")],
                  text: "Next" + (next.number.map { " · lesson \($0)" } ?? "") + " →")),
              .element(Element("span", [Attribute("class", "title")], text: next.title)),
            ])))
    }
    return Element(
      "nav", [Attribute("class", "pager"), Attribute("aria-label", "Previous and next lesson")],
      links)
  }

  private func outline(_ headings: [Heading]) -> Element {
    let items = headings.map { heading -> Node in
      .element(
        Element(
          "li", [Attribute("class", "level-\(heading.level)")],
          [.element(Element("a", [Attribute("href", "#" + heading.id)], [.raw(heading.html)]))]))
    }
    return Element(
      "nav", [Attribute("class", "outline"), Attribute("aria-label", "On this page")],
      [
        .element(Element("p", [Attribute("class", "outline-title")], text: "On this page")),
        .element(Element("ol", [], items)),
      ])
  }
}

/// The table of contents, rendered once, and where in it each page's link is: the page being
/// read gets `aria-current="page"` on its link, just after the `href`.
private struct TableOfContents {
  let html: String
  /// For each link's escaped `href`, the index just after the attribute (its first link).
  let marks: [String: String.Index]

  init(parts: [PageTemplate.NavigationPart], referencePages: [(href: String, title: String)]) {
    // Shown only while the table of contents is open as the phone menu.
    var nodes: [Node] = [
      .element(
        Element(
          "a", [Attribute("class", "menu-close"), Attribute("href", "#content")], text: "Close ✕"))
    ]
    for part in parts {
      if let title = part.title {
        nodes.append(.element(Element("p", [Attribute("class", "part")], text: title)))
      }
      nodes.append(
        PageTemplate.nestedList(part.entries) { ([], PageTemplate.entryContent($0)) })
    }
    // The book's generated reference pages.
    nodes.append(.element(Element("p", [Attribute("class", "part")], text: "Reference")))
    let reference = referencePages.map { page -> Node in
      .element(
        Element(
          "li", [], [.element(Element("a", [Attribute("href", page.href)], text: page.title))]))
    }
    nodes.append(.element(Element("ul", [], reference)))
    var html = ""
    for node in nodes { node.render(into: &html, syntax: .html) }
    self.html = html

    // Text is escaped, so `<a href="` is only ever a link's start tag.
    var marks: [String: String.Index] = [:]
    var searchStart = html.startIndex
    let start = "<a href=\""
    while let tag = html[searchStart...].range(of: start) {
      guard let close = html[tag.upperBound...].firstIndex(of: "\"") else { break }
      let after = html.index(after: close)
      let href = String(html[tag.upperBound..<close])
      if marks[href] == nil { marks[href] = after }
      searchStart = after
    }
    self.marks = marks
  }

  /// The table of contents on the page at `current`.
  func html(current: String) -> String {
    guard let mark = marks[Escape.attribute(current)] else { return html }
    var page = ""
    page.reserveCapacity(html.utf8.count + 21)
    page += html[..<mark]
    page += " aria-current=\"page\""
    page += html[mark...]
    return page
  }
}
