import ArgumentParser
import Foundation
import LessonDirectives
import LessonKit

/// The `lessons` command: builds, checks and explores a book of executable lessons.
///
/// Exit codes: 0 success, 1 lesson errors (diagnostics printed), 2 usage or environment
/// errors (a bad flag, a missing lessons folder, an unwritable output folder).
@main
struct Lessons: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lessons",
    abstract: "Build a book of executable Markdown lessons into HTML pages.",
    subcommands: [
      BuildCommand.self, CheckCommand.self, RunCommand.self, DirectivesCommand.self,
      NewCommand.self, ServeCommand.self,
    ],
    defaultSubcommand: nil)

  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch let code as ExitCode {
      Foundation.exit(code.rawValue)
    } catch let error as UsageError {
      Console.error(error.message)
      Foundation.exit(2)
    } catch {
      // ArgumentParser's own errors: help (0), and usage errors, which we report as 2.
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if code == .success {
        print(message)
        Foundation.exit(0)
      }
      FileHandle.standardError.write(Data((message + "\n").utf8))
      Foundation.exit(2)
    }
  }
}

/// A problem with how `lessons` was called or with its environment: exit code 2.
struct UsageError: Error {
  var message: String
}
