import Foundation

#if canImport(Glibc)
  import Glibc
  private let systemSend = Glibc.send
  private let systemRecv = Glibc.recv
#elseif canImport(Darwin)
  import Darwin
  private let systemSend = Darwin.send
  private let systemRecv = Darwin.recv
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for `lessons serve`: static files and one event
/// stream, one thread per connection, nothing else.
///
/// It is written against the sockets API rather than a server library because it must bound
/// what a client can make it do *before* parsing anything (FlyingFox 0.27.1, used before, reads
/// a request line or header with a scan that is quadratic in its length: a 30 KB line took
/// 27 s and blocked every client):
///
/// - a request head (request line and headers) of at most `maxHeadBytes`, read within
///   `headSeconds`; more gets 431, slower is dropped;
/// - at most `maxConnections` at once (more get 503);
/// - idle keep-alive connections close after `idleSeconds`; event streams send a comment
///   every `heartbeatSeconds`, so a reader that went away is noticed and its socket closed;
/// - `stop()` closes the listening socket and every connection, event streams included.
final class LocalServer: @unchecked Sendable {
  static let maxHeadBytes = 16 * 1024
  static let maxConnections = 256
  static let headSeconds = 10.0
  static let idleSeconds = 5
  static let heartbeatSeconds = 15.0

  /// What the server answers: `respond` for ordinary requests, `events` for the stream.
  struct Routes: Sendable {
    var eventsPath: String
    var events: ReloadEvents
    var respond: @Sendable (Request) -> Response
  }

  struct Request: Sendable {
    var method: String
    /// `HTTP/1.1` or `HTTP/1.0`.
    var version: String
    /// The path of the target, still percent-encoded, without its query.
    var path: String
    var headers: [String: String]
  }

  struct Response: Sendable {
    var status: Int
    var reason: String
    var headers: [(String, String)] = []
    var body: [UInt8] = []

    static func text(_ status: Int, _ reason: String, _ message: String) -> Response {
      Response(
        status: status, reason: reason,
        headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array((message + "\n").utf8)
      )
    }
  }

  let port: UInt16
  private let listener: Int32
  private let routes: Routes
  private let lock = NSLock()
  private var connections: Set<Int32> = []
  private var stopping = false
  private let finished = DispatchGroup()

