import Foundation
import LessonMarkdown
import LessonMarkup

/// Builds a book: load → parse and resolve every lesson → run every directive → render
/// pages → write. Each stage is a function of the previous one's plain values; lessons and
/// directives run in parallel, and results are put back in book order, so the output never
/// depends on scheduling.
public struct Builder: Sendable {
  public var registry: DirectiveRegistry
  /// How many threads run lessons and directives.
  public var jobs: Int
  /// Outputs of earlier runs, reused when a block's options are unchanged (in memory for
  /// `lessons serve`, on disk for `lessons build`).
  public var cache: BuildCache?
  /// Whether the result keeps every directive's outputs (`BuildResult.outputs(of:)`, for
  /// `lessons run --json` and tests). A build that only writes the site drops each lesson's
  /// outputs once its page is rendered, so its memory does not grow with the book.
  public var keepsResults = true

  public init(
    registry: DirectiveRegistry, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
    cache: BuildCache? = nil
  ) {
    self.registry = registry
    self.jobs = max(1, jobs)
    self.cache = cache
  }

  /// Builds `book` and returns its pages and files (nothing is written).
  public func build(_ book: Book, progress: (@Sendable (BuildProgress) -> Void)? = nil)
    -> BuildResult
  {
    let start = DispatchTime.now()
    let lessons = book.lessons
    let lessonFiles = Set(lessons.map(\.fileName)).union(book.otherLessons)
    let registry = self.registry
    let cache = self.cache
    let jobs = self.jobs
    // The chart gallery depends on no lesson: it is made while they are read and run.
    let gallery = Deferred(inBackground: jobs > 1) {
      let make = { Site.galleryArticle(jobs: jobs) }
      return cache?.text(forKey: "gallery\n" + CodeVersion.current, make) ?? make()
    }

    // Read every lesson; parse those whose facts are not in the cache.
    let counter = ProgressCounter()
    var read = parallelMap(lessons, jobs: jobs) { file -> ReadLesson in
      let lesson = ReadLesson(file: file, registry: registry, cache: cache)
      progress?(BuildProgress(stage: .parsing, done: counter.next(), total: lessons.count))
      return lesson
    }
    var sources = Dictionary(
      read.compactMap { lesson in lesson.source.map { (lesson.file.displayPath, $0) } },
      uniquingKeysWith: { a, _ in a })
    for file in [book.bibliography.source, book.glossary.source].compactMap({ $0 }) {
      sources[file.path] = file
    }

    // What each lesson reads from the others. A page whose source and context are unchanged
    // comes from the cache as it is; the others are parsed, run and rendered. Lessons go a
    // few dozen at a time, and each one's page is made as soon as it is rendered, so a big
    // book never holds every parse, output and article at once.
    let context = BookContext(
      lessonFiles: lessonFiles, facts: read.map { ($0.file, $0.facts) },
      bibliography: book.bibliography, glossary: book.glossary)
    var site = Site(book: book, titles: context.titles, registry: registry, gallery: gallery)
    var slims: [RenderedLesson] = []
    var files: [OutputFile] = []
    var reports: [LessonReport] = []
    var timings: [DirectiveTiming] = []
    var values: [String: [DirectiveResult]] = [:]
    let chunk = max(32, 8 * jobs)
    for first in stride(from: 0, to: read.count, by: chunk) {
      let indices = Array(first..<min(first + chunk, read.count))
      let keys = indices.map { (read[$0].file, read[$0].key.map(context.key(for:))) }
      let articles = parallelMap(keys, jobs: jobs) { file, key in
        key.flatMap {
          cache?.value(LessonContent.self, .page, forKey: $0, slot: file.displayPath)
        }
        .map { RenderedLesson(file: file, cached: $0) }
      }
      let stale = articles.indices.filter { articles[$0] == nil }
      let cached = articles.indices.filter { articles[$0] != nil }
      let pages = site
      let makePage = { @Sendable (index: Int, article: RenderedLesson) -> MadePage in
        var lesson = article
        lesson.copyImages()
        let page = pages.page(lesson, at: index)
        lesson.results = []
        return MadePage(page: page, lesson: lesson)
      }
      // The changed lessons are rendered while the pages of the others are made.
      let staleLessons = stale.map { read[indices[$0]] }
      let cachedArticles = cached.map { (indices[$0], articles[$0]!) }
      let ((rendered, chunkTimings), cachedPages) = concurrently(
        jobs: jobs,
        {
          render(
            staleLessons, context: context, book: book, lessonFiles: lessonFiles,
            progress: progress)
        },
        { parallelMap(cachedArticles, jobs: jobs, makePage) })
      for article in rendered { values[article.file.displayPath] = article.results }
      timings += chunkTimings
      for index in indices { read[index].parsed = nil }
      let renderedPages = parallelMap(
        Array(zip(stale.map { indices[$0] }, rendered)), jobs: jobs, makePage)
      var made = [MadePage?](repeating: nil, count: indices.count)
      for (position, page) in zip(stale, renderedPages) { made[position] = page }
      for (position, page) in zip(cached, cachedPages) { made[position] = page }
      for case let item? in made {
        let (page, lesson) = (item.page, item.lesson)
        files.append(page)
        files += lesson.dataFiles
        var slim = lesson
        slim.article = ""
        slim.dataFiles = []
        slims.append(slim)
        reports.append(
          LessonReport(
            path: lesson.file.displayPath, page: page.path, directives: lesson.directiveCount,
            figures: lesson.figureCount, frames: lesson.frameCount,
            diagnostics: lesson.diagnostics, milliseconds: Double(lesson.nanoseconds) / 1e6,
            fromCache: lesson.fromCache, pageBytes: page.contents.count))
      }
    }
    read = []
    site.lessons = slims
    files += site.files(jobs: jobs)
    // Two lessons may show the same image: write it once.
    var seen: Set<String> = []
    files = files.filter { seen.insert($0.path).inserted }.sorted { $0.path < $1.path }
    return BuildResult(
      bookDiagnostics: book.diagnostics, lessons: reports, directiveTimings: timings, files: files,
      sources: sources, values: values,
      seconds: Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
  }

  /// Parses (where the cache gave only facts), runs and renders `lessons`, and keeps each
  /// page for the next build unless it has errors (a failing block is run again next time:
  /// its error may be the machine's). Parses and outputs live only in here: what leaves is
  /// the rendered articles (with their results only when `keepsResults`) and the timings.
  private func render(
    _ lessons: [ReadLesson], context: BookContext, book: Book, lessonFiles: Set<String>,
    progress: (@Sendable (BuildProgress) -> Void)?
  ) -> ([RenderedLesson], [DirectiveTiming]) {
    let registry = self.registry
    let cache = self.cache
    let jobs = self.jobs
    let keepsResults = self.keepsResults
    let parsed = parallelMap(lessons, jobs: jobs) { lesson in
      lesson.parsed
        ?? ParsedLesson(
          file: lesson.file, source: lesson.source, problem: lesson.problem, registry: registry)
    }

    // Run every directive of these lessons (every frame of an explored one), balanced
    // across threads.
    let runs = parsed.enumerated().flatMap { lesson, parsedLesson in
      parsedLesson.invocations.enumerated().flatMap { index, invocation in
        (0..<invocation.frameCount).map { RunKey(lesson: lesson, invocation: index, frame: $0) }
      }
    }
    let runCounter = ProgressCounter()
    let frameOutcomes = parallelMap(runs, jobs: jobs) { key -> TimedOutcome in
      let lesson = parsed[key.lesson]
      let clock = DispatchTime.now()
      let invocation = lesson.invocations[key.invocation]
      let outcome: Result<DirectiveOutput, Diagnostic>?
      let cacheKey = cache == nil ? nil : invocation.cacheKey(frame: key.frame)
      if let cacheKey, let cached = cache?.output(forKey: cacheKey) {
        outcome = .success(cached)
      } else {
        outcome = invocation.run(path: lesson.file.displayPath, frame: key.frame, jobs: jobs)
        if let cacheKey, case .success(let output) = outcome {
          cache?.store(output, forKey: cacheKey)
        }
      }
      progress?(BuildProgress(stage: .running, done: runCounter.next(), total: runs.count))
      return TimedOutcome(
        outcome: outcome, keys: cacheKey.map { [$0] },
        nanoseconds: DispatchTime.now().uptimeNanoseconds - clock.uptimeNanoseconds)
    }
    // One outcome per block: its frames gathered, the first failing frame reported.
    var grouped = parsed.map {
      Array(
        repeating: TimedOutcome(outcome: nil, keys: [], nanoseconds: 0),
        count: $0.invocations.count)
    }
    for (key, outcome) in zip(runs, frameOutcomes) {
      let invocation = parsed[key.lesson].invocations[key.invocation]
      var block = grouped[key.lesson][key.invocation]
      block.nanoseconds += outcome.nanoseconds
      block.keys = block.keys.flatMap { keys in outcome.keys.map { keys + $0 } }
      if let exploration = invocation.exploration {
        block.frames.append(outcome.outcome)
        if key.frame == exploration.frameCount - 1 {
          let failure = block.frames.first { if case .failure = $0 { true } else { false } }
          block.outcome = failure ?? block.frames[exploration.initialFrame]
        }
      } else {
        block.outcome = outcome.outcome
      }
      grouped[key.lesson][key.invocation] = block
    }
    let timings = zip(parsed, grouped).flatMap { lesson, outcomes in
      zip(lesson.invocations, outcomes).map { invocation, outcome in
        DirectiveTiming(
          lesson: lesson.file.displayPath, name: invocation.name,
          directive: invocation.directiveName,
          milliseconds: Double(outcome.nanoseconds) / 1e6)
      }
    }

    let outcomes = grouped
    let renderCounter = ProgressCounter()
    let rendered = parallelMap(Array(parsed.indices), jobs: jobs) { index in
      let path = parsed[index].file.displayPath
      let memoKey = RenderMemo.cacheKey(path: path)
      let memo = cache.map { cache in
        RenderMemo(
          cache.value([RenderMemo.Entry].self, .renders, forKey: memoKey, slot: path) ?? [])
      }
      var article = RenderedLesson(
        parsed[index], outcomes: outcomes[index], lessonFiles: lessonFiles,
        equations: context.equations, targets: context.targets, titles: context.titles,
        bibliography: book.bibliography, glossary: book.glossary, memo: memo)
      if let key = lessons[index].key,
        !article.diagnostics.contains(where: { $0.severity == .error })
      {
        cache?.store(
          article.content, .page, forKey: context.key(for: key),
          slot: lessons[index].file.displayPath)
      }
      if let memo, memo.changed {
        cache?.store(memo.entries, .renders, forKey: memoKey, slot: path)
      }
      if !keepsResults { article.results = [] }
      progress?(BuildProgress(stage: .rendering, done: renderCounter.next(), total: parsed.count))
      return article
    }
    return (rendered, timings)
  }
}

/// A lesson's page, and the lesson without its directive results.
private struct MadePage: Sendable {
  var page: OutputFile
  var lesson: RenderedLesson
}

/// Where a build is, reported from worker threads as it goes (for a terminal's status line).
public struct BuildProgress: Sendable {
  public enum Stage: String, Sendable {
    case parsing = "parsing lessons"
    case running = "running directives"
    case rendering = "rendering pages"
  }

