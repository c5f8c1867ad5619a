import Dispatch
import Foundation

/// Maps `items` with `transform` on up to `jobs` threads; results keep the input order, so
/// the output never depends on scheduling.
///
/// The calling thread works too, and waits only for items other threads have taken, never
/// for a thread that has not started: so the map always finishes, even when every thread of
/// the pool is busy or waiting, which makes it safe to nest (a directive run inside the
/// build's parallel map may use it for its own independent runs) and to call from a thread
/// that another waits on.
public func parallelMap<T: Sendable, R: Sendable>(
  _ items: [T], jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
  _ transform: @escaping @Sendable (T) -> R
) -> [R] {
  let workers = max(1, min(jobs, items.count))
  if workers == 1 { return items.map(transform) }
  let slots = ResultSlots<R>(count: items.count)
  let work: @Sendable () -> Void = {
    while let index = slots.take() { slots.set(index, transform(items[index])) }
  }
  for _ in 1..<workers { DispatchQueue.global().async(execute: work) }
  work()
  return slots.valuesWhenAllSet()
}

/// Runs `first` and `second` at once on up to `jobs` threads (the caller's included, as in
/// `parallelMap`), and returns both results.
func concurrently<A: Sendable, B: Sendable>(
  jobs: Int, _ first: @escaping @Sendable () -> A, _ second: @escaping @Sendable () -> B
) -> (A, B) {
  let results = parallelMap([0, 1], jobs: jobs) { index -> Either<A, B> in
    index == 0 ? .first(first()) : .second(second())
  }
  guard case .first(let a) = results[0], case .second(let b) = results[1] else {
    preconditionFailure("parallelMap keeps its results in order")
  }
  return (a, b)
}

/// A value made on another thread while the caller goes on; `value` waits for it. Whoever
/// comes first does the work: a thread of the global queue, or the first caller of `value`
/// when no thread has started it yet, so asking never waits on a thread that may never come
/// (every worker busy) and the value is made exactly once. Not `inBackground` (a build on
/// one thread), the first caller of `value` makes it.
final class Deferred<T: Sendable>: @unchecked Sendable {
  private let condition = NSCondition()
  private var work: (@Sendable () -> T)?
  private var result: T?

  init(inBackground: Bool = true, _ work: @escaping @Sendable () -> T) {
    self.work = work
    if inBackground { DispatchQueue.global().async { self.makeUnlessClaimed() } }
  }

  var value: T {
    makeUnlessClaimed()
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let result { return result }
      condition.wait()
    }
  }

  private func makeUnlessClaimed() {
    condition.lock()
    let claimed = work
    work = nil
    condition.unlock()
    guard let claimed else { return }
    let made = claimed()
    condition.lock()
    result = made
    condition.broadcast()
    condition.unlock()
  }
}

private enum Either<A: Sendable, B: Sendable>: Sendable {
  case first(A), second(B)
}

/// One slot per item, each taken and then set by exactly one thread.
private final class ResultSlots<R>: @unchecked Sendable {
  private let condition = NSCondition()
  private var slots: [R?]
  private var taken = 0
  private var set = 0

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  /// The next item nobody has taken, or nil when all are.
  func take() -> Int? {
    condition.lock()
    defer { condition.unlock() }
    guard taken < slots.count else { return nil }
    taken += 1
    return taken - 1
  }

  func set(_ index: Int, _ value: R) {
    condition.lock()
    slots[index] = value
    set += 1
    if set == slots.count { condition.broadcast() }
    condition.unlock()
  }

  /// Every result, once the threads that took the last items have set them.
  func valuesWhenAllSet() -> [R] {
    condition.lock()
    defer { condition.unlock() }
    while set < slots.count { condition.wait() }
    return slots.map { $0! }
  }
}
