import LessonMarkup

/// A point in SVG user units (CSS pixels when the chart is shown at 100 %).
struct Point: Equatable, Sendable {
  var x: Double
  var y: Double

  init(_ x: Double, _ y: Double) {
    self.x = x
    self.y = y
  }

  var isFinite: Bool { x.isFinite && y.isFinite }
}

/// An axis-aligned rectangle in SVG user units.
struct Rect: Equatable, Sendable {
  var x: Double
  var y: Double
  var width: Double
  var height: Double

  var maxX: Double { x + width }
  var maxY: Double { y + height }
  var midX: Double { x + width / 2 }
  var midY: Double { y + height / 2 }

  func contains(_ p: Point, margin: Double = 0) -> Bool {
    p.x >= x - margin && p.x <= maxX + margin && p.y >= y - margin && p.y <= maxY + margin
  }

  func insetBy(_ d: Double) -> Rect {
    Rect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d)
  }

  func intersects(_ other: Rect) -> Bool {
    x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
  }
}

/// Writes a coordinate for SVG: one decimal (a tenth of a pixel), no trailing zeros.
@inline(__always)
func fmt(_ value: Double) -> String { NumberFormat.compact(value, decimals: 1) }

/// Writes a small length (stroke widths, opacities) with up to two decimals.
@inline(__always)
func fmt2(_ value: Double) -> String { NumberFormat.compact(value, decimals: 2) }

/// Builds the `d` attribute of a `<path>`: absolute commands, repeated line-tos written as
/// implicit pairs, and points that round to the previous point dropped.
struct PathData {
  private(set) var text = ""
  private var last: (String, String)?
  private var lastWasLine = false

  var isEmpty: Bool { text.isEmpty }

  mutating func move(_ p: Point) {
    let x = fmt(p.x)
    let y = fmt(p.y)
    if !text.isEmpty { text += " " }
    text += "M" + x + " " + y
    last = (x, y)
    lastWasLine = true  // after M, further pairs are implicit line-tos
  }

  mutating func line(_ p: Point) {
    let x = fmt(p.x)
    let y = fmt(p.y)
    if let last, last.0 == x, last.1 == y { return }
    text += lastWasLine ? " " : "L"
    text += x + " " + y
    last = (x, y)
    lastWasLine = true
  }

  mutating func close() {
    text += "Z"
    lastWasLine = false
  }

  /// Appends raw commands (relative marker shapes); the next `line` writes its `L`.
  mutating func append(_ commands: String) {
    text += commands
    lastWasLine = false
    last = nil
  }
}

/// An estimate of the width of `text` set in a sans-serif face at `size` pixels.
///
/// SVG text is measured by the browser, not by us; this estimate (average advance widths of
/// Helvetica/DejaVu Sans per character class, rounded up) only sizes margins and places
/// legends, so it errs on the wide side.
func textWidth(_ text: String, size: Double) -> Double {
  var em = 0.0
  for scalar in text.unicodeScalars {
    switch scalar {
    case "0"..."9": em += 0.58
    case "i", "j", "l", ".", ",", ":", ";", "'", "|", "!", "I", " ", "(", ")", "[", "]", "f", "t",
      "r":
      em += 0.32
    case "m", "w", "M", "W": em += 0.88
    case "A"..."Z": em += 0.68
    case "a"..."z": em += 0.56
    case "\u{2070}"..."\u{209F}", "\u{00B9}", "\u{00B2}", "\u{00B3}": em += 0.38
    case "\u{2009}": em += 0.17
    case _ where scalar.value >= 0x2E80: em += 1.0
    default: em += 0.62
    }
  }
  return em * size
}
