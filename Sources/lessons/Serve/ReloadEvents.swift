import Foundation

/// The rebuilds open pages are told about (`GET /_lessons/events`, server-sent events): each
/// rebuild that changed files is one numbered event, which every stream then sends as
/// `event: reload`.
final class ReloadEvents: @unchecked Sendable {
  private let condition = NSCondition()
  private var number = 0
  private var finished = false

  /// The number of the latest event (0: none yet).
  var count: Int {
    condition.lock()
    defer { condition.unlock() }
    return number
  }

  enum Wait: Equatable { case event(Int), timedOut, finished }

  /// Waits for an event later than `seen`, for at most `seconds`.
  func wait(after seen: Int, seconds: Double) -> Wait {
    let deadline = Date().addingTimeInterval(seconds)
    condition.lock()
    defer { condition.unlock() }
    while !finished && number <= seen {
      if !condition.wait(until: deadline) { break }
    }
    if finished { return .finished }
    return number > seen ? .event(number) : .timedOut
  }

  func broadcast() {
    condition.lock()
    number += 1
    condition.broadcast()
    condition.unlock()
  }

  /// Ends every stream (the server is stopping).
  func finish() {
    condition.lock()
    finished = true
    condition.broadcast()
    condition.unlock()
  }
}
