import LessonMarkdown
import LessonMarkup

/// The directives a book can use, by name.
public struct DirectiveRegistry: Sendable {
  /// The directives in the order they are documented.
  public let directives: [any Directive.Type]

  /// Options every directive accepts; the pipeline reads them itself.
  public static let commonOptions: [OptionDeclaration] = [
    OptionDeclaration(
      name: "name", type: "an identifier (letters, digits, - and _)",
      defaultText: "the directive's name and a number, e.g. ewa-1", range: nil,
      help: "Names the figure for {numref}, {value}, its CSV file and its id in the page."),
    OptionDeclaration(
      name: "caption", type: "text (Markdown, $…$ math)", defaultText: "written by the directive",
      range: nil,
      help:
        "The caption under the main figure or table. It may be written on the fence line instead, after the name (```{ewa} A noisy year), as MyST's {table} Title."
    ),
    OptionDeclaration(
      name: "alt", type: "text", defaultText: "written from the data", range: nil,
      help: "Replaces the generated description of the main figure for screen readers."),
    OptionDeclaration(
      name: "explore", type: "one or two options, each a list or {from, to, count, scale}",
      defaultText: "none", range: nil,
      help:
        "Makes the figures explorable: the directive runs once per value (at most 64 frames), and the page gets a slider per option. `scale` is linear, log or log1m (even steps of 1 − value, for β near 1); the option's own value is the frame shown first."
    ),
  ]

  /// Creates a registry; two directives with one name are a programming error.
  public init(_ directives: [any Directive.Type]) {
    var seen: Set<String> = []
    for directive in directives {
      precondition(seen.insert(directive.name).inserted, "two directives named \(directive.name)")
    }
    self.directives = directives
  }

  public func directive(named name: String) -> (any Directive.Type)? {
    directives.first { $0.name == name }
  }

  public var names: [String] { directives.map { $0.name } }

  /// The options `directive` declares, in declaration order (without the common ones).
  public static func options(of directive: any Directive.Type) -> [OptionDeclaration] {
    let resolution = OptionResolution(entries: [])
    _ = OptionResolution.$current.withValue(resolution) { directive.init() }
    return resolution.declarations
  }
}
