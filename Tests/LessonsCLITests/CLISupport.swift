import Foundation
import Testing

/// The `lessons` binary built next to the test bundle.
let lessonsBinary: URL = URL(fileURLWithPath: CommandLine.arguments[0])
  .deletingLastPathComponent().appendingPathComponent("lessons")

/// What a finished run of `lessons` printed and returned.
struct RunResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs `lessons` with `arguments` in `directory` and waits for it.
func lessons(_ arguments: [String], in directory: URL) throws -> RunResult {
  let process = Process()
  process.executableURL = lessonsBinary
  process.arguments = arguments
  process.currentDirectoryURL = directory
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  // Read before waiting so a full pipe never blocks the child.
  let stdout = out.fileHandleForReading.readDataToEndOfFile()
  let stderr = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return RunResult(
    status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
    stderr: String(decoding: stderr, as: UTF8.self))
}

/// A temporary project folder with `Lessons/` holding `files`; removed when the test ends.
final class Fixture {
  let root: URL

  init(_ files: [String: String]) throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lessons-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
    for (path, text) in files { try write(path, text) }
  }

  func write(_ path: String, _ text: String) throws {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  func read(_ path: String) -> String? {
    FileManager.default.contents(atPath: root.appendingPathComponent(path).path).map {
      String(decoding: $0, as: UTF8.self)
    }
  }

  /// Every file under `folder` with its bytes.
  func tree(_ folder: String) throws -> [String: Data] {
    let base = root.appendingPathComponent(folder)
    var result: [String: Data] = [:]
    for path in try FileManager.default.subpathsOfDirectory(atPath: base.path) {
      var isDirectory: ObjCBool = false
      let url = base.appendingPathComponent(path)
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        result[path] = FileManager.default.contents(atPath: url.path)
      }
    }
    return result
  }

  deinit { try? FileManager.default.removeItem(at: root) }
}
