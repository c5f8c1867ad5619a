import LessonMarkup

/// The data ranges one chart of a figure spans, on its two axes.
public struct DataExtent: Sendable, Equatable {
  public var x: ClosedRange<Double>?
  public var y: ClosedRange<Double>?

  public init(x: ClosedRange<Double>?, y: ClosedRange<Double>?) {
    self.x = x
    self.y = y
  }

  static func union(_ a: ClosedRange<Double>?, _ b: ClosedRange<Double>?) -> ClosedRange<Double>? {
    guard let a else { return b }
    guard let b else { return a }
    return min(a.lowerBound, b.lowerBound)...max(a.upperBound, b.upperBound)
  }
}

extension Figure {
  public var dataExtents: [DataExtent] { [] }
  public func covering(_ extents: [DataExtent]) -> any Figure { self }
}

extension Chart {
  public var dataExtents: [DataExtent] {
    let (x, y) = extents()
    return [DataExtent(x: x, y: y)]
  }

  public func covering(_ extents: [DataExtent]) -> any Figure {
    guard let extent = extents.first else { return self }
    var copy = self
    copy.x.include = DataExtent.union(x.include, extent.x)
    copy.y.include = DataExtent.union(y.include, extent.y)
    return copy
  }
}

extension Panels {
  public var dataExtents: [DataExtent] { figures.flatMap(\.dataExtents) }

  public func covering(_ extents: [DataExtent]) -> any Figure {
    var copy = self
    var rest = extents[...]
    copy.figures = figures.map { figure in
      let count = figure.dataExtents.count
      defer { rest = rest.dropFirst(count) }
      return figure.covering(Array(rest.prefix(count)))
    }
    return copy
  }
}

/// The frames of an explorable figure: one figure per value of the explored options, drawn
/// as one SVG.
///
/// Every frame's axes cover the data of all frames, so the axes stay still as the reader
/// moves between frames. What all frames draw alike (axes, grid, contours, legend) is drawn
/// once; what differs is drawn per frame inside `<g data-f="0 3">` (the frames, by index,
/// that draw it; `data-first=""` marks the groups of the frame shown first). The page shows one
/// frame at a time by hiding the groups of the others.
///
/// ```swift
/// let svg = Frames(charts, initial: 2).svg(id: "temps", title: "EWA", description: "…")
/// ```
public struct Frames: Figure {
  public var frames: [any Figure]
  /// The frame shown first (and printed).
  public var initial: Int

  public init(_ frames: [any Figure], initial: Int = 0) {
    precondition(!frames.isEmpty, "Frames needs at least one frame")
    self.frames = frames
    self.initial = min(max(initial, 0), frames.count - 1)
  }

  public var width: Double { frames.map(\.width).max() ?? 0 }
  public var height: Double { frames.map(\.height).max() ?? 0 }

  /// Every frame, its axes covering the data of all frames.
  public var sharingAxes: [any Figure] {
    let all = frames.map(\.dataExtents)
    guard let count = all.first?.count, all.allSatisfy({ $0.count == count }) else {
      return frames
    }
    let shared = (0..<count).map { i in
      all.dropFirst().reduce(all[0][i]) { union, extents in
        DataExtent(
          x: DataExtent.union(union.x, extents[i].x), y: DataExtent.union(union.y, extents[i].y))
      }
    }
    return frames.map { $0.covering(shared) }
  }

  public func drawing(id: String) -> Drawing {
    let drawings = sharingAxes.map { $0.drawing(id: id) }
    let heights = zip(drawings, frames).map { $0.height ?? $1.height }
    let merged = FrameMerger(initial: initial).merge(drawings.map(\.nodes))
    let tallest = heights.max() ?? height
    return Drawing(nodes: merged, height: tallest < height ? tallest : nil)
  }
}

/// Merges the node trees of several frames: equal nodes are kept once; groups (`<g>`) with
/// equal attributes are merged child by child; anything else becomes one group per distinct
/// variant, tagged with the frames that draw it.
struct FrameMerger {
  var initial: Int

  func merge(_ lists: [[Node]]) -> [Node] {
    let first = lists[0]
    if lists.allSatisfy({ $0 == first }) { return first }
    if lists.allSatisfy({ $0.count == first.count }) {
      var out: [Node] = []
      for i in first.indices {
        let column = lists.map { $0[i] }
        if column.allSatisfy({ $0 == column[0] }) {
          out.append(column[0])
        } else if let groups = Self.groups(column) {
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

  /// The column as `<g>` elements with equal attributes, or nil.
  private static func groups(_ column: [Node]) -> [Element]? {
    var elements: [Element] = []
    for node in column {
      guard case .element(let e) = node, e.name == "g" else { return nil }
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
      return .element(Element("g", attributes, nodes))
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
