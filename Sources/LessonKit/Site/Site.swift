import LessonMarkdown
import LessonMarkup
import LessonPlot

/// Every file of the built book: pages, index, directive reference, data, style, script.
struct Site {
  var book: Book
  var lessons: [RenderedLesson]
  var registry: DirectiveRegistry
  /// The chart gallery's article (`galleryArticle()`), when the build has it from its cache.
  var gallery: String? = nil

  /// The page styles, then the charts' (LessonPlot's classes and colour variables).
  static let stylesheet =
    String(decoding: PackageResources.style_css, as: UTF8.self)
    + "\n/* Charts, from LessonPlot */\n" + PlotStyle.css
  static let script = String(decoding: PackageResources.lessons_js, as: UTF8.self)

  private var template: PageTemplate {
    var index = 0
    let parts = book.parts.map { part -> PageTemplate.NavigationPart in
      let entries = part.lessons.map { _ -> PageTemplate.NavigationEntry in
        defer { index += 1 }
        return PageTemplate.NavigationEntry(
          href: lessons[index].file.slug + ".html", title: lessons[index].title)
      }
      return PageTemplate.NavigationPart(title: part.title, entries: entries)
    }
    return PageTemplate(bookTitle: book.title, parts: parts)
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
    var index = 0
    for part in book.parts {
      if let title = part.title { nodes.append(.element(Element("h2", text: title))) }
      // Numbers run on across parts, so each lesson has one number in the book.
      let start = index + 1
      var items: [Node] = []
      for _ in part.lessons {
        let lesson = lessons[index]
        index += 1
        var children: [Node] = [
          .element(
            Element("a", [Attribute("href", lesson.file.slug + ".html")], text: lesson.title))
        ]
        if let summary = lesson.summaryHTML {
          children.append(.element(Element("p", [Attribute("class", "summary")], [.raw(summary)])))
        }
        items.append(.element(Element("li", [], children)))
      }
      nodes.append(
        .element(
          Element(
            "ol", [Attribute("class", "lesson-list"), Attribute("start", String(start))], items)))
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
  /// documentation, independent of the lessons (so a build keeps it in its cache).
  static func galleryArticle() -> String {
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
    return nodes.map { $0.render() }.joined(separator: "\n")
  }

  private func galleryPage(_ template: PageTemplate) -> String {
    let page = PageTemplate.Page(
      href: "gallery.html", title: "Chart gallery",
      description: "Every kind of chart the lessons draw.",
      lang: "en", article: gallery ?? Self.galleryArticle(), outline: [], previous: nil,
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
