import LessonMarkup
import LessonPlot

/// What a directive's run produces: figures and tables in page order, and named values.
public struct DirectiveOutput: Sendable, Codable {
  public var items: [Item]
  /// Named results, in a stable order, for `{value}` and `{expect}`.
  public var values: [NamedValue]

  public init(items: [Item] = [], values: [NamedValue] = []) {
    self.items = items
    self.values = values
  }

  public enum Item: Sendable, Codable {
    case figure(Figure)
    case table(Table)

    /// The numbers behind the item.
    public var data: DataTable {
      switch self {
      case .figure(let figure): return figure.data
      case .table(let table): return table.data
      }
    }

    /// The item's key within its directive ("" for the main item).
    public var key: String {
      switch self {
      case .figure(let figure): return figure.key
      case .table(let table): return table.key
      }
    }
  }
}

/// A chart with its caption, its description and the data behind it.
public struct Figure: Sendable {
  /// "" for the directive's main figure (its id is the directive's name); otherwise a
  /// suffix: the figure's id is `name-key`.
  public var key: String
  /// The caption used unless the author gave one (Markdown with `$…$` math).
  public var caption: String
  /// What the chart shows and its key result, written from the data: the SVG's `<desc>`.
  public var description: String
  /// The numbers behind the chart, written as CSV next to the page.
  public var data: DataTable
  /// The chart as data: the page draws it once it knows the figure's id, and explored
  /// frames of one figure are merged so that they share what they draw in common.
  public var chart: any LessonPlot.Figure

  public init(
    key: String = "", caption: String, description: String, data: DataTable,
    chart: any LessonPlot.Figure
  ) {
    self.key = key
    self.caption = caption
    self.description = description
    self.data = data
    self.chart = chart
  }
}

extension Figure: Codable {
  private enum CodingKeys: String, CodingKey {
    case key, caption, description, data, chart
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      key: try container.decode(String.self, forKey: .key),
      caption: try container.decode(String.self, forKey: .caption),
      description: try container.decode(String.self, forKey: .description),
      data: try container.decode(DataTable.self, forKey: .data),
      chart: try container.decode(CodableFigure.self, forKey: .chart).figure)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(key, forKey: .key)
    try container.encode(caption, forKey: .caption)
    try container.encode(description, forKey: .description)
    try container.encode(data, forKey: .data)
    try container.encode(CodableFigure(chart), forKey: .chart)
  }
}

/// A table shown in the page and written as CSV.
public struct Table: Sendable, Codable {
  public var key: String
  public var caption: String
  public var columns: [Column]
  public var rows: [[Cell]]

  public init(key: String = "", caption: String, columns: [Column], rows: [[Cell]]) {
    self.key = key
    self.caption = caption
    self.columns = columns
    self.rows = rows
  }

  public struct Column: Sendable, Codable {
    /// The header shown in the page (Markdown with `$…$` math).
    public var header: String
    /// The header in the CSV file (plain text).
    public var csvHeader: String
    /// How numbers in this column are shown in the page (the CSV keeps full precision).
    public var style: NumberStyle

    public init(_ header: String, csv: String? = nil, style: NumberStyle = .automatic) {
      self.header = header
      self.csvHeader = csv ?? header
      self.style = style
    }
  }

  /// The table as plain data.
  public var data: DataTable { DataTable(columns: columns.map(\.csvHeader), rows: rows) }
}

/// Columns of numbers or text: the CSV behind a figure or table, and `lessons run --json`.
public struct DataTable: Sendable, Equatable, Codable {
  public var columns: [String]
  public var rows: [[Cell]]

  public init(columns: [String], rows: [[Cell]]) {
    self.columns = columns
    self.rows = rows
  }

  /// Builds a table from equally long columns of numbers.
  public init(_ columns: [(String, [Double])]) {
    self.columns = columns.map(\.0)
    let count = columns.map(\.1.count).max() ?? 0
    rows = (0..<count).map { row in
      columns.map { row < $0.1.count ? .number($0.1[row]) : .empty }
    }
  }

  /// RFC 4180 CSV with `\n` line ends; numbers in shortest round-trip form.
  public var csv: String {
    var out = ""
    out.reserveCapacity(16 * (rows.count + 1) * max(columns.count, 1))
    for (index, column) in columns.enumerated() {
      if index > 0 { out += "," }
      Self.append(column, to: &out)
    }
    out += "\n"
    for row in rows {
      for (index, cell) in row.enumerated() {
        if index > 0 { out += "," }
        switch cell {
        case .number: out += cell.csvText  // digits, signs, '.', 'e', NaN, Infinity: no quotes
        case .text(let text): Self.append(text, to: &out)
        case .empty: break
        }
      }
      out += "\n"
    }
    return out
  }

  /// A field, in quotes (doubled inside) when it holds a comma, a quote or a line end.
  private static func append(_ field: String, to out: inout String) {
    let special = field.utf8.contains {
      $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13
    }
    guard special else {
      out += field
      return
    }
    out += "\"" + field.replacing("\"", with: "\"\"") + "\""
  }
}

/// One cell of a table.
public enum Cell: Sendable, Equatable, Codable {
  case number(Double)
  case text(String)
  case empty

  /// Full precision for files: Swift's shortest representation that reads back exactly.
  public var csvText: String {
    switch self {
    case .number(let value):
      if value.isNaN { return "NaN" }
      if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
      if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
      return value.description
    case .text(let text): return text
    case .empty: return ""
    }
  }
}

/// A number a directive publishes under a key, e.g. `window[0.98]` → 50.
public struct NamedValue: Sendable, Equatable, Codable {
  public var key: String
  public var value: Double
  /// How `{value}` shows it unless the lesson gives a format.
  public var style: NumberStyle

  public init(_ key: String, _ value: Double, style: NumberStyle = .significant(4)) {
    self.key = key
    self.value = value
    self.style = style
  }
}
