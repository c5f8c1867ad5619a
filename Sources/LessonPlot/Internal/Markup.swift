import LessonMarkup

/// Small builders for SVG elements; all text goes through `LessonMarkup` (`Element`/`Escape`).
enum SVG {
  static func element(_ name: String, _ attributes: [(String, String)], _ children: [Node] = [])
    -> Node
  {
    .element(Element(name, attributes.map { Attribute($0.0, $0.1) }, children))
  }

  static func group(_ attributes: [(String, String)], _ children: [Node]) -> Node {
    element("g", attributes, children)
  }

  static func path(_ d: String, _ attributes: [(String, String)] = []) -> Node {
    element("path", [("d", d)] + attributes)
  }

  static func rect(_ r: Rect, _ attributes: [(String, String)] = []) -> Node {
    element(
      "rect",
      [("x", fmt(r.x)), ("y", fmt(r.y)), ("width", fmt(r.width)), ("height", fmt(r.height))]
        + attributes)
  }

  /// A `<text>` element at (x, y); `anchor` is `start`, `middle` or `end`.
  static func text(
    _ string: String, x: Double, y: Double, anchor: String = "start",
    _ attributes: [(String, String)] = []
  ) -> Node {
    var attrs: [(String, String)] = [("x", fmt(x)), ("y", fmt(y))]
    if anchor != "start" { attrs.append(("text-anchor", anchor)) }
    return .element(
      Element("text", (attrs + attributes).map { Attribute($0.0, $0.1) }, [.text(string)]))
  }
}

/// Turns a figure name into a string usable as an XML id: ASCII letters, digits, `-` and `_`;
/// other characters become `-`; a leading digit or an empty name gets the prefix `f`.
func sanitizedID(_ name: String) -> String {
  var out = ""
  for scalar in name.unicodeScalars {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9", "-", "_": out.unicodeScalars.append(scalar)
    default: out += "-"
    }
  }
  if out.isEmpty || out.first!.isNumber || out.first == "-" { out = "f" + out }
  return out
}
