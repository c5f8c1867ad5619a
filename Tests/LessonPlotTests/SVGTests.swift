import Foundation
import LessonTestSupport
import Testing

@testable import LessonPlot

@Suite struct SVGTests {
  @Test func everyGalleryChart_isWellFormedWithAccessibleName() {
    for entry in PlotGallery.entries {
      let svg = entry.svg
      guard let xml = XMLCheck.parse(svg) else { continue }
      #expect(
        xml.nonFiniteAttributes.isEmpty, "\(entry.name): \(xml.nonFiniteAttributes.prefix(3))")
      #expect(
        svg.hasPrefix(
          "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lp-chart\" id=\"\(entry.name)\" viewBox=\"0 0 "
        ))
      #expect(
        svg.contains("role=\"img\" aria-labelledby=\"\(entry.name)-title \(entry.name)-desc\""))
      #expect(svg.contains("<title id=\"\(entry.name)-title\">"))
      #expect(svg.contains("<desc id=\"\(entry.name)-desc\">"))
      // Every internal id carries the figure's prefix.
      #expect(
        xml.ids.allSatisfy { $0 == entry.name || $0.hasPrefix(entry.name + "-") },
        "\(entry.name): \(xml.ids)")
      // Every url(#…) reference points at an id of the same figure.
      for match in svg.matches(of: /url\(#([^)]+)\)/) {
        #expect(xml.ids.contains(String(match.1)), "\(entry.name): dangling \(match.0)")
      }
      // Text is never smaller than 11 px at 100 %.
      for match in svg.matches(of: /font-size="([0-9.]+)"/) {
        #expect(Double(match.1)! >= 11, "\(entry.name): font-size \(match.1)")
      }
    }
  }

  @Test func galleryPage_isWellFormed_andIDsAreUniqueOnThePage() {
    let page = PlotGallery.htmlPage()
    // The page is HTML; its SVGs together, wrapped in one root, must be XML with unique ids.
    let svgs = PlotGallery.entries.map(\.svg).joined()
    guard let xml = XMLCheck.parse("<root>" + svgs + "</root>") else { return }
    #expect(
      Set(xml.ids).count == xml.ids.count,
      "duplicate ids: \(Dictionary(grouping: xml.ids, by: { $0 }).filter { $1.count > 1 }.keys.sorted())"
    )
    #expect(page.contains(PlotStyle.css))
  }

  @Test func idsAreSanitized_andPrefixEveryInternalID() {
    let chart = Chart(marks: [.line(Line(y: [1, 2, 3]))])
    let svg = chart.svg(id: "3 odd name/β", title: "T <&>", description: "D \"q\"")
    #expect(svg.contains("id=\"f3-odd-name--\""))
    #expect(svg.contains("clipPath id=\"f3-odd-name---clip\""))
    #expect(svg.contains("<title id=\"f3-odd-name---title\">T &lt;&amp;&gt;</title>"))
    #expect(XMLCheck.parse(svg) != nil)
  }

  @Test func yearOfDailyData_fourSeries_staysUnder40KB() {
    var rng = PlotGallery.SplitMix64(seed: 1)
    let days = (1...365).map { 10 + 8 * sin(Double($0) / 58) + 3 * rng.normal() }
    let chart = Chart(
      x: Axis("day"), y: Axis("temperature (°C)"),
      marks: [
        .scatter(
          Scatter(
            "data", x: days.indices.map { Double($0 + 1) }, y: days,
            style: SeriesStyle(color: .muted), size: 3.5)),
        .line(Line("β = 0.5", y: PlotGallery.ewa(days, beta: 0.5))),
        .line(Line("β = 0.9", y: PlotGallery.ewa(days, beta: 0.9))),
        .line(Line("β = 0.98", y: PlotGallery.ewa(days, beta: 0.98))),
      ])
    let svg = chart.svg(id: "year", title: "A year", description: "365 days, 4 series")
    #expect(svg.utf8.count < 40_000, "\(svg.utf8.count) bytes")
    let gallery = PlotGallery.entries.first { $0.name == "ewa" }!.svg
    #expect(gallery.utf8.count < 40_000, "\(gallery.utf8.count) bytes")
  }

  @Test func longSeries_isSimplifiedPerPixel_keepingExtremes() {
    let n = 100_000
    let ys = (0..<n).map { i in sin(Double(i) / 500) + (i == 54_321 ? 5 : 0) }
    let chart = Chart(marks: [.line(Line(y: ys))])
    let svg = chart.svg(id: "long", title: "long", description: "100000 points")
    #expect(svg.utf8.count < 40_000, "\(svg.utf8.count) bytes")
    // The one-sample spike survives: the y domain reaches 6 and a point sits near the top.
    #expect(svg.contains(">6</text>"))
    let xml = XMLCheck.parse(svg)!
    let pathNumbers = xml.coordinates
    #expect(pathNumbers.contains { $0 < 30 && $0 > 10 }, "spike point near the plot top is kept")
  }

  @Test func simplifyByColumns_keepsFirstMinMaxLast() {
    let points: [Point?] = (0..<3000).map { i in Point(Double(i) / 1000, Double(i % 7)) }
    let out = Polyline.simplifyByColumns(points)
    #expect(out.count <= 12)
    #expect(out.first! == points.first!)
    #expect(out.last! == points.last!)
    #expect(out.compactMap { $0?.y }.max() == 6)
    #expect(out.compactMap { $0?.y }.min() == 0)
  }

  @Test func plotStyle_hasLightAndDarkThemes() {
    let css = PlotStyle.css
    #expect(css.contains("@media (prefers-color-scheme:dark)"))
    for i in 1...8 { #expect(css.contains("--lp-series-\(i):")) }
    for name in ["--lp-fg", "--lp-grid", "--lp-bg", "--lp-muted", "--lp-axis"] {
      #expect(css.contains(name + ":"))
    }
    let standalone = PlotStyle.standalone(PlotGallery.entries[0].svg)
    #expect(XMLCheck.parse(standalone) != nil)
  }

  @Test func numbersAreCompact() {
    // No coordinate is written with more than one decimal.
    for entry in PlotGallery.entries {
      let svg = entry.svg
      #expect(svg.firstMatch(of: #/\sd="[^"]*\d\.\d\d/#) == nil, "\(entry.name)")
    }
  }
}

