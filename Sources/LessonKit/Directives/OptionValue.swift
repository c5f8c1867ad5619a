import LessonMarkdown
import LessonMarkup

/// A type a directive option can have: read from a YAML node, described for the reference.
public protocol OptionValue: Sendable {
  /// What the value is, for messages and the reference: "a number", "a list of numbers".
  static var typeDescription: String { get }
  /// Reads a value; numbers are checked against `range` (element by element for lists).
  static func decode(_ node: YAMLNode, range: NumberRange?) throws(OptionProblem) -> Self
  /// How the value is written in a lesson (for defaults in the reference): `[0.5, 0.9]`.
  var optionText: String { get }
  /// The value exactly and unambiguously, for the build cache's keys: numbers to the last
  /// bit, text quoted, two different values never one text.
  var cacheText: String { get }
}

/// Why an option's value was rejected, and which node of the YAML to point at.
public struct OptionProblem: Error, Sendable {
  public var message: String
  public var node: YAMLNode
  public var notes: [String]

  public init(_ message: String, at node: YAMLNode, notes: [String] = []) {
    self.message = message
    self.node = node
    self.notes = notes
  }
}

/// An interval of allowed numbers, such as (0, 1) or [1, 10000].
public struct NumberRange: Sendable, Equatable, CustomStringConvertible {
  public var lower: Double
  public var upper: Double
  public var includesLower: Bool
  public var includesUpper: Bool

  public init(lower: Double, upper: Double, includesLower: Bool, includesUpper: Bool) {
    self.lower = lower
    self.upper = upper
    self.includesLower = includesLower
    self.includesUpper = includesUpper
  }

  /// (a, b)
  public static func open(_ a: Double, _ b: Double) -> NumberRange {
    NumberRange(lower: a, upper: b, includesLower: false, includesUpper: false)
  }

  /// [a, b]
  public static func closed(_ a: Double, _ b: Double) -> NumberRange {
    NumberRange(lower: a, upper: b, includesLower: true, includesUpper: true)
  }

  /// (0, ∞)
  public static let positive = NumberRange(
    lower: 0, upper: .infinity, includesLower: false, includesUpper: false)
  /// [0, ∞)
  public static let nonNegative = NumberRange(
    lower: 0, upper: .infinity, includesLower: true, includesUpper: false)

  /// [a, ∞)
  public static func atLeast(_ a: Double) -> NumberRange {
    NumberRange(lower: a, upper: .infinity, includesLower: true, includesUpper: false)
  }

  public func contains(_ x: Double) -> Bool {
    (includesLower ? x >= lower : x > lower) && (includesUpper ? x <= upper : x < upper)
  }

  /// `(0, 1)`, `[1, 10000]`, `(0, ∞)`.
  public var description: String {
    let a = lower == -.infinity ? "−∞" : NumberFormat.ascii(lower)
    let b = upper == .infinity ? "∞" : NumberFormat.ascii(upper)
    return "\(includesLower ? "[" : "(")\(a), \(b)\(includesUpper ? "]" : ")")"
  }

  func check(_ value: Double, _ node: YAMLNode) throws(OptionProblem) {
    guard contains(value) else {
      throw OptionProblem("must be in \(self), got \(NumberFormat.ascii(value))", at: node)
    }
  }
}

extension Double: OptionValue {
  public static var typeDescription: String { "a number" }

  public static func decode(_ node: YAMLNode, range: NumberRange?) throws(OptionProblem)
    -> Double
  {
    guard case .scalar(let text, plain: true) = node.value, let value = Double(text) else {
      throw OptionProblem("must be a number, not \(node.kindDescription)", at: node)
    }
    guard value.isFinite else { throw OptionProblem("must be a finite number", at: node) }
    try range?.check(value, node)
    return value
  }

  public var optionText: String { NumberFormat.ascii(self) }
  public var cacheText: String { description }  // the shortest text that reads back exactly
}

extension Int: OptionValue {
  public static var typeDescription: String { "an integer" }

  public static func decode(_ node: YAMLNode, range: NumberRange?) throws(OptionProblem) -> Int {
    guard case .scalar(let text, plain: true) = node.value, let value = Int(text) else {
      throw OptionProblem("must be an integer, not \(node.kindDescription)", at: node)
    }
    try range?.check(Double(value), node)
    return value
  }

  public var optionText: String { String(self) }
  public var cacheText: String { String(self) }
}

extension Bool: OptionValue {
  public static var typeDescription: String { "true or false" }

  public static func decode(_ node: YAMLNode, range: NumberRange?) throws(OptionProblem) -> Bool {
    switch node.value {
    case .scalar("true", plain: true): return true
    case .scalar("false", plain: true): return false
    default: throw OptionProblem("must be true or false, not \(node.kindDescription)", at: node)
    }
  }

