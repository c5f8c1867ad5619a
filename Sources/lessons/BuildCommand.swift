import Foundation
import LessonDirectives
import LessonKit
import LessonMarkup

/// Options shared by commands that read a book.
struct BookOptions {
  static let options: [OptionSpec] = [
    .option("lessons", default: "Lessons", help: "The folder of lessons."),
    .option(
      "jobs", help: "How many lessons and directives to run at once (default: one per core)."),
  ]

  var lessons: String
  var jobs: Int?

  init(_ arguments: ParsedArguments) throws(UsageError) {
    lessons = arguments.string("lessons") ?? "Lessons"
    jobs = try arguments.integer("jobs", from: 1)
  }

  func builder(cache: BuildCache? = nil) -> Builder {
    var builder = Builder(
      registry: .standard, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, cache: cache)
    builder.keepsResults = false
    return builder
  }

  func loadBook() throws -> Book {
    do {
      return try Book.load(
        from: URL(fileURLWithPath: lessons, isDirectory: true), displayName: lessons,
        jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
    } catch {
      throw UsageError(message: error.description)
    }
  }
}

/// The build cache, shared by `build` and `serve`.
struct CacheOptions {
  static let options: [OptionSpec] = [
    .option(
      "cache", value: "folder",
      help:
        "The folder of directive outputs kept between builds (default: .lessons-cache beside the output folder)."
    ),
    .flag("no-cache", help: "Run every directive again; neither read nor write the cache."),
  ]

  var cache: String?
  var noCache: Bool

  init(_ arguments: ParsedArguments) {
    cache = arguments.string("cache")
    noCache = arguments.flag("no-cache")
  }

  /// The cache for a site written into `output`; nil with --no-cache.
  func buildCache(output: String, inMemory: Bool = false) throws -> BuildCache? {
    if noCache {
      if cache != nil { throw UsageError(message: "--cache and --no-cache contradict each other") }
      return inMemory ? BuildCache() : nil
    }
    let folder =
      cache.map { URL(fileURLWithPath: $0, isDirectory: true) }
      ?? BuildCache.defaultFolder(output: URL(fileURLWithPath: output, isDirectory: true))
    return BuildCache(folder: folder, keepsInMemory: inMemory)
  }
}

/// Where the site goes, shared by `build` and `serve`.
struct OutputOptions {
  static let options: [OptionSpec] = [
    .option("output", default: "Output", help: "The folder to write the site into."),
    .flag(
      "overwrite",
      help: "Replace files in the output folder that no earlier build wrote (default: refuse)."),
  ]

  var output: String
  var overwrite: Bool

  init(_ arguments: ParsedArguments) {
    output = arguments.string("output") ?? "Output"
    overwrite = arguments.flag("overwrite")
  }

  /// A writer into the output folder, refusing folders that would mix the site with the
  /// sources or with a whole disk or home folder.
  func writer(lessons: String) throws -> OutputWriter {
    let target = Self.resolved(output)
    let sources = Self.resolved(lessons)
    let home = Self.resolved(NSHomeDirectory())
    var problem: String?
    if target == "/" {
      problem = "it is the root of the disk"
    } else if target == home {
      problem = "it is your home folder"
    } else if target == sources {
      problem = "it is the lessons folder"
    } else if target.hasPrefix(sources + "/") {
      problem = "it is inside the lessons folder '\(lessons)'"
    }
    if let problem {
      throw UsageError(
        message:
          "refusing to write the site into '\(output)': \(problem); pass --output with a folder of its own "
          + "(the default is Output)")
    }
    return OutputWriter(
      directory: URL(fileURLWithPath: output, isDirectory: true), overwrite: overwrite)
  }

  /// Writes `files`, printing what the writer had to wait for or ignore.
  func write(_ files: [OutputFile], with writer: OutputWriter) throws(OutputWriter.WriteError)
    -> OutputWriter.Summary
  {
    let summary = try writer.write(files) {
      Console.out("Waiting for another build writing into \(output)/ to finish…")
    }
    if !summary.ignoredManifestLines.isEmpty {
      Console.warning(
        "ignored \(Console.count(summary.ignoredManifestLines.count, "line")) of "
          + "\(output)/\(OutputWriter.manifestName) that \(summary.ignoredManifestLines.count == 1 ? "is not a path" : "are not paths") "
          + "inside the folder: "
          + OutputWriter.list(summary.ignoredManifestLines.map { "'\($0)'" }))
    }
    return summary
  }

  /// `path` made absolute with every symbolic link resolved, also when its end does not
  /// exist yet (the output folder of a first build).
  static func resolved(_ path: String) -> String {
    var url = URL(fileURLWithPath: path).standardizedFileURL
    var rest: [String] = []
    while true {
      if let real = realpath(url.path, nil) {
        defer { free(real) }
        let base = String(cString: real)
        return rest.reversed().reduce(base) { $0 == "/" ? "/" + $1 : $0 + "/" + $1 }
      }
      if url.path == "/" { return "/" + rest.reversed().joined(separator: "/") }
      rest.append(url.lastPathComponent)
      url = url.deletingLastPathComponent()
    }
  }
}

/// The options of the commands that build and write the site (`build`, `serve`): the book,
/// where its site goes, and the cache.
struct SiteOptions {
  static let options = BookOptions.options + OutputOptions.options + CacheOptions.options

