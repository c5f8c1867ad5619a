/// Merges the node trees of several frames of one figure or caption: equal nodes are kept
/// once; `containers` (`<g>` in SVG) with equal attributes are merged child by child;
/// anything else becomes one `wrapper` element per distinct variant, tagged with the frames
/// that show it (`data-f="0 3"`, and `data-first=""` on those of the frame shown first).
public struct FrameMerger: Sendable {
  public var initial: Int
  public var wrapper: String
  public var containers: Set<String>

  public init(initial: Int, wrapper: String, containers: Set<String>) {
    self.initial = initial
    self.wrapper = wrapper
    self.containers = containers
  }

  public func merge(_ lists: [[Node]]) -> [Node] {
    let first = lists[0]
    if lists.allSatisfy({ $0 == first }) { return first }
    if lists.allSatisfy({ $0.count == first.count }) {
      var out: [Node] = []
      for i in first.indices {
        let column = lists.map { $0[i] }
        if column.allSatisfy({ $0 == column[0] }) {
          out.append(column[0])
        } else if let groups = groups(column) {
          let e = groups[0]
          out.append(.element(Element(e.name, e.attributes, merge(groups.map(\.children)))))
        } else {
          out += variants(column.map { [$0] })
        }
      }
      return out
    }
    // Lists of different lengths: the nodes of the first list that every frame draws, in
    // order, are kept once; the runs between them are merged in turn.
    guard let anchors = Self.anchors(lists) else { return variants(lists) }
    var out: [Node] = []
    var starts = Array(repeating: 0, count: lists.count)
    for anchor in anchors + [nil] {
      let segments = lists.indices.map { f in
        Array(lists[f][starts[f]..<(anchor?[f] ?? lists[f].count)])
      }
      if segments.contains(where: { !$0.isEmpty }) {
        out +=
          segments.allSatisfy({ $0.count == segments[0].count })
          ? merge(segments) : variants(segments)
      }
      guard let anchor else { break }
      out.append(lists[0][anchor[0]])
      for f in lists.indices { starts[f] = anchor[f] + 1 }
    }
    return out
  }

  /// Positions, per frame, of the nodes of the first frame that every frame draws in the
  /// same order (a longest common subsequence with each frame); nil if there are none or the
  /// lists are too long to align.
  private static func anchors(_ lists: [[Node]]) -> [[Int]]? {
    let first = lists[0]
    guard lists.allSatisfy({ first.count * $0.count <= 40_000 }) else { return nil }
    // For each other frame, where each node of the first frame is matched (or nil).
    var matches: [[Int?]] = []
    for list in lists.dropFirst() {
      let n = first.count
      let m = list.count
      var table = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
      for i in stride(from: n - 1, through: 0, by: -1) {
        for j in stride(from: m - 1, through: 0, by: -1) {
          table[i][j] =
            first[i] == list[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
        }
      }
      var match = [Int?](repeating: nil, count: n)
      var i = 0
      var j = 0
      while i < n, j < m {
        if first[i] == list[j] {
          match[i] = j
          i += 1
          j += 1
        } else if table[i + 1][j] >= table[i][j + 1] {
          i += 1
        } else {
          j += 1
        }
      }
      matches.append(match)
    }
    let anchors = first.indices.compactMap { i -> [Int]? in
      var positions = [i]
      for match in matches {
        guard let j = match[i] else { return nil }
        positions.append(j)
      }
      return positions
    }
    return anchors.isEmpty ? nil : anchors
  }

  /// The column as container elements of one name with equal attributes, or nil.
  private func groups(_ column: [Node]) -> [Element]? {
    var elements: [Element] = []
    for node in column {
      guard case .element(let e) = node, containers.contains(e.name),
        elements.first.map({ $0.name == e.name }) ?? true
      else { return nil }
      if let first = elements.first, first.attributes != e.attributes { return nil }
      elements.append(e)
    }
    return elements
  }

  /// One group per distinct variant; ids inside a variant get the variant's suffix, so the
  /// page never holds one id twice.
  private func variants(_ lists: [[Node]]) -> [Node] {
    var groups: [(nodes: [Node], frames: [Int])] = []
    for (frame, nodes) in lists.enumerated() where !nodes.isEmpty {
      if let i = groups.firstIndex(where: { $0.nodes == nodes }) {
        groups[i].frames.append(frame)
      } else {
        groups.append((nodes, [frame]))
      }
    }
    return groups.map { group in
      var attributes = [Attribute("data-f", group.frames.map(String.init).joined(separator: " "))]
      if group.frames.contains(initial) { attributes.append(Attribute("data-first", "")) }
      let suffix = "-f\(group.frames[0])"
      var ids: [String] = []
      for node in group.nodes { Self.collectIDs(node, into: &ids) }
      let nodes = ids.isEmpty ? group.nodes : group.nodes.map { Self.rename(ids, suffix, $0) }
      return .element(Element(wrapper, attributes, nodes))
    }
  }

  private static func collectIDs(_ node: Node, into ids: inout [String]) {
    guard case .element(let e) = node else { return }
    if let id = e.attributes.first(where: { $0.name == "id" })?.value { ids.append(id) }
    for child in e.children { collectIDs(child, into: &ids) }
  }

  private static func rename(_ ids: [String], _ suffix: String, _ node: Node) -> Node {
    guard case .element(var e) = node else { return node }
    e.attributes = e.attributes.map { attribute in
      guard var value = attribute.value else { return attribute }
      for id in ids {
        if attribute.name == "id", value == id { value = id + suffix }
        value = value.replacing("url(#\(id))", with: "url(#\(id)\(suffix))")
        if value == "#" + id { value += suffix }
      }
      return Attribute(attribute.name, value)
    }
    e.children = e.children.map { rename(ids, suffix, $0) }
    return .element(e)
  }
}
