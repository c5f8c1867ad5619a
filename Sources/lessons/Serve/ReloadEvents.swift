import FlyingFox
import FlyingSocks
import Foundation

/// The open pages' event streams (`GET /_lessons/events`, server-sent events): each rebuild
/// that changed files sends `event: reload` to all of them.
actor ReloadEvents {
  private var clients: [UUID: AsyncStream<[UInt8]>.Continuation] = [:]
  private var count = 0

  /// A response that stays open and carries events.
  func response() -> HTTPResponse {
    let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
    let id = UUID()
    clients[id] = continuation
    continuation.onTermination = { _ in Task { await self.remove(id) } }
    // A comment first, so clients know the stream is open.
    continuation.yield(Array(": lessons serve\n\n".utf8))
    return HTTPResponse(
      statusCode: .ok,
      headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
      body: HTTPBodySequence(from: EventBytes(stream: stream)))
  }

  func broadcast() {
    count += 1
    let event = Array("event: reload\ndata: \(count)\n\n".utf8)
    for client in clients.values { client.yield(event) }
  }

  func finish() {
    for client in clients.values { client.finish() }
    clients.removeAll()
  }

  private func remove(_ id: UUID) { clients[id] = nil }
}

/// Chunks of bytes from an `AsyncStream`, in the buffered form FlyingFox streams.
struct EventBytes: AsyncBufferedSequence {
  typealias Element = UInt8
  let stream: AsyncStream<[UInt8]>

  func makeAsyncIterator() -> Iterator { Iterator(base: stream.makeAsyncIterator()) }

  struct Iterator: AsyncBufferedIteratorProtocol {
    var base: AsyncStream<[UInt8]>.Iterator
    var pending: ArraySlice<UInt8> = []

    mutating func next() async throws -> UInt8? {
      if pending.isEmpty {
        guard let chunk = await base.next() else { return nil }
        pending = chunk[...]
      }
      return pending.popFirst()
    }

    mutating func nextBuffer(suggested count: Int) async throws -> ArraySlice<UInt8>? {
      if pending.isEmpty {
        guard let chunk = await base.next() else { return nil }
        pending = chunk[...]
      }
      let taken = pending.prefix(count)
      pending = pending.dropFirst(taken.count)
      return taken
    }
  }
}
