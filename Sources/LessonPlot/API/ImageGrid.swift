import LessonMarkup

/// A small grey-scale image, e.g. an 8×8 digit.
public struct GridImage: Sendable, Codable {
  public var width: Int
  public var height: Int
  /// Row-major intensities, 0 = background; scaled by the grid's maximum.
  public var pixels: [Double]
  /// The caption under the image, e.g. "7" or "3 (true 5)".
  public var label: String?
  /// Draws the image's frame and label in the alert colour (a wrong prediction).
  public var highlighted: Bool

  public init(
    width: Int, height: Int, pixels: [Double], label: String? = nil, highlighted: Bool = false
  ) {
    self.width = width
    self.height = height
    self.pixels = pixels
    self.label = label
    self.highlighted = highlighted
  }
}

/// Images in a grid with a label under each. Ink is the page's text colour at an opacity
/// proportional to intensity (nine steps), so digits read as dark on light and light on
/// dark pages.
public struct ImageGrid: Figure, Codable {
  public var images: [GridImage]
  public var columns: Int
  /// The side of each image in pixels.
  public var cellSize: Double
  /// The intensity drawn as full ink; nil: the largest pixel value.
  public var maxValue: Double?
  public var title: String?

  public init(
    images: [GridImage], columns: Int = 8, cellSize: Double = 56, maxValue: Double? = nil,
    title: String? = nil
  ) {
    self.images = images
    self.columns = max(columns, 1)
    self.cellSize = max(cellSize, 8)
    self.maxValue = maxValue
    self.title = title
  }

  static let gap = 14.0
  static let labelHeight = 18.0
  var top: Double { title != nil ? 30 : 6 }
  var rows: Int { (images.count + columns - 1) / columns }

  public var width: Double {
    Double(min(columns, max(images.count, 1))) * (cellSize + ImageGrid.gap) + ImageGrid.gap
  }

  public var height: Double {
    top + Double(max(rows, 1)) * (cellSize + ImageGrid.labelHeight + ImageGrid.gap / 2) + 4
  }

  public func drawing(id: String) -> Drawing {
    let levels = 8
    let peak = maxValue ?? images.flatMap { $0.pixels.filter(\.isFinite) }.max() ?? 1
    var paths = [PathData](repeating: PathData(), count: levels + 1)
    var frames = PathData()
    var alertFrames = PathData()
    var labels: [Node] = []
    var alertLabels: [Node] = []
    for (n, image) in images.enumerated() {
      let col = n % columns
      let row = n / columns
      let x0 = ImageGrid.gap + Double(col) * (cellSize + ImageGrid.gap)
      let y0 = top + Double(row) * (cellSize + ImageGrid.labelHeight + ImageGrid.gap / 2)
      let w = max(image.width, 1)
      let h = max(image.height, 1)
      let px = cellSize / Double(max(w, h))
      for j in 0..<h {
        for i in 0..<w {
          let k = j * w + i
          guard k < image.pixels.count else { continue }
          let v = image.pixels[k]
          guard v.isFinite, peak > 0 else { continue }
          let level = Int((max(0, min(1, v / peak)) * Double(levels)).rounded())
          guard level > 0 else { continue }
          paths[level].append(
            "M\(fmt(x0 + Double(i) * px)) \(fmt(y0 + Double(j) * px))h\(fmt(px))v\(fmt(px))h\(fmt(-px))z"
          )
        }
      }
      let frame =
        "M\(fmt(x0 - 0.5)) \(fmt(y0 - 0.5))h\(fmt(cellSize + 1))v\(fmt(cellSize + 1))h\(fmt(-cellSize - 1))z"
      if image.highlighted { alertFrames.append(frame) } else { frames.append(frame) }
      if let label = image.label {
        let text = SVG.text(label, x: x0 + cellSize / 2, y: y0 + cellSize + 14, anchor: "middle")
        if image.highlighted { alertLabels.append(text) } else { labels.append(text) }
      }
    }
    var nodes: [Node] = []
    var ink: [Node] = []
    for level in 1...levels where !paths[level].isEmpty {
      ink.append(
        SVG.path(paths[level].text, [("fill-opacity", fmt2(Double(level) / Double(levels)))]))
    }
    nodes.append(SVG.group([("fill", "currentColor"), ("shape-rendering", "crispEdges")], ink))
    if !frames.isEmpty {
      nodes.append(
        SVG.path(
          frames.text, [("class", "lp-grid"), ("fill", "none"), ("stroke", PlotStyle.lightGrid)]))
    }
    nodes.append(SVG.group([("fill", "currentColor")], labels))
    if !alertFrames.isEmpty || !alertLabels.isEmpty {
      nodes.append(
        SVG.group(
          PlotColor.series(2).attributes,
          [
            SVG.path(
              alertFrames.text,
              [("fill", "none"), ("stroke", "currentColor"), ("stroke-width", "1.5")]),
            SVG.group([("fill", "currentColor"), ("font-weight", "600")], alertLabels),
          ]))
    }
    if let title {
      nodes.append(
        SVG.text(
          title, x: width / 2, y: 19, anchor: "middle",
          [("font-size", "14"), ("font-weight", "600"), ("fill", "currentColor")]))
    }
    return Drawing(nodes: nodes)
  }
}

