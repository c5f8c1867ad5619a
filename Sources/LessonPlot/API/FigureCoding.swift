/// Any figure of LessonPlot, tagged with its kind so that it can be written and read back
/// (the build cache stores directive outputs, charts included).
///
/// Only LessonPlot's own figures can be encoded; another type is an encoding error.
public struct CodableFigure: Codable, Sendable {
  public var figure: any Figure

  public init(_ figure: any Figure) { self.figure = figure }

  private enum Kind: String, Codable {
    case chart, bars, heatmap, images, panels, frames
  }

  private enum CodingKeys: String, CodingKey {
    case kind, figure
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    switch try container.decode(Kind.self, forKey: .kind) {
    case .chart: figure = try container.decode(Chart.self, forKey: .figure)
    case .bars: figure = try container.decode(BarChart.self, forKey: .figure)
    case .heatmap: figure = try container.decode(Heatmap.self, forKey: .figure)
    case .images: figure = try container.decode(ImageGrid.self, forKey: .figure)
    case .panels: figure = try container.decode(Panels.self, forKey: .figure)
    case .frames: figure = try container.decode(Frames.self, forKey: .figure)
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    switch figure {
    case let chart as Chart:
      try container.encode(Kind.chart, forKey: .kind)
      try container.encode(chart, forKey: .figure)
    case let bars as BarChart:
      try container.encode(Kind.bars, forKey: .kind)
      try container.encode(bars, forKey: .figure)
    case let heatmap as Heatmap:
      try container.encode(Kind.heatmap, forKey: .kind)
      try container.encode(heatmap, forKey: .figure)
    case let images as ImageGrid:
      try container.encode(Kind.images, forKey: .kind)
      try container.encode(images, forKey: .figure)
    case let panels as Panels:
      try container.encode(Kind.panels, forKey: .kind)
      try container.encode(panels, forKey: .figure)
    case let frames as Frames:
      try container.encode(Kind.frames, forKey: .kind)
      try container.encode(frames, forKey: .figure)
    default:
      throw EncodingError.invalidValue(
        figure,
        EncodingError.Context(
          codingPath: encoder.codingPath,
          debugDescription: "\(type(of: figure)) is not one of LessonPlot's figures"))
    }
  }
}

extension Panels: Codable {
  private enum CodingKeys: String, CodingKey {
    case figures, subtitles, columns, gap
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      try container.decode([CodableFigure].self, forKey: .figures).map(\.figure),
      subtitles: try container.decode([String].self, forKey: .subtitles),
      columns: try container.decodeIfPresent(Int.self, forKey: .columns),
      gap: try container.decode(Double.self, forKey: .gap))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(figures.map(CodableFigure.init), forKey: .figures)
    try container.encode(subtitles, forKey: .subtitles)
    try container.encodeIfPresent(columns, forKey: .columns)
    try container.encode(gap, forKey: .gap)
  }
}

extension Frames: Codable {
  private enum CodingKeys: String, CodingKey {
    case frames, initial
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let frames = try container.decode([CodableFigure].self, forKey: .frames).map(\.figure)
    guard !frames.isEmpty else {
      throw DecodingError.dataCorruptedError(
        forKey: .frames, in: container, debugDescription: "Frames needs at least one frame")
    }
    self.init(frames, initial: try container.decode(Int.self, forKey: .initial))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(frames.map(CodableFigure.init), forKey: .frames)
    try container.encode(initial, forKey: .initial)
  }
}
