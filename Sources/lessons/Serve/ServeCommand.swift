import Dispatch
import Foundation
import LessonKit

/// `lessons serve`: build, serve the output on 127.0.0.1, rebuild when a lesson changes and
/// tell open pages to reload (server-sent events). The server is `LocalServer`.
struct ServeCommand: Command {
  static let spec = CommandSpec(
    name: "serve",
    abstract: "Build, serve the book on 127.0.0.1, and rebuild and reload on every change.",
    discussion: """
      Stop with Ctrl-C. Only this computer can connect (127.0.0.1), and only pages asking for \
      127.0.0.1 or localhost are answered.
      """,
    options: SiteOptions.options + [
      .option("port", default: "8000", help: "The port to listen on (0: any free port)."),
      .option(
        "interval", default: "300",
        help:
          "How often to look for changed lessons, in milliseconds (changes are also seen at once where the system tells: inotify on Linux)."
      ),
    ])

  var options: SiteOptions
  var port: UInt16
  var interval: Int

  init(_ arguments: ParsedArguments) throws(UsageError) {
    options = try SiteOptions(arguments)
    port = try arguments.integer("port", from: 0, to: UInt16.max) ?? 8000
    interval = try arguments.integer("interval", from: 1) ?? 300
  }

  /// The server and the watcher are tasks; the main thread waits for them to end.
  func run() throws {
    let done = DispatchSemaphore(value: 0)
    let failure = Failure()
    Task {
      do { try await serve() } catch { failure.error = error }
      done.signal()
    }
    done.wait()
    if let error = failure.error { throw error }
  }

  /// What ended `serve()`, handed from its task to the main thread (the semaphore orders
  /// the write before the read).
  private final class Failure: @unchecked Sendable {
    var error: (any Error)?
  }

  func serve() async throws {
    let (book, site, cache) = (options.book, options.site, options.cache)
    let live = LiveSite(
      builder: try book.builder(cache: cache.buildCache(output: site.output, inMemory: true)),
      book: book, site: site,
      writer: try site.writer(lessons: book.lessons))
    let events = ReloadEvents()
    let files = OutputFiles(root: live.writer.directory)
    // Listening before the build says at once when the port is taken, and knows the port
    // that --port 0 was given; connections wait in the queue until the first build is done.
    let server = try LocalServer(
      port: port,
      routes: LocalServer.Routes(
        eventsPath: "/_lessons/events", events: events, respond: { files.respond($0) }))
    // The snapshot is taken before the first build, so an edit made at any moment after it —
    // even while the server starts — triggers a rebuild.
    let initial = LessonsSnapshot(folder: URL(fileURLWithPath: book.lessons))
    _ = try await live.rebuildOffThePool()
    server.start()
    Console.out(
      "Serving \(site.output)/ at http://127.0.0.1:\(server.port)/ — edit a lesson and the page reloads. Ctrl-C stops."
    )

    let changes = LessonsWatcher(folder: URL(fileURLWithPath: book.lessons), interval: interval)
    let watcher = Task {
      var snapshot = initial
      for await _ in changes.changes {
        // An editor's save may come as several writes (truncate, write, rename): let them
        // land, so one save is one build.
        try? await Task.sleep(for: .milliseconds(10))
        let now = LessonsSnapshot(folder: URL(fileURLWithPath: book.lessons))
        guard now != snapshot else { continue }
        snapshot = now
        if (try? await live.rebuildOffThePool()) == true { events.broadcast() }
      }
    }

    await Interrupt.wait()
    Console.out("Stopping.")
    changes.cancel()
    watcher.cancel()
    server.stop()
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

  /// One build at a time, on a queue of its own.
  private static let queue = DispatchQueue(label: "lessons.serve.build")

  /// `rebuild()` on the build queue: the build blocks its thread (the parallel map waits for
  /// its workers), which must not be one of Swift concurrency's few cooperative threads.
  func rebuildOffThePool() async throws -> Bool {
    try await withCheckedThrowingContinuation { continuation in
      Self.queue.async { continuation.resume(with: Result { try self.rebuild() }) }
    }
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
