/// A node of an HTML, SVG or MathML tree, rendered deterministically.
///
/// Attributes keep the order in which they were given, so the same tree always gives the same
/// bytes. Text is escaped when rendered; `raw` inserts markup that was rendered elsewhere
/// (for example an SVG figure inside a page) and is never escaped again.
public enum Node: Sendable, Equatable {
  case element(Element)
  case text(String)
  case raw(String)

  /// Renders the node to a string.
  public func render(_ syntax: Syntax = .html) -> String {
    var out = ""
    render(into: &out, syntax: syntax)
    return out
  }

  /// Appends the rendered node to `out`.
  public func render(into out: inout String, syntax: Syntax) {
    switch self {
    case .element(let element): element.render(into: &out, syntax: syntax)
    case .text(let text): Escape.append(text, to: &out, quotes: false)
    case .raw(let markup): out += markup
    }
  }
}

/// How empty elements are written.
public enum Syntax: Sendable {
  /// HTML: void elements (`br`, `img`, `meta`, …) are written `<br>`; other empty elements
  /// get a closing tag. Foreign elements inside HTML (SVG, MathML) use `xml`.
  case html
  /// XML (SVG, MathML): every empty element is written `<name/>`.
  case xml
}

/// An element with ordered attributes and children.
public struct Element: Sendable, Equatable {
  public var name: String
  public var attributes: [Attribute]
  public var children: [Node]

  public init(_ name: String, _ attributes: [Attribute] = [], _ children: [Node] = []) {
    self.name = name
    self.attributes = attributes
    self.children = children
  }

  /// Convenience: an element whose only child is escaped text.
  public init(_ name: String, _ attributes: [Attribute] = [], text: String) {
    self.init(name, attributes, [.text(text)])
  }

  /// Renders the element to a string.
  public func render(_ syntax: Syntax = .html) -> String {
    var out = ""
    render(into: &out, syntax: syntax)
    return out
  }

  /// Appends the rendered element to `out`.
  public func render(into out: inout String, syntax: Syntax) {
    out += "<"
    out += name
    for attribute in attributes {
      out += " "
      out += attribute.name
      if let value = attribute.value {
        out += "=\""
        Escape.append(value, to: &out, quotes: true)
        out += "\""
      }
    }
    if children.isEmpty {
      switch syntax {
      case .xml:
        out += "/>"
        return
      case .html where Element.htmlVoidElements.contains(name):
        out += ">"
        return
      case .html:
        break
      }
    }
    out += ">"
    for child in children { child.render(into: &out, syntax: syntax) }
    out += "</"
    out += name
    out += ">"
  }

  /// HTML elements that never have content or a closing tag.
  static let htmlVoidElements: Set<String> = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
  ]
}

/// One attribute; a `nil` value writes a boolean attribute (`hidden`).
public struct Attribute: Sendable, Equatable {
  public var name: String
  public var value: String?

  public init(_ name: String, _ value: String?) {
    self.name = name
    self.value = value
  }
}

extension Attribute: ExpressibleByStringLiteral {
  /// A boolean attribute written by name alone, e.g. `"hidden"`.
  public init(stringLiteral name: String) { self.init(name, nil) }
}
