import Testing

@testable import LessonPlot

/// The gallery's k-nearest-neighbour vote, which carries a bound from one query to the next,
/// against sorting every point for every query.
@Suite struct NearestNeighboursTests {
  /// Sort by (distance², class), vote among the first k.
  func bruteForce(_ x: [Double], _ y: [Double], _ c: [Int], k: Int, _ px: Double, _ py: Double)
    -> Int
  {
    let sorted = x.indices.map { i in
      ((x[i] - px) * (x[i] - px) + (y[i] - py) * (y[i] - py), c[i])
    }.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
    return sorted.prefix(k).reduce(0) { $0 + $1.1 } * 2 > k ? 1 : 0
  }

  @Test func majority_agreesWithSortingEveryPoint_onAGridAndAfterJumps() {
    var rng = PlotGallery.SplitMix64(seed: 9)
    var (x, y, c): ([Double], [Double], [Int]) = ([], [], [])
    for i in 0..<120 {
      // Points on a coarse lattice, some repeated with the other class: exact ties in
      // distance, broken by class.
      x.append((rng.uniform() * 8).rounded() / 4)
      y.append((rng.uniform() * 8).rounded() / 4)
      c.append(i % 3 == 0 ? 1 : 0)
    }
    x += x.prefix(10)
    y += y.prefix(10)
    c += c.prefix(10).map { 1 - $0 }
    var queries: [(Double, Double)] = []
    for j in 0...20 { for i in 0...30 { queries.append((Double(i) / 15 - 0.1, Double(j) / 10)) } }
    for _ in 0..<200 { queries.append((rng.uniform() * 3 - 0.5, rng.uniform() * 3 - 0.5)) }
    for k in [1, 4, 15] {
      var classifier = PlotGallery.NearestNeighbours(x: x, y: y, classes: c, k: k)
      var disagreements = 0
      var ones = 0
      for (px, py) in queries {
        let vote = classifier.majority(x: px, y: py)
        if vote != bruteForce(x, y, c, k: k, px, py) { disagreements += 1 }
        ones += vote
      }
      #expect(disagreements == 0, "k = \(k)")
      // Both classes win somewhere, so the comparison is not trivially all zeros.
      #expect(ones > 0 && ones < queries.count, "k = \(k)")
    }
  }
}
