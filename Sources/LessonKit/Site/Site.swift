import LessonMarkdown
import LessonMarkup
import LessonPlot

/// Every file of the built book: each lesson's page (`page(_:at:)`, made as soon as the
/// lesson is rendered), then the index, search index, directive reference, gallery, notation
/// and bibliography pages, style and script (`files()`, from every lesson's content).
struct Site {
  var book: Book
  /// Every lesson's title, by file name (`BookContext.titles`): the navigation's, known
  /// before any page is rendered.
  var titles: [String: String]
  /// The rendered lessons, in reading order, for the pages about the whole book (their
  /// articles and data files are not needed: pages are made before).
  var lessons: [RenderedLesson] = []
  var registry: DirectiveRegistry
  /// The chart gallery's article (`galleryArticle(jobs:)`, often from the build's cache),
  /// made while the lessons are.
  var gallery: Deferred<String>
  /// The page around every article, with the book's navigation.
  private(set) var template = PageTemplate(bookTitle: "", parts: [], referencePages: [])

  init(
    book: Book, titles: [String: String], registry: DirectiveRegistry, gallery: Deferred<String>
  ) {
    self.book = book
    self.titles = titles
    self.registry = registry
    self.gallery = gallery
    template = makeTemplate()
  }

  /// The page styles, then the charts' (LessonPlot's classes and colour variables).
  static let stylesheet =
    String(decoding: PackageResources.style_css, as: UTF8.self)
    + "\n/* Charts, from LessonPlot */\n" + PlotStyle.css
  static let script = String(decoding: PackageResources.lessons_js, as: UTF8.self)

  private func makeTemplate() -> PageTemplate {
    var referencePages = [("directives.html", "Directives"), ("gallery.html", "Chart gallery")]
    if !book.glossary.entries.isEmpty {
      referencePages.append((LessonRenderer.glossaryPage, "Notation"))
    }
    if !book.bibliography.entries.isEmpty {
      referencePages.append((Self.bibliographyPage, "Bibliography"))
    }
    return PageTemplate(bookTitle: book.title, parts: navigation, referencePages: referencePages)
  }

  /// Each part's table of contents: SUMMARY.md's chapters (nested, drafts, separators), or
  /// its lessons in order, with the book's numbers; lessons are titled as their pages are.
  private var navigation: [PageTemplate.NavigationPart] {
    return zip(book.parts, book.numberedChapters).map { part, chapters in
      var entries: [PageTemplate.NavigationEntry] = []
      for (chapter, number) in chapters {
        switch chapter.kind {
        case .lesson(let file):
          guard let title = titles[file.fileName] else { continue }
          entries.append(
            PageTemplate.NavigationEntry(
              href: file.slug + ".html", title: title, depth: chapter.depth, number: number))
        case .draft:
          entries.append(
            PageTemplate.NavigationEntry(
              href: "", title: chapter.title, depth: chapter.depth, kind: .draft, number: number))
        case .separator:
          entries.append(PageTemplate.NavigationEntry(href: "", title: "", kind: .separator))
        }
      }
      return PageTemplate.NavigationPart(title: part.title, entries: entries)
    }
  }

  /// The navigation entry of the lesson at `index` in reading order, with its number.
  private func entry(_ index: Int) -> PageTemplate.NavigationEntry {
    let file = book.lessons[index]
    return PageTemplate.NavigationEntry(
      href: file.slug + ".html", title: titles[file.fileName] ?? file.slug,
      number: book.number(of: file))
  }

  /// The line under a lesson's title: "Lesson 3 · Course section 2.5".
  private func numberLine(_ lesson: RenderedLesson) -> Element? {
    var parts: [String] = []
    if let number = book.number(of: lesson.file) {
      parts.append("Lesson \(number)")
    }
    if let course = book.courseSection(of: lesson.file) {
      parts.append((course.contains("–") ? "course sections " : "course section ") + course)
    }
    guard !parts.isEmpty else { return nil }
    let line = parts.joined(separator: " · ")
    return Element(
      "p", [Attribute("class", "lesson-number")],
      text: line.prefix(1).uppercased() + line.dropFirst())
  }

