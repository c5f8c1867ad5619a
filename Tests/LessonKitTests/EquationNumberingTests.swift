import Foundation
import Testing

@testable import LessonKit

/// Numbered display equations and their citations, on the built HTML.
@Suite struct EquationNumberingTests {
  static let lesson = #"""
    # Adam

    The first moment:

    $$
    v_t = \beta_1 v_{t-1} + (1-\beta_1) g_t
    $$ (moment)

    ```{math}
    :label: second
    s_t = \beta_2 s_{t-1} + (1-\beta_2) g_t^2
    ```

    $$\hat v_t = \frac{v_t}{1-\beta_1^t} \label{corrected}$$

    $$w \leftarrow w - \alpha \hat v_t \tag{A}\label{update}$$

    $$x = 1$$

    Equation {eq}`moment` feeds {eq}`corrected`; see {numref}`second` and {eq}`update`.
    By $\eqref{corrected}$ and {eq}`02-other.md#loss`.
    """#

  static let other = #"""
    # Other

    $$L = -\log p \label{loss}$$

    Back to {eq}`01-adam.md#second`.
    """#

  @Test func labelledEquations_areNumberedAndCited() throws {
    let book = try TemporaryBook(["01-adam.md": Self.lesson, "02-other.md": Self.other])
    let result = try book.build()
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
    let page = try #require(book.file("01-adam.html", in: result))
    for (id, number) in [
      ("moment", "(1)"), ("second", "(2)"), ("corrected", "(3)"), ("update", "(A)"),
    ] {
      #expect(
        page.contains(
          #"<div class="display-math numbered" id="equation-\#(id)"><math display="block">"#),
        "\(id)")
      #expect(page.contains(#"<span class="equation-number">\#(number)</span></div>"#), "\(id)")
    }
    // The label after `$$` is not shown as text; an unlabelled formula gets no number.
    #expect(!page.contains("(moment)"))
    #expect(page.contains(#"<div class="display-math"><math display="block">"#))
    #expect(page.contains(##"<a class="eqref" href="#equation-moment">(1)</a>"##))
    #expect(page.contains(##"<a class="eqref" href="#equation-corrected">(3)</a>"##))
    #expect(page.contains(##"<a class="ref" href="#equation-second">Equation 2</a>"##))
    #expect(page.contains(##"<a class="eqref" href="#equation-update">(A)</a>"##))
    #expect(page.contains("<mtext>(3)</mtext>"))
    #expect(page.contains(##"<a class="eqref" href="02-other.html#equation-loss">(1)</a>"##))
    let other = try #require(book.file("02-other.html", in: result))
    #expect(other.contains(##"<a class="eqref" href="01-adam.html#equation-second">(2)</a>"##))
  }

  @Test func equationsInAdmonitionsAndDropdowns_areNumberedInPageOrder() throws {
    let book = try TemporaryBook([
      "01-a.md": """
      $$a$$ (first)

      :::{dropdown} Proof
      ```{math}
      :label: inner
      b
      ```
      :::

      ```{note}
      $$c$$ (last)
      ```

      By {eq}`inner` and {eq}`last`.
      """
    ])
    let result = try book.build()
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
    let page = try #require(book.file("01-a.html", in: result))
    #expect(page.contains(#"<div class="display-math numbered" id="equation-inner">"#))
    #expect(
      page.contains(
        ##"By <a class="eqref" href="#equation-inner">(2)</a> and <a class="eqref" href="#equation-last">(3)</a>."##
      ))
  }

  @Test func unknownLabel_isLocatedWithDidYouMean() throws {
    let text = try diagnostics(
      of: "$$x \\label{moment}$$\n\nSee {eq}`momnet` and $\\eqref{momen}$.\n")
    #expect(text.contains("01-test.md:3:5: error: no equation labelled 'momnet' in this lesson"))
    #expect(text.contains("= did you mean 'moment'?"))
    #expect(
      text.contains(
        "01-test.md:3:30: error: no equation is labelled 'momen'; did you mean 'moment'?"))
  }

  @Test func duplicateLabel_isAnError() throws {
    let text = try diagnostics(of: "$$x$$ (a)\n\n$$y \\label{a}$$\n")
    #expect(
      text.contains("01-test.md:3:12: error: equation label 'a' is used twice (first on line 1)"))
  }

  @Test func otherLessonLabel_unknown_saysWhichLesson() throws {
    let text = try diagnostics(of: "See {eq}`01-test.md#nothing`.\n")
    #expect(text.contains("error: no equation labelled 'nothing' in '01-test.md'"))
  }
}
