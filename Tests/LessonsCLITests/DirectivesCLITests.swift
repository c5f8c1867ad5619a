import Foundation
import LessonTestSupport
import Testing

/// `lessons directives` and `lessons run --json` as an author and another tool see them.
@Suite struct DirectivesCLITests {
  static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots")

  @Test func directivesEWA_matchesSnapshot() throws {
    let fixture = try Fixture([:])
    let run = try lessons(["directives", "ewa"], in: fixture.root)
    #expect(run.status == 0)
    Golden.check(run.stdout, against: Self.snapshots.appendingPathComponent("directives-ewa.txt"))
  }

  @Test func directivesExpect_matchesSnapshot() throws {
    let fixture = try Fixture([:])
    let run = try lessons(["directives", "{expect}"], in: fixture.root)
    #expect(run.status == 0)
    Golden.check(
      run.stdout, against: Self.snapshots.appendingPathComponent("directives-expect.txt"))
  }

  @Test func directivesListing_namesEveryDirective() throws {
    let fixture = try Fixture([:])
    let run = try lessons(["directives"], in: fixture.root)
    #expect(run.status == 0)
    for name in ["ewa", "bias-correction", "expect"] { #expect(run.stdout.contains("{\(name)}")) }
  }

  @Test func unknownDirective_suggestsOne() throws {
    let fixture = try Fixture([:])
    let run = try lessons(["directives", "ewaa"], in: fixture.root)
    #expect(run.status == 2)
    #expect(run.stderr == "error: unknown directive 'ewaa'; did you mean 'ewa'?\n")
  }

  @Test func runJSON_containsEveryFiguresData() throws {
    let fixture = try Fixture([
      "Lessons/01-a.md":
        "# A\n\n```{ewa}\nname: temps\nbeta: [0.9]\ndays: 30\n```\n\n```{expect}\n- temps.window[0.9] == 10\n```\n"
    ])
    let run = try lessons(["run", "Lessons/01-a.md", "--json"], in: fixture.root)
    #expect(run.status == 0, "\(run.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(json["lesson"] as? String == "Lessons/01-a.md")
    let directives = try #require(json["directives"] as? [[String: Any]])
    #expect(directives.count == 1)
    #expect(directives[0]["name"] as? String == "temps")
    let items = try #require(directives[0]["items"] as? [[String: Any]])
    #expect(items.map { $0["id"] as? String } == ["temps", "temps-table"])
    #expect((items[0]["columns"] as? [String]) == ["day", "temperature", "signal", "ewa beta=0.9"])
    #expect((items[0]["rows"] as? [[Any]])?.count == 30)
    let values = try #require(directives[0]["values"] as? [[String: Any]])
    #expect(values.contains { $0["key"] as? String == "window[0.9]" })
    #expect((json["diagnostics"] as? [Any])?.isEmpty == true)
  }

  @Test func runJSON_reportsDiagnosticsWithLocations() throws {
    let fixture = try Fixture(["Lessons/01-a.md": "```{ewa}\nbeta: 2\n```\n"])
    let run = try lessons(["run", "Lessons/01-a.md", "--json"], in: fixture.root)
    #expect(run.status == 1)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.count == 1)
    #expect(diagnostics[0]["line"] as? Int == 2)
    #expect(diagnostics[0]["column"] as? Int == 7)
    #expect(diagnostics[0]["message"] as? String == "'beta' must be in (0, 1), got 2")
  }
}
