import Foundation
import LessonDirectives
import LessonKit

// SwiftPM gives every executable a `main` of its own, so libFuzzer's `main` is not linked:
// this one hands the command line to libFuzzer's driver (LLVM ≥ 11), which takes the same
// flags and arguments (`lessons-fuzz CORPUS… -max_total_time=60`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(
  LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneLesson(data, size) })

/// One fuzz input is one lesson file: it is written to a temporary file and built by the whole
/// pipeline (read, parse, resolve and run the directives, render the page), as `lessons build`
/// does. A crash, a hang (libFuzzer's `-timeout`) or an error diagnostic without a location is
/// a finding; any other outcome, errors included, is the build behaving.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneLesson(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  guard Fuzzing.withinNestingLimit(bytes) else { return -1 }  // -1: not added to the corpus
  do {
    try Data(bytes).write(to: Fuzzing.lesson)
  } catch {
    fatalError("cannot write the fuzz lesson: \(error)")
  }
  let result = Fuzzing.builder.build(Book.files([Fuzzing.lesson.path]))
  for diagnostic in result.diagnostics where diagnostic.severity == .error {
    if diagnostic.location == nil {
      fatalError("an error without a location: \(diagnostic.message)")
    }
  }
  for file in result.files where file.path.hasSuffix(".html") && file.contents.isEmpty {
    fatalError("an empty page: \(file.path)")
  }
  return 0
}

enum Fuzzing {
  static let builder = Builder(registry: .standard, jobs: 1)

  static let lesson: URL = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lessons-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("fuzz.md")
  }()

  /// How deep an input may nest, from `LESSONS_FUZZ_DEPTH` (default 40): open brackets
  /// `( [ {` (Markdown links, TeX groups, YAML flow lists), `>` and list markers at the start
  /// of a line, emphasis markers `* _` in one line, and indentation (two spaces a level).
  /// Deep nesting is known to exhaust the stack (issue 16): the CI run stays below it until
  /// the importer and renderer are bounded; `LESSONS_FUZZ_DEPTH=100000` lifts the limit.
  static let depth: Int = {
    ProcessInfo.processInfo.environment["LESSONS_FUZZ_DEPTH"].flatMap { Int($0) } ?? 40
  }()

  static func withinNestingLimit(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var brackets = 0
    var prefix = 0  // `>` and list markers before the line's text
    var emphasis = 0
    var indent = 0
    var inPrefix = true
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "\n"):
        (prefix, emphasis, indent, inPrefix) = (0, 0, 0, true)
        continue
      case UInt8(ascii: " "), UInt8(ascii: "\t"):
        if inPrefix && prefix == 0 { indent += 1 }
        continue
      case UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "+"):
        if inPrefix { prefix += 1 }
      case UInt8(ascii: "*"), UInt8(ascii: "_"):
        if inPrefix { prefix += 1 } else { emphasis += 1 }
      case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
        brackets += 1
        inPrefix = false
      case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
        brackets = max(0, brackets - 1)
        inPrefix = false
      default:
        inPrefix = false
      }
      if brackets > depth || prefix > depth || emphasis > depth || indent > 2 * depth {
        return false
      }
    }
    return true
  }
}
