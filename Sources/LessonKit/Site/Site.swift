import LessonMarkdown
import LessonMarkup
import LessonPlot

/// Every file of the built book: pages, index, directive reference, data, style, script.
struct Site {
  var book: Book
  var lessons: [RenderedLesson]
  var registry: DirectiveRegistry

  /// The page styles, then the charts' (LessonPlot's classes and colour variables).
  static let stylesheet =
    String(decoding: PackageResources.style_css, as: UTF8.self)
    + "\n/* Charts, from LessonPlot */\n" + PlotStyle.css
  static let script = String(decoding: PackageResources.lessons_js, as: UTF8.self)

  private var template: PageTemplate {
    PageTemplate(
      bookTitle: book.title,
      parts: navigation.map { PageTemplate.NavigationPart(title: $0.title, entries: $0.entries) })
  }

  /// Each part's table of contents: SUMMARY.md's chapters (nested, drafts, separators), or
  /// its lessons in order; lessons are titled as their pages are.
  private var navigation:
    [(title: String?, entries: [PageTemplate.NavigationEntry], numbered: [Bool])]
  {
    let pages = Dictionary(
      lessons.map { ($0.file.fileName, $0) }, uniquingKeysWith: { a, _ in a })
    return book.parts.map { part in
      let chapters =
        part.contents.isEmpty
        ? part.lessons.map {
          Book.Chapter(kind: .lesson($0), title: "", depth: 0, isNumbered: true)
        }
        : part.contents
      var entries: [PageTemplate.NavigationEntry] = []
      var numbered: [Bool] = []
      for chapter in chapters {
        let entry: PageTemplate.NavigationEntry
        switch chapter.kind {
        case .lesson(let file):
          guard let lesson = pages[file.fileName] else { continue }
          entry = PageTemplate.NavigationEntry(
            href: lesson.file.slug + ".html", title: lesson.title, depth: chapter.depth)
        case .draft:
          entry = PageTemplate.NavigationEntry(
            href: "", title: chapter.title, depth: chapter.depth, kind: .draft)
        case .separator:
          entry = PageTemplate.NavigationEntry(href: "", title: "", kind: .separator)
        }
        entries.append(entry)
        numbered.append(chapter.isNumbered && chapter.depth == 0 && chapter.kind != .separator)
      }
      return (part.title, entries, numbered)
    }
  }

  /// The files, sorted by path.
  func files() -> [OutputFile] {
    let template = self.template
    var files: [OutputFile] = [
      OutputFile(path: "style.css", text: Self.stylesheet),
      OutputFile(path: "lessons.js", text: Self.script),
      OutputFile(path: "search-index.js", text: SearchIndex(lessons: lessons).script),
      OutputFile(path: "index.html", text: indexPage(template)),
      OutputFile(path: "directives.html", text: directivesPage(template)),
      OutputFile(path: "gallery.html", text: galleryPage(template)),
    ]
    for (index, lesson) in lessons.enumerated() {
      let entry = { (i: Int) in
        PageTemplate.NavigationEntry(href: lessons[i].file.slug + ".html", title: lessons[i].title)
      }
      var article = lesson.article
      if !lesson.hasTitleHeading {
        article = Element("h1", text: lesson.title).render() + "\n" + article
      }
      let page = PageTemplate.Page(
        href: lesson.file.slug + ".html", title: lesson.title, description: lesson.summary,
        lang: lesson.lang, article: article, outline: lesson.headings,
        previous: index > 0
          ? entry(index - 1) : PageTemplate.NavigationEntry(href: "index.html", title: book.title),
        next: index + 1 < lessons.count ? entry(index + 1) : nil, style: lesson.style)
      files.append(OutputFile(path: page.href, text: template.render(page)))
      files += lesson.dataFiles
    }
    // Two lessons may show the same image: write it once.
    var seen: Set<String> = []
    return files.filter { seen.insert($0.path).inserted }.sorted { $0.path < $1.path }
  }

