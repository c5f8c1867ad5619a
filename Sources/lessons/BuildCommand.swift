import ArgumentParser
import Foundation
import LessonDirectives
import LessonKit
import LessonMarkup

/// Options shared by commands that read a book.
struct BookOptions: ParsableArguments {
  @ArgumentParser.Option(name: .long, help: "The folder of lessons.")
  var lessons = "Lessons"

  @ArgumentParser.Option(
    name: .long, help: "How many lessons and directives to run at once (default: one per core).")
  var jobs: Int?

  func builder(cache: DirectiveCache? = nil) throws -> Builder {
    if let jobs, jobs < 1 { throw UsageError(message: "--jobs must be at least 1") }
    return Builder(
      registry: .standard, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, cache: cache)
  }

  func loadBook() throws -> Book {
    do {
      return try Book.load(from: URL(fileURLWithPath: lessons), displayName: lessons)
    } catch {
      throw UsageError(message: error.description)
    }
  }
}

struct BuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Build every lesson into HTML pages, data files and an index.",
    discussion: """
      Pages are written even when a lesson has errors (a failed directive shows an error box); \
      the exit code is then 1. Only files an earlier build wrote are ever removed.
      """)

  @OptionGroup var book: BookOptions

  @ArgumentParser.Option(name: .long, help: "The folder to write the site into.")
  var output = "Output"

  func run() throws {
    let builder = try book.builder()
    let result = builder.build(try book.loadBook(), progress: Progress.live)
    Progress.clearLive()
    Console.report(result.diagnostics, sources: result.sources)
    let summary: OutputWriter.Summary
    do {
      summary = try OutputWriter(directory: URL(fileURLWithPath: output)).write(result.files)
    } catch {
      throw UsageError(message: error.description)
    }
    Progress.printLessons(result)
    Console.out(
      "Built \(Console.count(result.lessons.count, "lesson")), \(Console.count(result.lessons.map(\.directives).reduce(0, +), "directive")) "
        + "in \(String(format: "%.2f", result.seconds)) s: \(Console.count(result.errorCount, "error")), "
        + "\(Console.count(result.warningCount, "warning")). "
        + "\(output)/: \(summary.written) written, \(summary.unchanged) unchanged, \(summary.removed) removed."
    )
    if result.errorCount > 0 { throw ExitCode(1) }
  }
}

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Parse, validate and run lessons without writing anything.",
    discussion: "With no FILE, checks the whole book. Exit code 1 if any lesson has errors.")

  @OptionGroup var book: BookOptions

  @Argument(help: "Lesson files to check (default: every lesson of the book).")
  var files: [String] = []

  func run() throws {
    let builder = try book.builder()
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

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run one lesson and print its directives' results.",
    discussion:
      "With --json, prints the data behind every figure and table, the named values and the diagnostics as JSON."
  )

  @Argument(help: "The lesson file.")
  var file: String

  @Flag(name: .long, help: "Print JSON (the only format for now).")
  var json = false

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

struct DirectivesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "directives",
    abstract: "List the directives, or show one directive's options and values.")

  @Argument(help: "A directive's name, e.g. ewa.")
  var name: String?

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
