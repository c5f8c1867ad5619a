import Foundation
import Testing

@testable import LessonMarkup

@Suite struct EscapeTests {
  @Test func text_escapesAmpersandAndAngleBrackets() {
    #expect(Escape.text("a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d")
    #expect(Escape.text("say \"hi\"") == "say \"hi\"")
  }

  @Test func attribute_alsoEscapesQuotes() {
    #expect(Escape.attribute("a \"b\" <c>") == "a &quot;b&quot; &lt;c&gt;")
  }

  @Test func controlCharacters_becomeReplacementCharacter() {
    #expect(Escape.text("a\u{0}b\u{1B}c\td\n") == "a\u{FFFD}b\u{FFFD}c\td\n")
    #expect(Escape.text("x\u{FFFE}y") == "x\u{FFFD}y")
  }

  @Test func multiByteText_passesThrough() {
    #expect(Escape.text("β ≈ 0.98, 中文") == "β ≈ 0.98, 中文")
  }
}

@Suite struct ElementTests {
  @Test func html_voidElementsHaveNoClosingTag() {
    let br = Element("br")
    #expect(br.render(.html) == "<br>")
    #expect(Element("td").render(.html) == "<td></td>")
  }

  @Test func xml_emptyElementsSelfClose() {
    #expect(Element("path", [Attribute("d", "M0 0")]).render(.xml) == "<path d=\"M0 0\"/>")
  }

  @Test func attributes_keepOrderAndAreEscaped() {
    let a = Element("a", [Attribute("href", "x?a=1&b=2"), "download"], text: "<data>")
    #expect(a.render() == "<a href=\"x?a=1&amp;b=2\" download>&lt;data&gt;</a>")
  }

  @Test func raw_isNotEscapedAgain() {
    let fig = Element("figure", [], [.raw("<svg/>"), .text("&")])
    #expect(fig.render() == "<figure><svg/>&amp;</figure>")
  }
}

@Suite struct NumberFormatTests {
  @Test func automatic_integersHaveNoDecimalPoint() {
    #expect(NumberFormat.ascii(50) == "50")
    #expect(NumberFormat.ascii(-3) == "-3")
    #expect(NumberFormat.ascii(0.1) == "0.1")
    #expect(NumberFormat.ascii(0.1 + 0.2) == "0.3")
    #expect(NumberFormat.ascii(1.0 / 3) == "0.333333")
    #expect(NumberFormat.ascii(1e-5) == "1e-05")
  }

  @Test func pythonSpecs_matchPythonFormat() {
    // Expected strings are Python 3.11's format(value, spec); `d` (which Python reserves for
    // integers) is checked against format(value, ".0f").
    let cases: [(Double, String, String)] = [
      (0.348678440100, ".6f", "0.348678"),
      (12.15, ".2f", "12.15"),
      (1234.5, ".3g", "1.23e+03"),
      (0.000123456, ".3g", "0.000123"),
      (0.5, ".0f", "0"),
      (2.5, "d", "2"),
      (0.9412, ".1%", "94.1%"),
      (3.171935, ".2e", "3.17e+00"),
      (-0.0001, ".2f", "0.00"),
    ]
    for (value, spec, expected) in cases {
      let style = try! #require(NumberStyle(spec: spec))
      #expect(NumberFormat.ascii(value, style) == expected, "\(value) \(spec)")
    }
  }

  @Test func badSpecs_areRejected() {
    for spec in ["", ".f", "x", ".2x", "2f", ".99f", ".2d"] {
      #expect(NumberStyle(spec: spec) == nil, "\(spec)")
    }
  }

  @Test func display_usesTypographicMinusAndPowersOfTen() {
    #expect(NumberFormat.display(-2.5) == "−2.5")
    #expect(NumberFormat.display(1e-4, .scientific(0)) == "10⁻⁴")
    #expect(NumberFormat.display(2.5e-7, .scientific(1)) == "2.5\u{2009}×\u{2009}10⁻⁷")
    #expect(NumberFormat.display(.infinity) == "∞")
    #expect(NumberFormat.display(.nan) == "NaN")
  }

  @Test func compact_roundsAndDropsTrailingZeros() {
    #expect(NumberFormat.compact(12.5) == "12.5")
    #expect(NumberFormat.compact(12.499, decimals: 1) == "12.5")
    #expect(NumberFormat.compact(-3.0) == "-3")
    #expect(NumberFormat.compact(0.25) == "0.25")
    #expect(NumberFormat.compact(0.05, decimals: 2) == "0.05")
    #expect(NumberFormat.compact(-0.004) == "0")
    #expect(NumberFormat.compact(.nan) == "0")
  }

