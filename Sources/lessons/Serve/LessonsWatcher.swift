import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Says when the lessons folder may have changed: at once, from Linux's inotify on the folder
/// and every folder below it, and every `interval` as well (what is left where inotify is
/// unavailable or out of watches). Each signal is a hint: the caller compares a
/// `LessonsSnapshot` to know whether anything changed. Signals that come while the caller is
/// busy collapse into one.
final class LessonsWatcher: @unchecked Sendable {
  let changes: AsyncStream<Void>
  private let continuation: AsyncStream<Void>.Continuation
  private let queue = DispatchQueue(label: "lessons.serve.watch")
  private let folder: URL
  private var inotify: Int32 = -1
  private var sources: [any DispatchSourceProtocol] = []

  init(folder: URL, interval: Int) {
    self.folder = folder
    (changes, continuation) = AsyncStream.makeStream(
      of: Void.self, bufferingPolicy: .bufferingNewest(1))
    let timer = DispatchSource.makeTimerSource(queue: queue)
    timer.schedule(deadline: .now() + .milliseconds(interval), repeating: .milliseconds(interval))
    timer.setEventHandler { [continuation] in continuation.yield() }
    timer.resume()
    sources.append(timer)
    #if canImport(Glibc)
      let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
      guard fd >= 0 else { return }
      inotify = fd
      watchFolders()
      let read = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
      read.setEventHandler { [weak self] in self?.drain() }
      read.setCancelHandler { close(fd) }
      read.resume()
      sources.append(read)
    #endif
  }

  func cancel() {
    queue.sync {
      for source in sources { source.cancel() }
      sources = []
    }
    continuation.finish()
  }

  #if canImport(Glibc)
    /// Reads the pending events (their content does not matter), watches any folder made
    /// since, and signals.
    private func drain() {
      var buffer = [UInt8](repeating: 0, count: 16 * 1024)
      while buffer.withUnsafeMutableBytes({ read(inotify, $0.baseAddress, $0.count) }) > 0 {}
      watchFolders()
      continuation.yield()
    }

    /// Watches the lessons folder and the folders below it (adding a watch twice is a no-op).
    private func watchFolders() {
      let mask = UInt32(
        IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE
          | IN_ATTRIB)
      for folder in LessonsSnapshot.folders(below: folder) {
        _ = inotify_add_watch(inotify, folder.path, mask)
      }
    }
  #endif
}

/// What the lessons folder looks like: every file's path (below it, in subfolders too), size
/// and modification time.
struct LessonsSnapshot: Equatable {
  var files: [String: [Double]]

  init(folder: URL) {
    files = [:]
    for directory in Self.folders(below: folder) {
      let prefix = String(directory.path.dropFirst(folder.path.count))
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
      for name in names {
        let attributes = try? FileManager.default.attributesOfItem(
          atPath: directory.appendingPathComponent(name).path)
        guard attributes?[.type] as? FileAttributeType != .typeDirectory else { continue }
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let size = (attributes?[.size] as? NSNumber)?.doubleValue ?? 0
        files[prefix + "/" + name] = [modified, size]
      }
    }
  }

  /// `folder` and the folders below it (not through symbolic links; hidden ones skipped),
  /// at most a few hundred.
  static func folders(below folder: URL) -> [URL] {
    var found = [folder]
    var index = 0
    while index < found.count, found.count < 500 {
      let directory = found[index]
      index += 1
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
      for name in names.sorted() where !name.hasPrefix(".") {
        let url = directory.appendingPathComponent(name)
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        if attributes?[.type] as? FileAttributeType == .typeDirectory { found.append(url) }
      }
    }
    return found
  }
}
