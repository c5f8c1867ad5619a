import ArgumentParser
import Dispatch
import FlyingFox
import Foundation
import LessonKit

/// `lessons serve`: build, serve the output on 127.0.0.1, rebuild when a lesson changes and
/// tell open pages to reload (server-sent events).
///
/// FlyingFox serves the pages: a small, dependency-free HTTP server on Swift concurrency that
/// builds in about 15 s here (Hummingbird, on SwiftNIO, takes about 80 s) — this command needs
/// static files and one event stream, nothing more.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Build, serve the book on 127.0.0.1, and rebuild and reload on every change.",
    discussion: "Stop with Ctrl-C. Only this computer can connect (127.0.0.1).")

  @OptionGroup var book: BookOptions

  @OptionGroup var site: OutputOptions

  @ArgumentParser.Option(name: .long, help: "The port to listen on.")
  var port: UInt16 = 8000

  @ArgumentParser.Option(
    name: .long, help: "How often to look for changed lessons, in milliseconds.")
  var interval: Int = 300

  func run() async throws {
    if let problem = PortCheck.problem(port: port) { throw UsageError(message: problem) }
    let live = LiveSite(
      builder: try book.builder(cache: DirectiveCache()), book: book, site: site,
      writer: try site.writer(lessons: book.lessons))
    // The snapshot is taken before the first build, so an edit made at any moment after it —
    // even while the server starts — triggers a rebuild.
    let initial = LessonsSnapshot(folder: URL(fileURLWithPath: book.lessons))
    _ = try live.rebuild()

    let events = ReloadEvents()
    let server: HTTPServer
    do {
      server = HTTPServer(
        address: try .inet(ip4: "127.0.0.1", port: port), timeout: 3600, logger: .disabled)
    } catch {
      throw UsageError(message: "cannot listen on 127.0.0.1:\(port): \(error)")
    }
    await server.appendRoute("GET /_lessons/events") { _ in await events.response() }
    await server.appendRoute("GET *", to: OutputFileHandler(root: live.writer.directory))

    let serving = Task { try await server.run() }
    do {
      try await server.waitUntilListening(timeout: 5)
    } catch {
      serving.cancel()
      if case .failure(let failure) = await serving.result {
        throw UsageError(message: Self.describe(failure, port: port))
      }
      throw UsageError(message: "the server did not start on 127.0.0.1:\(port)")
    }
    Console.out(
      "Serving \(site.output)/ at http://127.0.0.1:\(port)/ — edit a lesson and the page reloads. Ctrl-C stops."
    )

    let watcher = Task {
      var snapshot = initial
      while !Task.isCancelled {
        try? await Task.sleep(for: .milliseconds(interval))
        let now = LessonsSnapshot(folder: URL(fileURLWithPath: book.lessons))
        guard now != snapshot else { continue }
        snapshot = now
        if (try? live.rebuild()) == true { await events.broadcast() }
      }
    }

    await Interrupt.wait()
    Console.out("Stopping.")
    watcher.cancel()
    await events.finish()
    await server.stop(timeout: 1)
    serving.cancel()
  }

  static func describe(_ error: any Error, port: UInt16) -> String {
    "cannot serve on 127.0.0.1:\(port): \(error)"
  }
}

/// Says clearly, before anything is built, when the port cannot be used.
enum PortCheck {
  static func problem(port: UInt16) -> String? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result != 0 else { return nil }
    if errno == EADDRINUSE {
      return
        "port \(port) is already in use on 127.0.0.1; stop the other server or pass --port \(port &+ 1)"
    }
    return "cannot listen on 127.0.0.1:\(port): \(String(cString: strerror(errno)))"
  }
}

/// The book being served: rebuilt and rewritten on demand.
final class LiveSite: Sendable {
  let builder: Builder
  let book: BookOptions
  let site: OutputOptions
  let writer: OutputWriter

  init(builder: Builder, book: BookOptions, site: OutputOptions, writer: OutputWriter) {
    self.builder = builder
    self.book = book
    self.site = site
    self.writer = writer
  }

  /// Builds and writes; returns whether any file changed. Problems are printed, not thrown,
  /// except for a lessons folder that cannot be read.
  func rebuild() throws -> Bool {
    let result: BuildResult
    do {
      result = builder.build(try book.loadBook())
    } catch {
      Console.error("\(error)")
      return false
    }
    Console.report(result.diagnostics, sources: result.sources)
    do {
      let summary = try site.write(result.files, with: writer)
      Console.out(
        "Built \(Console.count(result.lessons.count, "lesson")) in \(String(format: "%.0f", result.seconds * 1000)) ms: "
          + "\(Console.count(result.errorCount, "error")), \(Console.count(result.warningCount, "warning")); "
          + "\(summary.written) files written, \(summary.removed) removed.")
      return summary.written + summary.removed > 0
    } catch {
      Console.error(error.description)
      return false
    }
  }
}

/// What the lessons folder looks like: every file's name, size and modification time.
struct LessonsSnapshot: Equatable {
  var files: [String: [Double]]

  init(folder: URL) {
    files = [:]
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    for name in names {
      let attributes = try? FileManager.default.attributesOfItem(
        atPath: folder.appendingPathComponent(name).path)
      let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
      let size = (attributes?[.size] as? NSNumber)?.doubleValue ?? 0
      files[name] = [modified, size]
    }
  }
}

/// Waits for Ctrl-C (SIGINT) or SIGTERM.
enum Interrupt {
  static func wait() async {
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let once = Once()
      for number in [SIGINT, SIGTERM] {
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { if once.claim() { continuation.resume() } }
        source.resume()
        Interrupt.sources.append(source)
      }
    }
  }

  nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

  private final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func claim() -> Bool {
      lock.lock()
      defer { lock.unlock() }
      if done { return false }
      done = true
      return true
    }
  }
}
