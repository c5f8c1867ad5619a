import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The author's loop and the book's scale, measured on the `lessons` binary as a child
/// process (whole-process wall time and peak memory, like a user's `lessons build`):
///
/// - the course built cold (a fresh output folder and no cache);
/// - a rebuild after a one-word prose edit, and after an option edit of one directive;
/// - an empty book (the fixed cost);
/// - synthetic books of 50, 200 and 500 lessons, with 1 job and 2 jobs, and their peak
///   memory (`ru_maxrss` of the child).
///
/// Everything is written into a temporary folder that is removed afterwards. The course is
/// read from `Lessons` (or `$LESSONS_DIR`); the binary is the `lessons` next to this one.
enum LoopBenchmarks {
  static func run() -> [BenchmarkResult] {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
      .deletingLastPathComponent().appendingPathComponent("lessons").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
      print("  no lessons binary at \(binary): build it first (swift build -c release)")
      return []
    }
    let course = ProcessInfo.processInfo.environment["LESSONS_DIR"] ?? "Lessons"
    let scratch = FileManager.default.temporaryDirectory
      .appendingPathComponent("lessons-bench-\(getpid())")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let runner = Runner(binary: binary, scratch: scratch)
    var results: [BenchmarkResult] = []

    // The course, cold: every run in a fresh folder, so nothing earlier is reused.
    results.append(
      runner.measure("course: build, cold", runs: 5) { folder in
        try runner.copy(course, to: folder.appendingPathComponent("Lessons"))
        return ["build"]
      })

    // The edit loop: one warm build, then alternate between two versions of one line.
    let loop = scratch.appendingPathComponent("loop")
    let lessons = loop.appendingPathComponent("Lessons")
    do {
      try runner.copy(course, to: lessons)
      _ = try runner.build(in: loop, ["build"])
      _ = try runner.build(in: loop, ["build"])
    } catch {
      print("  cannot prepare the edit loop: \(error)")
      return results
    }
    // Every edit makes a text no earlier build saw, so the cache cannot serve it.
    let edits: [(name: String, file: String, a: String, b: (Int) -> String)] = [
      (
        "course: rebuild after a one-word prose edit", "02-exponentially-weighted-averages.md",
        "it is quick but noisy", { "it is quick\($0) but noisy" }
      ),
      (
        "course: rebuild after an option edit of one directive", "12-softmax-regression.md",
        "logits: [1000, 997, 994, 998]", { "logits: [\(1000 + $0), 997, 994, 998]" }
      ),
    ]
    for edit in edits {
      let file = lessons.appendingPathComponent(edit.file)
      guard let original = try? String(contentsOf: file, encoding: .utf8),
        original.contains(edit.a)
      else {
        print("  \(edit.file) has no '\(edit.a)': skipping '\(edit.name)'")
        continue
      }
      var serial = 0
      results.append(
        runner.measure(edit.name, runs: 7, fresh: false, folder: loop) { _ in
          serial += 1
          let text = original.replacingOccurrences(of: edit.a, with: edit.b(serial))
          try text.write(to: file, atomically: true, encoding: .utf8)
          return ["build"]
        })
      try? original.write(to: file, atomically: true, encoding: .utf8)
    }
    results.append(
      runner.measure("course: no-op rebuild", runs: 5, fresh: false, folder: loop) { _ in
        ["build"]
      })
    results += ServeReload.measure(binary: binary, folder: loop)

    // The fixed cost: a book with no lessons.
    results.append(
      runner.measure("empty book: build, cold", runs: 7) { folder in
        try FileManager.default.createDirectory(
          at: folder.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        return ["build"]
      })

    // The fixed cost a project pays on every build: an empty book with its cache warm.
    let empty = scratch.appendingPathComponent("empty")
    try? FileManager.default.createDirectory(
      at: empty.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
    _ = try? runner.build(in: empty, ["build"])
    results.append(
      runner.measure("empty book: rebuild (warm cache)", runs: 7, fresh: false, folder: empty) {
        _ in ["build"]
      })

    // Synthetic books, cold, with 1 and 2 jobs; peak memory of the child.
    for count in [50, 200, 500] {
      var times: [Int: Double] = [:]
      for jobs in [1, 2] {
        var result = runner.measure(
          "synthetic book, \(count) lessons, \(jobs) job\(jobs == 1 ? "" : "s")",
          runs: count >= 500 ? 1 : 2
        ) { folder in
          try SyntheticBook(lessons: count).write(to: folder.appendingPathComponent("Lessons"))
          return ["build", "--jobs", String(jobs)]
        }
        times[jobs] = result.seconds
        result.name += "  peak \(format(runner.lastPeakMegabytes, 0)) MB"
        results.append(result)
      }
      if let one = times[1], let two = times[2], two > 0 {
        print("  \(count) lessons: 2 jobs are \(format(one / two, 2))× faster than 1")
      }
    }
    // Linux keeps the larger of the parent's and the child's peak across posix_spawn.
    var own = rusage()
    getrusage(RUSAGE_SELF.rawValue, &own)
    print(
      "  (peak memory of a child is exact above this process's own, \(own.ru_maxrss / 1024) MB)")
    return results
  }
}

/// Runs the `lessons` binary in scratch folders and keeps the child's peak memory.
final class Runner {
  let binary: String
  let scratch: URL
  private var serial = 0
  /// `ru_maxrss` of the last child, in MB.
  private(set) var lastPeakMegabytes = 0.0
  /// User + system CPU time of the last child, in seconds (less sensitive than wall time to
  /// other load on the machine).
  private(set) var lastCPUSeconds = 0.0

