import LessonMarkdown
import LessonMarkup
import LessonTeX

/// Renders `$…$` formulas to MathML, or, when the TeX cannot be converted, shows the source
/// in its place and reports where the problem is.
enum MathRenderer {
  ///
  /// `references` are the equation numbers that `\eqref` and `\ref` may cite (see
  /// `Equations.references`).
  static func render(
    _ math: Math, path: String, references: [String: String] = [:],
    diagnostics: inout [Diagnostic]
  ) -> Node {
    switch TeX.equation(math.tex, display: math.display, references: references) {
    case .success(let equation):
      return .raw(equation.math.render(.xml))
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
