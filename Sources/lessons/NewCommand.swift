import ArgumentParser
import Foundation
import LessonKit

struct NewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "new",
    abstract: "Create a lesson file with front matter and an example directive.",
    discussion: """
      The file is named after the next number and the title (e.g. Lessons/14-my-lesson.md) \
      and added to SUMMARY.md when the book has one.
      """)

  @Argument(help: "The lesson's title.")
  var title: String

  @ArgumentParser.Option(name: .long, help: "The folder of lessons.")
  var lessons = "Lessons"

  func run() throws {
    do {
      let created = try LessonScaffold.create(
        title: title, in: URL(fileURLWithPath: lessons), displayName: lessons)
      Console.out(
        "Created \(created.path)\(created.addedToSummary ? " and listed it in SUMMARY.md" : ""). "
          + "Preview it with: lessons serve")
    } catch {
      throw UsageError(message: error.description)
    }
  }
}