  /// Binds and listens on 127.0.0.1:`port` (0: a free port the system picks).
  init(port: UInt16, routes: Routes) throws(UsageError) {
    self.routes = routes
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw Self.failure("cannot open a socket", port: port) }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(fd, 128) == 0 else {
      let code = errno
      close(fd)
      if code == EADDRINUSE {
        throw UsageError(
          message:
            "port \(port) is already in use on 127.0.0.1; stop the other server or pass --port \(port &+ 1) (or --port 0 for any free port)"
        )
      }
      throw UsageError(
        message: "cannot listen on 127.0.0.1:\(port): \(String(cString: strerror(code)))")
    }
    var actual = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &actual) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    listener = fd
    self.port = UInt16(bigEndian: actual.sin_port)
  }

  private static func failure(_ what: String, port: UInt16) -> UsageError {
    UsageError(message: "\(what) on 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
  }

  /// Accepts connections on a thread of its own until `stop()`.
  func start() {
    finished.enter()
    Thread.detachNewThread { [self] in
      defer { finished.leave() }
      while true {
        let fd = accept(listener, nil, nil)
        if fd < 0 {
          if errno == EINTR || errno == ECONNABORTED { continue }
          return  // the listener was shut down
        }
        lock.lock()
        if stopping {
          lock.unlock()
          close(fd)
          return
        }
        let full = connections.count >= Self.maxConnections
        if !full { connections.insert(fd) }
        lock.unlock()
        if full {
          Self.send(
            .text(503, "Service Unavailable", "Too many connections."), to: fd, head: false,
            keepAlive: false)
          close(fd)
          continue
        }
        finished.enter()
        Thread.detachNewThread { [self] in
          serve(fd)
          lock.lock()
          connections.remove(fd)
          lock.unlock()
          close(fd)
          finished.leave()
        }
      }
    }
  }

  /// Closes the listening socket and every open connection, and waits (up to `seconds`) for
  /// their threads to end.
  func stop(seconds: Double = 2) {
    lock.lock()
    stopping = true
    let open = connections
    lock.unlock()
    shutdown(listener, Int32(SHUT_RDWR))
    for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    routes.events.finish()
    _ = finished.wait(timeout: .now() + seconds)
    close(listener)
  }

  // MARK: One connection

  private func serve(_ fd: Int32) {
    var timeout = timeval(tv_sec: Self.idleSeconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var buffered: [UInt8] = []
    while true {
      let head: [UInt8]
      switch Self.readHead(fd, buffered: &buffered) {
      case .head(let bytes): head = bytes
      case .tooLarge:
        Self.send(
          .text(431, "Request Header Fields Too Large", "The request head is too large."),
          to: fd, head: false, keepAlive: false)
        return
      case .closed: return
      }
      guard let request = Self.parse(head) else {
        Self.send(.text(400, "Bad Request", "Bad request."), to: fd, head: false, keepAlive: false)
        return
      }
      // No route takes a body; one is not read, so the connection cannot be reused.
      let hasBody =
        request.headers["transfer-encoding"] != nil
        || (request.headers["content-length"].map { $0 != "0" } ?? false)
      let keepAlive = !hasBody && Self.keepsAlive(request)
      let isHead = request.method == "HEAD"
      guard let host = request.headers["host"], Self.isLocal(host: host) else {
        Self.send(
          .text(
            403, "Forbidden",
            "This server answers only requests for 127.0.0.1 or localhost (Host: \(request.headers["host"] ?? "missing"))."
          ), to: fd, head: isHead, keepAlive: false)
        return
      }
      guard request.method == "GET" || isHead else {
        var response = Response.text(405, "Method Not Allowed", "Only GET and HEAD are allowed.")
        response.headers.append(("Allow", "GET, HEAD"))
        Self.send(response, to: fd, head: false, keepAlive: keepAlive)
        if keepAlive { continue } else { return }
      }
      if request.path == routes.eventsPath, !isHead {
        streamEvents(to: fd)
        return
      }
      guard Self.send(routes.respond(request), to: fd, head: isHead, keepAlive: keepAlive),
        keepAlive
      else { return }
    }
  }

  enum Head { case head([UInt8]), tooLarge, closed }

  /// Reads up to the blank line ending a request head; bytes after it stay in `buffered`.
  static func readHead(_ fd: Int32, buffered: inout [UInt8]) -> Head {
    let deadline = Date().addingTimeInterval(headSeconds)
    var searched = 0
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      // Search only the new bytes (and the three before them): linear in the head's length.
      if let end = findBlankLine(buffered, from: max(0, searched - 3)) {
        guard end <= maxHeadBytes else { return .tooLarge }
        let head = Array(buffered[..<end])
        buffered.removeFirst(end + 4)
        return .head(head)
      }
      searched = buffered.count
      if buffered.count > maxHeadBytes { return .tooLarge }
      if Date() > deadline { return .closed }
      let count = chunk.withUnsafeMutableBytes { systemRecv(fd, $0.baseAddress, $0.count, 0) }
      if count < 0, errno == EINTR { continue }
      // 0: closed by the client; < 0: idle timeout, or shut down by `stop()`.
      guard count > 0 else { return .closed }
      buffered.append(contentsOf: chunk[0..<count])
    }
  }

  static func findBlankLine(_ bytes: [UInt8], from start: Int) -> Int? {
    guard bytes.count >= 4 else { return nil }
    var i = start
    while i + 3 < bytes.count {
      if bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 { return i }
      i += 1
    }
    return nil
  }

  /// The request line and headers, or nil when they are not HTTP/1.x.
  static func parse(_ head: [UInt8]) -> Request? {
    let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
    let parts = lines[0].split(separator: " ", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0",
      !parts[0].isEmpty, parts[1].hasPrefix("/")
    else { return nil }
    var headers: [String: String] = [:]
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { return nil }
      let name = line[..<colon].lowercased()
      guard !name.isEmpty, !name.contains(" ") else { return nil }
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      // Two Host headers (or lengths) could mean two different things to two readers.
      if headers[name] != nil, name == "host" || name == "content-length" { return nil }
      headers[name] = value
    }
    let target = parts[1]
    let path = target.prefix { $0 != "?" && $0 != "#" }
    return Request(
      method: String(parts[0]), version: String(parts[2]), path: String(path), headers: headers)
  }

  static func keepsAlive(_ request: Request) -> Bool {
    let connection = request.headers["connection"]?.lowercased() ?? ""
    if request.version == "HTTP/1.0" { return connection == "keep-alive" }
    return connection != "close"
  }

  /// Whether `host` (a Host header) names this computer: 127.0.0.1, localhost or [::1], with
  /// any port. A page of another site that a DNS rebinding points at 127.0.0.1 still sends
  /// its own name, and is refused.
  static func isLocal(host: String) -> Bool {
    var name = host.lowercased()
    if name.hasPrefix("[") {
      guard let close = name.firstIndex(of: "]") else { return false }
      let rest = name[name.index(after: close)...]
      guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isNumber))
      else { return false }
      return name[...close] == "[::1]"
    }
    if let colon = name.lastIndex(of: ":") {
      guard name[name.index(after: colon)...].allSatisfy(\.isNumber) else { return false }
      name = String(name[..<colon])
    }
    return name == "127.0.0.1" || name == "localhost" || name.hasSuffix(".localhost")
  }

  /// Writes `response` (without its body for HEAD); false when the client is gone.
  @discardableResult
  static func send(_ response: Response, to fd: Int32, head: Bool, keepAlive: Bool) -> Bool {
    var text = "HTTP/1.1 \(response.status) \(response.reason)\r\n"
    for (name, value) in response.headers { text += "\(name): \(value)\r\n" }
    text += "Content-Length: \(response.body.count)\r\n"
    text += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
    return write(Array(text.utf8), to: fd) && (head || write(response.body, to: fd))
  }

  static func write(_ bytes: [UInt8], to fd: Int32) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let count = bytes[offset...].withUnsafeBytes {
        systemSend(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { return false }
      offset += count
    }
    return true
  }

  // MARK: Server-sent events

  private func streamEvents(to fd: Int32) {
    let head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
      + "Connection: close\r\n\r\n: lessons serve\n\n"
    guard Self.write(Array(head.utf8), to: fd) else { return }
    var seen = routes.events.count
    while true {
      switch routes.events.wait(after: seen, seconds: Self.heartbeatSeconds) {
      case .finished: return
      case .timedOut:
        guard Self.write(Array(": ping\n\n".utf8), to: fd) else { return }
      case .event(let number):
        seen = number
        guard Self.write(Array("event: reload\ndata: \(number)\n\n".utf8), to: fd) else { return }
      }
    }
  }
}
