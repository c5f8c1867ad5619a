import Foundation
import LessonMarkdown
import LessonMarkup

/// The book's references, read from `references.bib` in the lessons folder.
///
/// A strict reader of the BibTeX authors keep: `@type{key, field = {…}, field = "…", year =
/// 2015}`, `%` comment lines and `@comment{…}`. `@string`, `@preamble` and `#`
/// concatenation are not supported and say so; every problem is located. Braces that
/// protect capitals are dropped, `--` is an en dash, `\&` an ampersand, `~` a space.
public struct Bibliography: Sendable {
  public static let fileName = "references.bib"

  public struct Entry: Sendable, Equatable {
    public var type: String
    public var key: String
    /// Field names in lower case; values cleaned of TeX braces.
    public var fields: [String: String]
    public var location: SourceLocation

    /// "Kingma and Ba", "Dauphin et al.": for the bibliography's sort order and the page.
    var authors: [String] {
      (fields["author"] ?? fields["editor"] ?? "")
        .components(separatedBy: " and ")
        .map { name in
          let parts = name.split(separator: ",", maxSplits: 1).map {
            $0.trimmingCharacters(in: .whitespaces)
          }
          return parts.count == 2
            ? "\(parts[1]) \(parts[0])" : name.trimmingCharacters(in: .whitespaces)
        }
    }

    /// The authors as a reader sees them: "A, B and C"; "others" becomes "et al.".
    var authorList: String {
      var names = authors
      let etAl = names.last == "others"
      if etAl { names.removeLast() }
      if etAl { return names.joined(separator: ", ") + " et al." }
      if names.count <= 2 { return names.joined(separator: " and ") }
      return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// Sort key: first author's family name, then year.
    var sortKey: String {
      let first = (fields["author"] ?? fields["editor"] ?? key).components(separatedBy: " and ")[0]
      let family =
        first.contains(",")
        ? String(first.prefix { $0 != "," })
        : String(first.split(separator: " ").last ?? "")
      return family.lowercased() + " " + (fields["year"] ?? "") + " " + key
    }

    /// Where the work can be read: DOI, arXiv, then the `url` field.
    var link: (href: String, text: String)? {
      if let doi = fields["doi"] { return ("https://doi.org/" + doi, "doi:" + doi) }
      if let eprint = fields["eprint"],
        (fields["archiveprefix"] ?? fields["eprinttype"] ?? "arxiv").lowercased() == "arxiv"
      {
        return ("https://arxiv.org/abs/" + eprint, "arXiv:" + eprint)
      }
      if let url = fields["url"] { return (url, url) }
      return nil
    }

    /// The entry as HTML nodes: authors (year). Title. Venue. Link.
    var nodes: [Node] {
      var nodes: [Node] = [.text("\(authorList) (\(fields["year"] ?? "n.d.")). ")]
      let title = fields["title"] ?? key
      nodes.append(
        .element(
          Element("cite", text: title.hasSuffix(".") || title.hasSuffix("?") ? title : title + "."))
      )
      var venue = fields["journal"] ?? fields["booktitle"] ?? fields["howpublished"] ?? ""
      if let volume = fields["volume"] { venue += venue.isEmpty ? volume : " " + volume }
      if let pages = fields["pages"] { venue += ", " + pages }
      if venue.isEmpty, let publisher = fields["publisher"] ?? fields["institution"] {
        venue = publisher
      }
      if !venue.isEmpty { nodes.append(.text(" " + venue + ".")) }
      if let link {
        nodes.append(.text(" "))
        nodes.append(.element(Element("a", [Attribute("href", link.href)], text: link.text)))
      }
      return nodes
    }
  }

  public var entries: [Entry] = []
  var byKey: [String: Entry] = [:]
  /// The file's text, for diagnostics' excerpts.
  public var source: SourceText?

  public init() {}

  /// Fields every entry needs.
  static let required = ["title", "year"]

  /// Reads `references.bib` in `directory`, if there is one.
  static func load(from directory: URL, displayName: String) -> (Bibliography, [Diagnostic]) {
    let url = directory.appendingPathComponent(fileName)
    guard FileManager.default.fileExists(atPath: url.path) else { return (Bibliography(), []) }
    let (source, problem) = SourceReader.read(url, displayPath: displayName + "/" + fileName)
    guard let source else { return (Bibliography(), [problem].compactMap { $0 }) }
    return parse(source)
  }

  public static func parse(_ source: SourceText) -> (Bibliography, [Diagnostic]) {
    var reader = BibReader(source)
    var bibliography = Bibliography()
    bibliography.source = source
    for entry in reader.entries() {
      if let first = bibliography.byKey[entry.key] {
        reader.error(
          "the key '\(entry.key)' is already used on line \(first.location.line)",
          at: entry.location)
        continue
      }
      let missing =
        required.filter { entry.fields[$0] == nil }
        + (entry.fields["author"] == nil && entry.fields["editor"] == nil ? ["author"] : [])
      if !missing.isEmpty {
        reader.error(
          "@\(entry.type){\(entry.key)} has no \(missing.joined(separator: " or ")) field",
          at: entry.location)
      }
      bibliography.entries.append(entry)
      bibliography.byKey[entry.key] = entry
    }
    return (bibliography, reader.diagnostics)
  }

  public subscript(key: String) -> Entry? { byKey[key] }
  var keys: [String] { entries.map(\.key) }
}

/// Reads a BibTeX file scalar by scalar, keeping line and column.
private struct BibReader {
  let source: SourceText
  let scalars: [Unicode.Scalar]
  var position = 0
  var line = 1
  var column = 1
  var diagnostics: [Diagnostic] = []

