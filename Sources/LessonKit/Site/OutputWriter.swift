import Foundation

#if canImport(Glibc)
  import Glibc
  private let systemRead = Glibc.read
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  import Darwin
  private let systemRead = Darwin.read
  private let systemWrite = Darwin.write
#endif

/// Writes the site into the output folder safely.
///
/// - Every file is written to a temporary name in its folder and renamed over the old one,
///   so a reader or a crash never sees half a file.
/// - A file whose bytes are unchanged is not touched (its modification time stays).
/// - The build records what it writes in `.lessons-manifest`, *before* writing it, so a build
///   killed at any moment leaves no file the manifest does not list. The next build removes
///   only files listed there that it no longer produces, and the temporary files
///   (`.NAME.tmp-PID`) a killed build left beside names it owns.
/// - A file a person put in the folder is never deleted, and never replaced unless the caller
///   allows it (`overwrite`): a build that would replace one writes nothing and says which.
/// - Nothing is ever read, written or deleted through a symbolic link below the output folder:
///   every path is walked one folder at a time from the real (resolved) output folder, with
///   `O_NOFOLLOW`. Manifest lines that are not plain relative paths are ignored.
/// - One build writes into a folder at a time: the writer holds an exclusive `flock` on the
///   output folder while it works, and a second writer waits for it.
public struct OutputWriter: Sendable {
  public static let manifestName = ".lessons-manifest"

  public var directory: URL
  /// Whether a file that no earlier build wrote may be replaced.
  public var overwrite: Bool
  /// How many files are written at once (each under its own temporary name).
  public var jobs: Int

  public init(directory: URL, overwrite: Bool = false, jobs: Int = 1) {
    self.directory = directory
    self.overwrite = overwrite
    self.jobs = max(1, jobs)
  }

  public struct Summary: Sendable, Equatable {
    public var written: Int
    public var unchanged: Int
    public var removed: Int
    /// Temporary files left by an interrupted build, removed.
    public var swept: Int = 0
    /// Manifest lines that are not safe relative paths, ignored (never deleted).
    public var ignoredManifestLines: [String] = []
  }

  public struct WriteError: Error, CustomStringConvertible {
    public var description: String
  }

