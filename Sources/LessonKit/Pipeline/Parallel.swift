import Dispatch
import Foundation

/// Maps `items` with `transform` on up to `jobs` threads; results keep the input order, so
/// the output never depends on scheduling.
///
/// The calling thread works too, so the map always finishes even when no other thread is
/// free — which makes it safe to nest (a directive run inside the build's parallel map may
/// use it for its own independent runs).
public func parallelMap<T: Sendable, R: Sendable>(
  _ items: [T], jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
  _ transform: @escaping @Sendable (T) -> R
) -> [R] {
  let workers = max(1, min(jobs, items.count))
  if workers == 1 { return items.map(transform) }
  let results = ResultSlots<R>(count: items.count)
  let next = Counter()
  let work: @Sendable () -> Void = {
    while let index = next.take(below: items.count) {
      results.set(index, transform(items[index]))
    }
  }
  let group = DispatchGroup()
  for _ in 1..<workers { DispatchQueue.global().async(group: group, execute: work) }
  work()
  group.wait()
  return results.values()
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

private enum Either<A: Sendable, B: Sendable>: Sendable {
  case first(A), second(B)
}

/// Hands out 0, 1, 2, … to competing threads.
private final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  func take(below limit: Int) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard value < limit else { return nil }
    value += 1
    return value - 1
  }
}

/// One slot per item, each written by exactly one thread.
private final class ResultSlots<R>: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [R?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: R) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  func values() -> [R] { slots.map { $0! } }
}
