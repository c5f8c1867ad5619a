import Foundation
import LessonTestSupport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses markup as XML and collects what the tests check: well-formedness, attribute
/// values, ids.
final class XMLCheck: NSObject, XMLParserDelegate {
  private(set) var attributes: [(element: String, name: String, value: String)] = []
  private(set) var ids: [String] = []
  private(set) var elementCount = 0
  private(set) var error: String?

  /// Parses `markup`; returns nil and records the parser's error when it is not well-formed.
  static func parse(_ markup: String) -> XMLCheck? {
    let check = XMLCheck()
    let parser = XMLParser(data: Data(markup.utf8))
    parser.delegate = check
    let ok = parser.parse()
    if !ok {
      check.error = parser.parserError.map { "\($0)" } ?? "unknown error"
      Issue.record(
        "not well-formed XML: \(check.error!) at line \(parser.lineNumber), column \(parser.columnNumber)"
      )
      return nil
    }
    return check
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    elementCount += 1
    for (name, value) in attributeDict.sorted(by: { $0.key < $1.key }) {
      attributes.append((elementName, name, value))
      if name == "id" { ids.append(value) }
    }
  }

  /// Attribute values that contain a non-finite number as we could have written it.
  var nonFiniteAttributes: [String] {
    let textual: Set<String> = [
      "class", "id", "color", "fill", "stroke", "stop-color", "font-family", "role",
      "aria-labelledby", "xmlns", "clip-path", "text-anchor", "font-style", "font-weight",
      "stroke-linejoin", "stroke-linecap", "style", "shape-rendering", "fill-rule",
    ]
    return attributes.compactMap { a in
      let lower = a.value.lowercased()
      var bad =
        lower.contains("nan")
        || lower.range(of: #"(^|[^a-z])inf"#, options: .regularExpression) != nil
      if !textual.contains(a.name) {
        // Numbers must be plain decimals: no exponent.
        bad = bad || lower.range(of: #"[0-9.]e[+-]?[0-9]"#, options: .regularExpression) != nil
      }
      return bad ? "\(a.element)@\(a.name)=\(a.value)" : nil
    }
  }

  /// Every number written in geometry attributes (paths, positions, sizes).
  var coordinates: [Double] {
    let geometric: Set<String> = [
      "d", "x", "y", "width", "height", "cx", "cy", "r", "x1", "x2", "y1", "y2",
    ]
    var out: [Double] = []
    for a in attributes where geometric.contains(a.name) {
      var number = ""
      for ch in a.value + " " {
        if ch.isNumber || ch == "." || (ch == "-" && number.isEmpty) {
          number.append(ch)
        } else {
          if let v = Double(number) { out.append(v) }
          number = ch == "-" ? "-" : ""
        }
      }
    }
    return out
  }
}

/// Golden SVG snapshots, checked with the shared `Golden` helper (recorded on purpose only).
/// The SVG is stored with a line break between tags (text never contains a literal `><`: it
/// is escaped) so that diffs are readable.
enum Snapshot {
  static func directory(_ filePath: String) -> URL {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
  }

  static func assertMatches(
    _ svg: String, named name: String, filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    Golden.check(
      svg.replacingOccurrences(of: "><", with: ">\n<"),
      against: directory(filePath).appendingPathComponent(name + ".svg"),
      sourceLocation: sourceLocation)
  }
}
