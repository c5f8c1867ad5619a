import Foundation
import Testing

@testable import LessonKit

/// The writer never reaches outside the real output folder, never replaces a file it did not
/// write, records before it writes, and lets one writer at a time into a folder.
@Suite struct OutputWriterSafetyTests {
  private func text(_ url: URL) -> String? {
    FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
  }

  private func manifest(_ book: TemporaryBook) -> [String] {
    (text(book.output.appendingPathComponent(OutputWriter.manifestName)) ?? "")
      .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
  }

  @Test func manifestLines_throughALinkOrOutside_deleteNothing() throws {
    let book = try TemporaryBook()
    let home = book.root.appendingPathComponent("home")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    try Data("precious".utf8).write(to: home.appendingPathComponent("precious.txt"))
    let writer = OutputWriter(directory: book.output)
    _ = try writer.write([OutputFile(path: "a.html", text: "A")])
    try FileManager.default.createSymbolicLink(
      at: book.output.appendingPathComponent("evil"), withDestinationURL: home)
    try FileManager.default.createSymbolicLink(
      at: book.output.appendingPathComponent("link.txt"),
      withDestinationURL: home.appendingPathComponent("precious.txt"))
    let hostile = [
      "evil/precious.txt", "link.txt", "../home/precious.txt", home.path + "/precious.txt",
      "./evil/precious.txt", "evil//precious.txt", "a\0b",
    ]
    try Data(("# hostile\na.html\n" + hostile.joined(separator: "\n") + "\n").utf8)
      .write(to: book.output.appendingPathComponent(OutputWriter.manifestName))

    let summary = try writer.write([OutputFile(path: "b.html", text: "B")])

    #expect(text(home.appendingPathComponent("precious.txt")) == "precious")
    #expect(summary.removed == 1)  // a.html, and nothing else
    #expect(
      summary.ignoredManifestLines == [
        "../home/precious.txt", home.path + "/precious.txt", "./evil/precious.txt",
        "evil//precious.txt", "a\0b",
      ])
    // The link itself is not the writer's to delete either.
    #expect(
      (try? FileManager.default.destinationOfSymbolicLink(
        atPath: book.output.appendingPathComponent("link.txt").path)) != nil)
    #expect(manifest(book) == ["b.html"])
  }

  @Test func generatedFile_underALinkedFolder_isRefused_andNothingIsWritten() throws {
    let book = try TemporaryBook()
    let elsewhere = book.root.appendingPathComponent("elsewhere")
    try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: book.output, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      at: book.output.appendingPathComponent("d"), withDestinationURL: elsewhere)
    #expect {
      try OutputWriter(directory: book.output, overwrite: true).write([
        OutputFile(path: "a.html", text: "A"), OutputFile(path: "d/e.csv", text: "1"),
      ])
    } throws: { error in
      "\(error)".contains("d/e.csv (d is not a folder but a file or a symbolic link)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    #expect(
      !FileManager.default.fileExists(atPath: book.output.appendingPathComponent("a.html").path))
  }

  @Test func foreignFiles_areNeverReplaced_unlessAllowed() throws {
    let book = try TemporaryBook()
    try FileManager.default.createDirectory(
      at: book.output.appendingPathComponent("data"), withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: book.output.appendingPathComponent("index.html"))
    try Data("mine".utf8).write(to: book.output.appendingPathComponent("data/t.csv"))
    try Data("same".utf8).write(to: book.output.appendingPathComponent("same.css"))
    let files = [
      OutputFile(path: "index.html", text: "site"), OutputFile(path: "data/t.csv", text: "1\n"),
      OutputFile(path: "same.css", text: "same"), OutputFile(path: "new.html", text: "new"),
    ]
    #expect {
      try OutputWriter(directory: book.output).write(files)
    } throws: { error in
      "\(error)".hasSuffix(
        "holds files that no earlier build wrote: index.html, data/t.csv; nothing was written. "
          + "Move them away, or pass --overwrite to replace them")
    }
    #expect(text(book.output.appendingPathComponent("index.html")) == "mine")
    #expect(text(book.output.appendingPathComponent("data/t.csv")) == "mine")
    #expect(
      !FileManager.default.fileExists(atPath: book.output.appendingPathComponent("new.html").path))
    #expect(manifest(book).isEmpty)

    let summary = try OutputWriter(directory: book.output, overwrite: true).write(files)
    #expect(summary.written == 3)
    #expect(summary.unchanged == 1)  // same bytes: claimed, not replaced
    #expect(text(book.output.appendingPathComponent("index.html")) == "site")
    // Now they are the build's own: the next build replaces them without asking.
    #expect(
      try OutputWriter(directory: book.output).write([OutputFile(path: "index.html", text: "v2")])
        .written == 1)
  }

  @Test func temporaryFiles_ofAKilledBuild_areSwept_besideOwnedNamesOnly() throws {
    let book = try TemporaryBook()
    let writer = OutputWriter(directory: book.output)
    _ = try writer.write([
      OutputFile(path: "a.html", text: "A"), OutputFile(path: "d/e.csv", text: "1"),
    ])
    for name in [
      ".a.html.tmp-4242", "d/.e.csv.tmp-17", "..lessons-manifest.tmp-9", ".notes.txt.tmp-5",
      ".a.html.tmp-x", "d/.other.csv.tmp-3",
    ] {
      try Data("half".utf8).write(to: book.output.appendingPathComponent(name))
    }
    let summary = try writer.write([OutputFile(path: "a.html", text: "A")])
    #expect(summary.swept == 3)
    let left = try FileManager.default.subpathsOfDirectory(atPath: book.output.path).sorted()
    #expect(
      left == [
        ".a.html.tmp-x", ".lessons-manifest", ".notes.txt.tmp-5", "a.html", "d",
        "d/.other.csv.tmp-3",
      ])
  }

  @Test func secondWriter_waitsForTheFirst() throws {
    let book = try TemporaryBook()
    try FileManager.default.createDirectory(at: book.output, withIntermediateDirectories: true)
    let holder = open(book.output.path, O_RDONLY | O_DIRECTORY)
    #expect(flock(holder, LOCK_EX) == 0)
    let waited = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)
    let output = book.output
    Thread.detachNewThread {
      _ = try? OutputWriter(directory: output).write(
        [OutputFile(path: "a.html", text: "A")], waiting: { waited.signal() })
      done.signal()
    }
    #expect(waited.wait(timeout: .now() + 10) == .success)
    Thread.sleep(forTimeInterval: 0.2)
    #expect(
      !FileManager.default.fileExists(atPath: book.output.appendingPathComponent("a.html").path))
    close(holder)
    #expect(done.wait(timeout: .now() + 10) == .success)
    #expect(text(book.output.appendingPathComponent("a.html")) == "A")
  }

  @Test func unsafePaths_includeNULAndLineBreaks() {
    #expect(!OutputWriter.isSafe("a\0b"))
    #expect(!OutputWriter.isSafe("a\nb"))
    #expect(!OutputWriter.isSafe("./a"))
    #expect(OutputWriter.isSafe(".hidden/a.csv"))
  }
}
