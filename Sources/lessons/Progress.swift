import Foundation
import LessonKit

/// The per-lesson lines of `build` and `check`.
enum Progress {
  /// `[ 3/13] Lessons/03-ewa.md   2 directives   41 ms   38 KB   1 error`
  static func printLessons(_ result: BuildResult) {
    let count = result.lessons.count
    let width = String(count).count
    let pathWidth = result.lessons.map(\.path.count).max() ?? 0
    for (index, lesson) in result.lessons.enumerated() {
      let number = String(index + 1)
      var line = "[\(String(repeating: " ", count: width - number.count))\(number)/\(count)] "
      line += lesson.path + String(repeating: " ", count: pathWidth - lesson.path.count)
      line += "  " + pad(Console.count(lesson.directives, "directive"), 13)
      line += "  " + pad(String(format: "%.0f ms", lesson.milliseconds), 8, right: true)
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
