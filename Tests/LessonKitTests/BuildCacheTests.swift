import Foundation
@testable import LessonKit
import LessonPlot
import Testing

/// The persistent build cache: directive outputs keyed by canonical options, and pages keyed
/// by their source and what they read from the book; reused across processes (here: across
/// cache objects on one folder), never trusted when damaged.
@Suite(.serialized) struct BuildCacheTests {
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

  /// Runs of the counting directive: the cache must spare them.
  static let runs = LockedCount()

  struct Counted: Directive {
    static let name = "demo"
    static let summary = "Demo, counting its runs."
    @Option("beta", range: .open(0, 1), help: "Weights.")
    var beta: [Double] = [0.9]

    func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
      BuildCacheTests.runs.add()
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
      cache: cache.map { BuildCache(folder: $0) }
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
    let entries = try FileManager.default.contentsOfDirectory(atPath: entryFolder(folder).path)
    #expect(entries.filter { $0.hasSuffix(".output") }.count == 2)
    // The chart gallery is drawn once per binary and kept too.
    #expect(entries.filter { $0.hasSuffix(".text") }.count == 1)
    #expect(warm.files.first { $0.path == "gallery.html" }?.contents.count ?? 0 > 10_000)
  }

  @Test func newBinary_removesAllButTheMostRecentOtherBinarysEntries_andNothingElse() throws {
    let book = try TemporaryBook(["01-cached.md": Self.lesson])
    let folder = book.root.appendingPathComponent("cache")
    let manager = FileManager.default
    let entry = String(repeating: "0", count: 32) + ".output"
    let older = String(repeating: "a", count: 40)
    let recent = String(repeating: "b", count: 40)
    for (name, age) in [(older, 7200.0), (recent, 60.0)] {
      let other = folder.appendingPathComponent(name)
      try manager.createDirectory(at: other, withIntermediateDirectories: true)
      try Data("x".utf8).write(to: other.appendingPathComponent(entry))
      try manager.setAttributes(
        [.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: other.path)
    }
    // An entry of the layout before folders per binary goes; what the cache did not make
    // stays: a file, a folder, and an old folder named like a build id that holds more.
    try Data("x".utf8).write(to: folder.appendingPathComponent(entry))
    try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
    try manager.createDirectory(
      at: folder.appendingPathComponent("mine"), withIntermediateDirectories: true)
    let kept = folder.appendingPathComponent(String(repeating: "c", count: 40))
    try manager.createDirectory(at: kept, withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: kept.appendingPathComponent("notes.txt"))
    try manager.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -9000)], ofItemAtPath: kept.path)
    _ = try build(book, cache: folder)
    let current = entryFolder(folder).lastPathComponent
    #expect(
      try manager.contentsOfDirectory(atPath: folder.path).sorted()
        == [current, recent, kept.lastPathComponent, "mine", "notes.txt"].sorted())
    #expect(try manager.contentsOfDirectory(atPath: entryFolder(folder).path).count > 2)
  }

  @Test func entryAndBinaryFolderNames_areRecognized() {
    #expect(BuildCache.isEntryFileName(String(repeating: "f", count: 32) + ".page"))
    #expect(BuildCache.isEntryFileName("." + String(repeating: "1", count: 32) + ".renders.tmp-42"))
    #expect(!BuildCache.isEntryFileName(String(repeating: "f", count: 32) + ".txt"))
    #expect(!BuildCache.isEntryFileName("notes.page"))
    #expect(!BuildCache.isEntryFileName(String(repeating: "F", count: 32) + ".page"))
    #expect(BuildCache.isBinaryFolderName(String(repeating: "a", count: 40)))
    #expect(BuildCache.isBinaryFolderName("unversioned-123"))
    #expect(!BuildCache.isBinaryFolderName("unversioned-x"))
    #expect(!BuildCache.isBinaryFolderName("mine"))
  }

  @Test func editsOfALesson_keepOnePageOfIt_andAnEarlierVersionIsRenderedAgain() throws {
    let book = try TemporaryBook(["01-cached.md": Self.lesson])
    let folder = book.root.appendingPathComponent("cache")
    for word in ["one", "two", "three"] {
      try book.write("01-cached.md", Self.lesson + "\n\(word)\n")
      #expect(try build(book, cache: folder).lessons.map(\.fromCache) == [false])
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: entryFolder(folder).path)
    for kind in [".page", ".facts", ".renders"] {
      #expect(names.filter { $0.hasSuffix(kind) }.count == 1, "\(kind)")
    }
    #expect(try build(book, cache: folder).lessons.map(\.fromCache) == [true])
    // The slot holds the last version only: the first is made again, and equals a cold build.
    try book.write("01-cached.md", Self.lesson + "\none\n")
    let again = try build(book, cache: folder)
    #expect(again.lessons.map(\.fromCache) == [false])
    #expect(again.files == (try build(book, cache: nil)).files)
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
    // A value one bit away is another option: a run. The default written out is the default.
    try book.write(
      "01-cached.md",
      Self.lesson.replacingOccurrences(of: "beta: [0.25]", with: "beta: [0.25000000000000006]"))
    _ = try build(book, cache: folder)
    #expect(Self.runs.value == before + 2)
    try book.write("02-defaults.md", "# Defaults\n\n```{demo}\nname: d\n```\n")
    _ = try build(book, cache: folder)
    #expect(Self.runs.value == before + 3)
    try book.write("02-defaults.md", "# Defaults\n\n```{demo}\nname: d\nbeta: [0.90]\n```\n")
    _ = try build(book, cache: folder)
    #expect(Self.runs.value == before + 3, "[0.90] is the default [0.9]: no run")
  }

  @Test func corruptOrForeignEntries_areIgnoredAndReplaced() throws {
    let book = try TemporaryBook(["01-cached.md": Self.lesson])
    let folder = book.root.appendingPathComponent("cache")
    let cold = try build(book, cache: folder)
    let entries = try FileManager.default.contentsOfDirectory(atPath: entryFolder(folder).path)
      .filter { $0.hasSuffix(".output") }.sorted()
    #expect(entries.count == 2)
    let first = entryFolder(folder).appendingPathComponent(entries[0])
    let second = entryFolder(folder).appendingPathComponent(entries[1])
    // The pages must be rendered again to need the outputs.
    try removeEntries(".page", in: folder)
    // One entry cut short, the other swapped for the first's bytes (a foreign key inside).
    let bytes = try Data(contentsOf: first)
    try bytes.prefix(bytes.count / 2).write(to: first)
    try Data(contentsOf: second).write(to: first)
    try bytes.write(to: second)
    let before = Self.runs.value
    let rebuilt = try build(book, cache: folder)
    #expect(Self.runs.value == before + 2)
    #expect(rebuilt.files == cold.files)
    // Both entries were rewritten under their own keys: the next build runs nothing.
    try removeEntries(".page", in: folder)
    _ = try build(book, cache: folder)
    #expect(Self.runs.value == before + 2)
  }

  func removeEntries(_ suffix: String, in folder: URL) throws {
    let entries = entryFolder(folder)
    for name in try FileManager.default.contentsOfDirectory(atPath: entries.path)
    where name.hasSuffix(suffix) {
      try FileManager.default.removeItem(at: entries.appendingPathComponent(name))
    }
  }

  /// This binary's entries in the cache `folder`.
  func entryFolder(_ folder: URL) -> URL { BuildCache(folder: folder).entryFolder! }

  static let citing = """
    # Citing

    Prose that cites {eq}`02-cited.md#rule` from the other lesson.

    ```{demo}
    name: here
    beta: [0.5]
    ```
    """

  static let cited = """
    # Cited

    $$x_{t+1} = x_t - \\alpha g_t$$ (rule)

    Some prose, quick and short.
    """

  @Test func proseEdit_rendersOnlyThatLesson_andEqualsAColdBuild() throws {
    let book = try TemporaryBook(["01-citing.md": Self.citing, "02-cited.md": Self.cited])
    let folder = book.root.appendingPathComponent("cache")
    _ = try build(book, cache: folder)
    try book.write("02-cited.md", Self.cited.replacingOccurrences(of: "quick", with: "fast"))
    let before = Self.runs.value
    let warm = try build(book, cache: folder)
    #expect(warm.lessons.map(\.fromCache) == [true, false])
    #expect(Self.runs.value == before, "an unchanged page ran its directive")
    #expect(warm.files == (try build(book, cache: nil)).files)
    // Nothing changed since: every page comes from the cache.
    #expect(try build(book, cache: folder).lessons.map(\.fromCache) == [true, true])
  }

  /// The charts a lesson's last render made are kept (`RenderMemo`): marked in the cache,
  /// they show on the page exactly while their inputs are unchanged.
  @Test func proseEdit_reusesTheLessonsCharts_untilTheirOptionsOrCaptionsChange() throws {
    let book = try TemporaryBook(["01-cached.md": Self.lesson])
    let folder = book.root.appendingPathComponent("cache")
    let first = try build(book, cache: folder)
    #expect(book.file("01-cached.html", in: first)?.components(separatedBy: "<svg").count == 3)
    let memos = try FileManager.default.contentsOfDirectory(atPath: entryFolder(folder).path)
      .filter { $0.hasSuffix(".renders") }
    try #require(memos.count == 1)
    let memo = entryFolder(folder).appendingPathComponent(memos[0])
    var bytes = [UInt8](try Data(contentsOf: memo))
    let from = Array("<svg".utf8)
    let to = Array("<SVG".utf8)
    for start in bytes.indices.dropLast(from.count - 1)
    where bytes[start..<(start + from.count)].elementsEqual(from) {
      bytes.replaceSubrange(start..<(start + from.count), with: to)
    }
    try Data(bytes).write(to: memo)
    func marked(_ result: BuildResult) -> Int {
      (book.file("01-cached.html", in: result)?.components(separatedBy: "<SVG").count ?? 1) - 1
    }

    try book.write("01-cached.md", Self.lesson.replacingOccurrences(of: "mean is", with: "mean: "))
    #expect(marked(try build(book, cache: folder)) == 2)
    // A new option for the first block: its chart is drawn again, the second's is kept.
    let options = Self.lesson.replacingOccurrences(of: "[0.5, 0.9]", with: "[0.5, 0.8]")
    try book.write("01-cached.md", options)
    #expect(marked(try build(book, cache: folder)) == 1)
    // A new caption is the chart's title: drawn again.
    try book.write("01-cached.md", options.replacingOccurrences(of: "Another.", with: "Changed."))
    let changed = try build(book, cache: folder)
    #expect(marked(changed) == 0)
    #expect(changed.files == (try build(book, cache: nil)).files)
  }

  @Test func anotherLessonsEquationNumber_rendersTheCitingPageAgain() throws {
    let book = try TemporaryBook(["01-citing.md": Self.citing, "02-cited.md": Self.cited])
    let folder = book.root.appendingPathComponent("cache")
    let first = try build(book, cache: folder)
    #expect(book.file("01-citing.html", in: first)?.contains(">(1)</a>") == true)
    // A labelled equation before `rule` makes it (2): the citing page must say so.
    try book.write(
      "02-cited.md",
      Self.cited.replacingOccurrences(of: "# Cited\n", with: "# Cited\n\n$$y = 1$$ (first)\n"))
    let second = try build(book, cache: folder)
    #expect(second.lessons.map(\.fromCache) == [false, false])
    #expect(book.file("01-citing.html", in: second)?.contains(">(2)</a>") == true)
    #expect(second.files == (try build(book, cache: nil)).files)
  }

  @Test func anotherLessonsHeading_rendersTheReferringPageAgain() throws {
    let referring = "# Referring\n\nSee {ref}`sec-how` and {doc}`02-named`.\n"
    let named = "# Named\n\n(sec-how)=\n## How it works\n\nText.\n"
    let book = try TemporaryBook(["01-referring.md": referring, "02-named.md": named])
    let folder = book.root.appendingPathComponent("cache")
    let first = try build(book, cache: folder)
    #expect(first.errorCount == 0)
    #expect(book.file("01-referring.html", in: first)?.contains(">How it works</a>") == true)
    try book.write(
      "02-named.md",
      named.replacingOccurrences(of: "How it works", with: "How it runs")
        .replacingOccurrences(of: "# Named", with: "# Renamed"))
    let second = try build(book, cache: folder)
    #expect(second.lessons.map(\.fromCache) == [false, false])
    let page = book.file("01-referring.html", in: second) ?? ""
    #expect(page.contains(">How it runs</a>") && page.contains(">Renamed</a>"))
    #expect(second.files == (try build(book, cache: nil)).files)
  }

  @Test func cachedPage_stillCopiesTheImageAsItIsNow() throws {
    let lesson = "# Picture\n\n![A dot](dot.svg)\n"
    let book = try TemporaryBook(["01-picture.md": lesson, "dot.svg": "<svg>old</svg>"])
    let folder = book.root.appendingPathComponent("cache")
    _ = try build(book, cache: folder)
    try book.write("dot.svg", "<svg>new</svg>")
    let warm = try build(book, cache: folder)
    #expect(warm.lessons.map(\.fromCache) == [true])
    #expect(book.file("dot.svg", in: warm) == "<svg>new</svg>")
    try FileManager.default.removeItem(at: book.lessons.appendingPathComponent("dot.svg"))
    let missing = try build(book, cache: folder)
    #expect(missing.diagnostics.map(\.message) == ["no image file 'dot.svg' next to the lesson"])
  }

  @Test func pageWithAnError_isNotKept() throws {
    let lesson = "# Broken\n\n{value}`nothing.here`\n"
    let book = try TemporaryBook(["01-broken.md": lesson])
    let folder = book.root.appendingPathComponent("cache")
    _ = try build(book, cache: folder)
    let again = try build(book, cache: folder)
    #expect(again.lessons.map(\.fromCache) == [false])
    #expect(again.errorCount == 1)
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
