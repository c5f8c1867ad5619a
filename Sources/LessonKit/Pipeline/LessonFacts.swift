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
    if let key, let facts = cache?.value(LessonFacts.self, .facts, forKey: key) {
      self.facts = facts
      return
    }
    let parsed = ParsedLesson(file: file, source: source, problem: problem, registry: registry)
    facts = LessonFacts(parsed)
    self.parsed = parsed
    if let key { cache?.store(facts, .facts, forKey: key) }
  }
}

/// What the rest of the book reads from a lesson: its title and its numbered equations.
struct LessonFacts: Sendable, Codable {
  var title: String
  var equations: Equations

  init(_ parsed: ParsedLesson) {
    guard let document = parsed.document else {
      title = parsed.file.summaryTitle ?? parsed.file.slug
      equations = Equations()
      return
    }
    title = RenderedLesson.title(of: document, file: parsed.file).0
    equations = Equations(document.blocks, path: parsed.file.displayPath)
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
/// titles and equation numbers, the bibliography and the glossary. Its digest is part of each
/// page's cache key, so a page is reused only when neither its source nor anything it reads
/// from the book has changed; a prose edit of one lesson leaves the others' pages as they are.
struct BookContext: Sendable {
  /// Every lesson's numbered equations, by file name.
  var equations: [String: Equations]
  /// A hash of everything above that a page can show (not where in its file an equation is).
  var digest: String

  init(
    lessonFiles: Set<String>, facts: [(fileName: String, facts: LessonFacts)],
    bibliography: Bibliography, glossary: Glossary
  ) {
    equations = Dictionary(
      facts.map { ($0.fileName, $0.facts.equations) }, uniquingKeysWith: { a, _ in a })
    var text = lessonFiles.sorted().joined(separator: "\n") + "\n\u{0}"
    for (fileName, lesson) in facts {
      text += "\n" + fileName + "\n" + lesson.title
      for (label, entry) in lesson.equations.labels.sorted(by: { $0.key < $1.key }) {
        text += "\n" + label + " " + entry.number + (entry.isTag ? " tag" : "")
      }
    }
    text +=
      "\n\u{0}" + (bibliography.source?.text ?? "") + "\n\u{0}" + (glossary.source?.text ?? "")
    digest = BuildCache.hash(text)
  }

  /// The cache key of a lesson's page, from the key of its source (`LessonFacts.key`).
  func key(for sourceKey: String) -> String { sourceKey + "\n" + digest }
}