  private func indexPage(_ template: PageTemplate) -> String {
    var nodes: [Node] = [.element(Element("h1", text: book.title))]
    let summaries = Dictionary(
      lessons.map { ($0.file.slug + ".html", $0.summaryHTML) }, uniquingKeysWith: { a, _ in a })
    // Numbers run on across parts, so each chapter has one number in the book; prefix and
    // suffix chapters and sub-chapters have none, as in mdBook.
    var number = 0
    for part in navigation {
      if let title = part.title { nodes.append(.element(Element("h2", text: title))) }
      var values: [Int?] = []
      for numbered in part.numbered {
        if numbered { number += 1 }
        values.append(numbered ? number : nil)
      }
      var position = 0
      let list = PageTemplate.nestedList(
        part.entries, attributes: [Attribute("class", "lesson-list")]
      ) { entry in
        defer { position += 1 }
        var attributes: [Attribute] = []
        // `nestedList` asks for the entries in order.
        if let value = values[position] {
          attributes.append(Attribute("value", String(value)))
        } else if entry.depth == 0, entry.kind != .separator {
          attributes.append(Attribute("class", "unnumbered"))
        }
        var content = PageTemplate.entryContent(entry)
        if entry.kind == .page, let summary = summaries[entry.href] ?? nil {
          content.append(.element(Element("p", [Attribute("class", "summary")], [.raw(summary)])))
        }
        return (attributes, content)
      }
      nodes.append(list)
    }
    nodes.append(
      .element(
        Element(
          "p", [Attribute("class", "colophon")],
          [
            .text(
              "Every figure, table and number in these pages is computed from the lessons' directives when the book is built; see the "
            ),
            .element(
              Element("a", [Attribute("href", "directives.html")], text: "directive reference")),
            .text(" and the "),
            .element(Element("a", [Attribute("href", "gallery.html")], text: "chart gallery")),
            .text("."),
          ])))
    let page = PageTemplate.Page(
      href: "index.html", title: book.title, description: nil, lang: lessons.first?.lang ?? "en",
      article: nodes.map { $0.render() }.joined(separator: "\n"), outline: [], previous: nil,
      next: lessons.first.map {
        PageTemplate.NavigationEntry(href: $0.file.slug + ".html", title: $0.title)
      })
    return template.render(page)
  }

  /// Every kind of chart LessonPlot draws, on small sample data: the chart library's own
  /// documentation, independent of the lessons.
  private func galleryPage(_ template: PageTemplate) -> String {
    var nodes: [Node] = [
      .element(Element("h1", text: "Chart gallery")),
      .element(
        Element(
          "p",
          text:
            "Every kind of chart the lessons can draw, on small sample data. Figures are SVG drawn when the book is built; they follow the page's light or dark theme and scale to narrow screens."
        )),
    ]
    for (index, entry) in PlotGallery.entries.enumerated() {
      nodes.append(
        .element(
          Element(
            "figure", [Attribute("id", "gallery-" + entry.name), Attribute("class", "figure")],
            [
              .raw(
                entry.figure.svg(
                  id: LessonRenderer.svgID("gallery-" + entry.name), title: entry.title,
                  description: entry.description)),
              .element(
                Element(
                  "figcaption", [],
                  [
                    .element(
                      Element("span", [Attribute("class", "number")], text: "Figure \(index + 1).")),
                    .text(" \(entry.title). \(entry.description)"),
                  ])),
            ])))
    }
    let page = PageTemplate.Page(
      href: "gallery.html", title: "Chart gallery",
      description: "Every kind of chart the lessons draw.",
      lang: "en", article: nodes.map { $0.render() }.joined(separator: "\n"), outline: [],
      previous: nil,
      next: nil)
    return template.render(page)
  }

  private func directivesPage(_ template: PageTemplate) -> String {
    let reference = DirectiveReference(registry: registry)
    let page = PageTemplate.Page(
      href: "directives.html", title: "Directive reference",
      description: "Every directive, its options and the values it publishes.",
      lang: "en", article: reference.html(), outline: [], previous: nil, next: nil)
    return template.render(page)
  }
}