  public var stage: Stage
  public var done: Int
  public var total: Int
}

/// Counts finished items across threads.
final class ProgressCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0

  func next() -> Int {
    lock.lock()
    defer { lock.unlock() }
    count += 1
    return count
  }
}

/// Everything a build produced.
public struct BuildResult: Sendable {
  /// Problems with the lessons folder or SUMMARY.md.
  public var bookDiagnostics: [Diagnostic]
  public var lessons: [LessonReport]
  /// How long each directive ran, in book order (for benchmarks; never written to pages).
  public var directiveTimings: [DirectiveTiming]
  /// The files of the site, relative to the output folder, in a stable order.
  public var files: [OutputFile]
  /// Lesson sources by display path, to print diagnostics with excerpts.
  public var sources: [String: SourceText]
  /// Each lesson's directive results, by display path.
  var values: [String: [DirectiveResult]]
  public var seconds: Double

  public var diagnostics: [Diagnostic] { bookDiagnostics + lessons.flatMap(\.diagnostics) }

  /// The outputs of a lesson's directives in page order (nil where a directive failed).
  public func outputs(of path: String) -> [DirectiveOutput?] {
    (values[path] ?? []).map { result in
      if case .success(let output) = result.outcome { return output }
      return nil
    }
  }
  public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
  public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// How long one directive ran.
public struct DirectiveTiming: Sendable {
  public var lesson: String
  public var name: String
  public var directive: String
  public var milliseconds: Double
}

/// What happened to one lesson.
public struct LessonReport: Sendable {
  public var path: String
  public var page: String
  public var directives: Int
  public var figures: Int
  /// Frames of its explorable blocks (each a run of the directive).
  public var frames: Int
  public var diagnostics: [Diagnostic]
  /// Time spent on this lesson (parse, directives, render), summed over threads.
  public var milliseconds: Double
  /// Whether its page came from the build cache (its source and what it reads from the
  /// book are unchanged), so nothing of it ran.
  public var fromCache: Bool
  public var pageBytes: Int
}

/// One file of the site.
public struct OutputFile: Sendable, Equatable, Codable {
  /// Relative to the output folder, with `/` separators.
  public var path: String
  public var contents: [UInt8]

