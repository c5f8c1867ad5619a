import Foundation
import Testing

/// Golden files for every test target: SVG figures, MathML formulas, command output.
///
/// As swift-argument-parser's snapshot helper does: when the file is missing, or
/// `RECORD_SNAPSHOTS=1` is set, the current output is written and the test FAILS, so that a
/// recording run is never green. On a mismatch the test fails with a line diff.
public enum Golden {
  public static var isRecording: Bool {
    ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
  }

  /// Compares `actual` with the file at `url` (which holds `actual` plus a final newline).
  /// `diffLines` splits a text into the lines the diff shows (e.g. one tag per line).
  public static func check(
    _ actual: String, against url: URL,
    diffLines: (String) -> [String] = {
      $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    },
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let stored = try? String(contentsOf: url, encoding: .utf8)
    guard !isRecording, let stored else {
      do {
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
        Issue.record(
          "Recorded golden file \(url.lastPathComponent); run the tests again without RECORD_SNAPSHOTS.",
          sourceLocation: sourceLocation)
      } catch {
        Issue.record("Cannot record \(url.path): \(error)", sourceLocation: sourceLocation)
      }
      return
    }
    let expected = stored.hasSuffix("\n") ? String(stored.dropLast()) : stored
    guard expected != actual else { return }
    Issue.record(
      """
      \(url.lastPathComponent) differs (- expected, + actual; RECORD_SNAPSHOTS=1 re-records):
      \(LineDiff.render(expected: diffLines(expected), actual: diffLines(actual)))
      """, sourceLocation: sourceLocation)
  }
}

/// A line diff (longest common subsequence) that keeps only changed lines and two lines of
/// context around them.
public enum LineDiff {
  public static func render(expected: [String], actual: [String], context: Int = 2) -> String {
    let n = expected.count
    let m = actual.count
    var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        lcs[i][j] =
          expected[i] == actual[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    var lines: [(changed: Bool, text: String)] = []
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n, j < m, expected[i] == actual[j] {
        lines.append((false, "  " + expected[i]))
        i += 1
        j += 1
      } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
        lines.append((true, "- " + expected[i]))
        i += 1
      } else {
        lines.append((true, "+ " + actual[j]))
        j += 1
      }
    }
    let changed = lines.indices.filter { lines[$0].changed }
    var out: [String] = []
    var last = -1
    for index in lines.indices
    where changed.contains(where: { abs($0 - index) <= context }) {
      if last >= 0, index > last + 1 { out.append("  …") }
      out.append(lines[index].text)
      last = index
    }
    return out.joined(separator: "\n")
  }
}
