/// Geometry of series in pixel space: simplification and clipping.
enum Polyline {
  /// Coordinates beyond this many pixels are pulled in before clipping, so that values such
  /// as 1e300 or ±∞ become far-away but finite points whose direction is kept.
  static let far = 1e7

  /// A drawable point: finite coordinates, far values pulled in; nil for NaN.
  static func tame(_ p: Point) -> Point? {
    if p.x.isNaN || p.y.isNaN { return nil }
    return Point(max(-far, min(far, p.x)), max(-far, min(far, p.y)))
  }

  /// Per-pixel min/max simplification (the "M4" aggregation of Jugel et al., VLDB 2014) for
  /// series whose x increases: within each pixel column keep the first, lowest, highest and
  /// last point, in order. The rasterized line is unchanged; a 10⁵-point series shrinks to
  /// at most four points per pixel column. Other input is returned as is.
  static func simplifyByColumns(_ points: [Point?]) -> [Point?] {
    var previousX = -Double.infinity
    var drawable = 0
    for p in points {
      guard let p else { continue }
      if p.x < previousX { return points }
      previousX = p.x
      drawable += 1
    }
    guard drawable > 1200 else { return points }
    var out: [Point?] = []
    out.reserveCapacity(min(points.count, 4096))
    var bucket: [Point] = []
    var column = Double.nan
    func flush() {
      guard !bucket.isEmpty else { return }
      if bucket.count <= 4 {
        out.append(contentsOf: bucket.map { Optional($0) })
      } else {
        var lo = 0
        var hi = 0
        for (i, p) in bucket.enumerated() {
          if p.y < bucket[lo].y { lo = i }
          if p.y > bucket[hi].y { hi = i }
        }
        for i in [0, lo, hi, bucket.count - 1].sorted() where i == 0 || out.last != bucket[i] {
          out.append(bucket[i])
        }
      }
      bucket.removeAll(keepingCapacity: true)
    }
    for p in points {
      guard let p else {
        flush()
        out.append(nil)
        column = .nan
        continue
      }
      let c = p.x.rounded(.down)
      if c != column {
        flush()
        column = c
      }
      bucket.append(p)
    }
    flush()
    return out
  }

  /// Where a series left the plot for good: the boundary point and the direction it went.
  struct Exit: Equatable {
    var at: Point
    var direction: Point
  }

  /// Clips a polyline (nil entries break it) to `rect`. Returns the visible pieces and, when
  /// the series ends outside the plot or undrawable after having been inside, where it left.
  static func clip(_ points: [Point?], to rect: Rect) -> (pieces: [[Point]], exit: Exit?) {
    // A series that was inside and then left for good is drawn up to where it left: the
    // segments between far-away points after that (a diverging run swinging from +∞ to −∞)
    // would only streak across the plot.
    if let lastInside = points.lastIndex(where: {
      $0.flatMap(tame).map { rect.contains($0) } ?? false
    }),
      lastInside + 1 < points.count
    {
      return clipAll(Array(points[...(lastInside + 1)]), to: rect, endedOutside: true)
    }
    return clipAll(points, to: rect, endedOutside: false)
  }

