import Foundation
import Testing

@testable import LessonTeX

/// The formulas of a real textbook (RealFormulas/README.md): how many convert, and which
/// problems stop the others.
@Suite struct RealFormulaTests {
  struct Entry: Decodable {
    var source: String
    var display: Bool
    var tex: String
  }

  static func load(_ name: String) throws -> [Entry] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("RealFormulas/\(name).jsonl")
    let decoder = JSONDecoder()
    return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
      try decoder.decode(Entry.self, from: Data($0.utf8))
    }
  }

  @Test func d2l_everyFormulaConverts() throws {
    let entries = try Self.load("d2l-en")
    #expect(entries.count == 3780)
    var failures: [String: Int] = [:]
    var converted = 0
    for entry in entries {
      switch TeX.mathML(entry.tex, display: entry.display) {
      case .success: converted += 1
      case .failure(let error): failures[error.message, default: 0] += 1
      }
    }
    let report = failures.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(40)
      .map { "\($0.value) \($0.key)" }.joined(separator: "\n")
    print("d2l-en: \(converted)/\(entries.count) convert\n\(report)")
    // Before plain TeX (`\mathop`, `\choose`, a top-level `\\`) was understood: 3,757.
    #expect(converted == entries.count, "\(report)")
  }
}
