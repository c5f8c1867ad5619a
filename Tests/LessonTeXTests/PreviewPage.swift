import Foundation
import LessonMarkup
import Testing

@testable import LessonTeX

/// Writes every corpus formula into one HTML page, to look at in a browser:
///
///     LESSONTEX_PREVIEW=/tmp/lessontex.html swift test --filter LessonTeXTests.PreviewPage
///     chromium --headless --no-sandbox --hide-scrollbars --screenshot=/tmp/tex.png \
///       --window-size=1200,3000 file:///tmp/lessontex.html
///
/// Without the variable the test does nothing, so ordinary runs write no files.
@Suite struct PreviewPage {
  @Test func writePreviewPage() throws {
    guard let path = ProcessInfo.processInfo.environment["LESSONTEX_PREVIEW"] else { return }
    let start = ContinuousClock.now
    var rendered: [(Formula, String)] = []
    for formula in Corpus.all {
      rendered.append((formula, try TeX.mathML(formula.tex, display: formula.display).get()))
    }
    let elapsed = ContinuousClock.now - start
    print("LessonTeX: converted \(rendered.count) formulas in \(elapsed)")

    var rows: [Node] = []
    for (formula, markup) in rendered {
      rows.append(
        .element(
          Element(
            "tr", [],
            [
              .element(Element("td", [Attribute("class", "name")], text: formula.name)),
              .element(
                Element(
                  "td", [Attribute("class", "tex")], [.element(Element("code", text: formula.tex))])
              ),
              .element(Element("td", [], [.raw(markup)])),
            ])))
    }
    let style = """
      body { font: 17px/1.4 "DejaVu Serif", serif; margin: 16px; }
      math { font-family: "STIX Two Math", "Cambria Math", "Latin Modern Math", "DejaVu Math TeX Gyre", math; }
      table { border-collapse: collapse; }
      td { border-bottom: 1px solid #ddd; padding: 4px 10px; vertical-align: middle; }
      td.name { font: 12px sans-serif; color: #666; }
      td.tex { font: 11px monospace; color: #444; max-width: 360px; white-space: pre-wrap; }
      """
    let page = Element(
      "html", [Attribute("lang", "en")],
      [
        .element(
          Element(
            "head", [],
            [
              .element(Element("meta", [Attribute("charset", "utf-8")])),
              .element(Element("title", text: "LessonTeX preview")),
              .element(Element("style", [], [.raw(style)])),
            ])),
        .element(Element("body", [], [.element(Element("table", [], rows))])),
      ])
    try ("<!DOCTYPE html>\n" + page.render(.html)).write(
      toFile: path, atomically: true, encoding: .utf8)
    print("LessonTeX: wrote \(path)")
  }
}
