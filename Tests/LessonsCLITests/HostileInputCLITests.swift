import Foundation
import Testing

/// End to end: a book with one good lesson and one hostile one builds the good one, reports
/// the hostile one at its line, and never crashes (a crash exits 139 and writes nothing).
@Suite struct HostileInputCLITests {
  static let good = "---\ntitle: Good\n---\n\n# Good\n\nSome *prose*.\n"

  private func build(bad: String) throws -> (RunResult, Fixture) {
    let fixture = try Fixture(["Lessons/01-good.md": Self.good, "Lessons/02-bad.md": bad])
    let run = try lessons(["build"], in: fixture.root)
    #expect(run.status == 1, "\(run.stderr)")
    #expect(fixture.read("Output/01-good.html")?.contains("<h1 id=\"good\">Good") == true)
    #expect(fixture.read("Output/index.html") != nil)
    return (run, fixture)
  }

  @Test func blockQuote20000Deep_isALocatedError() throws {
    let (run, fixture) = try build(
      bad: "# Bad\n\n" + String(repeating: "> ", count: 20_000) + "x\n")
    #expect(
      run.stderr.hasPrefix(
        "Lessons/02-bad.md:3:201: error: block quotes and lists nested more than 100 levels deep"))
    #expect(fixture.read("Output/02-bad.html")?.contains("<blockquote>") == true)
  }

  @Test func lists3000Deep_isALocatedError() throws {
    let (run, _) = try build(bad: String(repeating: "- ", count: 3_000) + "x\n")
    #expect(
      run.stderr.hasPrefix(
        "Lessons/02-bad.md:1:201: error: block quotes and lists nested more than 100 levels deep"))
  }

  @Test func emphasis5000Deep_isALocatedError() throws {
    let (run, _) = try build(
      bad: "# Bad\n\n" + String(repeating: "*a ", count: 5_000) + "x"
        + String(repeating: " b*", count: 5_000) + "\n")
    #expect(
      run.stderr.hasPrefix(
        "Lessons/02-bad.md:3:769: error: emphasis, links and images nested more than 256 levels"))
  }

  @Test func texGroups10000Deep_andYAML10000Deep_areLocatedErrors() throws {
    let (run, _) = try build(
      bad: "---\ntitle: " + String(repeating: "[", count: 10_000)
        + String(repeating: "]", count: 10_000) + "\n---\n\n$"
        + String(repeating: "{", count: 10_000)
        + "x" + String(repeating: "}", count: 10_000) + "$\n")
    #expect(run.stderr.contains("Lessons/02-bad.md:2:"))
    #expect(run.stderr.contains("error: invalid YAML: nested more than 1000 levels deep"))
    #expect(run.stderr.contains("Lessons/02-bad.md:5:"))
    #expect(run.stderr.contains("error: formula nested more than 100 levels deep"))
  }

  @Test func aliasBomb_isOneLocatedError() throws {
    let lines = (1...9).map { level in
      let items =
        level == 1
        ? Array(repeating: "\"lol\"", count: 9)
        : Array(repeating: "*l\(level - 1)", count: 9)
      return "lol\(level): &l\(level) [\(items.joined(separator: ","))]"
    }
    let (run, _) = try build(bad: "---\n" + lines.joined(separator: "\n") + "\n---\n\n# Bad\n")
    #expect(
      run.stderr.hasPrefix(
        "Lessons/02-bad.md:2:7: error: YAML anchors and aliases (&l1) are not supported here"))
  }

  @Test func aLessonOver8MB_isRefusedWithItsSize() throws {
    let line = String(repeating: "word ", count: 20) + "\n"
    let (run, fixture) = try build(bad: String(repeating: line, count: 9 * (1 << 20) / 101))
    #expect(
      run.stderr.hasPrefix(
        "Lessons/02-bad.md: error: the file is 9.0 MB; a lesson may be at most 8 MB"))
    #expect(fixture.read("Output/02-bad.html")?.contains("could not be read") == true)
  }
}
