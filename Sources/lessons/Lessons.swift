import Foundation
import LessonMarkup

/// The `lessons` command: builds, checks and explores a book of executable lessons.
///
/// Exit codes: 0 success, 1 lesson errors (diagnostics printed), 2 usage or environment
/// errors (a bad flag, a missing lessons folder, an unwritable output folder).
@main
enum Lessons {
  static let abstract = "Build a book of executable Markdown lessons into HTML pages."

  static let commands: [any Command.Type] = [
    BuildCommand.self, CheckCommand.self, RunCommand.self, DirectivesCommand.self,
    NewCommand.self, ServeCommand.self,
  ]

  /// Commands run on the main thread, which is none of Swift concurrency's: a build's threads
  /// wait for each other there without holding one of that pool's few threads (on Linux the
  /// same threads as the global dispatch queue's, whose helpers would then not start).
  static func main() {
    do {
      try run(Array(CommandLine.arguments.dropFirst()))
    } catch let code as ExitCode {
      exit(code.status)
    } catch let error as UsageError {
      Console.error(error.message)
      exit(2)
    } catch {
      Console.error("\(error)")
      exit(1)
    }
  }

  /// Runs the command `arguments` name: `lessons <command> …`, `lessons help [<command>]`,
  /// or the overview with no command, `-h` or `--help`.
  static func run(_ arguments: [String]) throws {
    guard let name = arguments.first, !["-h", "--help"].contains(name) else {
      return print(help, terminator: "")
    }
    if name == "help" {
      guard let topic = arguments.dropFirst().first else { return print(help, terminator: "") }
      return print(try command(named: topic).spec.help, terminator: "")
    }
    let type = try command(named: name)
    let parsed = try ParsedArguments(Array(arguments.dropFirst()), for: type.spec)
    if parsed.wantsHelp { return print(type.spec.help, terminator: "") }
    try type.init(parsed).run()
  }

  static func command(named name: String) throws -> any Command.Type {
    if let type = commands.first(where: { $0.spec.name == name }) { return type }
    var message = name.hasPrefix("-") ? "unknown option '\(name)'" : "unknown command '\(name)'"
    if let guess = Spelling.suggestion(for: name, among: commands.map { $0.spec.name }) {
      message += "; did you mean '\(guess)'?"
    }
    throw UsageError(
      message: message + "\nusage: lessons <command>\n  See 'lessons --help' for more information.")
  }

  static var help: String {
    var text = "OVERVIEW: \(abstract)\n\nUSAGE: lessons <command>\n\nOPTIONS:\n"
    text += HelpText.row(CommandSpec.helpLine.0, CommandSpec.helpLine.1)
    text += "\nCOMMANDS:\n"
    for command in commands { text += HelpText.row(command.spec.name, command.spec.abstract) }
    return text + "\n  See 'lessons help <command>' for detailed help.\n"
  }
}
