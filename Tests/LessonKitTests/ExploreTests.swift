import Foundation
import Testing

@testable import LessonKit

/// Explorable blocks: `explore:` read and validated, every frame run, the page's controls,
/// frames, style and values, the long-form CSV, `run --json` frames and `every frame:` claims.
@Suite struct ExploreTests {
  static let lesson = """
    # Explore

    ```{demo}
    name: w
    beta: 0.9
    days: 7
    explore:
      beta: [0.5, 0.8]
    ```

    The mean is {value}`w.mean:.2f` over {value}`w.days` days.

    ```{expect}
    - w.mean == 0.9
    - every frame: w.mean < 0.95
    ```
    """

  @Test func frames_includeTheValueGivenOutside_inOrder() throws {
    let book = try TemporaryBook(["01-x.md": Self.lesson])
    let result = try book.build()
    #expect(result.errorCount == 0)
    let outputs = try #require(result.values["Lessons/01-x.md"]?.first)
    let (exploration, frames) = try #require(outputs.explored)
    #expect(exploration.axes[0].values.map { $0.scalar } == ["0.5", "0.8", "0.9"])
    #expect(exploration.initialFrame == 2)
    #expect(frames.map { $0.values[0].value } == [0.5, 0.8, 0.9])
  }

  @Test func page_hasRadioControls_framesAndStyle_andValuesPerFrame() throws {
    let book = try TemporaryBook(["01-x.md": Self.lesson])
    let result = try book.build()
    let page = try #require(book.file("01-x.html", in: result))
    // A radio button per value, before what it selects, the frame shown first checked,
    // labelled with the option's symbol and value.
    #expect(
      page.contains(
        #"<input type="radio" class="explore-input" name="w-a0" id="w-a0-2" value="2" aria-label="beta = 0.9" checked>"#
      ))
    #expect(page.contains(#"<span class="explore-symbol" aria-hidden="true">beta</span>"#))
    #expect(page.contains(#"<label for="w-a0-0" data-label="beta = 0.5">0.5</label>"#))
    // The style shows the checked frame (sibling selectors); the head holds it.
    let head = try #require(page.components(separatedBy: "</head>").first)
    #expect(head.contains(#"#w-a0-1:checked ~ * [data-f]:not([data-f~="1"]){display:none}"#))
    // The figure holds one group per frame where frames differ, the first one marked.
    #expect(page.contains(#"<g data-f="2" data-first="">"#))
    #expect(page.contains(#"<g data-f="0">"#))
    // Prose values follow the frames; an unchanged one stays plain.
    #expect(
      page.contains(
        #"<span class="value" data-x="w"><span data-f="0">0.50</span><span data-f="1">0.80</span><span data-f="2" data-first="">0.90</span></span>"#
      ))
    #expect(page.contains(#"over <span class="value" data-x="w">7</span> days"#))
    // Tables differ per frame: one head, a body per frame.
    #expect(
      page.contains(
        #"</thead><tbody data-f="0"><tr><td class="num">0.50</td></tr></tbody><tbody data-f="1">"#))
    // No id twice.
    let ids = page.matches(of: /\sid="([^"]+)"/).map { String($0.1) }
    #expect(Set(ids).count == ids.count)
  }

  @Test func csv_isLongForm_withAColumnPerExploredOption() throws {
    let book = try TemporaryBook(["01-x.md": Self.lesson])
    let result = try book.build()
    let csv = try #require(book.file("01-x/w-table.csv", in: result))
    #expect(csv == "beta,beta\n0.5,0.5\n0.8,0.8\n0.9,0.9\n")
  }

  @Test func runJSON_givesEveryFrame() throws {
    let book = try TemporaryBook(["01-x.md": Self.lesson])
    let result = try book.build()
    let json = LessonRun(result, path: "Lessons/01-x.md").json()
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let directive = try #require((object["directives"] as? [[String: Any]])?.first)
    let frames = try #require(directive["frames"] as? [[String: Any]])
    #expect(frames.count == 3)
    #expect((frames[1]["options"] as? [String: Double]) == ["beta": 0.8])
  }

  @Test func everyFrameClaim_thatFails_namesTheFrame() throws {
    let lesson = Self.lesson.replacing(
      "every frame: w.mean < 0.95", with: "every frame: w.mean > 0.6")
    let text = try diagnostics(of: lesson)
    #expect(
      text.contains(
        "error: claim does not hold (in the frame beta = 0.5): every frame: w.mean > 0.6"))
  }

  @Test func ranges_spaceValuesLinearLogOrLog1m_roundedForReading() throws {
    func values(_ range: String, option: String = "beta") throws -> [String] {
      let book = try TemporaryBook([
        "01-x.md": "# X\n\n```{demo}\nname: w\nexplore:\n  \(option): \(range)\n```\n"
      ])
      let result = try book.build()
      #expect(result.errorCount == 0)
      let outputs = try #require(result.values["Lessons/01-x.md"]?.first)
      return try #require(outputs.invocation.exploration).axes[0].values.compactMap(\.scalar)
    }
    #expect(try values("{from: 0.1, to: 0.5, count: 5}") == ["0.1", "0.2", "0.3", "0.4", "0.5"])
    #expect(try values("{from: 0.001, to: 0.1, count: 3, scale: log}") == ["0.001", "0.01", "0.1"])
    #expect(
      try values("{from: 0.5, to: 0.995, count: 4, scale: log1m}")
        == ["0.5", "0.89", "0.977", "0.995"])
    // An integer option gets integers, each once.
    #expect(try values("{from: 1, to: 3, count: 5}", option: "days") == ["1", "2", "3"])
  }

  @Test func badExplore_isALocatedError() throws {
    func error(_ explore: String, outside: String = "") throws -> String {
      try diagnostics(of: "# X\n\n```{demo}\nname: w\n\(outside)explore:\n\(explore)\n```\n")
    }
    #expect(
      try error("  betta: [0.5, 0.6]").contains(
        """
        Lessons/01-test.md:6:3: error: {demo} has no option 'betta' to explore
           6 |   betta: [0.5, 0.6]
             |   ^~~~~
             = did you mean 'beta'?
        """))
    #expect(
      try error("  beta: [0.5, 1.5]").contains(
        """
        Lessons/01-test.md:6:15: error: 'beta' must be in (0, 1), got 1.5
        """))
    #expect(
      try error("  beta: {from: 0.1, to: 0.9, count: 9}\n  days: {from: 1, to: 8, count: 8}")
        .contains("error: 'explore' makes 9 × 8 = 72 frames; the limit is 64"))
    #expect(
      try error("  beta: {from: 0.1, to: 0.9, count: 3, scale: logg}").contains(
        "error: unknown scale 'logg'"))
    #expect(
      try error("  beta: [0.5, 0.6]", outside: "beta: [0.1, 0.2]\n").contains(
        "error: 'beta' is explored: give it one value here (the frame shown first), not a list of 2"
      ))
    #expect(
      try error("  fail: [false, true]").contains(
        "error: asked to fail (in the frame fail = true)"))
  }
}
