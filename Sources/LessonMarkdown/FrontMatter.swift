import LessonMarkup

/// The YAML block between `---` lines at the very top of a lesson.
///
/// ```yaml
/// ---
/// title: Exponentially weighted averages
/// summary: Smoothing a noisy series, and why β = 0.98 averages about 50 days.
/// lang: en
/// ---
/// ```
public struct FrontMatter: Sendable, Equatable {
  public var title: String?
  public var summary: String?
  /// The page language (BCP 47, e.g. `en`); `en` when absent.
  public var lang: String?

  public init(title: String? = nil, summary: String? = nil, lang: String? = nil) {
    self.title = title
    self.summary = summary
    self.lang = lang
  }

  /// The keys a lesson may set, with their meaning (for messages and documentation).
  public static let keys: [(name: String, help: String)] = [
    ("title", "the lesson's title, shown in the page, the index and the navigation"),
    ("summary", "one sentence shown under the title in the index"),
    ("lang", "the language of the page, e.g. en (default)"),
  ]

  /// Keys MyST, Jupyter Book, Jupytext and Quarto pages carry that mean nothing here: accepted
  /// without a word, so that their pages build as they are.
  public static let ignoredKeys: Set<String> = [
    "jupytext", "kernelspec", "jupyter", "myst", "mystnb", "html_meta", "author", "authors",
    "date", "keywords", "description", "subtitle", "short_title", "tags", "thumbnail",
    "license", "numbering", "exports", "downloads", "github", "venue", "affiliations", "math",
    "abbreviations", "format", "execute", "toc", "language_info", "file_format",
  ]

  /// Splits a lesson into front matter and body.
  ///
  /// Front matter starts with `---` on the first line and ends with `---` or `...` on a line
  /// of its own. The returned body keeps the front-matter lines as empty lines, so that line
  /// numbers in the body are line numbers in the file.
  static func parse(_ source: SourceText, diagnostics: inout [Diagnostic]) -> (
    FrontMatter, body: String
  ) {
    let lines = source.lines
    guard lines.first?.trimmingTrailingSpaces == "---" else { return (FrontMatter(), source.text) }
    guard
      let end = lines.indices.dropFirst().first(where: {
        lines[$0].trimmingTrailingSpaces == "---" || lines[$0].trimmingTrailingSpaces == "..."
      })
    else {
      diagnostics.append(
        .error(
          "front matter is not closed: add a line '---' after it", path: source.path,
          at: SourceLocation(line: 1, column: 1), length: 3))
      return (FrontMatter(), source.text)
    }
    let yaml = lines[1..<end].joined(separator: "\n")
    let (node, yamlDiagnostics) = YAMLParser.parse(yaml, path: source.path) { line, column in
      SourceLocation(line: line + 1, column: column)
    }
    diagnostics += yamlDiagnostics
    let body =
      String(repeating: "\n", count: end + 1) + lines[(end + 1)...].joined(separator: "\n")
    return (FrontMatter(node, path: source.path, diagnostics: &diagnostics), body)
  }

  init(_ node: YAMLNode?, path: String, diagnostics: inout [Diagnostic]) {
    self.init()
    guard let node, !node.isNull else { return }
    guard case .mapping(let entries) = node.value else {
      diagnostics.append(
        .error(
          "front matter must be 'key: value' lines, not \(node.kindDescription)", path: path,
          at: node.location))
      return
    }
    for entry in entries {
      if Self.ignoredKeys.contains(entry.key) { continue }
      guard Self.keys.contains(where: { $0.name == entry.key }) else {
        // Any other key is a warning at most: the page still builds.
        let known = Self.keys.map(\.name)
        var notes = Spelling.didYouMean(entry.key, among: known)
        notes.append("front matter keys are: \(known.joined(separator: ", "))")
        diagnostics.append(
          .warning(
            "unknown front matter key '\(entry.key)' is ignored", path: path, at: entry.keyLocation,
            length: entry.key.unicodeScalars.count, notes: notes))
        continue
      }
      guard let text = entry.value.scalar, !entry.value.isNull else {
        diagnostics.append(
          .error(
            "'\(entry.key)' must be text, not \(entry.value.kindDescription)", path: path,
            at: entry.value.location))
        continue
      }
      switch entry.key {
      case "title": title = text
      case "summary": summary = text
      default: lang = text
      }
    }
  }
}

extension Substring {
  var trimmingTrailingSpaces: Substring {
    var end = endIndex
    while end > startIndex, self[index(before: end)] == " " || self[index(before: end)] == "\t" {
      end = index(before: end)
    }
    return self[startIndex..<end]
  }
}
