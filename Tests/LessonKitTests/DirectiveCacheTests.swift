import Foundation
import LessonKit
import LessonPlot
import Testing

/// The persistent cache of directive outputs: reused across processes (here: across cache
/// objects on one folder), keyed by canonical options, never trusted when damaged.
@Suite(.serialized) struct DirectiveCacheTests {
  static let lesson = """
    # Cached

    ```{demo}
    name: first
    beta: [0.5, 0.9]
    ```

    ```{demo}
    name: second
    beta: [0.25]
    caption: Another.
    ```

    The mean is {value}`first.mean`.
    """

  /// Counts runs of a directive: the cache must spare them.
  final class Runs: @unchecked Sendable {
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

  static let runs = Runs()

  struct Counted: Directive {
    static let name = "demo"
    static let summary = "Demo, counting its runs."
    @Option("beta", range: .open(0, 1), help: "Weights.")
    var beta: [Double] = [0.9]

    func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
      DirectiveCacheTests.runs.add()
      let data = DataTable([("beta", beta)])
      return DirectiveOutput(
        items: [
          .figure(
            Figure(
              caption: "Betas.", description: "\(beta.count) betas", data: data,
              chart: Chart.lines(x: beta.indices.map(Double.init), series: [("beta", beta)])))
        ],
        values: [NamedValue("mean", beta.reduce(0, +) / Double(beta.count))])
    }
  }

  func build(_ book: TemporaryBook, cache: URL?) throws -> BuildResult {
    let loaded = try Book.load(from: book.lessons, displayName: "Lessons")
    return Builder(
      registry: DirectiveRegistry([Counted.self]), jobs: 1,
      cache: cache.map { DirectiveCache(folder: $0) }
    ).build(loaded)
  }

  @Test func warmBuild_readsEveryOutputFromDisk_andEqualsTheColdBuild() throws {
    let book = try TemporaryBook(["01-cached.md": Self.lesson])
    let folder = book.root.appendingPathComponent("cache")
    let cold = try build(book, cache: nil)
    let before = Self.runs.value
    let filling = try build(book, cache: folder)
    #expect(Self.runs.value == before + 2)
    let warm = try build(book, cache: folder)
    #expect(Self.runs.value == before + 2, "a warm build ran a directive")
    #expect(warm.files == cold.files)
    #expect(filling.files == cold.files)
    let entries = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(entries.filter { $0.hasSuffix(".output") }.count == 2)
    // The chart gallery is drawn once per binary and kept too.
    #expect(entries.filter { $0.hasSuffix(".text") }.count == 1)
    #expect(warm.files.first { $0.path == "gallery.html" }?.contents.count ?? 0 > 10_000)
  }

  @Test func changedOption_runsOnlyThatBlock() throws {
    let book = try TemporaryBook(["01-cached.md": Self.lesson])
    let folder = book.root.appendingPathComponent("cache")
    _ = try build(book, cache: folder)
    let before = Self.runs.value
    // 0.25 written as 0.250 is the same option: no run; a new caption is a new run.
    try book.write(
      "01-cached.md",
      Self.lesson.replacingOccurrences(of: "beta: [0.25]", with: "beta: [0.250]"))
    _ = try build(book, cache: folder)
    #expect(Self.runs.value == before)
    try book.write(
      "01-cached.md", Self.lesson.replacingOccurrences(of: "Another.", with: "Changed."))
    let changed = try build(book, cache: folder)
    #expect(Self.runs.value == before + 1)
    #expect(changed.errorCount == 0)
  }

  @Test func corruptOrForeignEntries_areIgnoredAndReplaced() throws {
    let book = try TemporaryBook(["01-cached.md": Self.lesson])
    let folder = book.root.appendingPathComponent("cache")
    let cold = try build(book, cache: folder)
    let entries = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".output") }.sorted()
    #expect(entries.count == 2)
    let first = folder.appendingPathComponent(entries[0])
    let second = folder.appendingPathComponent(entries[1])
    // One entry cut short, the other swapped for the first's bytes (a foreign key inside).
    let bytes = try Data(contentsOf: first)
    try bytes.prefix(bytes.count / 2).write(to: first)
    try Data(contentsOf: folder.appendingPathComponent(entries[1])).write(to: first)
    try bytes.write(to: second)
    let before = Self.runs.value
    let rebuilt = try build(book, cache: folder)
    #expect(Self.runs.value == before + 2)
    #expect(rebuilt.files == cold.files)
    // Both entries were rewritten under their own keys: the next build runs nothing.
    _ = try build(book, cache: folder)
    #expect(Self.runs.value == before + 2)
  }

  @Test func outputs_roundTripThroughTheirEncoding() throws {
    let output = try Demo().run(DirectiveContext(name: "x", caption: nil))
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let data = try encoder.encode(output)
    let back = try JSONDecoder().decode(DirectiveOutput.self, from: data)
    #expect(back.values == output.values)
    #expect(back.items.map(\.data) == output.items.map(\.data))
    #expect(try encoder.encode(back) == data)
  }
}
