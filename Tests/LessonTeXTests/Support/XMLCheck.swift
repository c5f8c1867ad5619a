import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses markup with Foundation's `XMLParser` and reports what it saw.
final class XMLCheck: NSObject, XMLParserDelegate {
  private(set) var elements: [String] = []
  private(set) var attributes: [(element: String, name: String, value: String)] = []
  private(set) var error: String?

  /// Parses `markup`; `error` is nil when it is well-formed XML.
  static func parse(_ markup: String) -> XMLCheck {
    let check = XMLCheck()
    let parser = XMLParser(data: Data(markup.utf8))
    parser.delegate = check
    if !parser.parse() {
      check.error = parser.parserError.map { "\($0)" } ?? "not well-formed"
    }
    return check
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    elements.append(elementName)
    for (name, value) in attributeDict.sorted(by: { $0.key < $1.key }) {
      attributes.append((elementName, name, value))
    }
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
    error = "\(parseError)"
  }
}
