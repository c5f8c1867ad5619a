/// "Did you mean …?" for every misspelt name: options, directives, values, TeX commands.
public enum Spelling {
  /// The candidate closest to `word` by edit distance (insertions, deletions, substitutions
  /// and swaps of adjacent characters, ignoring case), or nil when none is close enough.
  ///
  /// Close enough means at most a third of the longer word's length, and at least one edit
  /// always allowed. Ties go to the earliest candidate, so results never depend on hashing.
  public static func suggestion(for word: String, among candidates: some Sequence<String>)
    -> String?
  {
    let target = Array(word.lowercased())
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
      let other = Array(candidate.lowercased())
      let limit = max(1, max(target.count, other.count) / 3)
      let distance = editDistance(target, other)
      guard distance <= limit, distance < (best?.distance ?? .max) else { continue }
      best = (candidate, distance)
    }
    return best?.candidate
  }

  /// The note "did you mean 'beta'?" for a misspelt `word`, or no note; `written` shows the
  /// suggestion as the author would write it (e.g. `{ewa}` for a directive).
  public static func didYouMean(
    _ word: String, among candidates: some Sequence<String>,
    written: (String) -> String = { $0 }
  ) -> [String] {
    suggestion(for: word, among: candidates).map { ["did you mean '\(written($0))'?"] } ?? []
  }

  /// Optimal string alignment distance between two character arrays.
  public static func editDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
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
