import Dispatch
import Foundation
import LessonMarkdown
import LessonMarkup

/// A lesson's article, ready to be put into the page template: its content (what the page
/// and the site's index, search and reference pages need, kept in the build cache between
/// builds), and, when it was rendered by this build, its directives' results.
@dynamicMemberLookup
struct RenderedLesson: Sendable {
  var file: LessonFile
  var content: LessonContent
  /// Empty when the content came from the cache.
  var results: [DirectiveResult]
  /// Time spent on the lesson: parse, its directives, render (0 from the cache).
  var nanoseconds: UInt64
  /// Whether `content` came from the build cache.
  var fromCache = false

  subscript<T>(dynamicMember path: WritableKeyPath<LessonContent, T>) -> T {
    get { content[keyPath: path] }
    set { content[keyPath: path] = newValue }
  }

  /// A lesson whose content comes from the cache.
  init(file: LessonFile, cached content: LessonContent) {
    self.file = file
    self.content = content
    results = []
    nanoseconds = 0
    fromCache = true
  }
}

/// What a lesson's page and the site around it need from the lesson: a pure function of its
/// source, the build's code and what it reads from the rest of the book.
struct LessonContent: Sendable, Codable {
  var title: String
  var summary: String?
  /// The summary as HTML (smart punctuation, `$…$` formulas), for the index.
  var summaryHTML: String?
  var lang: String
  /// The article's HTML (without the page around it), after its title heading.
  var article: String
  /// Whether the lesson has its own `# Title` heading (its first heading).
  var hasTitleHeading: Bool
  /// That heading as HTML, kept out of `article`, when it is the lesson's first block.
  var titleHeading: String?
  var headings: [Heading]
  /// The text of each section, for the search index.
  var sections: [SearchSection]
  /// CSV files of the figures and tables, relative to the output folder.
  var dataFiles: [OutputFile]
  /// Images next to the lesson that it shows, with where; read and copied on every build
  /// (`RenderedLesson.copyImages()`), so an edited image is never stale.
  var images: [ImageReference]
  /// CSS for the page head: which frame of each explorable block is shown (nil: none).
  var style: String?
  var diagnostics: [Diagnostic]
  /// The references the lesson cites, in citation order.
  var citations: [String] = []
  var directiveCount: Int
  var figureCount: Int
  /// Runs of explored blocks, one per frame (0 when the lesson explores nothing).
  var frameCount: Int

  struct ImageReference: Sendable, Codable {
    var path: String
    var location: SourceLocation
  }
}

extension RenderedLesson {
  /// The lesson's first heading, when it is a `# Title`.
  static func titleHeading(of document: LessonDocument) -> [Inline]? {
    let first = document.blocks.first {
      if case .heading = $0 { return true } else { return false }
    }
    guard case .heading(1, let content, _) = first else { return nil }
    return content
  }

  /// The lesson's title, as its page, the table of contents and `{doc}` show it: the front
  /// matter's, else its `# Title`; a page that starts at `##` is titled by its SUMMARY.md
  /// link, as in mdBook, else by its file name.
  static func title(of document: LessonDocument?, file: LessonFile) -> String {
    document?.frontMatter.title ?? document.flatMap(titleHeading)?.plainText ?? file.summaryTitle
      ?? file.slug
  }

