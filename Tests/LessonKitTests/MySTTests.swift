import Testing

/// MyST constructs, checked on the HTML of a built page.
@Suite struct MySTTests {
  private func page(_ lesson: String) throws -> (html: String, diagnostics: String) {
    let book = try TemporaryBook(["01-test.md": lesson])
    let result = try book.build()
    let html = book.file("01-test.html", in: result) ?? ""
    return (html, result.diagnostics.map(\.message).joined(separator: "\n"))
  }

  @Test func admonitions_inBothFenceStyles_nested_withClassAndTitle() throws {
    let (html, diagnostics) = try page(
      """
      # T

      ```{note}
      A *note* with $x_1$.
      ```

      ::::{admonition} Why $\\beta$?
      :class: tip wide

      Outer text.

      :::{warning}
      Inner warning.
      :::
      ::::

      ```{tip}
      - [x] done
      ```
      """)
    #expect(diagnostics == "")
    #expect(
      html.contains(
        #"<div class="admonition note" role="note"><p class="admonition-title">Note</p><p>A <em>note</em> with <span class="nowrap"><math"#
      ))
    #expect(
      html.contains(
        #"<div class="admonition tip wide" role="note"><p class="admonition-title">Why <span class="nowrap"><math"#
      ))
    #expect(
      html.contains(
        #"<p>Outer text.</p><div class="admonition warning" role="note"><p class="admonition-title">Warning</p><p>Inner warning.</p></div></div>"#
      ))
    #expect(
      html.contains(
        #"<div class="admonition tip" role="note"><p class="admonition-title">Tip</p><ul><li><input checked disabled type="checkbox"> done</li></ul></div>"#
      ))
  }

  @Test func dropdown_isDetails() throws {
    let (html, diagnostics) = try page(":::{dropdown} Show the proof\n:open:\nIt holds.\n:::\n")
    #expect(diagnostics == "")
    #expect(
      html.contains(
        #"<details class="dropdown admonition" open><summary class="admonition-title">Show the proof</summary><p>It holds.</p></details>"#
      ))
  }

  @Test func admonitionOfClassDropdown_isDetails_asSphinxTogglebuttonMakesIt() throws {
    let (html, diagnostics) = try page("```{warning}\n:class: dropdown\nHidden.\n```\n")
    #expect(diagnostics == "")
    #expect(
      html.contains(
        #"<details class="admonition warning dropdown"><summary class="admonition-title">Warning</summary><p>Hidden.</p></details>"#
      ))
  }

  @Test func colonOptions_areTheDirectivesYAMLOptions() throws {
    let (html, diagnostics) = try page(
      "```{demo}\n:name: first\n:beta: [0.5]\n```\n\nSee {numref}`first`.\n")
    #expect(diagnostics == "")
    #expect(html.contains(##"<a class="ref" href="#first">Figure 1</a>"##))
  }

  @Test func comments_areDropped_andCodeCell_isShownWithAWarning() throws {
    let (html, diagnostics) = try page(
      "Before.\n% a comment\nAfter.\n\n```{code-cell} ipython3\nprint(1)\n```\n\n```\n% kept\n```\n"
    )
    #expect(!html.contains("a comment"))
    #expect(html.contains("<p>Before.</p>"))
    #expect(html.contains(#"<code class="language-ipython3">print(1)"#))
    #expect(html.contains("% kept"))
    #expect(
      diagnostics.contains("{code-cell} is a MyST/Jupyter Book directive this book does not run"))
  }

  @Test func notebookCellBreaks_endTheParagraph_andAreNotShown() throws {
    let (html, diagnostics) = try page(
      "One cell.\n+++ {\"tags\": [\"hide\"]}\nNext cell.\n\n+++\n\n++++ stays\n\n```\n+++\n```\n")
    #expect(diagnostics == "")
    #expect(html.contains("<p>One cell.</p>\n<p>Next cell.</p>\n<p>++++ stays</p>"))
    #expect(html.contains("<pre><code>+++\n</code></pre>"))
    #expect(!html.contains("hide"))
  }

  @Test func admonitionWithUnknownOption_warns() throws {
    let (_, diagnostics) = try page("```{note}\n:colour: red\nText.\n```\n")
    #expect(diagnostics == "{note} has no option ':colour:'; it is ignored")
  }

  @Test func subSupAndAbbrRoles_renderAsMySTDoes() throws {
    let (html, diagnostics) = try page(
      "# T\n\nH{sub}`2`O, 10{sup}`-3` and {abbr}`SGD (stochastic gradient descent)`, {abbr}`EWA`.\n"
    )
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    #expect(html.contains("H<sub>2</sub>O, 10<sup>-3</sup>"))
    #expect(
      html.contains(#"<abbr title="stochastic gradient descent">SGD</abbr>, <abbr>EWA</abbr>."#))
  }
}
