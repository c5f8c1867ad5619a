import Foundation
import LessonKit
import LessonMarkdown
import LessonPlot

/// A directive for tests: every kind of option, a figure, a table and values.
struct Demo: Directive {
  static let name = "demo"
  static let summary = "A directive for tests."
  static let publishedValues = [ValueDeclaration("mean", "The mean of beta.")]

  enum Shape: String, OptionChoice { case circle, square }

  @Option("beta", range: .open(0, 1), help: "Weights.")
  var beta: [Double] = [0.9]

  @Option("days", range: .closed(1, 1000), help: "How many days.")
  var days = 10

  @Option("shape", help: "A shape.")
  var shape = Shape.circle

  @Option("fail", help: "Fails the run when true.")
  var fail = false

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    if fail { throw DirectiveError("asked to fail", option: "fail") }
    let mean = beta.reduce(0, +) / Double(beta.count)
    let data = DataTable([("beta", beta)])
    return DirectiveOutput(
      items: [
        .figure(
          Figure(
            caption: "Betas of $\\beta$.", description: "\(beta.count) betas", data: data,
            chart: Chart.lines(x: beta.indices.map(Double.init), series: [("beta", beta)]))),
        .table(
          Table(
            key: "table", caption: "The betas.",
            columns: [Table.Column("$\\beta$", csv: "beta", style: .fixed(2))],
            rows: beta.map { [.number($0)] })),
      ],
      values: [NamedValue("mean", mean), NamedValue("days", Double(days), style: .integer)])
  }
}

/// A temporary folder of lessons, removed when the test ends.
final class TemporaryBook {
  let root: URL
  var lessons: URL { root.appendingPathComponent("Lessons") }
  var output: URL { root.appendingPathComponent("Output") }

  init(_ files: [String: String] = [:]) throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lessons-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
    for (name, text) in files { try write(name, text) }
  }

  func write(_ name: String, _ text: String) throws {
    try Data(text.utf8).write(to: lessons.appendingPathComponent(name))
  }

  func build(_ directives: [any Directive.Type] = [Demo.self]) throws -> BuildResult {
    let book = try Book.load(from: lessons, displayName: "Lessons")
    return Builder(registry: DirectiveRegistry(directives), jobs: 2).build(book)
  }

  func file(_ path: String, in result: BuildResult) -> String? {
    result.files.first { $0.path == path }.map { String(decoding: $0.contents, as: UTF8.self) }
  }

  deinit { try? FileManager.default.removeItem(at: root) }
}

/// Builds one lesson and returns its diagnostics formatted as the CLI prints them.
func diagnostics(of lesson: String) throws -> String {
  let book = try TemporaryBook(["01-test.md": lesson])
  let result = try book.build()
  let formatter = DiagnosticFormatter()
  return result.diagnostics.map { formatter.format($0, source: result.sources[$0.path]) }
    .joined(separator: "\n")
}

/// A count that threads add to: directive runs the cache must spare, or how often a deferred
/// value was made.
final class LockedCount: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0

  func add() {
    lock.lock()
    count += 1
    lock.unlock()
  }

  var value: Int {
    lock.lock()
    defer { lock.unlock() }
    return count
  }
}
