import Testing

@testable import LessonTeX

/// `\label`, `\tag`, `\nonumber` and `\eqref`/`\ref`: what a formula says about equation
/// numbers, for the page to number and cite.
@Suite struct EquationTests {
  @Test func label_isRecordedWithItsLocation() throws {
    let equation = try TeX.equation(#"E = mc^2 \label{ energy }"#, display: true).get()
    #expect(equation.numbering.label == Equation.Label(name: "energy", offset: 17, length: 6))
    #expect(equation.numbering.tag == nil)
    #expect(equation.numbering.isNumbered)
  }

  @Test func tag_givesItsOwnNumber() throws {
    #expect(try TeX.equation(#"x \tag{A.1}"#, display: true).get().numbering.tag == "(A.1)")
    #expect(try TeX.equation(#"x \tag*{A.2}"#, display: true).get().numbering.tag == "A.2")
  }

  @Test func nonumber_andNotag_turnNumberingOff() throws {
    for command in [#"\nonumber"#, #"\notag"#] {
      let equation = try TeX.equation("x = 1 " + command, display: true).get()
      #expect(!equation.numbering.isNumbered)
    }
  }

  @Test func secondLabel_isLocatedError() {
    let result = TeX.equation(#"a \label{one} \label{two}"#, display: true)
    #expect(
      result.map(\.numbering)
        == .failure(
          TeXError(
            offset: 14, length: 11,
            message:
              "a display equation has one number; '\\label{two}' is its second label (the first is 'one')"
          )))
  }

  @Test func eqref_andRef_citeTheNumbersGiven() throws {
    let markup = try TeX.equation(
      #"\text{by } \eqref{adam} \text{ and } \ref{ewa}"#, display: false,
      references: ["adam": "3", "ewa": "1"]
    ).get().math.render(.xml)
    #expect(markup.contains("<mtext>(3)</mtext>"))
    #expect(markup.contains("<mtext>1</mtext>"))
  }

  @Test func unknownLabel_suggestsTheClosest() {
    let result = TeX.equation(#"x = \eqref{adma}"#, display: false, references: ["adam": "3"])
    #expect(
      result.map(\.numbering)
        == .failure(
          TeXError(
            offset: 11, length: 4, message: "no equation is labelled 'adma'; did you mean 'adam'?"))
    )
  }

  @Test func numberingScan_readsLabelTagAndNonumberWithoutConverting() {
    // `\eqref` to a label not yet known does not stop the scan; comments are skipped.
    let scanned = TeX.numbering(in: "a = \\eqref{b} % \\label{comment}\n\\label{real}")
    #expect(scanned.label == Equation.Label(name: "real", offset: 39, length: 4))
    #expect(TeX.numbering(in: #"x = 1"#) == Equation.Numbering())
    #expect(TeX.numbering(in: #"x \tag*{A}"#).tag == "A")
    #expect(TeX.numbering(in: #"x \tag{A}"#).tag == "(A)")
    #expect(!TeX.numbering(in: #"x \notag"#).isNumbered)
  }

  @Test func implicitAlignment_keepsTheLabel() throws {
    let equation = try TeX.equation(#"a &= b \\ &= c \label{chain}"#, display: true).get()
    #expect(equation.numbering.label?.name == "chain")
    #expect(equation.math.render(.xml).contains("<mtable"))
  }
}
