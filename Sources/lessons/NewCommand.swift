import Foundation
import LessonKit

struct NewCommand: Command {
  static let spec = CommandSpec(
    name: "new",
    abstract: "Create a lesson file with front matter and an example directive.",
    discussion: """
      The file is named after the next number and the title (e.g. Lessons/14-my-lesson.md) \
      and added to SUMMARY.md when the book has one.
      """,
    arguments: [ArgumentSpec(name: "title", count: .one, help: "The lesson's title.")],
    options: [.option("lessons", default: "Lessons", help: "The folder of lessons.")])

  var title: String
  var lessons: String

  init(_ arguments: ParsedArguments) {
    title = arguments.positionals[0]
    lessons = arguments.string("lessons") ?? "Lessons"
  }

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
