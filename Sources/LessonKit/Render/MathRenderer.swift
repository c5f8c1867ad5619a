import LessonMarkdown
import LessonMarkup
import LessonTeX

/// Renders `$…$` formulas to MathML, or, when the TeX cannot be converted, shows the source
/// in its place and reports where the problem is.
enum MathRenderer {
  static func render(_ math: Math, path: String, diagnostics: inout [Diagnostic]) -> Node {
    switch TeX.mathML(math.tex, display: math.display) {
    case .success(let markup):
      return .raw(markup)
    case .failure(let error):
      diagnostics.append(
        .error(
          error.message, path: path, at: math.location(atOffset: error.offset),
          length: error.length))
      let delimiter = math.display ? "$$" : "$"
      return .element(
        Element(
          "code", [Attribute("class", "math-error"), Attribute("title", error.message)],
          text: delimiter + math.tex + delimiter))
    }
  }
}
