import Foundation
import LessonMarkdown

/// `lessons run FILE --json`: every directive's results as JSON, for other tools.
///
/// ```json
/// {"lesson": "Lessons/03-ewa.md", "directives": [{"name": "temps", "directive": "ewa",
///   "line": 12, "items": [{"id": "temps", "kind": "figure", "caption": "…",
///   "columns": ["day", …], "rows": [[1, 3.2, …], …]}], "values": {"window[0.98]": 50}}],
///  "diagnostics": [{"severity": "error", "path": "…", "line": 14, "column": 7, …}]}
/// ```
public struct LessonRun: Encodable, Sendable {
  public var lesson: String
  public var directives: [DirectiveRun]
  public var diagnostics: [DiagnosticRecord]

  public struct DirectiveRun: Encodable, Sendable {
    public var name: String
    public var directive: String
    public var line: Int
    public var items: [ItemRecord]
    /// Named values in the order the directive publishes them.
    public var values: [ValueRecord]
    /// Every frame of a block that explores options (`items` and `values` above are the
    /// frame shown first); nil for other blocks.
    public var frames: [FrameRecord]?
  }

  public struct FrameRecord: Encodable, Sendable {
    /// The explored options' values in this frame.
    public var options: [String: CellRecord]
    public var items: [ItemRecord]
    public var values: [ValueRecord]
  }

  public struct ItemRecord: Encodable, Sendable {
    public var id: String
    public var kind: String
    public var caption: String
    public var description: String?
    public var columns: [String]
    /// Numbers (null when not finite) or text.
    public var rows: [[CellRecord]]
  }

  public struct ValueRecord: Encodable, Sendable {
    public var key: String
    public var value: Double?
  }

  public enum CellRecord: Encodable, Sendable {
    case number(Double?)
    case text(String)

    public func encode(to encoder: Encoder) throws {
      var container = encoder.singleValueContainer()
      switch self {
      case .number(let value): try container.encode(value)
      case .text(let text): try container.encode(text)
      }
    }
  }

  public struct DiagnosticRecord: Encodable, Sendable {
    public var severity: String
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String
    public var notes: [String]
  }

  /// The results of the lesson `path` in `result` (a build of that one lesson).
  public init(_ result: BuildResult, path: String) {
    lesson = path
    diagnostics = result.diagnostics.map {
      DiagnosticRecord(
        severity: $0.severity.rawValue, path: $0.path, line: $0.location?.line,
        column: $0.location?.column, message: $0.message, notes: $0.notes)
    }
    directives = (result.values[path] ?? []).map { result in
      var items: [ItemRecord] = []
      var values: [ValueRecord] = []
      if case .success(let output) = result.outcome {
        (items, values) = Self.records(output, result.invocation)
      }
      var frames: [FrameRecord]?
      if let (exploration, outputs) = result.explored {
        frames = outputs.enumerated().map { frame, output in
          let (items, values) = Self.records(output, result.invocation)
          let options = zip(exploration.axes, exploration.indices(of: frame)).map { axis, i in
            let text = axis.values[i].scalar ?? ""
            return (axis.option, Double(text).map { CellRecord.number($0) } ?? .text(text))
          }
          return FrameRecord(
            options: Dictionary(options, uniquingKeysWith: { a, _ in a }), items: items,
            values: values)
        }
      }
      return DirectiveRun(
        name: result.invocation.name, directive: result.invocation.directiveName,
        line: result.invocation.block.location.line, items: items, values: values,
        frames: frames)
    }
  }

  private static func records(_ output: DirectiveOutput, _ invocation: Invocation) -> (
    [ItemRecord], [ValueRecord]
  ) {
    let items = output.items.map { item -> ItemRecord in
      let id = LessonRenderer.itemID(name: invocation.name, key: item.key)
      switch item {
      case .figure(let figure):
        return ItemRecord(
          id: id, kind: "figure", caption: invocation.caption?.text ?? figure.caption,
          description: figure.description, columns: figure.data.columns,
          rows: figure.data.rows.map { $0.map(CellRecord.init) })
      case .table(let table):
        return ItemRecord(
          id: id, kind: "table", caption: table.caption, description: nil,
          columns: table.data.columns, rows: table.data.rows.map { $0.map(CellRecord.init) })
      }
    }
    let values = output.values.map {
      ValueRecord(key: $0.key, value: $0.value.isFinite ? $0.value : nil)
    }
    return (items, values)
  }

  /// Pretty-printed JSON with sorted keys: the same lesson gives the same bytes.
  public func json() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding plain values cannot fail.
    return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
  }
}

extension LessonRun.CellRecord {
  init(_ cell: Cell) {
    switch cell {
    case .number(let value): self = .number(value.isFinite ? value : nil)
    case .text(let text): self = .text(text)
    case .empty: self = .text("")
    }
  }
}
