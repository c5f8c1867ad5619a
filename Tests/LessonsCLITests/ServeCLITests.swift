import Foundation
import Testing

/// `lessons serve` answers real HTTP requests on 127.0.0.1 and tells pages to reload.
@Suite struct ServeCLITests {
  @Test func serve_answersRequests_andSendsReloadAfterAChange() throws {
    let fixture = try Fixture(["Lessons/01-a.md": "# A\n\nFirst.\n"])
    // A port the system says is free right now.
    let port = try { () throws -> UInt16 in
      let probe = try SocketClient.listen(port: 0)
      return probe.port
    }()
    let process = Process()
    process.executableURL = lessonsBinary
    process.arguments = ["serve", "--port", String(port), "--interval", "100"]
    process.currentDirectoryURL = fixture.root
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    defer {
      process.terminate()
      process.waitUntilExit()
    }
    try waitFor("Serving", in: out.fileHandleForReading, seconds: 30)

    let page = try httpGet(port: port, path: "/01-a.html")
    #expect(page.hasPrefix("HTTP/1.1 200"))
    #expect(page.contains("<p>First.</p>"))
    #expect(page.contains(#"new EventSource("/_lessons/events")"#))
    #expect(try httpGet(port: port, path: "/../../etc/passwd").hasPrefix("HTTP/1.1 404"))

    let events = try SocketClient(port: port)
    try events.send("GET /_lessons/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    _ = try events.read(until: ": lessons serve", seconds: 10)
    try fixture.write("Lessons/01-a.md", "# A\n\nSecond.\n")
    let stream = try events.read(until: "event: reload", seconds: 30)
    #expect(stream.contains("event: reload\ndata: 1"))
    #expect(try httpGet(port: port, path: "/01-a.html").contains("<p>Second.</p>"))
  }

  /// With polling all but off (a minute), an edit in a subfolder still reloads the page at
  /// once: the lessons folder and the folders below it are watched (inotify).
  @Test func serve_seesAnEditInASubfolder_withoutWaitingForThePoll() throws {
    let fixture = try Fixture([
      "Lessons/SUMMARY.md": "# Summary\n\n- [A](week1/a.md)\n",
      "Lessons/week1/a.md": "# A\n\nFirst.\n",
    ])
    let port = try SocketClient.listen(port: 0).port
    let process = Process()
    process.executableURL = lessonsBinary
    process.arguments = ["serve", "--port", String(port), "--interval", "60000"]
    process.currentDirectoryURL = fixture.root
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    defer {
      process.terminate()
      process.waitUntilExit()
    }
    try waitFor("Serving", in: out.fileHandleForReading, seconds: 30)
    let events = try SocketClient(port: port)
    try events.send("GET /_lessons/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    _ = try events.read(until: ": lessons serve", seconds: 10)
    try fixture.write("Lessons/week1/a.md", "# A\n\nSecond.\n")
    let stream = try events.read(until: "event: reload", seconds: 20)
    #expect(stream.contains("event: reload"))
    #expect(try httpGet(port: port, path: "/week1-a.html").contains("<p>Second.</p>"))
  }

  @Test func serve_onABusyPort_saysSo() throws {
    let fixture = try Fixture(["Lessons/01-a.md": "# A\n"])
    let listener = try SocketClient.listen(port: 0)
    let run = try lessons(["serve", "--port", String(listener.port)], in: fixture.root)
    #expect(run.status == 2)
    #expect(run.stderr.contains("port \(listener.port) is already in use on 127.0.0.1"))
  }
}

/// Reads from `handle` until `text` appears; returns what was read.
@discardableResult
private func waitFor(_ text: String, in handle: FileHandle, seconds: Double) throws -> String {
  let deadline = Date().addingTimeInterval(seconds)
  var seen = ""
  while Date() < deadline {
    let data = handle.availableData
    if data.isEmpty { break }
    seen += String(decoding: data, as: UTF8.self)
    if seen.contains(text) { return seen }
  }
  throw SocketError("never printed '\(text)'; printed: \(seen)")
}

private func httpGet(port: UInt16, path: String) throws -> String {
  let client = try SocketClient(port: port)
  try client.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
  return try client.read(until: nil, seconds: 10)
}

struct SocketError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// A blocking TCP client for tests.
final class SocketClient {
  let fd: Int32
  var port: UInt16 = 0

  init(port: UInt16) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = Self.address(port)
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result == 0 else { throw SocketError("cannot connect to port \(port)") }
    var timeout = timeval(tv_sec: 1, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
  }

  private init(listening fd: Int32, port: UInt16) {
    self.fd = fd
    self.port = port
  }

  /// A socket listening on 127.0.0.1 (port 0: any free port).
  static func listen(port: UInt16) throws -> SocketClient {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = Self.address(port)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, Glibc.listen(fd, 1) == 0 else { throw SocketError("cannot listen") }
    var actual = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &actual) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return SocketClient(listening: fd, port: UInt16(bigEndian: actual.sin_port))
  }

  private static func address(_ port: UInt16) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
  }

  func send(_ text: String) throws {
    let bytes = Array(text.utf8)
    guard Glibc.send(fd, bytes, bytes.count, 0) == bytes.count else {
      throw SocketError("send failed")
    }
  }

