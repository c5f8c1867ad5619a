/// Marching squares over a grid: iso-lines at a threshold, traced into polylines and rings.
///
/// Corners below the threshold are "inside". The two ambiguous (saddle) cases are resolved
/// by the mean of the cell's corners, the usual choice (Lorensen & Cline's "asymptotic
/// decider" is more precise but the difference is invisible at plotting resolution). NaN
/// values count as +∞, i.e. outside every level.
struct MarchingSquares {
  /// The values row by row, surrounded by one ring of +∞ (NaN is stored as +∞), so that a
  /// corner outside the grid needs no test.
  private let padded: [Double]
  let columns: Int
  let rows: Int

  init(_ values: [[Double]]) {
    let rows = values.count
    let columns = values.map(\.count).min() ?? 0
    var padded = [Double](repeating: .infinity, count: (columns + 2) * (rows + 2))
    for (j, row) in values.enumerated() {
      for i in 0..<columns where !row[i].isNaN { padded[(j + 1) * (columns + 2) + i + 1] = row[i] }
    }
    self.rows = rows
    self.columns = columns
    self.padded = padded
  }

  /// The traced lines at `threshold`, as points in fractional grid indices (column, row).
  ///
  /// With `padded`, the grid is surrounded by +∞ so that every line closes into a ring that
  /// runs along the grid's border where the region {v < threshold} meets it: the rings then
  /// bound that region exactly and can be filled (even-odd rule).
  func lines(at threshold: Double, padded isPadded: Bool) -> [[(Double, Double)]] {
    guard columns >= 2, rows >= 2 else { return [] }
    let pad = isPadded ? 1 : 0
    let width = columns + 2 * pad
    let stride = columns + 2
    let values = padded
    // (i, j) may be one outside the grid, where the padding is +∞.
    @inline(__always) func value(_ i: Int, _ j: Int) -> Double { values[(j + 1) * stride + i + 1] }
    // Edge keys: horizontal edge from (i, j) to (i+1, j) and vertical from (i, j) to (i, j+1).
    @inline(__always) func key(_ i: Int, _ j: Int, vertical: Bool) -> Int {
      ((j + pad) * (width + 1) + (i + pad)) * 2 + (vertical ? 1 : 0)
    }
    // Each crossed edge's two neighbours along its line (-1: none yet); keys are dense, so
    // flat arrays replace a dictionary. `order` keeps the edges in the order first met.
    let edges = (rows + 2 * pad + 1) * (width + 1) * 2
    var first = [Int](repeating: -1, count: edges)
    var second = [Int](repeating: -1, count: edges)
    var order: [Int] = []
    func join(_ p: Int, to q: Int) {
      if first[p] >= 0 {
        second[p] = q
      } else {
        first[p] = q
        order.append(p)
      }
    }
    func connect(_ a: Int, _ b: Int) {
      join(a, to: b)
      join(b, to: a)
    }
    for j in -pad..<(rows - 1 + pad) {
      for i in -pad..<(columns - 1 + pad) {
        let bl = value(i, j)
        let br = value(i + 1, j)
        let tr = value(i + 1, j + 1)
        let tl = value(i, j + 1)
        let c =
          (bl < threshold ? 1 : 0) | (br < threshold ? 2 : 0) | (tr < threshold ? 4 : 0)
          | (tl < threshold ? 8 : 0)
        if c == 0 || c == 15 { continue }
        let bottom = key(i, j, vertical: false)
        let top = key(i, j + 1, vertical: false)
        let left = key(i, j, vertical: true)
        let right = key(i + 1, j, vertical: true)
        switch c {
        case 1, 14: connect(left, bottom)
        case 2, 13: connect(bottom, right)
        case 3, 12: connect(left, right)
        case 4, 11: connect(right, top)
        case 6, 9: connect(bottom, top)
        case 7, 8: connect(left, top)
        case 5, 10:
          let centreInside = (bl + br + tr + tl) / 4 < threshold
          if (c == 5) == centreInside {
            connect(bottom, right)
            connect(top, left)
          } else {
            connect(left, bottom)
            connect(right, top)
          }
        default: break
        }
      }
    }
    func position(_ k: Int) -> (Double, Double) {
      let vertical = k % 2 == 1
      let cell = k / 2
      let i = cell % (width + 1) - pad
      let j = cell / (width + 1) - pad
      let (i1, j1) = vertical ? (i, j + 1) : (i + 1, j)
      let v0 = value(i, j)
      let v1 = value(i1, j1)
      var t: Double
      if v0.isInfinite && v1.isInfinite {
        t = 0.5
      } else if v1.isInfinite {
        t = 0
      } else if v0.isInfinite {
        t = 1
      } else {
        t = v1 == v0 ? 0.5 : (threshold - v0) / (v1 - v0)
      }
      t = max(0, min(1, t))
      let x = Double(i) + (vertical ? 0 : t)
      let y = Double(j) + (vertical ? t : 0)
      return (max(0, min(Double(columns - 1), x)), max(0, min(Double(rows - 1), y)))
    }
    var visited = [Bool](repeating: false, count: edges)
    var out: [[(Double, Double)]] = []
    func walk(from start: Int) {
      var line = [position(start)]
      visited[start] = true
      var previous = -1
      var current = start
      while true {
        let (a, b) = (first[current], second[current])
        if a < 0 { break }
        let next = a != previous ? a : b
        if next < 0 { break }
        if next == start {
          line.append(position(start))
          break
        }
        if visited[next] { break }
        visited[next] = true
        line.append(position(next))
        previous = current
        current = next
      }
      if line.count >= 2 { out.append(line) }
    }
    // Open lines start at their ends (degree 1); then the rings.
    for k in order where !visited[k] && second[k] < 0 { walk(from: k) }
    for k in order where !visited[k] { walk(from: k) }
    return out
  }
}
