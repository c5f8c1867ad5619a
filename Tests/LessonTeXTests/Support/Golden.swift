import Foundation
import Testing

/// Golden files: the expected MathML of each formula, one file per formula, beside the tests.
///
/// Like swift-argument-parser's snapshot helper: a missing file, or `RECORD_SNAPSHOTS=1` in
/// the environment, records the current output and then *fails*, so that a recording run is
/// never green. A mismatch fails with a line diff of the indented markup.
enum Golden {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Support
    .deletingLastPathComponent()  // LessonTeXTests
    .appendingPathComponent("Golden")

  static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

  static func url(_ name: String) -> URL { directory.appendingPathComponent(name + ".mathml") }

  static func expect(
    _ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let url = url(name)
    let stored = try? String(contentsOf: url, encoding: .utf8)
    if isRecording || stored == nil {
      do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
        Issue.record(
          "Recorded golden file \(url.lastPathComponent); run the tests again without RECORD_SNAPSHOTS.",
          sourceLocation: sourceLocation)
      } catch {
        Issue.record("Cannot record \(url.path): \(error)", sourceLocation: sourceLocation)
      }
      return
    }
    let expected = String(stored!.dropLast(stored!.hasSuffix("\n") ? 1 : 0))
    guard expected != actual else { return }
    Issue.record(
      """
      MathML differs from \(url.lastPathComponent) (- expected, + actual; \
      RECORD_SNAPSHOTS=1 re-records):
      \(LineDiff.render(expected: indented(expected), actual: indented(actual)))
      """, sourceLocation: sourceLocation)
  }

  /// The markup with one tag per line, indented by depth, for readable diffs. An element
  /// holding only text stays on one line (`<mi>x</mi>`).
  static func indented(_ markup: String) -> [String] {
    enum Piece {
      case open(String), close(String), empty(String), text(String)
    }
    var pieces: [Piece] = []
    var index = markup.startIndex
    while index < markup.endIndex {
      if markup[index] == "<", let close = markup[index...].firstIndex(of: ">") {
        let tag = String(markup[index...close])
        pieces.append(
          tag.hasPrefix("</") ? .close(tag) : tag.hasSuffix("/>") ? .empty(tag) : .open(tag))
        index = markup.index(after: close)
      } else {
        let end = markup[markup.index(after: index)...].firstIndex(of: "<") ?? markup.endIndex
        pieces.append(.text(String(markup[index..<end])))
        index = end
      }
    }
    var lines: [String] = []
    var depth = 0
    var i = 0
    while i < pieces.count {
      let indent = String(repeating: "  ", count: depth)
      switch pieces[i] {
      case .open(let tag):
        if i + 2 < pieces.count, case .text(let text) = pieces[i + 1],
          case .close(let end) = pieces[i + 2]
        {
          lines.append(indent + tag + text + end)
          i += 3
          continue
        }
        if i + 1 < pieces.count, case .close(let end) = pieces[i + 1] {
          lines.append(indent + tag + end)
          i += 2
          continue
        }
        lines.append(indent + tag)
        depth += 1
      case .close(let tag):
        depth -= 1
        lines.append(String(repeating: "  ", count: max(depth, 0)) + tag)
      case .empty(let tag), .text(let tag):
        lines.append(indent + tag)
      }
      i += 1
    }
    return lines
  }
}

/// A minimal line diff (longest common subsequence), enough for golden files.
enum LineDiff {
  static func render(expected: [String], actual: [String]) -> String {
    let n = expected.count
    let m = actual.count
    var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        lcs[i][j] =
          expected[i] == actual[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    var out: [String] = []
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n, j < m, expected[i] == actual[j] {
        out.append("  " + expected[i])
        i += 1
        j += 1
      } else if j < m, i == n || lcs[i][j + 1] >= lcs[i + 1][j] {
        out.append("+ " + actual[j])
        j += 1
      } else {
        out.append("- " + expected[i])
        i += 1
      }
    }
    return out.joined(separator: "\n")
  }
}
