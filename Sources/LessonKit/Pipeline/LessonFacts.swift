import LessonMarkdown

/// A lesson read from disk: its source, and either its facts from the cache or its parse.
struct ReadLesson: Sendable {
  var file: LessonFile
  var source: SourceText?
  /// Why the file could not be read.
  var problem: Diagnostic?
  /// The cache key of the lesson's file and source; nil when it could not be read.
  var key: String?
  var facts: LessonFacts
  /// The lesson parsed, when its facts were not in the cache.
  var parsed: ParsedLesson?

  init(file: LessonFile, registry: DirectiveRegistry, cache: BuildCache?) {
    self.file = file
    (source, problem) = SourceReader.read(file.url, displayPath: file.displayPath)
    if let source, problem == nil {
      key = LessonFacts.key(file: file, source: source)
    }
    if let key,
      let facts = cache?.value(LessonFacts.self, .facts, forKey: key, slot: file.displayPath)
    {
      self.facts = facts
      return
    }
    let parsed = ParsedLesson(file: file, source: source, problem: problem, registry: registry)
    facts = LessonFacts(parsed)
    self.parsed = parsed
    if let key { cache?.store(facts, .facts, forKey: key, slot: file.displayPath) }
  }
}

/// What the rest of the book reads from a lesson: its title (`{doc}`, the navigation), its
/// numbered equations (`{eq}`) and its targets (`{ref}`).
struct LessonFacts: Sendable, Codable {
  var title: String
  var equations: Equations
  var targets: [Targets.Found]

  init(_ parsed: ParsedLesson) {
    title = RenderedLesson.title(of: parsed.document, file: parsed.file)
    guard let document = parsed.document else {
      equations = Equations()
      targets = []
      return
    }
    equations = Equations(document.blocks, path: parsed.file.displayPath)
    targets = Targets.targets(in: document.blocks)
  }

  /// The key of a lesson's facts and page: the code, the file's names and the source text.
  static func key(file: LessonFile, source: SourceText) -> String {
    [
      "lesson", CodeVersion.current, file.fileName, file.displayPath,
      file.summaryTitle ?? "\u{0}", source.text,
    ].joined(separator: "\n")
  }
}

/// What a lesson's page may read from the rest of the book: which lessons there are, their
/// titles, equation numbers and targets, the bibliography and the glossary. Its digest is part of each
/// page's cache key, so a page is reused only when neither its source nor anything it reads
/// from the book has changed; a prose edit of one lesson leaves the others' pages as they are.
struct BookContext: Sendable {
  /// Every lesson's numbered equations, by file name.
  var equations: [String: Equations]
  /// The book's labels.
  var targets: Targets
  /// Every lesson's title, by file name.
  var titles: [String: String]
  /// A hash of everything above that a page can show (not where in its file an equation or
  /// a target is: a label defined twice is an error, and a page with errors is not kept).
  var digest: String

  init(
    lessonFiles: Set<String>, facts: [(file: LessonFile, facts: LessonFacts)],
    bibliography: Bibliography, glossary: Glossary
  ) {
    equations = Dictionary(
      facts.map { ($0.file.fileName, $0.facts.equations) }, uniquingKeysWith: { a, _ in a })
    titles = Dictionary(
      facts.map { ($0.file.fileName, $0.facts.title) }, uniquingKeysWith: { a, _ in a })
    targets = Targets(facts.map { ($0.file.fileName, $0.file.displayPath, $0.facts.targets) })
    var text = lessonFiles.sorted().joined(separator: "\n") + "\n\u{0}"
    for (file, lesson) in facts {
      text += "\n" + file.fileName + "\n" + lesson.title
      for (label, entry) in lesson.equations.labels.sorted(by: { $0.key < $1.key }) {
        text += "\n" + label + " " + entry.number + (entry.isTag ? " tag" : "")
      }
      for target in lesson.targets {
        text += "\n(" + target.label + ")=" + (target.title.map { "\($0)" } ?? "")
      }
    }
    text +=
      "\n\u{0}" + (bibliography.source?.text ?? "") + "\n\u{0}" + (glossary.source?.text ?? "")
    digest = BuildCache.hash(text)
  }

  /// The cache key of a lesson's page, from the key of its source (`LessonFacts.key`).
  func key(for sourceKey: String) -> String { sourceKey + "\n" + digest }
}
