import Foundation
import LessonKit
import LessonMarkdown

/// Everything `lessons` prints goes through here: results to stdout, diagnostics to stderr.
enum Console {
  /// Whether stderr is a terminal (diagnostics get colour).
  static let stderrIsTerminal = isatty(2) == 1
  /// Whether stdout is a terminal (progress is redrawn in place).
  static let stdoutIsTerminal = isatty(1) == 1

  static func out(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }

  static func error(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
  }

  static func warning(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
  }

  /// Prints diagnostics with source excerpts, errors and warnings alike.
  static func report(_ diagnostics: [Diagnostic], sources: [String: SourceText]) {
    let formatter = DiagnosticFormatter(colored: stderrIsTerminal)
    for diagnostic in diagnostics {
      let text = formatter.format(diagnostic, source: sources[diagnostic.path])
      FileHandle.standardError.write(Data((text + "\n").utf8))
    }
  }

  /// `1 error`, `2 warnings`.
  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
