import LessonMarkup

/// "Did you mean": the known command closest to a misspelt one (TeX's own ranking of ties;
/// the distance is the project's one `Spelling.editDistance`).
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
      let distance = Spelling.editDistance(word, other)
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
}
