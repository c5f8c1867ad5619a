import Foundation
import Testing

/// `build` keeps the author's and the user's files: outside the output folder, in it, and in
/// the lessons folder.
@Suite struct OutputSafetyCLITests {
  @Test func linkAndManifestLine_neverDeleteOutsideTheOutputFolder() throws {
    let fixture = try Fixture(BuildCLITests.good)
    try fixture.write("home/precious.txt", "precious")
    #expect(try lessons(["build"], in: fixture.root).status == 0)
    try FileManager.default.createSymbolicLink(
      at: fixture.root.appendingPathComponent("Output/evil"),
      withDestinationURL: fixture.root.appendingPathComponent("home"))
    let manifest = try #require(fixture.read("Output/.lessons-manifest"))
    try fixture.write(
      "Output/.lessons-manifest", manifest + "evil/precious.txt\n../home/precious.txt\n")
    let run = try lessons(["build"], in: fixture.root)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(fixture.read("home/precious.txt") == "precious")
    #expect(
      run.stderr
        == "warning: ignored 1 line of Output/.lessons-manifest that is not a path inside the folder: '../home/precious.txt'\n"
    )
  }

  @Test func userFileInTheOutputFolder_isNotOverwritten_withoutTheFlag() throws {
    let fixture = try Fixture(BuildCLITests.good)
    try fixture.write("Output/index.html", "my index")
    try fixture.write("Output/style.css", "my style")
    let run = try lessons(["build"], in: fixture.root)
    #expect(run.status == 2)
    #expect(run.stderr.contains("holds files that no earlier build wrote: index.html, style.css"))
    #expect(run.stderr.contains("pass --overwrite to replace them"))
    #expect(fixture.read("Output/index.html") == "my index")
    #expect(fixture.read("Output/01-one.html") == nil)
    let forced = try lessons(["build", "--overwrite"], in: fixture.root)
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(fixture.read("Output/index.html")?.hasPrefix("<!DOCTYPE html>") == true)
  }

  @Test func outputInTheLessonsFolder_orTheDiskOrHome_isRefused() throws {
    let fixture = try Fixture(["Lessons/01-a.md": "# A\n\n![Plot](img/p.png)\n"])
    try fixture.write("Lessons/img/p.png", "png")
    for output in ["Lessons", "Lessons/", "./Lessons/../Lessons", "Lessons/site", "/"] {
      let run = try lessons(["build", "--output", output], in: fixture.root)
      #expect(run.status == 2, "\(output)")
      #expect(run.stderr.hasPrefix("error: refusing to write the site into '\(output)': it is "))
    }
    let home = try lessons(["build", "--output", NSHomeDirectory()], in: fixture.root)
    #expect(home.stderr.contains("it is your home folder"))
    // Through a link to the lessons folder too.
    try FileManager.default.createSymbolicLink(
      at: fixture.root.appendingPathComponent("alias"),
      withDestinationURL: fixture.root.appendingPathComponent("Lessons"))
    let linked = try lessons(["build", "--output", "alias"], in: fixture.root)
    #expect(linked.stderr.contains("it is the lessons folder"))
    #expect(try fixture.tree("Lessons").keys.sorted() == ["01-a.md", "img/p.png"])
  }

  /// Killed at any moment, a build leaves no file its manifest does not list; the next build
  /// sweeps its temporary files and finishes the job.
  @Test func killedBuilds_leaveOnlyListedFiles_andTheNextBuildCleansUp() throws {
    let fixture = try Fixture([:])
    try fixture.write("Output/notes.txt", "mine")
    func edit(_ round: Int) throws {
      // Every page changes and one is new each round, so every build has files to write.
      for n in 1...12 {
        try fixture.write(
          "Lessons/\(n)-x.md",
          "# Lesson \(n)\n\nRound \(round). " + String(repeating: "Text. ", count: 2000))
      }
      try fixture.write("Lessons/\(100 + round)-new.md", "# New \(round)\n")
    }
    try edit(0)
    let start = Date()
    #expect(try lessons(["build"], in: fixture.root).status == 0)
    let microseconds = UInt32(Date().timeIntervalSince(start) * 1e6)
    var generator = SystemRandomNumberGenerator()
    for round in 1...15 {
      try edit(round)
      let process = Process()
      process.executableURL = lessonsBinary
      process.arguments = ["build"]
      process.currentDirectoryURL = fixture.root
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(UInt32.random(in: microseconds / 4...microseconds * 5 / 4, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let listed = Set(
        (fixture.read("Output/.lessons-manifest") ?? "").split(separator: "\n").map(String.init))
      for path in try fixture.tree("Output").keys
      where path != ".lessons-manifest" && path != "notes.txt" && !path.contains(".tmp-") {
        #expect(listed.contains(path), "round \(round): \(path) is on disk but not in the manifest")
      }
    }
    let last = try lessons(["build"], in: fixture.root)
    #expect(last.status == 0, "\(last.stderr)")
    #expect(try fixture.tree("Output").keys.allSatisfy { !$0.contains(".tmp-") })
    #expect(fixture.read("Output/notes.txt") == "mine")
    #expect(fixture.read("Output/115-new.html") != nil)
  }

  @Test func run_resolvesLinksAgainstTheLessonsBook() throws {
    let fixture = try Fixture([
      "Lessons/01-a.md": "# A\n\nSee [B](02-b.md) and [gone](03-gone.md).\n",
      "Lessons/02-b.md": "# B\n",
      "Lessons/SUMMARY.md": "# Book\n\n- [A](01-a.md)\n- [B](02-b.md)\n",
    ])
    let run = try lessons(["run", "Lessons/01-a.md", "--json"], in: fixture.root)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(!run.stdout.contains("'02-b.md'"))
    #expect(run.stdout.contains("link to '03-gone.md', which is not a lesson of this book"))
    let check = try lessons(["check", "Lessons/01-a.md"], in: fixture.root)
    #expect(check.stdout.contains("Checked 1 lesson: 0 errors, 1 warning."))
  }
}
