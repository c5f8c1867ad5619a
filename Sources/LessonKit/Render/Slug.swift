/// Ids for headings: lower-case words joined by `-` (`Bias correction` → `bias-correction`),
/// made unique on the page with a number (`bias-correction-2`).
struct SlugGenerator {
  private var used: Set<String>

  init(reserved: Set<String> = []) { used = reserved }

  mutating func slug(for text: String) -> String {
    var slug = ""
    var pendingDash = false
    for scalar in text.lowercased().unicodeScalars {
      if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
        if pendingDash && !slug.isEmpty { slug += "-" }
        slug.unicodeScalars.append(scalar)
        pendingDash = false
      } else {
        pendingDash = true
      }
    }
    if slug.isEmpty { slug = "section" }
    var candidate = slug
    var number = 2
    while used.contains(candidate) {
      candidate = "\(slug)-\(number)"
      number += 1
    }
    used.insert(candidate)
    return candidate
  }

  /// Marks `id` as taken (figure and table ids).
  mutating func reserve(_ id: String) { used.insert(id) }
}
