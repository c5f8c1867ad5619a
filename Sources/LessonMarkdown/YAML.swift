import Yams

/// A YAML value with the location of every node in the lesson file.
///
/// Front matter and directive options are parsed with Yams (libYAML) and converted at once
/// into this tree, so that the rest of the program never imports Yams and every option can
/// be reported at its own line and column.
public struct YAMLNode: Sendable, Equatable {
  public enum Value: Sendable, Equatable {
    /// A scalar; `plain` is false when it was quoted (and so is always a string).
    case scalar(String, plain: Bool)
    case sequence([YAMLNode])
    case mapping([YAMLEntry])
  }

  public var value: Value
  public var location: SourceLocation
  /// How many columns the node spans on its first line (for the caret underline).
  public var length: Int

  public init(_ value: Value, at location: SourceLocation, length: Int = 1) {
    self.value = value
    self.location = location
    self.length = length
  }

  /// The scalar's text, or nil for sequences and mappings.
  public var scalar: String? {
    if case .scalar(let text, _) = value { return text }
    return nil
  }

  /// A plain scalar that YAML 1.2's core schema reads as null (`~`, `null`, empty).
  public var isNull: Bool {
    if case .scalar(let text, plain: true) = value {
      return ["", "~", "null", "Null", "NULL"].contains(text)
    }
    return false
  }

  /// What the node is, for messages: "a number", "a list", "a mapping", "text".
  public var kindDescription: String {
    switch value {
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    case .scalar(let text, let plain):
      if isNull { return "nothing" }
      if plain, Double(text) != nil { return "the number \(text)" }
      if plain, ["true", "false"].contains(text) { return text }
      return "'\(text)'"
    }
  }
}

/// One `key: value` pair of a mapping, in source order.
public struct YAMLEntry: Sendable, Equatable {
  public var key: String
  public var keyLocation: SourceLocation
  public var value: YAMLNode

  public init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
    self.key = key
    self.keyLocation = keyLocation
    self.value = value
  }
}

/// Parses YAML text embedded in a lesson file.
public enum YAMLParser {
  /// Parses `text`, mapping libYAML positions (1-based line within `text`, 1-based column
  /// in Unicode scalars) to lesson-file locations with `locate`.
  ///
  /// Returns nil and no diagnostics for an empty document. Duplicate keys (which libYAML
  /// rejects) are reported at their second occurrence. Anchors and aliases are refused (an
  /// alias bomb of a few hundred bytes expands to billions of nodes), and so is nesting
  /// deeper than `maximumDepth`.
  public static func parse(
    _ text: String, path: String, locate: (_ line: Int, _ column: Int) -> SourceLocation
  ) -> (YAMLNode?, [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    do {
      // Yams keeps a node's anchor only while its parser lives: convert before it goes.
      let parser = try Parser(yaml: text, resolver: .basic, encoding: .utf8)
      guard let root = try parser.singleRoot() else { return (nil, []) }
      return withoutActuallyEscaping(locate) { locate in
        var converter = Converter(path: path, locate: locate)
        let node = withExtendedLifetime(parser) { converter.convert(root, depth: 1) }
        // Like invalid YAML, a refused document gives no value: one error, not a cascade.
        return (converter.stopped ? nil : node, converter.diagnostics)
      }
    } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
      // Yams reports the mapping; point at the second occurrence of each key instead.
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      return (
        nil,
        duplicates.map { key in
          let occurrences = lines.indices.filter { index in
            let line = lines[index].drop { $0 == " " || $0 == "-" }
            return line.hasPrefix(key) && line.dropFirst(key.count).first { $0 != " " } == ":"
          }
          let line = occurrences.dropFirst().first ?? (context.mark.line - 1)
          let column = lines[line].prefix { $0 == " " || $0 == "-" }.unicodeScalars.count + 1
          return .error(
            "'\(key)' is given twice", path: path, at: locate(line + 1, column),
            length: key.unicodeScalars.count)
        }
      )
    } catch let error as YamlError {
      var (message, mark) = describe(error)
      if message.contains("Maximum nesting level reached") {
        // libYAML's own limit, named after its C setter: say what it means.
        message = "nested more than 1000 levels deep"
      }
      let location = mark.map { locate($0.line, $0.column) } ?? locate(1, 1)
      return (nil, [.error("invalid YAML: \(message)", path: path, at: location)])
    } catch {
      return (nil, [.error("invalid YAML: \(error)", path: path, at: locate(1, 1))])
    }
  }

  /// How deeply lists and mappings may nest in front matter and options: far more than any
  /// option needs, and few enough that every walk over the tree stays shallow. (libYAML
  /// itself stops at 1,000 levels; Yams recurses once per level up to there.)
  public static let maximumDepth = 64

  /// Converts Yams nodes, stopping at the first anchor and at the depth limit.
  private struct Converter {
    let path: String
    let locate: (Int, Int) -> SourceLocation
    var diagnostics: [Diagnostic] = []
    /// Set after an anchor or too deep a nesting: one error says it, the rest is not read.
    var stopped = false

    mutating func convert(_ node: Node, depth: Int) -> YAMLNode {
      let location = node.mark.map { locate($0.line, $0.column) } ?? locate(1, 1)
      let empty = YAMLNode(.scalar("", plain: true), at: location)
      if let anchor = node.anchor {
        // An alias comes back as the anchored node itself: refusing anchors refuses both,
        // before anything is expanded.
        diagnostics.append(
          .error(
            "YAML anchors and aliases (&\(anchor.rawValue)) are not supported here", path: path,
            at: location, notes: ["write the value out where it is used"]))
        stopped = true
        return empty
      }
      if depth > maximumDepth {
        diagnostics.append(
          .error(
            "YAML nested more than \(maximumDepth) levels deep", path: path, at: location))
        stopped = true
        return empty
      }
      switch node {
      case .scalar(let scalar):
        let plain = scalar.style == .plain || scalar.style == .any
        let width = scalar.string.unicodeScalars.count + (plain ? 0 : 2)
        return YAMLNode(.scalar(scalar.string, plain: plain), at: location, length: width)
      case .sequence(let sequence):
        var items: [YAMLNode] = []
        for item in sequence {
          items.append(convert(item, depth: depth + 1))
          if stopped { break }
        }
        return YAMLNode(.sequence(items), at: location)
      case .mapping(let mapping):
        var entries: [YAMLEntry] = []
        for (key, value) in mapping {
          let keyNode = convert(key, depth: depth + 1)
          guard let name = keyNode.scalar else {
            diagnostics.append(
              .error(
                "keys must be plain names, not \(keyNode.kindDescription)", path: path,
                at: keyNode.location))
            continue
          }
          let valueNode = convert(value, depth: depth + 1)
          entries.append(YAMLEntry(key: name, keyLocation: keyNode.location, value: valueNode))
          if stopped { break }
        }
        return YAMLNode(.mapping(entries), at: location)
      case .alias(let alias):
        diagnostics.append(
          .error(
            "YAML anchors and aliases (*\(alias.anchor.rawValue)) are not supported here",
            path: path, at: location, notes: ["write the value out where it is used"]))
        stopped = true
        return empty
      }
    }

  }

  private static func describe(_ error: YamlError) -> (String, Mark?) {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let message = [context?.text, problem].compactMap { $0 }.joined(separator: ": ")
      return (message, mark)
    case .reader(let problem, _, _, _): return (problem, nil)
    default: return ("\(error)", nil)
    }
  }
}
