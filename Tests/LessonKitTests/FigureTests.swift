import Foundation
import LessonKit
import Testing

/// MyST's `{figure}` and the caption argument of directives, checked on built pages.
@Suite struct FigureTests {
  /// Builds `lesson` with an image `img/plot.png` beside it.
  private func page(_ lesson: String) throws -> (html: String, diagnostics: String) {
    let book = try TemporaryBook(["01-test.md": lesson])
    try FileManager.default.createDirectory(
      at: book.lessons.appendingPathComponent("img"), withIntermediateDirectories: true)
    try Data([0x89, 0x50, 0x4E, 0x47]).write(
      to: book.lessons.appendingPathComponent("img/plot.png"))
    let result = try book.build()
    let formatter = DiagnosticFormatter()
    return (
      book.file("01-test.html", in: result) ?? "",
      result.diagnostics.map { formatter.format($0, source: result.sources[$0.path]) }
        .joined(separator: "\n")
    )
  }

  @Test func figure_isNumberedWithTheDirectivesFigures_andNumrefLinksToIt() throws {
    let (html, diagnostics) = try page(
      """
      # T

      ```{demo}
      name: first
      ```

      ```{figure} img/plot.png
      :name: plot
      :alt: A plot of $\\beta$
      :width: 50%
      :height: 200
      :align: center
      :class: wide framed

      The caption, with $x^2$ and a [link](https://example.com), after {numref}`first`.

      The legend: *more* text.

      - and a list
      ```

      :::{figure} img/plot.png
      :::

      ```{demo}
      name: second
      ```

      See {numref}`plot`, {numref}`figure-2` and {numref}`second`.
      """)
    #expect(diagnostics == "")
    #expect(
      html.contains(
        #"<figure id="plot" class="figure image align-center wide framed"><img src="img/plot.png" alt="A plot of $\beta$" style="width:50%;height:200px"><figcaption><span class="number">Figure 2.</span> The caption, with <math"#
      ))
    #expect(
      html.contains(
        ##" and a <a href="https://example.com">link</a>, after <a class="ref" href="#first">Figure 1</a>.<div class="legend"><p>The legend: <em>more</em> text.</p><ul><li>and a list</li></ul></div></figcaption></figure>"##
      ))
    // MyST numbers every figure, one without a caption too.
    #expect(
      html.contains(
        #"<figure id="figure-2" class="figure image"><img src="img/plot.png" alt=""><figcaption><span class="number">Figure 3.</span></figcaption></figure>"#
      ))
    #expect(html.contains(#"<figure id="second" class="figure">"#))
    #expect(html.contains(#"<span class="number">Figure 4.</span>"#))
    #expect(
      html.contains(
        ##"<p>See <a class="ref" href="#plot">Figure 2</a>, <a class="ref" href="#figure-2">Figure 3</a> and <a class="ref" href="#second">Figure 4</a>.</p>"##
      ))
  }

  @Test func figureProblems_areLocated() throws {
    let (html, diagnostics) = try page(
      """
      ```{demo}
      name: taken
      ```

      - In a list:

        ```{figure}
        :wdth: 3
        :width: huge
        :align: middle
        :name: taken
        ```

      ```{figure} javascript:alert(1)
      Refused.
      ```

      ```{figure} img/gone.png
      ```
      """)
    #expect(
      diagnostics == """
        Lessons/01-test.md:7:7: error: {figure} needs the image's path on its fence line
           7 |   ```{figure}
             |       ^~~~~~
             = e.g. ```{figure} images/plot.png, relative to the lesson's folder
        Lessons/01-test.md:8:4: warning: {figure} has no option ':wdth:'; it is ignored
           8 |   :wdth: 3
             |    ^~~~
             = did you mean ':width:'?
             = {figure} options are :name:, :alt:, :width:, :height:, :align:, :class:
        Lessons/01-test.md:9:11: error: ':width:' must be a CSS length such as 300px, 20em or 50%, not 'huge'
           9 |   :width: huge
             |           ^~~~
             = units: px, em, rem, ex, ch, %, cm, mm, in, pt, pc, vw, vh; a bare number is in px
        Lessons/01-test.md:10:11: error: ':align:' must be left, center or right, not 'middle'
           10 |   :align: middle
              |           ^~~~~~
        Lessons/01-test.md:11:10: error: the name 'taken' is already used on line 1
           11 |   :name: taken
              |          ^~~~~
        Lessons/01-test.md:14:13: warning: image to a 'javascript:' URL is left out of the page
           14 | ```{figure} javascript:alert(1)
              |             ^
              = 'javascript:', 'vbscript:', 'file:' and 'data:' URLs (other than PNG, GIF, JPEG and WebP images) could run script or reach outside the book
        Lessons/01-test.md:18:13: error: no image file 'img/gone.png' next to the lesson
           18 | ```{figure} img/gone.png
              |             ^
        """)
    // The refused image is left out; its caption stays.
    #expect(!html.contains("javascript"))
    #expect(
      html.contains(#"<figcaption><span class="number">Figure 2.</span> Refused.</figcaption>"#))
  }

  @Test func cssLengths_areValidated() throws {
    for (width, ok) in [
      ("300px", true), ("2.5em", true), (".5rem", true), ("50%", true), ("12", true),
      ("1e3px", false), ("5.", false), ("-3px", false), ("10px;color:red", false),
      ("calc(1px)", false), ("", false),
    ] {
      let (_, diagnostics) = try page("```{figure} img/plot.png\n:width: \(width)\n```\n")
      #expect(diagnostics.isEmpty == ok, "\(width): \(diagnostics)")
    }
  }

  @Test func fenceLineArgument_isTheCaption_locatedThere() throws {
    let (html, diagnostics) = try page(
      """
      ```{demo} A *noisy* caption, see {numref}`nope`.
      :name: d
      ```

      ```{demo} On the fence.
      name: both
      caption: In the options.
      ```
      """)
    #expect(
      html.contains(
        #"<figcaption><span class="number">Figure 1.</span> A <em>noisy</em> caption, see <code class="role-error">nope</code>. <a class="data""#
      ))
    #expect(
      diagnostics == """
        Lessons/01-test.md:7:1: error: {demo} has a caption on its fence line and a 'caption' option
           7 | caption: In the options.
             | ^~~~~~~
             = the fence line's 'On the fence.' (line 5, column 11) is the caption: keep one of the two
        Lessons/01-test.md:1:34: error: no figure or table named 'nope' in this lesson
           1 | ```{demo} A *noisy* caption, see {numref}`nope`.
             |                                  ^~~~~~~~~~~~~~
        """)
  }
}
