import Foundation
import LessonKit

/// The per-lesson lines of `build` and `check`, and a live status line on a terminal.
enum Progress {
  /// On a terminal, a status line redrawn in place while the book builds; nil otherwise
  /// (plain output for logs and pipes).
  static var live: (@Sendable (BuildProgress) -> Void)? {
    guard Console.stdoutIsTerminal else { return nil }
    return { progress in
      let line = "\r\u{1B}[K  \(progress.stage.rawValue) \(progress.done)/\(progress.total)…"
      FileHandle.standardOutput.write(Data(line.utf8))
    }
  }

  /// Clears the status line before the results are printed.
  static func clearLive() {
    if Console.stdoutIsTerminal { FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8)) }
  }

  /// `[ 3/13] Lessons/03-ewa.md   2 directives   3 figures   13 frames   41 ms   38 KB   1 error`
  static func printLessons(_ result: BuildResult) {
    let count = result.lessons.count
    let width = String(count).count
    let pathWidth = result.lessons.map(\.path.count).max() ?? 0
    for (index, lesson) in result.lessons.enumerated() {
      let number = String(index + 1)
      var line = "[\(String(repeating: " ", count: width - number.count))\(number)/\(count)] "
      line += lesson.path + String(repeating: " ", count: pathWidth - lesson.path.count)
      line += "  " + pad(Console.count(lesson.directives, "directive"), 13)
      line += "  " + pad(Console.count(lesson.figures, "figure"), 10)
      if result.lessons.contains(where: { $0.frames > 0 }) {
        line += "  " + pad(lesson.frames > 0 ? Console.count(lesson.frames, "frame") : "", 10)
      }
      line +=
        "  "
        + pad(
          lesson.fromCache ? "cached" : String(format: "%.0f ms", lesson.milliseconds), 8,
          right: true)
      if lesson.pageBytes > 0 {
        line +=
          "  " + pad(String(format: "%.0f KB", Double(lesson.pageBytes) / 1024), 7, right: true)
      }
      let errors = lesson.diagnostics.filter { $0.severity == .error }.count
      let warnings = lesson.diagnostics.count - errors
      if errors > 0 { line += "  " + Console.count(errors, "error") }
      if warnings > 0 { line += "  " + Console.count(warnings, "warning") }
      Console.out(line)
    }
  }

  private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return right ? padding + text : text + padding
  }
}