  public init(path: String, contents: [UInt8]) {
    self.path = path
    self.contents = contents
  }

  public init(path: String, text: String) { self.init(path: path, contents: Array(text.utf8)) }
}

private struct RunKey: Sendable {
  var lesson: Int
  var invocation: Int
  var frame: Int
}

/// A block's outcome: its output (the frame shown first, for an explored block) or why it
/// failed, and every frame's outcome when it explores options.
struct TimedOutcome: Sendable {
  var outcome: Result<DirectiveOutput, Diagnostic>?
  /// The outputs' cache keys, one per frame in order; nil without a cache.
  var keys: [String]?
  var frames: [Result<DirectiveOutput, Diagnostic>?] = []
  var nanoseconds: UInt64
}

/// A lesson after parsing and resolving its directives.
struct ParsedLesson: Sendable {
  var file: LessonFile
  var source: SourceText?
  var document: LessonDocument?
  var invocations: [Invocation]
  /// `{expect}` blocks, checked when the page is rendered.
  var expectations: [ExpectBlock]
  /// `{exercise}`, `{solution}` and `{choice}` blocks, rendered with the lesson's values.
  var practice = PracticeBlocks()
  /// The ids of the `{figure}` blocks (`:name:`, or figure-1, …) by the location of their
  /// fences; a figure whose name is taken has none.
  var figureIDs: [SourceLocation: String] = [:]
  var diagnostics: [Diagnostic]
  var nanoseconds: UInt64