  private static func clipAll(_ points: [Point?], to rect: Rect, endedOutside: Bool) -> (
    pieces: [[Point]], exit: Exit?
  ) {
    var pieces: [[Point]] = []
    var current: [Point] = []
    var exit: Exit?
    var wasInside = false
    var previous: Point?
    var lastInside: Point?
    var lastInsideDirection = Point(0, 1)
    func finish() {
      if current.count >= 2 { pieces.append(current) }
      current = []
    }
    for raw in points {
      guard let p = raw.flatMap(tame) else {
        finish()
        previous = nil
        continue
      }
      defer { previous = p }
      guard let q = previous else {
        if rect.contains(p) {
          current = [p]
          wasInside = true
          lastInside = p
          exit = nil
        }
        continue
      }
      guard let (a, b, enters, leaves) = clipSegment(q, p, rect) else {
        finish()
        continue
      }
      if enters || current.isEmpty {
        finish()
        current = [a]
      }
      current.append(b)
      wasInside = true
      lastInside = b
      lastInsideDirection = Point(p.x - q.x, p.y - q.y)
      if leaves {
        finish()
        exit = Exit(at: b, direction: Point(p.x - q.x, p.y - q.y))
      } else {
        exit = nil
      }
    }
    finish()
    // Ended on an undrawable value (NaN) right after being inside: it left where it was.
    if exit == nil, wasInside, let last = points.last, last.flatMap(tame) == nil,
      let lastInside
    {
      exit = Exit(at: lastInside, direction: lastInsideDirection)
    }
    if !endedOutside, let last = points.last, let p = last.flatMap(tame), rect.contains(p) {
      exit = nil
    }
    return (pieces, exit)
  }

  /// Liang–Barsky clipping of the segment p→q: the visible part, whether it starts by
  /// entering the rectangle and whether it ends by leaving it; nil when nothing is visible.
  static func clipSegment(_ p: Point, _ q: Point, _ r: Rect) -> (Point, Point, Bool, Bool)? {
    let dx = q.x - p.x
    let dy = q.y - p.y
    var t0 = 0.0
    var t1 = 1.0
    for (pk, qk) in [(-dx, p.x - r.x), (dx, r.maxX - p.x), (-dy, p.y - r.y), (dy, r.maxY - p.y)] {
      if pk == 0 {
        if qk < 0 { return nil }
      } else {
        let t = qk / pk
        if pk < 0 {
          if t > t1 { return nil }
          if t > t0 { t0 = t }
        } else {
          if t < t0 { return nil }
          if t < t1 { t1 = t }
        }
      }
    }
    let a = Point(p.x + t0 * dx, p.y + t0 * dy)
    let b = Point(p.x + t1 * dx, p.y + t1 * dy)
    return (a, b, t0 > 0, t1 < 1)
  }

  /// Points along the pieces, at least every `spacing` pixels: the "ink" a legend avoids.
  static func samples(_ pieces: [[Point]], spacing: Double = 6) -> [Point] {
    var out: [Point] = []
    for piece in pieces {
      guard var q = piece.first else { continue }
      out.append(q)
      for p in piece.dropFirst() {
        let d = ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)).squareRoot()
        if d > spacing {
          let n = Int(d / spacing)
          for i in 1...n {
            let t = Double(i) / Double(n + 1)
            out.append(Point(q.x + t * (p.x - q.x), q.y + t * (p.y - q.y)))
          }
        }
        out.append(p)
        q = p
      }
    }
    return out
  }

  /// Ramer–Douglas–Peucker simplification within `tolerance` pixels (for contour rings).
  static func simplify(_ points: [Point], tolerance: Double) -> [Point] {
    guard points.count > 3 else { return points }
    var keep = [Bool](repeating: false, count: points.count)
    keep[0] = true
    keep[points.count - 1] = true
    var stack = [(0, points.count - 1)]
    let tol2 = tolerance * tolerance
    while let (i, j) = stack.popLast() {
      guard j > i + 1 else { continue }
      let a = points[i]
      let b = points[j]
      let dx = b.x - a.x
      let dy = b.y - a.y
      let len2 = dx * dx + dy * dy
      var worst = -1.0
      var index = i
      for k in (i + 1)..<j {
        let p = points[k]
        var d2: Double
        if len2 == 0 {
          d2 = (p.x - a.x) * (p.x - a.x) + (p.y - a.y) * (p.y - a.y)
        } else {
          let cross = (p.x - a.x) * dy - (p.y - a.y) * dx
          d2 = cross * cross / len2
        }
        if d2 > worst {
          worst = d2
          index = k
        }
      }
      if worst > tol2 {
        keep[index] = true
        stack.append((i, index))
        stack.append((index, j))
      }
    }
    return points.indices.filter { keep[$0] }.map { points[$0] }
  }
}
