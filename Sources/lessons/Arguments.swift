import LessonMarkup

// How `lessons` reads its command line. Each command declares its options and arguments
// once (`CommandSpec`); `ParsedArguments` checks a command line against that declaration and
// `CommandSpec.help` prints it. Accepted: `--name value`, `--name=value`, flags, positional
// arguments, `--` (everything after it is positional) and `-h`/`--help` anywhere. Anything
// else is a usage error (exit code 2) with a suggestion where one is close.
//
// The command line used to be read by swift-argument-parser; its reflection over every
// command's properties cost ~6 ms of CPU at each start (conformance lookups scanning the
// whole binary), a third of an empty book's build.

/// An option of a command: `--name <value>` or, without a value name, a flag `--name`.
struct OptionSpec: Sendable {
  var name: String
  /// The value's name in help (`<folder>`); nil for a flag.
  var valueName: String?
  var help: String
  /// The default, shown in help.
  var defaultValue: String?

  static func option(
    _ name: String, value: String? = nil, default defaultValue: String? = nil, help: String
  ) -> OptionSpec {
    OptionSpec(name: name, valueName: value ?? name, help: help, defaultValue: defaultValue)
  }

  static func flag(_ name: String, help: String) -> OptionSpec {
    OptionSpec(name: name, valueName: nil, help: help, defaultValue: nil)
  }

  /// `--jobs <jobs>` or `--overwrite`.
  var synopsis: String { "--\(name)" + (valueName.map { " <\($0)>" } ?? "") }
}

/// A positional argument of a command.
struct ArgumentSpec: Sendable {
  enum Count: Sendable { case one, optional, any }
  var name: String
  var count: Count
  var help: String

  var synopsis: String {
    switch count {
    case .one: "<\(name)>"
    case .optional: "[<\(name)>]"
    case .any: "[<\(name)> ...]"
    }
  }
}

/// A command's declaration: what `ParsedArguments` accepts and what its help shows.
struct CommandSpec: Sendable {
  var name: String
  var abstract: String
  var discussion: String?
  var arguments: [ArgumentSpec] = []
  var options: [OptionSpec] = []

  static let helpLine = ("-h, --help", "Show help information.")

  /// `lessons build [--lessons <lessons>] …`.
  var usage: String {
    (["lessons", name] + arguments.map(\.synopsis) + options.map { "[\($0.synopsis)]" })
      .joined(separator: " ")
  }

  /// The usage line and where to read more, for the end of a usage error.
  var usageHint: String { "usage: \(usage)\n  See 'lessons \(name) --help' for more information." }

  var help: String {
    var text = "OVERVIEW: \(abstract)\n\n"
    if let discussion { text += HelpText.wrap(discussion, width: 80) + "\n\n" }
    text += "USAGE: \(usage)\n\n"
    if !arguments.isEmpty {
      text += "ARGUMENTS:\n"
      text += arguments.map { HelpText.row("<\($0.name)>", $0.help) }.joined()
      text += "\n"
    }
    text += "OPTIONS:\n"
    for option in options {
      text += HelpText.row(
        option.synopsis, option.help + (option.defaultValue.map { " (default: \($0))" } ?? ""))
    }
    text += HelpText.row(Self.helpLine.0, Self.helpLine.1)
    return text
  }
}

/// Help's two columns, wrapped at 80 characters.
enum HelpText {
  static let indent = 26

  /// `  --jobs <jobs>           How many …`, the help wrapped under itself.
  static func row(_ name: String, _ help: String) -> String {
    let lines = wrap(help, width: 80 - indent).split(
      separator: "\n", omittingEmptySubsequences: false)
    let padding = String(repeating: " ", count: indent)
    var head = "  " + name
    if head.count + 2 > indent {
      head += "\n" + padding
    } else {
      head += String(repeating: " ", count: indent - head.count)
    }
    return head + lines.joined(separator: "\n" + padding) + "\n"
  }

