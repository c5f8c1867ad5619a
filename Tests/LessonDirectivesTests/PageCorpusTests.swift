import Foundation
import LessonKit
import LessonMarkdown
import Testing

@testable import LessonDirectives

/// The books of `Tests/Corpus`, written as Jupyter Book (MyST) and mdBook authors write them,
/// built into a temporary folder and checked on their HTML (see `Tests/Corpus/README.md`).
///
/// Beside each `NAME.md` is `NAME.expect`, one line each:
/// - `fragment`: HTML that must appear in the page the lesson becomes;
/// - `!fragment`: HTML that must not appear;
/// - `warning: text`: a warning about this file whose message contains `text` (any other
///   warning, and every error, fails the build);
/// - empty lines and lines starting with `#` are ignored.
///
/// `SUMMARY.expect` checks the table of contents, `index.html`.
@Suite struct PageCorpusTests {
  static let corpus = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpus")

  /// What one `.expect` file asks of one page.
  struct Expectation {
    var present: [String] = []
    var absent: [String] = []
    var warnings: [String] = []

    init(_ text: String) {
      for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
        if line.hasPrefix("#") || line.allSatisfy(\.isWhitespace) { continue }
        if line.hasPrefix("warning:") {
          warnings.append(line.dropFirst("warning:".count).trimmingCharacters(in: .whitespaces))
        } else if line.hasPrefix("!") {
          absent.append(String(line.dropFirst()))
        } else {
          present.append(String(line))
        }
      }
    }
  }

  @Test(arguments: ["myst", "mdbook"])
  func book_buildsWithoutDiagnostics_andRendersEveryExpectedFragment(_ name: String) throws {
    let folder = Self.corpus.appendingPathComponent(name)
    let displayName = "Tests/Corpus/\(name)"
    let book = try Book.load(from: folder, displayName: displayName)
    let result = Builder(registry: .standard, jobs: 2).build(book)
    let output = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lessons-corpus-\(name)-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: output) }
    _ = try OutputWriter(directory: output).write(result.files)

    // Every source file, with the page it becomes and what its `.expect` file asks.
    var pages = Dictionary(uniqueKeysWithValues: result.lessons.map { ($0.path, $0.page) })
    pages[displayName + "/" + Book.summaryFile] = "index.html"
    var expectations: [String: Expectation] = [:]
    for source in try Self.markdownFiles(in: folder) {
      let path = displayName + "/" + source
      let expect = folder.appendingPathComponent(String(source.dropLast(3)) + ".expect")
      guard let text = try? String(contentsOf: expect, encoding: .utf8) else {
        Issue.record("\(path) has no .expect file beside it")
        continue
      }
      guard pages[path] != nil else {
        Issue.record("\(path) did not become a page")
        continue
      }
      expectations[path] = Expectation(text)
    }
    #expect(expectations.count > 3, "\(displayName) holds too few pages to be a corpus")

    // Errors fail; a warning fails unless its file declares it.
    let formatter = DiagnosticFormatter()
    var declared = expectations.mapValues(\.warnings)
    for diagnostic in result.diagnostics {
      let expected = declared[diagnostic.path]?.firstIndex { diagnostic.message.contains($0) }
      if diagnostic.severity == .warning, let expected {
        declared[diagnostic.path]?.remove(at: expected)
        continue
      }
      Issue.record("\(formatter.format(diagnostic, source: result.sources[diagnostic.path]))")
    }
    for (path, missing) in declared.sorted(by: { $0.key < $1.key }) {
      for warning in missing { Issue.record("\(path): expected a warning '\(warning)'") }
    }

    for (path, expectation) in expectations.sorted(by: { $0.key < $1.key }) {
      let page = pages[path]!
      let html = try String(contentsOf: output.appendingPathComponent(page), encoding: .utf8)
      for fragment in expectation.present where !html.contains(fragment) {
        Issue.record(
          "\(path) → \(page): missing \(fragment)\nnearest:\n\(Self.nearest(fragment, in: html))")
      }
      for fragment in expectation.absent {
        guard let range = html.range(of: fragment) else { continue }
        Issue.record(
          "\(path) → \(page): must not contain \(fragment)\nfound:\n\(Self.around(range, in: html))"
        )
      }
    }
  }

  /// The `.md` files under `folder`, as paths relative to it.
  static func markdownFiles(in folder: URL) throws -> [String] {
    let root = folder.standardizedFileURL.path + "/"
    let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    return (files?.allObjects as? [URL] ?? [])
      .map { $0.standardizedFileURL.path }
      .filter { $0.hasSuffix(".md") && $0.hasPrefix(root) }
      .map { String($0.dropFirst(root.count)) }
      .sorted()
  }

  /// The page around the longest start of `fragment` that the page holds.
  static func nearest(_ fragment: String, in html: String) -> String {
    var prefix = Substring(fragment)
    while !prefix.isEmpty {
      if let range = html.range(of: prefix) { return around(range, in: html) }
      prefix = prefix.dropLast()
    }
    return "(not even its first character)"
  }

  static func around(_ range: Range<String.Index>, in html: String) -> String {
    let start = html.index(range.lowerBound, offsetBy: -80, limitedBy: html.startIndex)
    let end = html.index(range.lowerBound, offsetBy: 320, limitedBy: html.endIndex)
    return String(html[(start ?? html.startIndex)..<(end ?? html.endIndex)])
  }
}
