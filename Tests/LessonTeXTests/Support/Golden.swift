import Foundation
import LessonTestSupport
import Testing

/// The expected MathML of each formula, one file per formula, beside the tests; checked with
/// the shared `Golden` helper (recorded on purpose only), diffed one tag per line.
enum TeXGolden {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Support
    .deletingLastPathComponent()  // LessonTeXTests
    .appendingPathComponent("Golden")

  static func url(_ name: String) -> URL { directory.appendingPathComponent(name + ".mathml") }

  static func expect(
    _ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    Golden.check(actual, against: url(name), diffLines: indented, sourceLocation: sourceLocation)
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