  /// The files about the whole book (not the lessons' pages and data), sorted by path, made
  /// on up to `jobs` threads. The gallery's page comes last, on the calling thread: its
  /// article may still be in the making, and a thread of the pool waiting for it would be
  /// one fewer for the charts.
  func files(jobs: Int = 1) -> [OutputFile] {
    var makers: [(path: String, make: @Sendable (Site) -> String)] = [
      ("style.css", { _ in Self.stylesheet }),
      ("lessons.js", { _ in Self.script }),
      ("search-index.js", { SearchIndex(lessons: $0.lessons).script }),
      ("index.html", { $0.indexPage($0.template) }),
      ("directives.html", { $0.directivesPage($0.template) }),
    ]
    if !book.glossary.entries.isEmpty {
      makers.append((LessonRenderer.glossaryPage, { $0.glossaryPage($0.template) }))
    }
    if !book.bibliography.entries.isEmpty {
      makers.append((Self.bibliographyPage, { $0.bibliographyPage($0.template) }))
    }
    let site = self
    let pages = parallelMap(makers, jobs: jobs) { OutputFile(path: $0.path, text: $0.make(site)) }
    let gallery = OutputFile(path: "gallery.html", text: galleryPage(template))
    return (pages + [gallery]).sorted { $0.path < $1.path }
  }

  /// The page of the lesson at `index` in reading order.
  func page(_ lesson: RenderedLesson, at index: Int) -> OutputFile {
    var top: [String] = []
    if let heading = lesson.titleHeading {
      top.append(heading)
    } else if !lesson.hasTitleHeading {
      top.append(Element("h1", text: lesson.title).render())
    }
    if let line = numberLine(lesson) { top.append(line.render()) }
    let page = PageTemplate.Page(
      href: lesson.file.slug + ".html", title: lesson.title, description: lesson.summary,
      lang: lesson.lang, article: lesson.article,
      lead: top.isEmpty ? nil : top.joined(separator: "\n"),
      outline: lesson.headings,
      previous: index > 0
        ? entry(index - 1) : PageTemplate.NavigationEntry(href: "index.html", title: book.title),
      next: index + 1 < book.lessons.count ? entry(index + 1) : nil, style: lesson.style)
    return OutputFile(path: page.href, text: template.render(page))
  }