  /// Reads until `text` appears (or, with nil, until the server closes), within `seconds`.
  func read(until text: String?, seconds: Double) throws -> String {
    let deadline = Date().addingTimeInterval(seconds)
    var received = ""
    var buffer = [UInt8](repeating: 0, count: 4096)
    while Date() < deadline {
      let count = recv(fd, &buffer, buffer.count, 0)
      if count == 0 { break }
      if count > 0 { received += String(decoding: buffer[0..<count], as: UTF8.self) }
      if let text, received.contains(text) { return received }
    }
    if text != nil { throw SocketError("did not receive '\(text!)'; got: \(received)") }
    return received
  }

  deinit { close(fd) }
}

/// `lessons serve` bounds what a client can make it do, answers only local names, and ends
/// every connection when it stops.
@Suite struct ServeHardeningCLITests {
  @Test func serve_onPortZero_printsThePort_andBoundsEveryRequest() throws {
    let fixture = try Fixture(["Lessons/01-a.md": "# A\n\nFirst.\n"])
    try fixture.write("secret/key.txt", "secret")
    let process = Process()
    process.executableURL = lessonsBinary
    process.arguments = ["serve", "--port", "0"]
    process.currentDirectoryURL = fixture.root
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    defer {
      if process.isRunning {
        process.terminate()
        process.waitUntilExit()
      }
    }
    let printed = try waitFor("Ctrl-C", in: out.fileHandleForReading, seconds: 30)
    let digits = try #require(
      printed.split(separator: "http://127.0.0.1:").last?.prefix { $0.isNumber })
    let port = try #require(UInt16(digits))
    #expect(port != 0)

    // HEAD: GET's status and headers, no body.
    let get = try request("GET /01-a.html HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n", port: port)
    let head = try request("HEAD /01-a.html HTTP/1.1\r\nHost: localhost\r\n", port: port)
    #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
    #expect(head.hasSuffix("\r\n\r\n"))
    let length = try #require(get.components(separatedBy: "\r\n\r\n").last?.utf8.count)
    #expect(head.contains("Content-Length: \(length)\r\n"))
    // Other methods: 405 with the methods allowed.
    let post = try request("POST /01-a.html HTTP/1.1\r\nHost: 127.0.0.1\r\n", port: port)
    #expect(post.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"))
    #expect(post.contains("Allow: GET, HEAD\r\n"))
    // DNS rebinding: another site's name is refused, whatever address it resolved to.
    for host in ["evil.example", "127.0.0.1.evil.example", "localhost:80@evil", "[::2]"] {
      let answer = try request("GET /01-a.html HTTP/1.1\r\nHost: \(host)\r\n", port: port)
      #expect(answer.hasPrefix("HTTP/1.1 403 Forbidden\r\n"), "\(host)")
    }
    #expect(try request("GET / HTTP/1.1\r\n", port: port).hasPrefix("HTTP/1.1 403"))
    // Links in the output folder that lead out of it are not followed.
    try FileManager.default.createSymbolicLink(
      at: fixture.root.appendingPathComponent("Output/out"),
      withDestinationURL: fixture.root.appendingPathComponent("secret"))
    try FileManager.default.createSymbolicLink(
      at: fixture.root.appendingPathComponent("Output/key.html"),
      withDestinationURL: fixture.root.appendingPathComponent("secret/key.txt"))
    for path in ["/out/key.txt", "/key.html", "/%2e%2e/secret/key.txt", "/01-a.html%00"] {
      let answer = try request("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n", port: port)
      #expect(answer.hasPrefix("HTTP/1.1 404"), "\(path)")
      #expect(!answer.contains("\r\n\r\nsecret"))
    }
    // A 1 MB header is refused at once (FlyingFox 0.27.1 took 16 s for 20 KB), and the next
    // client is served.
    let start = Date()
    let big = try SocketClient(port: port)
    try? big.send(
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + String(repeating: "a", count: 1 << 20)
        + "\r\n\r\n")
    let refused = try big.read(until: "\r\n\r\n", seconds: 10)
    #expect(refused.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
    #expect(Date().timeIntervalSince(start) < 2)
    #expect(
      try request("GET /01-a.html HTTP/1.1\r\nHost: 127.0.0.1\r\n", port: port).contains(
        "<p>First.</p>"))

    // An idle connection is closed after a few seconds.
    let idle = try SocketClient(port: port)
    let opened = Date()
    #expect(try idle.read(until: nil, seconds: 15).isEmpty)
    #expect(Date().timeIntervalSince(opened) < 10)

    // Stopping ends the event streams and the open connections, and the process.
    let events = try SocketClient(port: port)
    try events.send("GET /_lessons/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    _ = try events.read(until: ": lessons serve", seconds: 10)
    let waiting = try SocketClient(port: port)
    try waiting.send("GET /01-a.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    _ = try waiting.read(until: "</html>", seconds: 10)
    let stopping = Date()
    process.terminate()
    _ = try events.read(until: nil, seconds: 10)
    _ = try waiting.read(until: nil, seconds: 10)
    process.waitUntilExit()
    #expect(Date().timeIntervalSince(stopping) < 5)
    #expect(process.terminationStatus == 0)
  }

  /// One request with `Connection: close`, and the whole answer.
  private func request(_ head: String, port: UInt16) throws -> String {
    let client = try SocketClient(port: port)
    try client.send(head + "Connection: close\r\n\r\n")
    return try client.read(until: nil, seconds: 10)
  }
}
