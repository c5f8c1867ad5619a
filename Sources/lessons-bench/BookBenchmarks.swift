import Foundation
import LessonDirectives
import LessonKit

/// The whole book: build time with every core and with one, and each directive's time.
///
/// Reads the lessons folder `Lessons` of the current directory (or `$LESSONS_DIR`); writes
/// nothing.
enum BookBenchmarks {
  static func run() -> [BenchmarkResult] {
    let folder = ProcessInfo.processInfo.environment["LESSONS_DIR"] ?? "Lessons"
    let book: Book
    do {
      book = try Book.load(from: URL(fileURLWithPath: folder), displayName: folder)
    } catch {
      print("  cannot read \(folder): \(error)")
      return []
    }
    let cores = ProcessInfo.processInfo.activeProcessorCount
    var results = [
      measure("book: build, \(cores) jobs", runs: 5) {
        Builder(registry: .standard, jobs: cores).build(book)
      },
      measure("book: build, 1 job", runs: 3) { Builder(registry: .standard, jobs: 1).build(book) },
    ]
    // One more build on one job for per-lesson and per-directive times (best of 3 each).
    var lessonTimes: [String: Double] = [:]
    var directiveTimes: [String: Double] = [:]
    var order: [String] = []
    var lessonOrder: [String] = []
    for _ in 0..<3 {
      let result = Builder(registry: .standard, jobs: 1).build(book)
      for lesson in result.lessons {
        if lessonTimes[lesson.path] == nil { lessonOrder.append(lesson.path) }
        lessonTimes[lesson.path] = min(lessonTimes[lesson.path] ?? .infinity, lesson.milliseconds)
      }
      for timing in result.directiveTimings {
        let key =
          "  {\(timing.directive)} \(timing.name) (\((timing.lesson as NSString).lastPathComponent))"
        if directiveTimes[key] == nil { order.append(key) }
        directiveTimes[key] = min(directiveTimes[key] ?? .infinity, timing.milliseconds)
      }
    }
    for path in lessonOrder {
      results.append(
        BenchmarkResult(
          name: "lesson \((path as NSString).lastPathComponent)",
          seconds: lessonTimes[path]! / 1000, runs: 3, work: nil, unit: ""))
    }
    for key in order {
      results.append(
        BenchmarkResult(
          name: key, seconds: directiveTimes[key]! / 1000, runs: 3, work: nil, unit: ""))
    }
    return results
  }
}
