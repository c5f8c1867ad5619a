/// "Did you mean": the known name closest to a misspelt one.
enum Suggestion {
  /// The candidate with the smallest edit distance to `name`, if it is close enough to be a
  /// plausible typo: at most 1 edit for names of up to 4 characters, 2 for longer ones.
  /// Among equally close candidates, one with the same first letter wins (`\sigm` → `\sigma`,
  /// not `\Bigm`), then the alphabetically first, so the answer never depends on the order
  /// of `candidates`.
  static func closest(to name: String, in candidates: [String]) -> String? {
    let word = Array(name.unicodeScalars)
    let limit = word.count <= 4 ? 1 : 2
    var best: (rank: (Int, Int), name: String)?
    for candidate in candidates {
      let other = Array(candidate.unicodeScalars)
      guard abs(other.count - word.count) <= limit else { continue }
      let distance = editDistance(word, other)
      guard distance <= limit, distance < max(word.count, other.count) else { continue }
      let rank = (distance, other.first == word.first ? 0 : 1)
      if let current = best,
        current.rank < rank || (current.rank == rank && current.name < candidate)
      {
        continue
      }
      best = (rank, candidate)
    }
    return best?.name
  }

  /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
  /// adjacent characters each cost 1 (`\alpah` → `\alpha` is one edit).
  static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    let width = b.count + 1
    var previous2 = [Int](repeating: 0, count: width)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: width)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = min(value, previous2[j - 2] + 1)
        }
        current[j] = value
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
  }
}
