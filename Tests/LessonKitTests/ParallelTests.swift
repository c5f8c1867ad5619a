import Foundation
import Testing

@testable import LessonKit

/// The build's threads: results in input order whatever the scheduling, and a deferred value
/// made exactly once, also when everyone asks for it at once from busy threads.
@Suite struct ParallelTests {
  @Test func parallelMap_keepsTheInputOrder() {
    let items = Array(0..<500)
    let squares = parallelMap(items, jobs: 4) { item -> Int in
      if item % 7 == 0 { usleep(100) }  // uneven work, so threads finish out of order
      return item * item
    }
    #expect(squares == items.map { $0 * $0 })
  }

  @Test func deferred_isMadeOnce_whenManyBusyThreadsAskAtOnce() {
    for _ in 0..<50 {
      let made = LockedCount()
      let deferred = Deferred { () -> Int in
        made.add()
        usleep(200)
        return 42
      }
      // More askers than cores, each a worker of a parallel map: one of them makes the value
      // when no free thread has, and the others wait for it.
      let answers = parallelMap(Array(0..<16), jobs: 16) { _ in deferred.value }
      #expect(answers == Array(repeating: 42, count: 16))
      #expect(made.value == 1)
    }
  }

  @Test func deferred_notInBackground_isMadeByTheFirstToAsk() {
    let made = LockedCount()
    let deferred = Deferred(inBackground: false) { () -> Int in
      made.add()
      return 7
    }
    usleep(20_000)
    #expect(made.value == 0)
    #expect(deferred.value == 7)
    #expect(deferred.value == 7)
    #expect(made.value == 1)
  }

  /// A parallel map whose helper threads cannot start (every pool thread is blocked) still
  /// finishes on its caller, without waiting for them: the pool is saturated with blocked
  /// tasks, then a map runs from one more pool task.
  @Test func parallelMap_doesNotWaitForHelpersThatNeverStart() {
    let release = DispatchSemaphore(value: 0)
    let threads = ProcessInfo.processInfo.activeProcessorCount * 4
    for _ in 0..<threads { DispatchQueue.global().async { release.wait() } }
    let clock = ContinuousClock()
    let start = clock.now
    let sums = parallelMap(Array(0..<100), jobs: 4) { $0 * 2 }
    let elapsed = clock.now - start
    for _ in 0..<threads { release.signal() }
    #expect(sums == (0..<100).map { $0 * 2 })
    // libdispatch adds a thread to a starved pool only after about a second.
    #expect(elapsed < .milliseconds(500))
  }

  @Test func deferred_nestedParallelWork_finishes() {
    // The gallery's case: a deferred value that runs its own parallel map, asked for from
    // inside another one.
    let deferred = Deferred { parallelMap(Array(0..<64), jobs: 2) { $0 + 1 }.reduce(0, +) }
    let sums = parallelMap(Array(0..<8), jobs: 2) { _ in deferred.value }
    #expect(sums == Array(repeating: (1...64).reduce(0, +), count: 8))
  }
}