  init(file: LessonFile, source: SourceText?, problem: Diagnostic?, registry: DirectiveRegistry) {
    let clock = DispatchTime.now()
    self.file = file
    invocations = []
    expectations = []
    self.source = source
    diagnostics = [problem].compactMap { $0 }
    if let source {
      let document = LessonDocument.parse(
        source, contentDirectives: Practice.contentDirectives)
      self.document = document
      diagnostics += document.diagnostics
      if source.text.allSatisfy(\.isWhitespace) {
        diagnostics.append(.warning("the lesson is empty", path: file.displayPath, at: nil))
      }
      // Resolve directives in page order; unnamed ones are called ewa-1, ewa-2, …
      var counts: [String: Int] = [:]
      var names: [String: SourceLocation] = [:]
      for block in document.directives {
        if block.name == ExpectBlock.directiveName {
          expectations.append(ExpectBlock(block, path: file.displayPath, diagnostics: &diagnostics))
          continue
        }
        if practice.read(block, path: file.displayPath, diagnostics: &diagnostics) { continue }
        counts[block.name, default: 0] += 1
        var invocation = Invocation(
          block, registry: registry, path: file.displayPath,
          defaultName: "\(block.name)-\(counts[block.name]!)")
        if let first = names[invocation.name] {
          invocation.diagnostics.append(
            .error(
              "the name '\(invocation.name)' is already used on line \(first.line)",
              path: file.displayPath, at: invocation.optionLocations["name"] ?? block.nameLocation))
          invocation.directive = nil
        } else if PageTemplate.reservedIDs.contains(invocation.name) {
          invocation.diagnostics.append(
            .error(
              "the name '\(invocation.name)' is the id of an element of every page",
              path: file.displayPath, at: invocation.optionLocations["name"] ?? block.nameLocation,
              length: invocation.name.unicodeScalars.count,
              notes: [
                "the page template uses the ids \(PageTemplate.reservedIDs.sorted().joined(separator: ", "))"
              ]))
          invocation.directive = nil
        } else {
          names[invocation.name] = block.location
        }
        invocations.append(invocation)
        diagnostics += invocation.diagnostics
      }
      // `{figure}` images share the directives' names: unnamed ones are figure-1, figure-2, …
      for (index, figure) in document.figures.enumerated() {
        let id = figure.name ?? "figure-\(index + 1)"
        let at = figure.nameLocation ?? figure.location
        let unnamed =
          figure.name == nil
          ? ["unnamed figures are called figure-1, figure-2, …: give this one a :name:"] : []
        if let first = names[id] {
          diagnostics.append(
            .error(
              "the name '\(id)' is already used on line \(first.line)", path: file.displayPath,
              at: at, length: figure.name == nil ? 1 : id.unicodeScalars.count, notes: unnamed))
        } else if PageTemplate.reservedIDs.contains(id) {
          diagnostics.append(
            .error(
              "the name '\(id)' is the id of an element of every page", path: file.displayPath,
              at: at, length: id.unicodeScalars.count,
              notes: [
                "the page template uses the ids \(PageTemplate.reservedIDs.sorted().joined(separator: ", "))"
              ]))
        } else {
          names[id] = figure.location
          figureIDs[figure.location] = id
        }
      }
      practice.check(path: file.displayPath, diagnostics: &diagnostics)
    }
    nanoseconds = DispatchTime.now().uptimeNanoseconds - clock.uptimeNanoseconds
  }
}

extension LessonDocument {
  /// Calls `body` with every block in page order, each before the blocks inside it (in
  /// lists, quotes, admonitions, figures' legends and the Markdown of content directives
  /// such as `{solution}`).
  func forEachBlock(_ body: (Block) -> Void) {
    func visit(_ blocks: [Block]) {
      for block in blocks {
        body(block)
        switch block {
        case .directive(let directive): visit(directive.content ?? [])
        case .blockQuote(let inner): visit(inner)
        case .admonition(let admonition): visit(admonition.blocks)
        case .figure(let figure): visit(figure.legend)
        case .footnote(let footnote): visit(footnote.blocks)
        case .list(let list): list.items.forEach(visit)
        default: break
        }
      }
    }
    visit(blocks)
  }

  /// The directive blocks, in page order.
  var directives: [DirectiveBlock] {
    var directives: [DirectiveBlock] = []
    forEachBlock { if case .directive(let directive) = $0 { directives.append(directive) } }
    return directives
  }

  /// The `{figure}` blocks, in page order.
  var figures: [Block.Figure] {
    var figures: [Block.Figure] = []
    forEachBlock { if case .figure(let figure) = $0 { figures.append(figure) } }
    return figures
  }
}