  /// `equations`: every lesson's numbered equations, by file name (`Equations`).
  init(
    _ parsed: ParsedLesson, outcomes: [TimedOutcome], lessonFiles: Set<String>,
    equations: [String: Equations] = [:], targets: Targets = Targets(),
    titles: [String: String] = [:], bibliography: Bibliography = Bibliography(),
    glossary: Glossary = Glossary(), memo: RenderMemo? = nil
  ) {
    let clock = DispatchTime.now()
    file = parsed.file
    content = LessonContent(
      title: "", lang: "en", article: "", hasTitleHeading: false, headings: [], sections: [],
      dataFiles: [], images: [], diagnostics: parsed.diagnostics, directiveCount: 0,
      figureCount: 0, frameCount: 0)
    nanoseconds = 0
    results = zip(parsed.invocations, outcomes).map {
      DirectiveResult(
        invocation: $0, outcome: $1.outcome,
        frames: $1.frames.compactMap { if case .success(let output) = $0 { output } else { nil } },
        keys: $1.keys)
    }
    for result in results {
      if case .failure(let diagnostic) = result.outcome { content.diagnostics.append(diagnostic) }
    }
    content.directiveCount = results.count
    content.frameCount = results.map { $0.explored?.1.count ?? 0 }.reduce(0, +)
    content.summary = parsed.document?.frontMatter.summary
    content.lang = parsed.document?.frontMatter.lang ?? "en"

    guard let document = parsed.document else {
      content.title = Self.title(of: nil, file: file)
      content.hasTitleHeading = false
      let message = parsed.diagnostics.first?.message ?? "the lesson could not be read"
      content.article = Element(
        "div", [Attribute("class", "directive-error"), Attribute("role", "note")],
        [.element(Element("p", text: "This lesson could not be read: \(message)."))]
      ).render()
      nanoseconds = parsed.nanoseconds
      return
    }

    var renderer = LessonRenderer(
      path: file.displayPath, slug: file.slug, lessonFiles: lessonFiles,
      results: Dictionary(
        results.map { ($0.invocation.block.location, $0) }, uniquingKeysWith: { a, _ in a }),
      expectations: parsed.expectations, practice: parsed.practice, fileName: file.fileName,
      equations: equations, figures: parsed.figureIDs, targets: targets, titles: titles)
    content.diagnostics += equations[file.fileName]?.diagnostics ?? []
    content.diagnostics += targets.diagnostics[file.fileName] ?? []
    renderer.collectFootnotes(document.blocks)
    renderer.quotedValues = LessonRenderer.quotedValues(in: document.blocks)
    // The title heading apart, so the page can put the lesson's number under it.
    var body = document.blocks[...]
    // Target lines `(label)=` before the title name it.
    let targetLines = body.prefix { if case .target = $0 { true } else { false } }.count
    if case .heading(1, _, _) = body.dropFirst(targetLines).first {
      content.titleHeading = renderer.render(Array(body.prefix(targetLines + 1))).map {
        $0.render()
      }
      .joined()
      body = body.dropFirst(targetLines + 1)
    }
    renderer.bibliography = bibliography
    renderer.glossary = glossary
    renderer.memo = memo
    content.article =
      (renderer.render(Array(body)) + renderer.renderFootnotes()
      + renderer.renderReferences())
      .map { $0.render() }.joined(separator: "\n")
    content.citations = renderer.citations
    if let summary = content.summary {
      // The front matter keeps no locations; the summary is on its `summary:` line.
      var location = SourceLocation(line: 1, column: 1)
      if let index = document.source.lines.prefix(200).firstIndex(where: {
        $0.hasPrefix("summary:")
      }) {
        let value = document.source.lines[index].dropFirst("summary:".count)
        let spaces = value.prefix { $0 == " " || $0 == "\t" }.count
        location = SourceLocation(line: index + 1, column: "summary:".count + spaces + 1)
      }
      let (inlines, problems) = InlineMarkdown.parse(summary, path: file.displayPath, at: location)
      content.diagnostics += problems
      content.summaryHTML = renderer.render(inlines, at: location).map { $0.render() }.joined()
    }
    content.diagnostics += renderer.diagnostics
    content.headings = renderer.headings
    if !renderer.exploreRules.isEmpty {
      content.style = "@media screen{\n" + renderer.exploreRules.joined(separator: "\n") + "\n}"
    }
    content.images = renderer.images.map {
      LessonContent.ImageReference(path: $0.path, location: $0.location)
    }
    content.hasTitleHeading = Self.titleHeading(of: document) != nil
    content.title = Self.title(of: document, file: file)

    content.sections = SearchSection.sections(
      of: document.blocks, headings: content.headings, title: content.title, renderer: renderer)

    // The report's figures: the `{figure}` images and the directives' figures.
    content.figureCount = document.figures.count
    for result in results {
      guard case .success(let output) = result.outcome else { continue }
      let explored = result.explored
      for (index, item) in output.items.enumerated() {
        let id = LessonRenderer.itemID(name: result.invocation.name, key: item.key)
        if case .figure = item { content.figureCount += 1 }
        let longForm = explored.flatMap { exploration, frames in
          frames.allSatisfy({ $0.items.count == output.items.count })
            ? (exploration, frames) : nil
        }
        // A CSV is made from the outputs alone: the block's for one frame, every frame's in
        // long form for an explored block.
        let memoKey = RenderMemo.key(
          "csv", outputs: longForm == nil ? result.outcomeKey.map { [$0] } : result.keys,
          [String(index), longForm == nil ? "one frame" : "long form"])
        let csv = memo.text(memoKey) {
          guard let (exploration, frames) = longForm else { return item.data.csv }
          return DataTable(longForm: frames.map { $0.items[index].data }, exploration).csv
        }
        content.dataFiles.append(OutputFile(path: "\(file.slug)/\(id).csv", text: csv))
      }
    }
    nanoseconds =
      parsed.nanoseconds + outcomes.map(\.nanoseconds).reduce(0, +)
      + (DispatchTime.now().uptimeNanoseconds - clock.uptimeNanoseconds)
  }

  /// Reads the images the lesson shows (next to it in the lessons folder) into its data
  /// files, to be copied beside the pages at their path in the lessons folder.
  mutating func copyImages() {
    var folder = file.url
    for _ in file.fileName.split(separator: "/") { folder.deleteLastPathComponent() }
    for image in content.images where !content.dataFiles.contains(where: { $0.path == image.path })
    {
      let clean = image.path.removingPercentEncoding ?? image.path
      guard OutputWriter.isSafe(clean) else {
        content.diagnostics.append(
          .error(
            "the image '\(image.path)' must be inside the lessons folder", path: file.displayPath,
            at: image.location))
        continue
      }
      guard
        let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent(clean).path)
      else {
        content.diagnostics.append(
          .error(
            "no image file '\(clean)' next to the lesson", path: file.displayPath,
            at: image.location))
        continue
      }
      content.dataFiles.append(OutputFile(path: clean, contents: [UInt8](bytes)))
    }
  }
}
