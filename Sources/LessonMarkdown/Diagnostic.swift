/// A problem found in a lesson, with where it is.
///
/// Parsing, resolving and executing never throw past a lesson: each stage appends
/// diagnostics to a list, and the build reports them all. `DiagnosticFormatter` (in LessonKit)
/// is the one place that turns them into text.
public struct Diagnostic: Error, Sendable, Equatable, Codable {
  public enum Severity: String, Sendable, Comparable, Codable {
    case warning, error

    public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
  }

  public var severity: Severity
  /// The path as the user should see it (e.g. `Lessons/03-ewa.md`).
  public var path: String
  /// Where the problem is; nil when it concerns the whole file (e.g. not UTF-8).
  public var location: SourceLocation?
  /// How many columns the problem spans (1 for a single caret).
  public var length: Int
  /// One sentence, starting in lower case, without a trailing period.
  public var message: String
  /// Extra lines such as "did you mean 'beta'?", printed after the source excerpt.
  public var notes: [String]

  public init(
    _ severity: Severity, path: String, at location: SourceLocation?, length: Int = 1,
    _ message: String, notes: [String] = []
  ) {
    self.severity = severity
    self.path = path
    self.location = location
    self.length = max(1, length)
    self.message = message
    self.notes = notes
  }

  public static func error(
    _ message: String, path: String, at location: SourceLocation?, length: Int = 1,
    notes: [String] = []
  ) -> Diagnostic {
    Diagnostic(.error, path: path, at: location, length: length, message, notes: notes)
  }

  public static func warning(
    _ message: String, path: String, at location: SourceLocation?, length: Int = 1,
    notes: [String] = []
  ) -> Diagnostic {
    Diagnostic(.warning, path: path, at: location, length: length, message, notes: notes)
  }
}
