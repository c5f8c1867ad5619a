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
    let merged = FrameMerger(initial: initial, wrapper: "g", containers: ["g"]).merge(
      drawings.map(\.nodes))
    let tallest = heights.max() ?? height
    return Drawing(nodes: merged, height: tallest < height ? tallest : nil)
  }
}
