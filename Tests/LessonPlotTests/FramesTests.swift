import Foundation
import Testing

@testable import LessonPlot

/// Explorable figures: frames share their axes and everything they draw alike.
@Suite struct FramesTests {
  static func chart(_ scale: Double) -> Chart {
    Chart(
      x: Axis("x"), y: Axis("y"),
      marks: [
        .line(Line("fixed", x: [0, 1, 2], y: [0, 1, 2])),
        .line(Line("moving", x: [0, 1, 2], y: [0, scale, 2 * scale])),
      ])
  }

  @Test func frames_shareAxes_coveringEveryFramesData() {
    let frames = Frames([Self.chart(1), Self.chart(10)], initial: 0)
    let axes = frames.sharingAxes.map { $0.dataExtents }
    #expect(axes[0] == axes[1])
    #expect(axes[0][0].y == 0...20)
    // The first frame alone would stop at 2: sharing makes its axis reach the other's data.
    #expect(Self.chart(1).dataExtents[0].y == 0...2)
  }

  @Test func merge_drawsWhatFramesShareOnce_andTagsTheRest() throws {
    let svg = Frames([Self.chart(1), Self.chart(3), Self.chart(1)], initial: 1).svg(
      id: "f", title: "t", description: "d")
    #expect(XMLCheck.parse(svg) != nil)
    // Frames 0 and 2 are equal: one group serves both; frame 1 is first shown.
    #expect(svg.contains(#"<g data-f="0 2">"#))
    #expect(svg.contains(#"<g data-f="1" data-first="">"#))
    // The fixed line and the axes are drawn once, outside any frame group.
    let tickLabel = #">20<"#
    #expect(svg.components(separatedBy: tickLabel).count - 1 <= 1)
    let single = Self.chart(1).svg(id: "f", title: "t", description: "d")
    #expect(svg.utf8.count < 2 * single.utf8.count)
    let ids = svg.matches(of: /\sid="([^"]+)"/).map { String($0.1) }
    #expect(Set(ids).count == ids.count)
  }

  @Test func panels_shareAxesPanelByPanel() {
    let a = Panels([Self.chart(1), Self.chart(1)])
    let b = Panels([Self.chart(1), Self.chart(5)])
    let shared = Frames([a, b]).sharingAxes.map(\.dataExtents)
    #expect(shared[0][0].y == 0...2)
    #expect(shared[0][1].y == 0...10)
    #expect(shared[0] == shared[1])
  }
}
