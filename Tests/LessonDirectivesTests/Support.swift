import Foundation
import FoundationXML
import LessonKit
import LessonMarkdown
import LessonPlot
import Testing

@testable import LessonDirectives

/// Builds one lesson made of `markdown` with the standard directives, in a temporary folder.
func buildLesson(_ markdown: String) throws -> (result: BuildResult, page: String) {
  let root = FileManager.default.temporaryDirectory.appendingPathComponent(
    "directive-\(UUID().uuidString)")
  let lessons = root.appendingPathComponent("Lessons")
  try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: root) }
  try Data(markdown.utf8).write(to: lessons.appendingPathComponent("01-test.md"))
  let result = Builder(registry: .standard, jobs: 1).build(
    try Book.load(from: lessons, displayName: "Lessons"))
  let page =
    result.files.first { $0.path == "01-test.html" }.map {
      String(decoding: $0.contents, as: UTF8.self)
    } ?? ""
  return (result, page)
}

/// Runs one directive block (its YAML options) and returns its output; fails the test on
/// any diagnostic.
func run(_ directive: String, _ yaml: String = "", name: String = "x") throws -> DirectiveOutput {
  let (result, _) = try buildLesson("```{\(directive)}\nname: \(name)\n\(yaml)\n```\n")
  let formatter = DiagnosticFormatter()
  for diagnostic in result.diagnostics {
    Issue.record("\(formatter.format(diagnostic, source: result.sources[diagnostic.path]))")
  }
  return try #require(output(of: result))
}

/// The output of the lesson's first directive.
func output(of result: BuildResult) -> DirectiveOutput? {
  result.outputs(of: "Lessons/01-test.md").first ?? nil
}

/// The diagnostics of a lesson, formatted as the command line prints them.
func diagnostics(_ markdown: String) throws -> String {
  let (result, _) = try buildLesson(markdown)
  let formatter = DiagnosticFormatter()
  return result.diagnostics.map { formatter.format($0, source: result.sources[$0.path]) }.joined(
    separator: "\n")
}

/// A published value, or a test failure.
func value(_ output: DirectiveOutput, _ key: String) throws -> Double {
  try #require(
    output.values.first { $0.key == key }, "no value \(key); has \(output.values.map(\.key))"
  ).value
}

/// Every figure's SVG, drawn as the page draws it.
func svgs(_ output: DirectiveOutput) -> [String] {
  output.items.compactMap { item -> String? in
    guard case .figure(let figure) = item else { return nil }
    return figure.chart.svg(id: "f", title: "t", description: figure.description)
  }
}

/// Whether `text` is well-formed XML.
func isWellFormedXML(_ text: String) -> Bool {
  XMLParser(data: Data(text.utf8)).parse()
}