  var book: BookOptions
  var site: OutputOptions
  var cache: CacheOptions

  init(_ arguments: ParsedArguments) throws(UsageError) {
    book = try BookOptions(arguments)
    site = OutputOptions(arguments)
    cache = CacheOptions(arguments)
  }
}

struct BuildCommand: Command {
  static let spec = CommandSpec(
    name: "build",
    abstract: "Build every lesson into HTML pages, data files and an index.",
    discussion: """
      Pages are written even when a lesson has errors (a failed directive shows an error box); \
      the exit code is then 1. Only files an earlier build wrote are ever removed or replaced \
      (--overwrite allows replacing others).
      """,
    options: SiteOptions.options)

  var options: SiteOptions

  init(_ arguments: ParsedArguments) throws(UsageError) { options = try SiteOptions(arguments) }

  func run() throws {
    let (book, site, cache) = (options.book, options.site, options.cache)
    let builder = try book.builder(cache: cache.buildCache(output: site.output))
    var writer = try site.writer(lessons: book.lessons)
    writer.jobs = builder.jobs
    let result = builder.build(try book.loadBook(), progress: Progress.live)
    Progress.clearLive()
    Console.report(result.diagnostics, sources: result.sources)
    let summary: OutputWriter.Summary
    do {
      summary = try site.write(result.files, with: writer)
    } catch {
      throw UsageError(message: error.description)
    }
    Progress.printLessons(result)
    Console.out(
      "Built \(Console.count(result.lessons.count, "lesson")), \(Console.count(result.lessons.map(\.directives).reduce(0, +), "directive")) "
        + "in \(String(format: "%.2f", result.seconds)) s: \(Console.count(result.errorCount, "error")), "
        + "\(Console.count(result.warningCount, "warning")). "
        + "\(site.output)/: \(summary.written) written, \(summary.unchanged) unchanged, \(summary.removed) removed"
        + (summary.swept > 0
          ? " (and \(Console.count(summary.swept, "temporary file")) of an interrupted build)."
          : ".")
    )
    if result.errorCount > 0 { throw ExitCode(1) }
  }
}

struct CheckCommand: Command {
  static let spec = CommandSpec(
    name: "check",
    abstract: "Parse, validate and run lessons without writing anything.",
    discussion: "With no FILE, checks the whole book. Exit code 1 if any lesson has errors.",
    arguments: [
      ArgumentSpec(
        name: "files", count: .any,
        help: "Lesson files to check (default: every lesson of the book).")
    ],
    options: BookOptions.options)

  var book: BookOptions
  var files: [String]

  init(_ arguments: ParsedArguments) throws(UsageError) {
    book = try BookOptions(arguments)
    files = arguments.positionals
  }

  func run() throws {
    let builder = book.builder()
    let result = builder.build(
      files.isEmpty ? try book.loadBook() : Book.files(files), progress: Progress.live)
    Progress.clearLive()
    Console.report(result.diagnostics, sources: result.sources)
    Progress.printLessons(result)
    Console.out(
      "Checked \(Console.count(result.lessons.count, "lesson")): \(Console.count(result.errorCount, "error")), \(Console.count(result.warningCount, "warning"))."
    )
    if result.errorCount > 0 { throw ExitCode(1) }
  }
}

struct RunCommand: Command {
  static let spec = CommandSpec(
    name: "run",
    abstract: "Run one lesson and print its directives' results.",
    discussion:
      "With --json, prints the data behind every figure and table, the named values and the diagnostics as JSON.",
    arguments: [ArgumentSpec(name: "file", count: .one, help: "The lesson file.")],
    options: [.flag("json", help: "Print JSON (the only format for now).")])

  var file: String
  var json: Bool

  init(_ arguments: ParsedArguments) {
    file = arguments.positionals[0]
    json = arguments.flag("json")
  }

  func run() throws {
    guard json else {
      throw UsageError(message: "lessons run needs --json (the only output format)")
    }
    let book = Book.files([file])
    if let problem = book.diagnostics.first {
      throw UsageError(message: "\(file): \(problem.message)")
    }
    let result = Builder(registry: .standard).build(book)
    print(LessonRun(result, path: file).json(), terminator: "")
    if result.errorCount > 0 { throw ExitCode(1) }
  }
}

struct DirectivesCommand: Command {
  static let spec = CommandSpec(
    name: "directives",
    abstract: "List the directives, or show one directive's options and values.",
    arguments: [ArgumentSpec(name: "name", count: .optional, help: "A directive's name, e.g. ewa.")]
  )

  var name: String?

  init(_ arguments: ParsedArguments) { name = arguments.argument }

  func run() throws {
    let reference = DirectiveReference(registry: .standard)
    guard let name else {
      Console.out(reference.listing())
      return
    }
    let wanted = name.trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
    guard let entry = reference.entries.first(where: { $0.name == wanted }) else {
      var message = "unknown directive '\(wanted)'"
      if let guess = Spelling.suggestion(for: wanted, among: reference.entries.map(\.name)) {
        message += "; did you mean '\(guess)'?"
      }
      throw UsageError(message: message)
    }
    Console.out(reference.text(for: entry))
  }
}