  /// Writes `files`; `waiting` is called once if another writer holds the folder and this one
  /// has to wait for it.
  public func write(_ files: [OutputFile], waiting: (() -> Void)? = nil) throws(WriteError)
    -> Summary
  {
    let root = try openRoot()
    defer { root.closeAll() }
    if flock(root.fd, LOCK_EX | LOCK_NB) != 0 {
      waiting?()
      while flock(root.fd, LOCK_EX) != 0 {
        guard errno == EINTR else { throw failure("cannot lock the output folder", errno) }
      }
    }
    // The lock goes with the descriptor, closed by `closeAll`.

    var summary = Summary(written: 0, unchanged: 0, removed: 0)
    let (previous, ignored) = try readManifest(root)
    summary.ignoredManifestLines = ignored

    // Look at every target before changing anything.
    var changed: [OutputFile] = []
    var foreign: [String] = []
    var blocked: [String] = []
    for file in files {
      precondition(Self.isSafe(file.path), "generated an unsafe output path \(file.path)")
      let (folderPath, name) = Self.split(file.path)
      let folder: Int32?
      switch root.folder(folderPath, create: false) {
      case .success(let fd): folder = fd
      case .failure(.missing): folder = nil
      case .failure(.blocked(let place)):
        blocked.append("\(file.path) (\(place) is not a folder but a file or a symbolic link)")
        continue
      case .failure(.system(let code)):
        throw failure("cannot open the folder of '\(path(file.path))'", code)
      }
      guard let folder else {
        changed.append(file)
        continue
      }
      switch Self.kind(of: name, in: folder) {
      case .missing:
        changed.append(file)
      case .regular:
        if Self.holds(file.contents, name, in: folder) {
          summary.unchanged += 1
        } else {
          if !previous.contains(file.path) { foreign.append(file.path) }
          changed.append(file)
        }
      case .symlink:
        // Renaming over a link replaces the link itself, never what it points to.
        foreign.append(file.path)
        changed.append(file)
      case .other:
        blocked.append("\(file.path) (a folder or a special file is in its place)")
      }
    }
    if !blocked.isEmpty {
      throw WriteError(
        description: "cannot write into the output folder '\(directory.path)': "
          + Self.list(blocked))
    }
    if !foreign.isEmpty, !overwrite {
      throw WriteError(
        description:
          "the output folder '\(directory.path)' holds \(foreign.count == 1 ? "a file" : "files") "
          + "that no earlier build wrote: \(Self.list(foreign)); nothing was written. "
          + "Move \(foreign.count == 1 ? "it" : "them") away, or pass --overwrite to replace "
          + "\(foreign.count == 1 ? "it" : "them")")
    }

    let current = Set(files.map(\.path))
    summary.swept = try sweepTemporaryFiles(root, owned: previous.union(current))
    // Record before writing: a kill from here on leaves only listed files.
    try writeManifest(previous.union(current), root)

    // Folders first, on this thread (the root keeps their descriptors); then the files, on
    // up to `jobs` threads. The first failure in path order is reported.
    var targets: [(file: OutputFile, name: String, folder: Int32)] = []
    for file in changed {
      let (folderPath, name) = Self.split(file.path)
      switch root.folder(folderPath, create: true) {
      case .success(let fd): targets.append((file, name, fd))
      case .failure(.system(let code)):
        throw failure("cannot create the folder of '\(path(file.path))'", code)
      case .failure:
        throw WriteError(description: "cannot write '\(path(file.path))': its folder changed")
      }
    }
    let writer = self
    let failures = parallelMap(targets, jobs: jobs) { target -> WriteError? in
      do throws(WriteError) {
        try writer.atomicWrite(
          target.file.contents, name: target.name, in: target.folder, shown: target.file.path)
        return nil
      } catch { return error }
    }
    summary.written += failures.count { $0 == nil }
    if let failure = failures.compactMap({ $0 }).first { throw failure }

    var emptied: Set<String> = []
    for stale in previous.subtracting(current).sorted() {
      let (folderPath, name) = Self.split(stale)
      guard case .success(let folder) = root.folder(folderPath, create: false),
        Self.kind(of: name, in: folder) == .regular
      else { continue }
      guard unlinkat(folder, name, 0) == 0 else {
        throw failure("cannot remove the stale file '\(path(stale))'", errno)
      }
      summary.removed += 1
      if !folderPath.isEmpty { emptied.insert(folderPath) }
    }
    // Folders this build emptied (e.g. the data folder of a deleted lesson) go too, deepest
    // first; removing a folder that still holds anything fails, harmlessly.
    var candidates = emptied
    for folder in emptied {
      var parent = Self.split(folder).folder
      while !parent.isEmpty {
        candidates.insert(parent)
        parent = Self.split(parent).folder
      }
    }
    for folder in candidates.sorted(by: >)
    where !current.contains(where: { $0.hasPrefix(folder + "/") }) {
      let (parentPath, name) = Self.split(folder)
      if case .success(let parent) = root.folder(parentPath, create: false) {
        root.forget(folder)
        _ = unlinkat(parent, name, AT_REMOVEDIR)
      }
    }
    try writeManifest(current, root)
    return summary
  }

  // MARK: The manifest