  /// `text` broken at spaces into lines of at most `width` characters (a longer word keeps
  /// a line of its own).
  static func wrap(_ text: String, width: Int) -> String {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty, line.count + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    lines.append(line)
    return lines.joined(separator: "\n")
  }
}

/// A command line checked against its command's declaration.
struct ParsedArguments {
  let spec: CommandSpec
  /// The last value given to each option.
  private(set) var values: [String: String] = [:]
  private(set) var flags: Set<String> = []
  private(set) var positionals: [String] = []
  /// Whether `-h` or `--help` was given: the command prints its help instead of running.
  private(set) var wantsHelp = false

  init(_ arguments: [String], for spec: CommandSpec) throws(UsageError) {
    self.spec = spec
    var rest = arguments[...]
    var optionsEnded = false
    while let argument = rest.popFirst() {
      if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
        positionals.append(argument)
        continue
      }
      if argument == "--" {
        optionsEnded = true
        continue
      }
      if argument == "-h" || argument == "--help" {
        wantsHelp = true
        continue
      }
      let (name, attached) = Self.split(argument)
      guard let option = spec.options.first(where: { "--" + $0.name == name }) else {
        throw usageError("unknown option '\(name)'", suggesting: name)
      }
      if option.valueName == nil {
        if attached != nil { throw usageError("'\(option.synopsis)' takes no value") }
        flags.insert(option.name)
      } else if let value = attached ?? rest.first.flatMap({ $0.hasPrefix("--") ? nil : $0 }) {
        if attached == nil { rest.removeFirst() }
        values[option.name] = value
      } else {
        throw usageError("missing value for '\(option.synopsis)'")
      }
    }
    if wantsHelp { return }
    let required = spec.arguments.filter { $0.count == .one }.count
    if positionals.count < required {
      throw usageError("missing argument '<\(spec.arguments[positionals.count].name)>'")
    }
    if !spec.arguments.contains(where: { $0.count == .any }),
      positionals.count > spec.arguments.count
    {
      throw usageError("unexpected argument '\(positionals[spec.arguments.count])'")
    }
  }

  /// `--name=value` → ("--name", "value"); `--name` → ("--name", nil).
  private static func split(_ argument: String) -> (String, String?) {
    guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
    return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
  }

  func usageError(_ problem: String, suggesting misspelt: String? = nil) -> UsageError {
    var message = problem
    if let misspelt,
      let guess = Spelling.suggestion(for: misspelt, among: spec.options.map { "--" + $0.name })
    {
      message += "; did you mean '\(guess)'?"
    }
    return UsageError(message: message + "\n" + spec.usageHint)
  }

  func string(_ name: String) -> String? { values[name] }

  func flag(_ name: String) -> Bool { flags.contains(name) }

  /// The first positional argument, or the only one.
  var argument: String? { positionals.first }

  /// An option's whole-number value from `lowest` to `highest` (no limit but the type's when
  /// nil), or nil when it was not given.
  func integer<T: FixedWidthInteger>(_ name: String, from lowest: T, to highest: T? = nil)
    throws(UsageError) -> T?
  {
    guard let text = values[name] else { return nil }
    guard let value = T(text), value >= lowest, value <= highest ?? T.max else {
      let option = spec.options.first { $0.name == name }.map(\.synopsis) ?? "--" + name
      let expected =
        highest.map { "a whole number from \(lowest) to \($0)" }
        ?? "a whole number of at least \(lowest)"
      throw usageError("invalid value '\(text)' for '\(option)': expected \(expected)")
    }
    return value
  }
}

/// A problem with how `lessons` was called or with its environment: exit code 2.
struct UsageError: Error {
  var message: String
}

/// Ends `lessons` with this status (1: the lessons have errors).
struct ExitCode: Error {
  var status: Int32
  init(_ status: Int32) { self.status = status }
}

/// A subcommand of `lessons`: its declaration, how it reads a parsed command line, and what
/// it does.
protocol Command: Sendable {
  static var spec: CommandSpec { get }
  init(_ arguments: ParsedArguments) throws(UsageError)
  func run() throws
}
