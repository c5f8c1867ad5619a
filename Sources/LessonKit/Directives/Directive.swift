import LessonMarkdown
import LessonMarkup

/// A directive: a fenced ```` ```{name} ```` block of YAML options, replaced in the page by
/// figures, tables and named values computed from those options.
///
/// A directive is a struct whose stored properties are its `@Option`s. `run` is a pure
/// function of them: the same options give the same output, on any thread, in any order.
///
/// Adding a directive is one file in `LessonDirectives`, one line in its registry list, and
/// one fixture test.
public protocol Directive: Sendable {
  /// The name used in lessons: ```` ```{ewa} ````.
  static var name: String { get }
  /// One line for `lessons directives`.
  static var summary: String { get }
  /// The named values `run` publishes, for `{value}` and `{expect}` (documentation).
  static var publishedValues: [ValueDeclaration] { get }

  /// Creates the directive; its `@Option`s read the block being resolved.
  init()

  /// Computes the directive's figures, tables and values.
  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput
}

extension Directive {
  public static var publishedValues: [ValueDeclaration] { [] }
}

/// A named value a directive publishes, e.g. `window[β]` of `{ewa}`.
public struct ValueDeclaration: Sendable, Equatable {
  /// The key after the directive's name, e.g. `window[β]` (a pattern) or `final-loss`.
  public var key: String
  public var help: String

  public init(_ key: String, _ help: String) {
    self.key = key
    self.help = help
  }
}

/// What a directive knows about where it runs.
public struct DirectiveContext: Sendable {
  /// The block's `name` option, or a generated one (`ewa-1`): unique in its lesson.
  public var name: String
  /// The author's `caption`, if any (Markdown with `$…$` math).
  public var caption: String?
  /// How many threads the directive may use for independent parts of its run (the build's
  /// `--jobs`); its output must not depend on it.
  public var jobs: Int

  public init(name: String, caption: String?, jobs: Int = 1) {
    self.name = name
    self.caption = caption
    self.jobs = max(1, jobs)
  }
}

/// A failure of a directive's run, shown in place of its output and reported as an error.
public struct DirectiveError: Error, Sendable, Equatable {
  public var message: String
  /// The option the failure is about: the diagnostic points at it.
  public var option: String?

  public init(_ message: String, option: String? = nil) {
    self.message = message
    self.option = option
  }
}