@Suite struct SnapshotHelperTests {
  @Test func lineDiff_showsChangedLinesWithContext() {
    let diff = LineDiff.render(
      expected: ["<a>", "<b x=\"1\"/>", "<c/>", "<d/>", "<e/>", "<f/>"],
      actual: ["<a>", "<b x=\"2\"/>", "<c/>", "<d/>", "<e/>", "<f/>"])
    #expect(diff == "  <a>\n- <b x=\"1\"/>\n+ <b x=\"2\"/>\n  <c/>\n  <d/>")
  }
}

@Suite struct ConvenienceTests {
  @Test func lines_buildsALegendedMultiSeriesChart() {
    let svg = Chart.lines(
      x: [1, 2, 3],
      series: [
        ("β = 0.5", [1, 2, 3]), ("β = 0.9", [0.3, 0.8, 1.2]), ("β = 0.98", [0.1, 0.2, 0.3]),
      ],
      xLabel: "day", yLabel: "temperature"
    ).svg(id: "temps", title: "EWA", description: "Three averages.")
    #expect(XMLCheck.parse(svg) != nil)
    for label in ["β = 0.5", "β = 0.9", "β = 0.98", "day", "temperature"] {
      #expect(svg.contains(">\(label)</text>"))
    }
    #expect(svg.contains("lp-c1") && svg.contains("lp-c2") && svg.contains("lp-c3"))
    #expect(svg.contains("stroke-dasharray"))
    #expect(!svg.contains("<figcaption"))
  }
}

@Suite struct PanelTests {
  @Test func fourPanels_inTwoRows_haveUniquePrefixedIDs() {
    let small = Chart(width: 300, height: 220, marks: [.line(Line(y: [1, 3, 2]))])
    let panels = Panels(
      [small, small, small, small], subtitles: ["(a)", "(b)", "(c)", "(d)"], columns: 2)
    #expect(panels.width == 612)
    let svg = panels.svg(id: "grid", title: "Four panels", description: "Two rows of two.")
    guard let xml = XMLCheck.parse(svg) else { return }
    #expect(Set(xml.ids).count == xml.ids.count)
    for k in 1...4 { #expect(xml.ids.contains("grid-p\(k)-clip")) }
    #expect(svg.contains("transform=\"translate(312 276)\""))
  }
}
