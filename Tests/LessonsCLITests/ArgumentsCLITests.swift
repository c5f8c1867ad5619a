import Foundation
import Testing

/// How `lessons` reads its command line (Sources/lessons/Arguments.swift): the forms it
/// accepts, its help, and a usage error (exit code 2, with the usage line) for anything else.
@Suite struct ArgumentsCLITests {
  static let book = ["Lessons/01-one.md": "# One\n\nText.\n"]

  @Test func optionValues_areReadInBothForms_andFlagsAndTheEndOfOptions() throws {
    let fixture = try Fixture(Self.book)
    try FileManager.default.moveItem(
      at: fixture.root.appendingPathComponent("Lessons"),
      to: fixture.root.appendingPathComponent("-src"))
    // `--output=site`, `--lessons <value>`, a flag, and `--` before a file that starts with
    // a dash.
    let build = try lessons(
      ["build", "--output=site", "--lessons", "-src", "--no-cache", "--jobs", "1"],
      in: fixture.root)
    #expect(build.status == 0, "\(build.stderr)")
    #expect(fixture.read("site/01-one.html") != nil)
    // --no-cache: no cache folder beside the output folder.
    #expect(
      !FileManager.default.fileExists(
        atPath: fixture.root.appendingPathComponent(".lessons-cache").path))
    let check = try lessons(["check", "--", "-src/01-one.md"], in: fixture.root)
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.contains("Checked 1 lesson"))
  }

  @Test func help_listsEveryOptionWithItsDefault_andExitsZero() throws {
    let fixture = try Fixture([:])
    for arguments in [["build", "--help"], ["help", "build"], ["build", "--jobs", "x", "-h"]] {
      let run = try lessons(arguments, in: fixture.root)
      #expect(run.status == 0, "\(arguments)")
      #expect(run.stdout.hasPrefix("OVERVIEW: Build every lesson"), "\(arguments)")
      for option in ["--lessons <lessons>", "--jobs <jobs>", "--output <output>", "--no-cache"] {
        #expect(run.stdout.contains("  " + option), "\(arguments): \(option)")
      }
      #expect(run.stdout.contains("(default: Output)"))
    }
    let overview = try lessons([], in: fixture.root)
    #expect(overview.status == 0)
    for command in ["build", "check", "run", "directives", "new", "serve"] {
      #expect(overview.stdout.contains("\n  \(command) "), "\(command)")
    }
  }

  @Test func mistakes_areUsageErrors_withTheUsageLineAndASuggestion() throws {
    let fixture = try Fixture(Self.book)
    let cases: [(arguments: [String], message: String)] = [
      (["biuld"], "error: unknown command 'biuld'; did you mean 'build'?"),
      (["build", "--job", "2"], "error: unknown option '--job'; did you mean '--jobs'?"),
      (
        ["build", "--jobs", "0"],
        "invalid value '0' for '--jobs <jobs>': expected a whole number of at least 1"
      ),
      (["build", "--jobs", "two"], "invalid value 'two' for '--jobs <jobs>'"),
      (["serve", "--port", "70000"], "expected a whole number from 0 to 65535"),
      (["build", "--output"], "error: missing value for '--output <output>'"),
      (["build", "--output", "--no-cache"], "error: missing value for '--output <output>'"),
      (["build", "--overwrite=yes"], "error: '--overwrite' takes no value"),
      (["new"], "error: missing argument '<title>'"),
      (["directives", "ewa", "adam"], "error: unexpected argument 'adam'"),
    ]
    for (arguments, message) in cases {
      let run = try lessons(arguments, in: fixture.root)
      #expect(run.status == 2, "\(arguments)")
      #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
      #expect(run.stderr.contains("usage: lessons"), "\(arguments)")
      #expect(fixture.read("Output/01-one.html") == nil, "\(arguments) built")
    }
  }
}
