import Foundation
import LessonKit
import Testing

@testable import LessonDirectives

/// The repository's own `Lessons/` folder: the biggest fixture of all.
@Suite struct CourseTests {
  static let lessons = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Lessons")

  static let result: BuildResult = {
    let book = try! Book.load(from: lessons, displayName: "Lessons")
    return Builder(registry: .standard, jobs: 2).build(book)
  }()

  @Test func course_buildsWithoutDiagnostics() {
    let formatter = DiagnosticFormatter()
    for diagnostic in Self.result.diagnostics {
      Issue.record("\(formatter.format(diagnostic, source: Self.result.sources[diagnostic.path]))")
    }
    #expect(Self.result.lessons.count == 16)  // 14 lessons and a quiz after each week
  }

  /// Practice blocks per page, counted in the built HTML.
  static func practiceCount(_ page: String) -> Int {
    guard let file = result.files.first(where: { $0.path == page }) else { return 0 }
    return String(decoding: file.contents, as: UTF8.self)
      .components(separatedBy: #"" class="practice "#).count - 1
  }

  @Test func everyLesson_endsWithExercises_andEveryWeekWithAQuizOfTen() {
    for lesson in Self.result.lessons {
      let count = Self.practiceCount(lesson.page)
      if lesson.page.contains("quiz") {
        #expect(count == 10, "\(lesson.page) has \(count) questions")
      } else {
        #expect((3...6).contains(count), "\(lesson.page) has \(count) exercises")
      }
    }
    #expect(Self.result.lessons.filter { $0.page.contains("quiz") }.count == 2)
  }

  /// Every output of the course survives the cache: a build from a warm cache (read back
  /// from disk by another cache object, as the next process would) writes the same bytes.
  @Test func warmCacheBuild_equalsTheColdBuild() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lessons-course-cache-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let book = try Book.load(from: Self.lessons, displayName: "Lessons")
    _ = Builder(registry: .standard, jobs: 2, cache: BuildCache(folder: folder)).build(book)
    let warm = Builder(registry: .standard, jobs: 2, cache: BuildCache(folder: folder))
      .build(book)
    #expect(warm.files.map(\.path) == Self.result.files.map(\.path))
    for (a, b) in zip(warm.files, Self.result.files) where a != b {
      Issue.record("\(a.path) differs when built from the cache")
    }
  }

  @Test func everyDirective_isUsedByALesson() throws {
    var used: Set<String> = []
    for lesson in Self.result.lessons {
      let text = try String(
        contentsOf: Self.lessons.appendingPathComponent(
          (lesson.path as NSString).lastPathComponent), encoding: .utf8)
      for match in text.matches(of: /```\{([a-z-]+)\}/) { used.insert(String(match.1)) }
    }
    for name in DirectiveRegistry.standard.names {
      #expect(used.contains(name), "{\(name)} is used by no lesson")
    }
  }

  @Test func everyFigureAndFormula_isWellFormedXML() {
    for file in Self.result.files where file.path.hasSuffix(".html") {
      let page = String(decoding: file.contents, as: UTF8.self)
      for pattern in [/<svg[\s\S]*?<\/svg>/, /<math[\s\S]*?<\/math>/] {
        for match in page.matches(of: pattern) {
          #expect(isWellFormedXML(String(match.0)), "\(file.path): \(match.0.prefix(120))")
        }
      }
    }
  }

  @Test func everyPage_isSmallEnoughToReadOffline() {
    for lesson in Self.result.lessons { #expect(lesson.pageBytes < 400_000, "\(lesson.page)") }
  }
}
