import Foundation
import LessonMarkdown

@testable import LessonKit

/// One example of a Markdown specification (`spec.txt` format: Markdown, a line `.`, HTML).
struct SpecExample {
  var number: Int
  var section: String
  var markdown: String
  var html: String

  /// Reads the examples of a spec file in `Tests/LessonKitTests/Spec`.
  static func load(_ file: String) throws -> [SpecExample] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Spec").appendingPathComponent(file)
    let text = try String(contentsOf: url, encoding: .utf8)
    var examples: [SpecExample] = []
    var section = ""
    var state = 0  // 0 prose, 1 markdown, 2 html
    var markdown: [Substring] = []
    var html: [Substring] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if state == 0, line.hasPrefix("#") {
        section = String(line.drop { $0 == "#" || $0 == " " })
      } else if state == 0, line.hasPrefix("```````````````````````````````` example") {
        state = 1
      } else if state == 1, line == "." {
        state = 2
      } else if state == 2, line == "````````````````````````````````" {
        let tab = { (lines: [Substring]) in
          lines.map { $0.replacingOccurrences(of: "→", with: "\t") + "\n" }.joined()
        }
        examples.append(
          SpecExample(
            number: examples.count + 1, section: section, markdown: tab(markdown),
            html: tab(html)))
        markdown = []
        html = []
        state = 0
      } else if state == 1 {
        markdown.append(line)
      } else if state == 2 {
        html.append(line)
      }
    }
    return examples
  }

  /// The page's HTML for this example's Markdown, rendered as a lesson is.
  var rendered: String {
    let document = LessonDocument.parse(SourceText(path: "spec.md", text: markdown))
    var renderer = LessonRenderer(path: "spec.md", slug: "spec", lessonFiles: [], results: [:])
    return renderer.render(document.blocks).map { $0.render() }.joined(separator: "\n")
  }

  /// Whether the rendered HTML is the spec's, up to what an HTML reader cannot see: line
  /// breaks between tags, `<br />` for `<br>`, `&quot;` for `"`, and the ids and `#` anchors
  /// the renderer gives headings.
  var passes: Bool { Self.normalized(rendered) == Self.normalized(html) }

  static func normalized(_ html: String) -> String {
    var text = html
    text = text.replacingOccurrences(
      of: ##"<a class="anchor" href="#[^"]*" aria-hidden="true">#</a>"##, with: "",
      options: .regularExpression)
    text = text.replacingOccurrences(
      of: #"<h([1-6]) id="[^"]*">"#, with: "<h$1>", options: .regularExpression)
    text = text.replacingOccurrences(of: " />", with: ">")
    text = text.replacingOccurrences(of: "=\"\"", with: "")
    // Pipe tables: the scrolling box around them, and alignment as a style (as mdBook writes it).
    text = text.replacingOccurrences(of: #"<div class="table-scroll">"#, with: "")
    text = text.replacingOccurrences(of: "</table></div>", with: "</table>")
    text = text.replacingOccurrences(of: "</table>\n</div>", with: "</table>")
    text = text.replacingOccurrences(
      of: #"style="text-align: (left|center|right)""#, with: #"align="$1""#,
      options: .regularExpression)
    text = text.replacingOccurrences(of: "&quot;", with: "\"")
    text = text.replacingOccurrences(of: #">\s*\n"#, with: ">", options: .regularExpression)
    text = text.replacingOccurrences(of: #"\n\s*<"#, with: "<", options: .regularExpression)
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