  /// The formatter writes digits into a byte buffer; here it meets the plain string
  /// arithmetic it replaced, on random values of every size, sign and number of decimals.
  @Test func compact_agreesWithStringArithmetic() {
    func reference(_ value: Double, _ decimals: Int) -> String {
      var scale: Int64 = 1
      for _ in 0..<decimals { scale *= 10 }
      var units = Int64((value * Double(scale)).rounded())
      if units == 0 { return "0" }
      var out = units < 0 ? "-" : ""
      units = abs(units)
      out += String(units / scale)
      var fraction = units % scale
      if fraction != 0 {
        var width = decimals
        while fraction % 10 == 0 {
          fraction /= 10
          width -= 1
        }
        let digits = String(fraction)
        out += "." + String(repeating: "0", count: width - digits.count) + digits
      }
      return out
    }
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    var disagreements: [String] = []
    for _ in 0..<20_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let magnitude = pow(10, Double(state >> 40 % 13) - 4)  // 1e-4 … 1e8
      let value = (Double(state >> 11 & 0xFFFFF) / Double(0xFFFFF) - 0.5) * 2 * magnitude
      let decimals = Int(state >> 33 % 5)
      let got = NumberFormat.compact(value, decimals: decimals)
      if got != reference(value, decimals) { disagreements.append("\(value) \(decimals): \(got)") }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    #expect(NumberFormat.compact(-1234.5, decimals: 3) == "-1234.5")
    #expect(NumberFormat.compact(0.001, decimals: 3) == "0.001")
    #expect(NumberFormat.compact(-0.07, decimals: 2) == "-0.07")
    #expect(NumberFormat.compact(8e17, decimals: 1) == "800000000000000000")
  }
}

@Suite struct CFormatTests {
  /// `snprintf` writes what `String(format:)` without a locale wrote, for every conversion the
  /// number styles use, over 30,000 values from 1e-300 to 1e300 with their edges.
  @Test func cFormat_equalsStringFormat() {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var values: [Double] = [0, -0.0, 0.5, -0.5, 1.5, 2.5, 1e300, -1e-300, 123456789012345680]
    for _ in 0..<30_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let magnitude = pow(10, Double(Int(state >> 40 % 601) - 300))
      values.append((Double(state >> 11 & 0xFFFFF) / Double(0xFFFFF) - 0.5) * 2 * magnitude)
    }
    var disagreements: [String] = []
    for (i, value) in values.enumerated() {
      let format = ["%.6g", "%.3g", "%.2f", "%.0f", "%.3e", "%.12g", "%.17g"][i % 7]
      let expected = String(format: format, value)
      let got = NumberFormat.cFormat(format, value)
      // cFormat also drops the sign of a negative number that rounds to zero.
      if got != expected && "-" + got != expected { disagreements.append("\(format) \(value)") }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    #expect(NumberFormat.cFormat("%.2f", -0.001) == "0.00")
    // Longer than the buffer (over 300 digits, a point, 100 decimals): still right.
    #expect(NumberFormat.cFormat("%.100f", 1e305) == String(format: "%.100f", 1e305))
    #expect(NumberFormat.cFormat("%.100f", 1e305).count > 400)
  }
}

@Suite struct SpellingTests {
  @Test func suggestion_findsCloseNames() {
    let options = ["beta", "days", "seed", "series", "bias-correction"]
    #expect(Spelling.suggestion(for: "betta", among: options) == "beta")
    #expect(Spelling.suggestion(for: "Beta", among: options) == "beta")
    #expect(Spelling.suggestion(for: "bias-corection", among: options) == "bias-correction")
    #expect(Spelling.suggestion(for: "sede", among: options) == "seed")  // adjacent swap
  }

  @Test func suggestion_isNilWhenNothingIsClose() {
    #expect(Spelling.suggestion(for: "temperature", among: ["beta", "days"]) == nil)
    #expect(Spelling.suggestion(for: "x", among: [String]()) == nil)
  }

  @Test func editDistance_countsSwapsAsOneEdit() {
    #expect(Spelling.editDistance(Array("ab"), Array("ba")) == 1)
    #expect(Spelling.editDistance(Array("kitten"), Array("sitting")) == 3)
    #expect(Spelling.editDistance(Array(""), Array("abc")) == 3)
  }
}