  public var optionText: String { self ? "true" : "false" }
  public var cacheText: String { optionText }
}

extension String: OptionValue {
  public static var typeDescription: String { "text" }

  public static func decode(_ node: YAMLNode, range: NumberRange?) throws(OptionProblem)
    -> String
  {
    guard let text = node.scalar, !node.isNull else {
      throw OptionProblem("must be text, not \(node.kindDescription)", at: node)
    }
    return text
  }

  public var optionText: String { self.isEmpty ? "\"\"" : self }
  public var cacheText: String { debugDescription }  // quoted, escaped
}

extension Array: OptionValue where Element: OptionValue {
  public static var typeDescription: String {
    let element = Element.typeDescription
    // "one of a, b, c" has no plural: say "a list, each one of a, b, c".
    if element.hasPrefix("one of ") { return "a list, each \(element) (at most \(maximumCount))" }
    let noun =
      element.hasPrefix("an ")
      ? element.dropFirst(3) : element.hasPrefix("a ") ? element.dropFirst(2) : Substring(element)
    return "a list of \(noun)s (at most \(maximumCount))"
  }

  /// The longest list an option takes: every value is a curve, a run or a row to compute,
  /// and a lesson never needs more (10,000 betas of `{ewa}` took 69 s and 690 MB).
  public static var maximumCount: Int { 64 }

  /// A single value is read as a list of one (`beta: 0.9` means `beta: [0.9]`).
  public static func decode(_ node: YAMLNode, range: NumberRange?) throws(OptionProblem)
    -> [Element]
  {
    guard case .sequence(let items) = node.value else {
      return [try Element.decode(node, range: range)]
    }
    guard !items.isEmpty else { throw OptionProblem("must not be an empty list", at: node) }
    guard items.count <= maximumCount else {
      throw OptionProblem(
        "takes at most \(maximumCount) values, not \(items.count)", at: items[maximumCount])
    }
    var values: [Element] = []
    for item in items { values.append(try Element.decode(item, range: range)) }
    return values
  }

  public var optionText: String { "[" + map { $0.optionText }.joined(separator: ", ") + "]" }
  public var cacheText: String { "[" + map { $0.cacheText }.joined(separator: ", ") + "]" }
}

extension Optional: OptionValue where Wrapped: OptionValue {
  public static var typeDescription: String { Wrapped.typeDescription }

  public static func decode(_ node: YAMLNode, range: NumberRange?) throws(OptionProblem)
    -> Wrapped?
  {
    node.isNull ? nil : try Wrapped.decode(node, range: range)
  }

  public var optionText: String { self?.optionText ?? "none" }
  public var cacheText: String { self?.cacheText ?? "nil" }
}

/// An option whose value is one of a fixed set of names (`surface: rosenbrock`).
///
/// Conform an enum with `String` raw values; misspelt names get "did you mean".
public protocol OptionChoice: OptionValue, CaseIterable, RawRepresentable<String> {}

extension OptionChoice {
  public static var typeDescription: String {
    "one of " + allCases.map { $0.rawValue }.joined(separator: ", ")
  }

  public static func decode(_ node: YAMLNode, range: NumberRange?) throws(OptionProblem) -> Self {
    guard let text = node.scalar, !node.isNull else {
      throw OptionProblem("must be \(typeDescription), not \(node.kindDescription)", at: node)
    }
    if let value = Self(rawValue: text) { return value }
    let names = allCases.map { $0.rawValue }
    var notes = Spelling.didYouMean(text, among: names)
    notes.append("choose one of: \(names.joined(separator: ", "))")
    throw OptionProblem("unknown value '\(text)'", at: node, notes: notes)
  }

  public var optionText: String { rawValue }
  public var cacheText: String { rawValue }
}

/// A point of the plane, written `[x, y]`.
public struct Point: OptionValue, Equatable {
  public var x: Double
  public var y: Double

  public init(_ x: Double, _ y: Double) {
    self.x = x
    self.y = y
  }

  public static var typeDescription: String { "a point [x, y]" }

  public static func decode(_ node: YAMLNode, range: NumberRange?) throws(OptionProblem) -> Point {
    guard case .sequence(let items) = node.value, items.count == 2 else {
      throw OptionProblem("must be a point [x, y], not \(node.kindDescription)", at: node)
    }
    return Point(
      try Double.decode(items[0], range: range), try Double.decode(items[1], range: range))
  }

  public var optionText: String { "[\(x.optionText), \(y.optionText)]" }
  public var cacheText: String { "[\(x.cacheText), \(y.cacheText)]" }
}