  private func readManifest(_ root: Root) throws(WriteError) -> (Set<String>, [String]) {
    switch Self.kind(of: Self.manifestName, in: root.fd) {
    case .missing: return ([], [])
    case .regular: break
    case .symlink, .other:
      throw WriteError(
        description:
          "'\(path(Self.manifestName))' is not a plain file; remove it so that lessons can keep "
          + "its list of written files there")
    }
    guard let bytes = FileBytes.contents(Self.manifestName, in: root.fd) else {
      throw failure("cannot read '\(path(Self.manifestName))'", errno)
    }
    var paths: Set<String> = []
    var ignored: [String] = []
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
      var entry = String(line)
      if entry.hasSuffix("\r") { entry.removeLast() }
      if entry.isEmpty || entry.hasPrefix("#") { continue }
      if Self.isSafe(entry) { paths.insert(entry) } else { ignored.append(entry) }
    }
    return (paths, ignored)
  }

  private func writeManifest(_ paths: Set<String>, _ root: Root) throws(WriteError) {
    let manifest =
      "# Files written by `lessons build`; the next build removes those it no longer makes.\n"
      + paths.sorted().joined(separator: "\n") + "\n"
    let bytes = Array(manifest.utf8)
    if Self.kind(of: Self.manifestName, in: root.fd) == .regular,
      FileBytes.contents(Self.manifestName, in: root.fd) == bytes
    {
      return
    }
    try atomicWrite(bytes, name: Self.manifestName, in: root.fd, shown: Self.manifestName)
  }

  /// Removes `.NAME.tmp-PID` files of an interrupted build, only beside names it owned.
  private func sweepTemporaryFiles(_ root: Root, owned: Set<String>) throws(WriteError) -> Int {
    var namesByFolder: [String: Set<String>] = ["": [Self.manifestName]]
    for path in owned {
      let (folder, name) = Self.split(path)
      namesByFolder[folder, default: []].insert(name)
    }
    var swept = 0
    for (folderPath, names) in namesByFolder.sorted(by: { $0.key < $1.key }) {
      guard case .success(let folder) = root.folder(folderPath, create: false) else { continue }
      for entry in Self.entries(of: folder) where entry.hasPrefix(".") {
        guard let range = entry.range(of: ".tmp-", options: .backwards),
          !entry[range.upperBound...].isEmpty,
          entry[range.upperBound...].allSatisfy(\.isASCII),
          entry[range.upperBound...].allSatisfy(\.isNumber),
          names.contains(String(entry[entry.index(after: entry.startIndex)..<range.lowerBound])),
          Self.kind(of: entry, in: folder) == .regular
        else { continue }
        guard unlinkat(folder, entry, 0) == 0 else {
          let shown = folderPath.isEmpty ? entry : folderPath + "/" + entry
          throw failure("cannot remove the temporary file '\(path(shown))'", errno)
        }
        swept += 1
      }
    }
    return swept
  }

  // MARK: Files, reached without following links

  private func atomicWrite(_ bytes: [UInt8], name: String, in folder: Int32, shown: String)
    throws(WriteError)
  {
    let temporary = ".\(name).tmp-\(getpid())"
    _ = unlinkat(folder, temporary, 0)
    let fd = openat(folder, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw failure("cannot write '\(path(shown))'", errno) }
    var offset = 0
    while offset < bytes.count {
      let count = bytes[offset...].withUnsafeBytes {
        systemWrite(fd, $0.baseAddress, $0.count)
      }
      if count < 0 {
        if errno == EINTR { continue }
        let code = errno
        close(fd)
        _ = unlinkat(folder, temporary, 0)
        throw failure("cannot write '\(path(shown))'", code)
      }
      offset += count
    }
    close(fd)
    guard renameat(folder, temporary, folder, name) == 0 else {
      let code = errno
      _ = unlinkat(folder, temporary, 0)
      throw failure("cannot write '\(path(shown))'", code)
    }
  }

  enum Kind { case missing, regular, symlink, other }

  static func kind(of name: String, in folder: Int32) -> Kind {
    var info = stat()
    guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return .missing }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .regular
    case S_IFLNK: return .symlink
    default: return .other
    }
  }

  /// Whether the regular file `name` in `folder` (not following a link) holds exactly
  /// `contents`: its size first, then block by block, stopping at the first difference.
  static func holds(_ contents: [UInt8], _ name: String, in folder: Int32) -> Bool {
    let fd = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
      Int(info.st_size) == contents.count
    else { return false }
    var buffer = [UInt8](repeating: 0, count: 65536)
    var offset = 0
    return contents.withUnsafeBytes { expected in
      buffer.withUnsafeMutableBytes { block in
        while true {
          let count = systemRead(fd, block.baseAddress, block.count)
          if count < 0, errno == EINTR { continue }
          guard count >= 0 else { return false }
          // The file may have grown since `fstat`.
          if count == 0 { return offset == expected.count }
          guard offset + count <= expected.count,
            memcmp(block.baseAddress!, expected.baseAddress! + offset, count) == 0
          else { return false }
          offset += count
        }
      }
    }
  }

  static func entries(of folder: Int32) -> [String] {
    let copy = dup(folder)
    guard copy >= 0, let stream = fdopendir(copy) else { return [] }
    defer { closedir(stream) }
    rewinddir(stream)
    var names: [String] = []
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) {
        String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  /// The output folder, opened at its real path, and the folders below it opened so far.
  private final class Root {
    let fd: Int32
    private var folders: [String: Int32] = [:]

    init(fd: Int32) { self.fd = fd }

    enum Problem: Error { case missing, blocked(String), system(Int32) }

    /// The folder at `path` (components separated by `/`; empty for the root), each step
    /// opened with `O_NOFOLLOW`, so a symbolic link anywhere on the way is refused.
    func folder(_ path: String, create: Bool) -> Result<Int32, Problem> {
      if path.isEmpty { return .success(fd) }
      if let open = folders[path] { return .success(open) }
      let (parentPath, name) = OutputWriter.split(path)
      let parent: Int32
      switch folder(parentPath, create: create) {
      case .success(let fd): parent = fd
      case .failure(let problem): return .failure(problem)
      }
      var opened = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
      if opened < 0, errno == ENOENT {
        guard create else { return .failure(.missing) }
        guard mkdirat(parent, name, 0o777) == 0 || errno == EEXIST else {
          return .failure(.system(errno))
        }
        opened = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
      }
      guard opened >= 0 else {
        return .failure(errno == ENOTDIR || errno == ELOOP ? .blocked(path) : .system(errno))
      }
      folders[path] = opened
      return .success(opened)
    }

    /// Closes the folder at `path` (before removing it).
    func forget(_ path: String) {
      if let open = folders.removeValue(forKey: path) { close(open) }
    }

    func closeAll() {
      for open in folders.values { close(open) }
      folders.removeAll()
      close(fd)
    }
  }

  private func openRoot() throws(WriteError) -> Root {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw WriteError(
        description:
          "cannot create the output folder '\(directory.path)': \(error.localizedDescription)")
    }
    // The folder the user named may itself be a link; everything below it is walked without
    // following any.
    guard let real = realpath(directory.path, nil) else {
      throw failure("cannot resolve the output folder '\(directory.path)'", errno)
    }
    defer { free(real) }
    let fd = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw failure("cannot open the output folder '\(directory.path)'", errno) }
    return Root(fd: fd)
  }

  // MARK: Paths and messages

  /// A relative path inside the output folder: not empty, not absolute, no `.` or `..` or
  /// empty component, no NUL or line break.
  static func isSafe(_ path: String) -> Bool {
    !path.isEmpty && !path.hasPrefix("/")
      && !path.contains(where: { $0 == "\0" || $0 == "\n" || $0 == "\r" })
      && !path.split(separator: "/", omittingEmptySubsequences: false).contains {
        $0 == ".." || $0 == "." || $0.isEmpty
      }
  }

  static func split(_ path: String) -> (folder: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return ("", path) }
    return (String(path[..<slash]), String(path[path.index(after: slash)...]))
  }

  /// At most ten names, then how many more: `a, b, c` or `a, …, j and 4 more`.
  public static func list(_ names: [String]) -> String {
    let shown = names.prefix(10).joined(separator: ", ")
    return names.count > 10 ? shown + " and \(names.count - 10) more" : shown
  }

  private func path(_ relative: String) -> String {
    directory.appendingPathComponent(relative).path
  }

  private func failure(_ what: String, _ code: Int32) -> WriteError {
    WriteError(description: "\(what): \(String(cString: strerror(code)))")
  }
}
