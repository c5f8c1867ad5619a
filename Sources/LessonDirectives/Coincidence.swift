import LessonMarkup

/// Series that a chart draws on top of each other: the caption says so, since the one drawn
/// first is hidden under the other (issue 12: GD under momentum, a constant rate under a
/// staircase that never stepped).
enum Coincidence {
  /// "GD, α = 0.5 and momentum β = 0.9, α = 0.5 lie on top of each other (their curves differ
  /// by less than 1 %)." for each pair of series that agree within `tolerance` (relative) at
  /// every point, or "… up to epoch 250" when they agree over a first stretch (at least a
  /// tenth) of the points, given their `x` and the `unit` of x; nil when none do.
  static func note(
    _ series: [(label: String, values: [Double])], x: [Double], unit: String,
    tolerance: Double = 0.01
  ) -> String? {
    var sentences: [String] = []
    var noted = Set<Int>()
    for i in series.indices where !noted.contains(i) {
      for j in series.indices where j > i && !noted.contains(j) {
        let (a, b) = (series[i].values, series[j].values)
        guard a.count == b.count, a.count == x.count, !a.isEmpty else { continue }
        let shared = zip(a, b).prefix { agree($0, $1, tolerance: tolerance) }.count
        let pair = series[i].label + " and " + series[j].label + " lie on top of each other"
        let within =
          " (their curves differ by less than \(NumberFormat.display(tolerance, .percent(0))))"
        if shared == a.count {
          sentences.append(pair + within + ".")
        } else if shared >= max(5, a.count / 10) {
          sentences.append(
            pair + " up to \(unit) \(NumberFormat.display(x[shared - 1]))" + within + ".")
        } else {
          continue
        }
        noted.formUnion([i, j])
        break
      }
    }
    return sentences.isEmpty ? nil : sentences.map(\.capitalizedFirst).joined(separator: " ")
  }

  static func agree(_ x: Double, _ y: Double, tolerance: Double) -> Bool {
    x.isFinite && y.isFinite && abs(x - y) <= tolerance * max(abs(x), abs(y), 1e-300)
  }
}

extension String {
  /// The text with its first letter in upper case ("momentum ends …" → "Momentum ends …"),
  /// for sentences that start with a run's label.
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
