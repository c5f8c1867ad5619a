import LessonMarkdown
import LessonMarkup

/// Declares a directive option — its name, type, default, allowed range and help — once.
///
/// ```swift
/// struct EWA: Directive {
///   @Option("beta", range: .open(0, 1), help: "Averaging weights β, one curve each.")
///   var beta: [Double] = [0.5, 0.9, 0.98]
/// }
/// ```
///
/// That declaration validates a lesson's YAML (type, range, unknown names with "did you
/// mean"), supplies the typed value, and documents the option in `lessons directives` and
/// in the generated reference page. The value is read when the directive is created:
/// `DirectiveSchema.resolve` creates it inside an `OptionResolution` that holds the block's
/// options; created anywhere else, every option has its default.
@propertyWrapper
public struct Option<Value: OptionValue>: Sendable {
  public let wrappedValue: Value

  /// - Parameter symbol: how the option is written in formulas and labels, e.g. "β₁" (the
  ///   slider of an explorable figure says "β₁ = 0.9"); nil: its name.
  public init(
    wrappedValue defaultValue: Value, _ name: String, symbol: String? = nil,
    range: NumberRange? = nil, help: String
  ) {
    let declaration = OptionDeclaration(
      name: name, type: Value.typeDescription, defaultText: defaultValue.optionText,
      range: range, help: help, symbol: symbol,
      integral: Value.self is Int.Type || Value.self is [Int].Type || Value.self is Int?.Type)
    wrappedValue =
      OptionResolution.current?.value(declaration, default: defaultValue, range: range)
      ?? defaultValue
  }
}

/// What a directive says about one option: shown by `lessons directives NAME`.
public struct OptionDeclaration: Sendable, Equatable {
  public var name: String
  public var type: String
  public var defaultText: String
  public var range: NumberRange?
  public var help: String
  /// How the option is written in labels ("β₁"); nil: its name.
  public var symbol: String? = nil
  /// Whether its values are integers (an explored range is rounded to integers).
  public var integral: Bool = false
}

/// The options of one directive block while the directive is being created.
///
/// It is reached through a task-local value, so `Option` initializers can read the block's
/// YAML without the directive passing anything along. One resolution is used by one thread.
final class OptionResolution: @unchecked Sendable {
  @TaskLocal static var current: OptionResolution?

  let entries: [String: YAMLEntry]
  private(set) var declarations: [OptionDeclaration] = []
  private(set) var problems: [OptionProblem] = []
  /// Every option's resolved value (defaults too), in declaration order: what the
  /// directive's run depends on (written out only for a cache key: `cacheText`).
  private(set) var values: [(name: String, value: any OptionValue)] = []

  /// The resolved values, one `name: cacheText` line each.
  static func cacheText(_ values: [(name: String, value: any OptionValue)]) -> String {
    values.map { $0.name + ": " + $0.value.cacheText }.joined(separator: "\n")
  }

  init(entries: [YAMLEntry]) {
    self.entries = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
  }

  /// Creates a directive of `type` from `entries`: its declarations and the problems found.
  static func resolve(_ type: any Directive.Type, _ entries: [YAMLEntry]) -> (
    any Directive, OptionResolution
  ) {
    let resolution = OptionResolution(entries: entries)
    let directive = $current.withValue(resolution) { type.init() }
    return (directive, resolution)
  }

  func value<Value: OptionValue>(
    _ declaration: OptionDeclaration, default defaultValue: Value, range: NumberRange?
  ) -> Value {
    declarations.append(declaration)
    let value = read(declaration, default: defaultValue, range: range)
    values.append((declaration.name, value))
    return value
  }

  private func read<Value: OptionValue>(
    _ declaration: OptionDeclaration, default defaultValue: Value, range: NumberRange?
  ) -> Value {
    guard let entry = entries[declaration.name] else { return defaultValue }
    do throws(OptionProblem) {
      if entry.value.isNull && !(Value.self is any ExpressibleByNilLiteral.Type) {
        throw OptionProblem(
          "needs a value (\(Value.typeDescription)); the default is \(declaration.defaultText)",
          at: entry.value)
      }
      return try Value.decode(entry.value, range: range)
    } catch {
      problems.append(
        OptionProblem("'\(declaration.name)' \(error.message)", at: error.node, notes: error.notes))
      return defaultValue
    }
  }
}
