import LessonMarkup

/// Something that draws itself as an SVG figure: a chart, a heatmap, a panel of charts.
public protocol Figure: Sendable {
  /// Natural width in CSS pixels (the SVG scales down to narrower columns).
  var width: Double { get }
  /// Natural height in CSS pixels.
  var height: Double { get }
  /// The figure's drawing in its own coordinates (0…width × 0…height), with every internal
  /// id prefixed by `id`. Used by `svg(id:title:description:)` and by `Panels`.
  func drawing(id: String) -> Drawing
  /// The data ranges of each chart in the figure, in drawing order (none by default), so
  /// that the frames of an explorable figure can share their axes.
  var dataExtents: [DataExtent] { get }
  /// The figure with each chart's axes covering `extents` too (same order as `dataExtents`).
  func covering(_ extents: [DataExtent]) -> any Figure
}

/// The drawn content of a figure; opaque outside LessonPlot.
public struct Drawing: Sendable {
  var nodes: [Node]
  /// The height actually used, when the figure needed less than it asked for (a chart with
  /// equal aspect); nil: the figure's `height`.
  var height: Double?

  init(nodes: [Node], height: Double? = nil) {
    self.nodes = nodes
    self.height = height
  }
}

extension Figure {
  /// A complete, self-contained `<svg>` element for an HTML page or a file.
  ///
  /// - Parameters:
  ///   - id: the figure's name; it is sanitized to an XML id and prefixes every internal id
  ///     (`<id>-title`, `<id>-desc`, `<id>-clip`, …), so charts on one page never collide.
  ///   - title: a short accessible name (`<title>`), e.g. "Exponentially weighted averages".
  ///   - description: what is plotted and the key result (`<desc>`), written from the data.
  public func svg(id: String, title: String, description: String) -> String {
    let id = sanitizedID(id)
    let drawing = drawing(id: id)
    let height = drawing.height ?? height
    let root = Element(
      "svg",
      [
        Attribute("xmlns", "http://www.w3.org/2000/svg"),
        Attribute("class", "lp-chart"),
        Attribute("id", id),
        Attribute("viewBox", "0 0 \(fmt(width)) \(fmt(height))"),
        Attribute("width", fmt(width)),
        Attribute("height", fmt(height)),
        Attribute("role", "img"),
        Attribute("aria-labelledby", "\(id)-title \(id)-desc"),
        Attribute(
          "font-family", "system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"),
        Attribute("font-size", "12"),
        Attribute("color", PlotStyle.lightForeground),
      ],
      [
        .element(Element("title", [Attribute("id", "\(id)-title")], text: title)),
        .element(Element("desc", [Attribute("id", "\(id)-desc")], text: description)),
      ] + drawing.nodes)
    return root.render(.xml)
  }
}
