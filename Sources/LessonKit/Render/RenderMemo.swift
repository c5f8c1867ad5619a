import Foundation

/// The charts and data files of a lesson as its last render made them, for the next render
/// of the same lesson: an edit to its prose makes its page again, but not the SVG of every
/// frame of its figures nor its CSVs, whose inputs are unchanged.
///
/// Each text is kept under a 128-bit hash (`BuildCache.hash`) of the whole of what it is made
/// from — its directive outputs' cache keys (which hold the code version and every option)
/// and the ids, titles and descriptions it shows — so a reused text is the one that would be
/// made. (The whole key is long, tens of KB for an explored block's frames, and a String
/// key that long is slow to hash.) Only the texts a render
/// uses are kept for the next one, so the memo does not grow as the lesson changes. The build
/// keeps it in its cache (`BuildCache.Kind.renders`), one entry per lesson file.
final class RenderMemo: @unchecked Sendable {
  struct Entry: Codable, Sendable {
    var key: String
    var text: String
  }

  private let previous: [String: String]
  private var used: [String: String] = [:]
  private var reused = 0

  init(_ entries: [Entry] = []) {
    previous = Dictionary(entries.map { ($0.key, $0.text) }, uniquingKeysWith: { a, _ in a })
  }

  /// The text made from `key`: from the last render, else made now. (A memo belongs to one
  /// lesson's render, on one thread.)
  func text(_ key: String, _ make: () -> String) -> String {
    if let known = used[key] { return known }
    if let known = previous[key] {
      used[key] = known
      reused += 1
      return known
    }
    let text = make()
    used[key] = text
    return text
  }

  /// Whether the memo for the next render differs from the one this render started from.
  var changed: Bool { reused != used.count || reused != previous.count }

  /// The texts this render used, in a stable order.
  var entries: [Entry] {
    used.sorted { $0.key < $1.key }.map { Entry(key: $0.key, text: $0.value) }
  }

  /// The cache key of the memo of the lesson at `path`.
  static func cacheKey(path: String) -> String {
    "renders\n" + CodeVersion.current + "\n" + path
  }

  /// The key of a text made from directive outputs (`keys`, their cache keys in frame order;
  /// nil when the build has no cache) and `parts`: nil (made, not kept) without keys.
  static func key(_ kind: String, outputs keys: [String]?, _ parts: [String]) -> String? {
    guard let keys else { return nil }
    // Each part after its length: no two lists of parts make one key.
    return BuildCache.hash(
      ([kind, String(parts.count)] + parts + keys).map { "\($0.utf8.count):\($0)" }
        .joined(separator: "\n"))
  }
}

extension RenderMemo? {
  /// The text for `key`, from the memo when there is one and a key; else made now.
  func text(_ key: String?, _ make: () -> String) -> String {
    guard let memo = self, let key else { return make() }
    return memo.text(key, make)
  }
}