  init(binary: String, scratch: URL) {
    self.binary = binary
    self.scratch = scratch
  }

  /// Times `lessons ARGS` in a folder prepared by `prepare` (fresh for each run unless
  /// `fresh` is false); only the child's run is timed. The peak memory is the largest of the
  /// runs.
  func measure(
    _ name: String, runs: Int, fresh: Bool = true, folder given: URL? = nil,
    _ prepare: (URL) throws -> [String]
  ) -> BenchmarkResult {
    var best = Double.infinity
    var bestCPU = Double.infinity
    var peak = 0.0
    for _ in 0..<runs {
      let folder: URL
      if fresh {
        serial += 1
        folder = scratch.appendingPathComponent("run-\(serial)")
      } else {
        folder = given!
      }
      do {
        let arguments = try prepare(folder)
        best = min(best, try build(in: folder, arguments))
        bestCPU = min(bestCPU, lastCPUSeconds)
        peak = max(peak, lastPeakMegabytes)
      } catch {
        print("  \(name): \(error)")
        break
      }
      if fresh { try? FileManager.default.removeItem(at: folder) }
    }
    lastPeakMegabytes = peak
    return BenchmarkResult(
      name: name + "  (cpu \(format(bestCPU * 1000, 0)) ms)", seconds: best, runs: runs, work: nil,
      unit: "")
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// Runs `lessons ARGS --lessons FOLDER/Lessons --output FOLDER/Output` (its output to
  /// /dev/null) and returns its wall time in seconds. Exit code 1 (lesson errors) is accepted.
  func build(in folder: URL, _ arguments: [String]) throws -> Double {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let paths = [
      "--lessons", folder.appendingPathComponent("Lessons").path,
      "--output", folder.appendingPathComponent("Output").path,
    ]
    let argv = ([binary] + arguments + paths).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    let spawned = posix_spawn(&pid, binary, &actions, nil, argv, environ)
    guard spawned == 0 else { throw Failure(description: "cannot run \(binary): \(spawned)") }
    var status: Int32 = 0
    var usage = rusage()
    guard wait4(pid, &status, 0, &usage) == pid else {
      throw Failure(description: "wait4 failed")
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    lastPeakMegabytes = Double(usage.ru_maxrss) / 1024
    lastCPUSeconds =
      Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    let code = (status >> 8) & 0xff
    guard status & 0x7f == 0, code <= 1 else {
      throw Failure(description: "lessons \(arguments.joined(separator: " ")) exited with \(code)")
    }
    return seconds
  }

  func copy(_ source: String, to target: URL) throws {
    try FileManager.default.createDirectory(
      at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? FileManager.default.removeItem(at: target)
    try FileManager.default.copyItem(at: URL(fileURLWithPath: source), to: target)
  }
}

/// A generated book of `lessons` lessons, each with prose, math, two headings and three
/// directives of its own options (so no two lessons compute the same thing).
struct SyntheticBook {
  var lessons: Int

  func write(to folder: URL) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for i in 0..<lessons {
      let name = String(repeating: "0", count: max(0, 3 - String(i).count)) + String(i)
      try lesson(i).write(
        to: folder.appendingPathComponent("\(name)-lesson.md"), atomically: false,
        encoding: .utf8)
    }
  }

  func lesson(_ i: Int) -> String {
    let beta = [0.5, 0.8, 0.9, 0.95][i % 4]
    return """
      ---
      title: Synthetic lesson \(i)
      summary: Averages of a noisy year with seed \(i), and a softmax.
      ---

      # Synthetic lesson \(i)

      A running average keeps one number of memory: $v_t = \\beta v_{t-1} + (1-\\beta)\\theta_t$,
      started at $v_0 = 0$. With $\\beta = \(beta)$ it averages about $1/(1-\\beta)$ days.

      ## The average

      ```{ewa}
      name: year
      beta: [\(beta), 0.98]
      days: 365
      seed: \(i)
      caption: A noisy year (seed \(i)) and two averages.
      ```

      See {numref}`year`. The window of the first average is {value}`year.window[\(beta)]`.

      ```{bias-correction}
      name: start
      beta: \(beta)
      days: 40
      ```

      ## A softmax

      ```{softmax}
      name: scores
      logits: [\(i % 7), 2, -1, 3]
      ```

      {numref}`scores` turns four scores into probabilities that sum to 1.

      """
  }
}

/// `lessons serve` on the course: the time from saving a one-word prose edit to the page's
/// reload event (what an author waits for), read from the server's event stream.
enum ServeReload {
  static func measure(binary: String, folder: URL) -> [BenchmarkResult] {
    let lessons = folder.appendingPathComponent("Lessons")
    let file = lessons.appendingPathComponent("02-exponentially-weighted-averages.md")
    guard let original = try? String(contentsOf: file, encoding: .utf8) else { return [] }
    defer { try? original.write(to: file, atomically: true, encoding: .utf8) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = [
      "serve", "--port", "0", "--lessons", lessons.path, "--output",
      folder.appendingPathComponent("Output").path,
    ]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch {
      print("  cannot start lessons serve: \(error)")
      return []
    }
    defer {
      process.terminate()
      process.waitUntilExit()
    }
    // "Serving Output/ at http://127.0.0.1:PORT/ — …"
    var printed = ""
    while !printed.contains("http://127.0.0.1:") || !printed.contains("/ ") {
      let data = out.fileHandleForReading.availableData
      if data.isEmpty { return [] }
      printed += String(decoding: data, as: UTF8.self)
    }
    guard let range = printed.range(of: "http://127.0.0.1:"),
      let port = UInt16(printed[range.upperBound...].prefix { $0.isNumber }),
      let events = EventStream(port: port)
    else {
      print("  lessons serve printed no port")
      return []
    }
    var times: [Double] = []
    for serial in 1...9 {
      let clock = ContinuousClock.now
      let text = original.replacingOccurrences(
        of: "it is quick but noisy", with: "it is quick\(serial) but noisy")
      guard (try? text.write(to: file, atomically: true, encoding: .utf8)) != nil,
        events.waitForReload(seconds: 10)
      else {
        print("  no reload after an edit")
        break
      }
      let elapsed = ContinuousClock.now - clock
      times.append(
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
      // Let the server settle (a second event for the same save must not count for the next).
      Thread.sleep(forTimeInterval: 0.3)
    }
    guard !times.isEmpty else { return [] }
    let sorted = times.sorted()
    print(
      "  serve: save to reload, median \(format(sorted[sorted.count / 2] * 1000, 0)) ms, worst \(format(sorted.last! * 1000, 0)) ms"
    )
    return [
      BenchmarkResult(
        name: "course: serve, save to reload event", seconds: sorted[0], runs: times.count,
        work: nil, unit: "")
    ]
  }

  /// The server's reload events, read from `/_lessons/events` on a socket.
  final class EventStream {
    let fd: Int32
    private var seen = ""

    init?(port: UInt16) {
      fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_port = port.bigEndian
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
      guard connected == 0 else { return nil }
      let request = "GET /_lessons/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
      _ = request.withCString { send(fd, $0, strlen($0), 0) }
      guard read(until: ": lessons serve", seconds: 10) else { return nil }
    }

    deinit { close(fd) }

    /// Waits for the next `event: reload`.
    func waitForReload(seconds: Double) -> Bool {
      read(until: "event: reload", seconds: seconds)
    }

    /// Reads until `text` has come since the last call.
    private func read(until text: String, seconds: Double) -> Bool {
      let deadline = Date().addingTimeInterval(seconds)
      var buffer = [UInt8](repeating: 0, count: 4096)
      while Date() < deadline {
        if let range = seen.range(of: text) {
          seen = String(seen[range.upperBound...])
          return true
        }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 100) >= 0 else { return false }
        guard poller.revents != 0 else { continue }
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return false }
        seen += String(decoding: buffer[0..<count], as: UTF8.self)
      }
      return false
    }
  }
}
