import LessonMarkdown
import LessonMarkup

/// The book's labels for ``{ref}`label` ``: MyST's target lines `(label)=` and the `:name:`
/// of admonitions, in every lesson. As in Sphinx, the namespace is the whole book: a label is
/// defined once, and a `{ref}` finds it in any lesson without naming the file.
struct Targets: Sendable {
  struct Target: Sendable {
    var label: String
    /// The lesson's file name (`week1/intro.md`) and the path diagnostics show.
    var fileName: String
    var path: String
    var location: SourceLocation
    /// The content of the heading right after the target line: what a `{ref}` without text
    /// shows. Nil for a target of any other block (Sphinx then needs explicit text).
    var title: [Inline]?

    /// The element id on the page: the label itself (Sphinx and MyST write it so).
    var id: String { label }
  }

  private(set) var labels: [String: Target] = [:]
  /// Labels defined a second time, by the file name of the lesson holding the second.
  private(set) var diagnostics: [String: [Diagnostic]] = [:]

  init() {}

  /// A label as one lesson defines it: where, and the heading it names.
  struct Found: Sendable, Codable {
    var label: String
    var location: SourceLocation
    /// The content of the heading right after the target line; nil for any other block.
    var title: [Inline]?
  }

  /// The targets of `lessons` (each lesson's from `targets(in:)`), in book order: a label's
  /// first definition is the one kept.
  init(_ lessons: [(fileName: String, path: String, targets: [Found])]) {
    for lesson in lessons {
      for found in lesson.targets {
        let (label, location) = (found.label, found.location)
        if let first = labels[label] {
          let place =
            first.fileName == lesson.fileName
            ? "on line \(first.location.line)" : "in \(first.path) on line \(first.location.line)"
          diagnostics[lesson.fileName, default: []].append(
            .error(
              "label '\(label)' is already defined \(place)", path: lesson.path, at: location,
              length: label.unicodeScalars.count,
              notes: ["labels name one place in the whole book: choose another"]))
          continue
        }
        labels[label] = Target(
          label: label, fileName: lesson.fileName, path: lesson.path, location: location,
          title: found.title)
      }
    }
  }

  /// The labels of one lesson's blocks, in page order, each with the heading it names.
  static func targets(in blocks: [Block]) -> [Found] {
    var found: [Found] = []
    func visit(_ blocks: [Block]) {
      for (index, block) in blocks.enumerated() {
        switch block {
        case .target(let label, let location):
          let next = blocks[(index + 1)...].first {
            if case .target = $0 { return false } else { return true }
          }
          if case .heading(_, let content, _) = next {
            found.append(Found(label: label, location: location, title: content))
          } else {
            found.append(Found(label: label, location: location, title: nil))
          }
        case .admonition(let admonition):
          if let name = admonition.name {
            found.append(Found(label: name, location: admonition.location, title: nil))
          }
          visit(admonition.blocks)
        case .blockQuote(let inner): visit(inner)
        case .list(let list): list.items.forEach(visit)
        case .directive(let directive): visit(directive.content ?? [])
        case .footnote(let footnote): visit(footnote.blocks)
        default: break
        }
      }
    }
    visit(blocks)
    return found
  }

  /// The labels defined in the lesson `fileName` (its page gives them as ids).
  func labels(in fileName: String) -> Set<String> {
    Set(labels.values.filter { $0.fileName == fileName }.map(\.label))
  }
}
