import Foundation
import Testing

@testable import LessonTeX

/// Every course formula and edge case against its golden MathML, plus properties that every
/// output must have.
@Suite struct CorpusTests {
  /// MathML Core presentation elements this converter may write.
  static let coreElements: Set<String> = [
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "msub", "msup", "msubsup",
    "munder", "mover", "munderover", "mfrac", "msqrt", "mroot", "mtext", "mspace", "mtable",
    "mtr", "mtd", "mstyle", "mpadded",
  ]

  @Test(arguments: Corpus.course)
  func courseFormula_matchesGolden(_ formula: Formula) throws {
    try checkGolden(formula)
  }

  @Test(arguments: Corpus.edgeCases)
  func edgeCase_matchesGolden(_ formula: Formula) throws {
    try checkGolden(formula)
  }

  @Test(arguments: Corpus.all)
  func output_isWellFormedMathMLCore(_ formula: Formula) throws {
    let markup = try TeX.mathML(formula.tex, display: formula.display).get()
    let check = XMLCheck.parse(markup)
    #expect(check.error == nil, "\(formula.name): \(check.error ?? "")")
    #expect(check.elements.first == "math")
    let unknown = Set(check.elements).subtracting(Self.coreElements)
    #expect(unknown.isEmpty, "\(formula.name) uses \(unknown.sorted())")
    for attribute in check.attributes where attribute.name == "mathvariant" {
      #expect(attribute.value == "normal", "MathML Core knows only mathvariant=\"normal\"")
    }
  }

  @Test(arguments: Corpus.all)
  func output_isCompactAndAnnotated(_ formula: Formula) throws {
    let markup = try TeX.mathML(formula.tex, display: formula.display).get()
    let display = formula.display ? "block" : "inline"
    #expect(markup.hasPrefix("<math display=\"\(display)\"><semantics><mrow"))
    #expect(markup.hasSuffix("</semantics></math>"))
    let annotationStart = try #require(
      markup.range(of: "<annotation encoding=\"application/x-tex\""))
    let presentation = markup[..<annotationStart.lowerBound]
    // No pretty-printing: nothing but text between tags.
    for whitespace in [">\n", "> ", ">\t", " <", "\n<"] {
      #expect(
        !presentation.contains(whitespace),
        "\(formula.name) contains \(whitespace.debugDescription)")
    }
    let annotation = markup[annotationStart.upperBound...]
    let escaped = formula.tex.replacingOccurrences(of: "&", with: "&amp;")
      .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    #expect(
      annotation == ">\(escaped)</annotation></semantics></math>"
        || (formula.tex.isEmpty && annotation == "/></semantics></math>"))
  }

  @Test func conversion_isDeterministic() throws {
    for formula in Corpus.all {
      let first = try TeX.mathML(formula.tex, display: formula.display).get()
      let second = try TeX.mathML(formula.tex, display: formula.display).get()
      #expect(first == second)
    }
  }

  @Test func corpusNames_areUniqueAndEveryGoldenFileIsUsed() throws {
    let names = Corpus.all.map(\.name)
    #expect(Set(names).count == names.count)
    let files = try FileManager.default.contentsOfDirectory(atPath: TeXGolden.directory.path)
      .filter { $0.hasSuffix(".mathml") }
      .map { String($0.dropLast(".mathml".count)) }
    #expect(Set(files).subtracting(names).sorted() == [], "stale golden files")
  }

  private func checkGolden(_ formula: Formula) throws {
    let result = TeX.mathML(formula.tex, display: formula.display)
    guard case .success(let markup) = result else {
      Issue.record("\(formula.name) failed: \(result)")
      return
    }
    TeXGolden.expect(markup, matches: formula.name)
  }
}
