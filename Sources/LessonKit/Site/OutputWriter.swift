import Foundation

/// Writes the site into the output folder safely.
///
/// - Every file is written to a temporary name in its folder and renamed over the old one,
///   so a reader or a crash never sees half a file.
/// - A file whose bytes are unchanged is not touched (its modification time stays).
/// - The build records what it wrote in `.lessons-manifest`; the next build removes only
///   files listed there that it no longer produces. A file a person put in the folder is
///   never deleted.
public struct OutputWriter: Sendable {
  public static let manifestName = ".lessons-manifest"

  public var directory: URL

  public init(directory: URL) { self.directory = directory }

  public struct Summary: Sendable, Equatable {
    public var written: Int
    public var unchanged: Int
    public var removed: Int
  }

  public struct WriteError: Error, CustomStringConvertible {
    public var description: String
  }

  public func write(_ files: [OutputFile]) throws(WriteError) -> Summary {
    let fileManager = FileManager.default
    do {
      try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw WriteError(
        description:
          "cannot create the output folder '\(directory.path)': \(error.localizedDescription)")
    }
    let previous = readManifest()
    var summary = Summary(written: 0, unchanged: 0, removed: 0)
    for file in files {
      precondition(Self.isSafe(file.path), "generated an unsafe output path \(file.path)")
      let url = directory.appendingPathComponent(file.path)
      if let existing = fileManager.contents(atPath: url.path),
        existing.elementsEqual(file.contents)
      {
        summary.unchanged += 1
        continue
      }
      try atomicWrite(file.contents, to: url)
      summary.written += 1
    }
    let current = Set(files.map(\.path))
    var folders: Set<String> = []
    for path in previous.subtracting(current).sorted() where Self.isSafe(path) {
      let url = directory.appendingPathComponent(path)
      var isDirectory: ObjCBool = false
      guard fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      else {
        continue
      }
      do {
        try fileManager.removeItem(at: url)
        summary.removed += 1
      } catch {
        throw WriteError(
          description: "cannot remove the stale file '\(url.path)': \(error.localizedDescription)")
      }
      if path.contains("/") { folders.insert(String(path[..<path.lastIndex(of: "/")!])) }
    }
    // Folders this build emptied (e.g. the data folder of a deleted lesson) go too;
    // rmdir fails, harmlessly, on folders that still hold anything.
    for folder in folders.sorted(by: >)
    where !current.contains(where: { $0.hasPrefix(folder + "/") }) {
      _ = rmdir(directory.appendingPathComponent(folder).path)
    }
    let manifest =
      "# Files written by `lessons build`; the next build removes those it no longer makes.\n"
      + current.sorted().joined(separator: "\n") + "\n"
    let manifestURL = directory.appendingPathComponent(Self.manifestName)
    if fileManager.contents(atPath: manifestURL.path).map({ !$0.elementsEqual(manifest.utf8) })
      ?? true
    {
      try atomicWrite(Array(manifest.utf8), to: manifestURL)
    }
    return summary
  }

  private func readManifest() -> Set<String> {
    let url = directory.appendingPathComponent(Self.manifestName)
    guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
    let text = String(decoding: data, as: UTF8.self)
    return Set(text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") })
  }

  private func atomicWrite(_ bytes: [UInt8], to url: URL) throws(WriteError) {
    let folder = url.deletingLastPathComponent()
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data(bytes).write(to: temporary)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw WriteError(description: "cannot write '\(url.path)': \(error.localizedDescription)")
    }
    guard rename(temporary.path, url.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw WriteError(description: "cannot write '\(url.path)': \(reason)")
    }
  }

  /// A relative path inside the output folder: no `..`, not absolute, not empty.
  static func isSafe(_ path: String) -> Bool {
    !path.isEmpty && !path.hasPrefix("/")
      && !path.split(separator: "/", omittingEmptySubsequences: false).contains {
        $0 == ".." || $0 == "." || $0.isEmpty
      }
  }
}