  init(_ source: SourceText) {
    self.source = source
    scalars = Array(source.text.unicodeScalars)
  }

  var location: SourceLocation { SourceLocation(line: line, column: column) }
  var atEnd: Bool { position >= scalars.count }
  var current: Unicode.Scalar? { atEnd ? nil : scalars[position] }

  mutating func advance() {
    guard let c = current else { return }
    position += 1
    if c == "\n" {
      line += 1
      column = 1
    } else {
      column += 1
    }
  }

  mutating func error(_ message: String, at location: SourceLocation, notes: [String] = []) {
    diagnostics.append(.error(message, path: source.path, at: location, notes: notes))
  }

  mutating func skipSpace() {
    while let c = current {
      if c == "%" {
        while let d = current, d != "\n" { advance() }
      } else if c.properties.isWhitespace {
        advance()
      } else {
        break
      }
    }
  }

  mutating func name() -> String {
    var text = ""
    while let c = current,
      c.properties.isAlphabetic || ("0"..."9").contains(c) || "_-:.+/".unicodeScalars.contains(c)
    {
      text.unicodeScalars.append(c)
      advance()
    }
    return text
  }

  /// Skips to the next line starting with `@`, after an error.
  mutating func recover() {
    while let c = current {
      if c == "@", column == 1 { return }
      advance()
    }
  }

  mutating func entries() -> [Bibliography.Entry] {
    var entries: [Bibliography.Entry] = []
    while true {
      skipSpace()
      guard let c = current else { break }
      let start = location
      guard c == "@" else {
        error("text outside an entry; entries start with @, comments with %", at: start)
        recover()
        continue
      }
      advance()
      let type = name().lowercased()
      skipSpace()
      guard current == "{" else {
        error("expected '{' after @\(type)", at: location)
        recover()
        continue
      }
      if type == "comment" {
        _ = braced()
        continue
      }
      if type == "string" || type == "preamble" {
        error("@\(type) is not supported; write the text in each entry", at: start)
        recover()
        continue
      }
      advance()
      skipSpace()
      let keyLocation = location
      let key = name()
      guard !key.isEmpty else {
        error("expected the entry's key after '@\(type){'", at: keyLocation)
        recover()
        continue
      }
      skipSpace()
      var entry = Bibliography.Entry(type: type, key: key, fields: [:], location: keyLocation)
      var ok = true
      while ok {
        skipSpace()
        if current == "}" {
          advance()
          break
        }
        guard current == "," else {
          if atEnd {
            error(
              "@\(type){\(key)} is never closed; a brace inside one of its values may be missing",
              at: keyLocation)
          } else {
            error("expected ',' or '}' in @\(type){\(key)}", at: location)
          }
          ok = false
          break
        }
        advance()
        skipSpace()
        if current == "}" {
          advance()
          break
        }
        let fieldLocation = location
        let field = name().lowercased()
        guard !field.isEmpty else {
          error("expected a field name such as title or year", at: fieldLocation)
          ok = false
          break
        }
        skipSpace()
        guard current == "=" else {
          error("expected '=' after the field '\(field)'", at: location)
          ok = false
          break
        }
        advance()
        skipSpace()
        let valueLocation = location
        guard let (cleaned, raw) = value() else {
          ok = false
          break
        }
        skipSpace()
        if current == "#" {
          error("'#' concatenation is not supported; write the value in one piece", at: location)
          ok = false
          break
        }
        if entry.fields[field] != nil {
          error("the field '\(field)' is given twice", at: fieldLocation)
        }
        // Addresses are kept as written: `~` and `--` belong to them.
        let value =
          Self.verbatimFields.contains(field) ? raw.trimmingCharacters(in: .whitespaces) : cleaned
        if field == "year", Int(value) == nil {
          error("the year '\(value)' is not a number", at: valueLocation)
        }
        entry.fields[field] = value
      }
      if ok { entries.append(entry) } else { recover() }
    }
    return entries
  }

  static let verbatimFields: Set<String> = ["url", "doi", "eprint"]

  /// `{…}` with nested braces, `"…"`, or a number: cleaned for display, and as written.
  mutating func value() -> (String, String)? {
    let start = location
    switch current {
    case "{":
      guard let text = braced() else { return nil }
      return (Self.clean(text), text)
    case "\"":
      advance()
      var text = ""
      var depth = 0
      while let c = current {
        if c == "\"", depth == 0 { break }
        if c == "{" { depth += 1 }
        if c == "}" { depth -= 1 }
        text.unicodeScalars.append(c)
        advance()
      }
      guard current == "\"" else {
        error("this quoted value is not closed", at: start)
        return nil
      }
      advance()
      return (Self.clean(text), text)
    case let c? where ("0"..."9").contains(c):
      let number = name()
      return (number, number)
    default:
      error("expected a value in braces {…}, quotes \"…\" or a number", at: start)
      return nil
    }
  }

  /// The text inside balanced braces, the reader standing on the `{`.
  mutating func braced() -> String? {
    let start = location
    advance()
    var depth = 1
    var text = ""
    while let c = current {
      if c == "{" { depth += 1 }
      if c == "}" {
        depth -= 1
        if depth == 0 { break }
      }
      text.unicodeScalars.append(c)
      advance()
    }
    guard current == "}" else {
      error("this '{' is never closed", at: start)
      return nil
    }
    advance()
    return text
  }

  static func clean(_ text: String) -> String {
    var text = text.replacingOccurrences(of: "\\&", with: "&")
      .replacingOccurrences(of: "--", with: "–").replacingOccurrences(of: "~", with: " ")
    text.removeAll { $0 == "{" || $0 == "}" }
    return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }
}