/// Two to four figures side by side (or in rows) in one SVG, sharing one caption, one title
/// and one description: one `<figure>`, one number, one accessible image, and the panels
/// scale together on narrow screens.
public struct Panels: Figure {
  public var figures: [any Figure]
  /// Titles over the panels, e.g. "(a) linear scale"; missing ones are blank.
  public var subtitles: [String]
  /// Panels per row; nil: all in one row.
  public var columns: Int?
  public var gap: Double

  public init(
    _ figures: [any Figure], subtitles: [String] = [], columns: Int? = nil, gap: Double = 12
  ) {
    self.figures = figures
    self.subtitles = subtitles
    self.columns = columns
    self.gap = gap
  }

  var perRow: Int { max(1, columns ?? figures.count) }
  var subtitleHeight: Double { subtitles.isEmpty ? 0 : 22 }

  var rowsOfFigures: [[Int]] {
    stride(from: 0, to: figures.count, by: perRow).map {
      Array($0..<min($0 + perRow, figures.count))
    }
  }

  public var width: Double {
    rowsOfFigures.map { row in
      row.map { figures[$0].width }.reduce(0, +) + gap * Double(max(row.count - 1, 0))
    }
    .max() ?? 0
  }

  public var height: Double {
    rowsOfFigures.map { row in (row.map { figures[$0].height }.max() ?? 0) + subtitleHeight }
      .reduce(0, +) + gap * Double(max(rowsOfFigures.count - 1, 0))
  }

  public func drawing(id: String) -> Drawing {
    var nodes: [Node] = []
    var y = 0.0
    let drawings = figures.indices.map { figures[$0].drawing(id: "\(id)-p\($0 + 1)") }
    for row in rowsOfFigures {
      var x = 0.0
      let rowHeight = row.map { drawings[$0].height ?? figures[$0].height }.max() ?? 0
      for k in row {
        let figure = figures[k]
        if k < subtitles.count, !subtitles[k].isEmpty {
          nodes.append(
            SVG.text(
              subtitles[k], x: x + figure.width / 2, y: y + 15, anchor: "middle",
              [("font-size", "13"), ("font-weight", "600"), ("fill", "currentColor")]))
        }
        nodes.append(
          SVG.group(
            [("transform", "translate(\(fmt(x)) \(fmt(y + subtitleHeight)))")],
            drawings[k].nodes))
        x += figure.width + gap
      }
      y += rowHeight + subtitleHeight + gap
    }
    return Drawing(nodes: nodes, height: max(y - gap, 0))
  }
}