  private func indexPage(_ template: PageTemplate) -> String {
    var nodes: [Node] = [.element(Element("h1", text: book.title))]
    let summaries = Dictionary(
      lessons.map { ($0.file.slug + ".html", $0.summaryHTML) }, uniquingKeysWith: { a, _ in a })
    let courses = Dictionary(
      lessons.map { ($0.file.slug + ".html", book.courseSection(of: $0.file)) },
      uniquingKeysWith: { a, _ in a })
    // The book's numbers (`Book.numberedChapters`): prefix and suffix chapters (the
    // introduction, the quizzes) and sub-chapters have none, as in mdBook.
    for part in navigation {
      if let title = part.title { nodes.append(.element(Element("h2", text: title))) }
      let list = PageTemplate.nestedList(
        part.entries, attributes: [Attribute("class", "lesson-list")]
      ) { entry in
        var attributes: [Attribute] = []
        if let number = entry.number {
          attributes.append(Attribute("value", String(number)))
        } else if entry.depth == 0, entry.kind != .separator {
          attributes.append(Attribute("class", "unnumbered"))
        }
        var content = PageTemplate.entryContent(entry, showsNumber: false)
        if entry.kind == .page, let course = courses[entry.href] ?? nil {
          content.append(
            .element(Element("span", [Attribute("class", "course")], text: "course " + course)))
        }
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
      next: book.lessons.isEmpty ? nil : entry(0))
    return template.render(page)
  }

  /// Every kind of chart LessonPlot draws, on small sample data: the chart library's own
  /// documentation, independent of the lessons (so a build keeps it in its cache). Its
  /// charts are made on up to `jobs` threads.
  static func galleryArticle(jobs: Int) -> String {
    let introduction: [Node] = [
      .element(Element("h1", text: "Chart gallery")),
      .element(
        Element(
          "p",
          text:
            "Every kind of chart the lessons can draw, on small sample data. Figures are SVG drawn when the book is built; they follow the page's light or dark theme and keep their size, so their text stays readable: on a narrow screen a chart scrolls sideways in its box."
        )),
    ]
    let figures = parallelMap(Array(PlotGallery.makers.enumerated()), jobs: jobs) {
      index, make -> String in
      let entry = make()
      return Element(
        "figure", [Attribute("id", "gallery-" + entry.name), Attribute("class", "figure")],
        [
          LessonRenderer.chartBox(
            entry.figure.svg(
              id: LessonRenderer.chartID("gallery-" + entry.name), title: entry.title,
              description: entry.description)),
          .element(
            Element(
              "figcaption", [],
              [
                .element(
                  Element("span", [Attribute("class", "number")], text: "Figure \(index + 1).")),
                .text(" \(entry.title). \(entry.description)"),
              ])),
        ]
      ).render()
    }
    return (introduction.map { $0.render() } + figures).joined(separator: "\n")
  }

  private func galleryPage(_ template: PageTemplate) -> String {
    let page = PageTemplate.Page(
      href: "gallery.html", title: "Chart gallery",
      description: "Every kind of chart the lessons draw.",
      lang: "en", article: gallery.value, outline: [], previous: nil,
      next: nil)
    return template.render(page)
  }

  static let bibliographyPage = "bibliography.html"

  /// The notation page: every symbol of `glossary.yml`, its meaning and where it is introduced.
  private func glossaryPage(_ template: PageTemplate) -> String {
    var problems: [Diagnostic] = []
    let titles = Dictionary(
      lessons.map { ($0.file.fileName, ($0.file.slug + ".html", $0.title)) },
      uniquingKeysWith: { a, _ in a })
    let rows = book.glossary.entries.map { entry -> Node in
      let math = Math(tex: entry.forms[0], display: false, lineStarts: [entry.location])
      let symbol = MathRenderer.render(math, path: Glossary.fileName, diagnostics: &problems)
      let (inlines, _) = InlineMarkdown.parse(
        entry.meaning, path: Glossary.fileName, at: entry.meaningLocation)
      var renderer = LessonRenderer(
        path: Glossary.fileName, slug: "glossary", lessonFiles: [], results: [:])
      let meaning = renderer.render(inlines)
      let lesson: Node =
        entry.lesson.flatMap { titles[$0] }.map {
          .element(Element("a", [Attribute("href", $0.0)], text: $0.1))
        } ?? .text("")
      return .element(
        Element(
          "tr", [Attribute("id", entry.id)],
          [
            .element(Element("td", [Attribute("class", "symbol")], [symbol])),
            .element(Element("td", [], meaning)),
            .element(Element("td", [], [lesson])),
          ]))
    }
    let header = ["Symbol", "Meaning", "Introduced in"].map {
      Node.element(Element("th", [Attribute("scope", "col")], text: $0))
    }
    let nodes: [Node] = [
      .element(Element("h1", text: "Notation")),
      .element(
        Element(
          "p",
          text:
            "Every symbol the lessons use, what it means and the lesson that introduces it. A symbol's first use in a lesson links here."
        )),
      .element(
        Element(
          "div", [Attribute("class", "table-scroll")],
          [
            .element(
              Element(
                "table", [Attribute("class", "glossary")],
                [
                  .element(Element("thead", [], [.element(Element("tr", [], header))])),
                  .element(Element("tbody", [], rows)),
                ]))
          ])),
    ]
    let page = PageTemplate.Page(
      href: LessonRenderer.glossaryPage, title: "Notation",
      description: "Every symbol the lessons use, with its meaning.", lang: "en",
      article: nodes.map { $0.render() }.joined(separator: "\n"), outline: [], previous: nil,
      next: nil)
    return template.render(page)
  }

  /// Every entry of `references.bib`, by first author and year, with the lessons citing it.
  private func bibliographyPage(_ template: PageTemplate) -> String {
    let entries = book.bibliography.entries.sorted { $0.sortKey < $1.sortKey }
    let items = entries.map { entry -> Node in
      let citing = lessons.filter { $0.citations.contains(entry.key) }
      var children = entry.nodes
      if !citing.isEmpty {
        children.append(.text(" Cited in "))
        for (index, lesson) in citing.enumerated() {
          if index > 0 { children.append(.text(index == citing.count - 1 ? " and " : ", ")) }
          children.append(
            .element(
              Element(
                "a",
                [
                  Attribute(
                    "href", lesson.file.slug + ".html#" + LessonRenderer.referenceID(entry.key))
                ], text: lesson.title)))
        }
        children.append(.text("."))
      }
      return .element(
        Element("li", [Attribute("id", LessonRenderer.referenceID(entry.key))], children))
    }
    let nodes: [Node] = [
      .element(Element("h1", text: "Bibliography")),
      .element(
        Element(
          "p",
          text:
            "The papers and lectures the lessons rely on, from the book's \(Bibliography.fileName), with the lessons that cite each."
        )),
      .element(Element("ul", [Attribute("class", "bibliography")], items)),
    ]
    let page = PageTemplate.Page(
      href: Self.bibliographyPage, title: "Bibliography",
      description: "The papers and lectures the lessons rely on.", lang: "en",
      article: nodes.map { $0.render() }.joined(separator: "\n"), outline: [], previous: nil,
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
