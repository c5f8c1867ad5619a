import Foundation
import LessonMarkdown

/// The lessons of a book, in reading order, grouped in parts.
///
/// The order comes from `SUMMARY.md` in the lessons folder when there is one (as in mdBook:
/// a `#` title, `##` part headings, and links to lesson files in lists), otherwise from the
/// file names (`01-…`, `02-…`).
public struct Book: Sendable {
  public var title: String
  public var parts: [Part]
  /// Problems with the folder or SUMMARY.md.
  public var diagnostics: [Diagnostic]
  /// File names of lessons that are not built here but that links may point to: for a book
  /// of some files only (`lessons check FILE…`, `lessons run FILE`), the other lessons of the
  /// books those files belong to.
  public var otherLessons: Set<String> = []
  /// The references of `references.bib` in the lessons folder (empty without one).
  public var bibliography = Bibliography()
  /// The notation of `glossary.yml` in the lessons folder (empty without one).
  public var glossary = Glossary()
  /// Lessons outside the numbering (by file name): in SUMMARY.md, links that are not in a
  /// list, as mdBook's prefix and suffix chapters (the introduction, the weeks' quizzes).
  public var unnumbered: Set<String> = []
  /// The course's own section numbers of each lesson (file name → `2.5` or `2.1–2.2`), from
  /// SUMMARY.md: `- [Bias correction](03-bias-correction.md) (2.5)`.
  public var courseSections: [String: String] = [:]

  /// The lesson's number in the book: 1, 2, … over the numbered lessons in reading order, the
  /// one number the index, the navigation and each page show.
  public func number(of lesson: LessonFile) -> Int? {
    guard !unnumbered.contains(lesson.fileName) else { return nil }
    let numbered = lessons.filter { !unnumbered.contains($0.fileName) }
    return numbered.firstIndex(of: lesson).map { $0 + 1 }
  }

  public struct Part: Sendable, Equatable {
    /// nil for lessons before the first part heading.
    public var title: String?
    public var lessons: [LessonFile]
  }

  /// Every lesson in reading order.
  public var lessons: [LessonFile] { parts.flatMap(\.lessons) }

  public static let summaryFile = "SUMMARY.md"
  public static let defaultTitle = "Lessons"
}

/// One lesson file.
public struct LessonFile: Sendable, Equatable {
  /// The file name, e.g. `03-ewa.md`.
  public var fileName: String
  /// The path shown in diagnostics, e.g. `Lessons/03-ewa.md`.
  public var displayPath: String
  /// The file on disk.
  public var url: URL

  /// The page's base name: the file name without `.md` (`03-ewa` → `03-ewa.html`).
  public var slug: String { String(fileName.dropLast(3)) }
}

/// Raised when the lessons folder itself cannot be used (exit code 2, not a lesson error).
public struct BookError: Error, Sendable, CustomStringConvertible {
  public var description: String
}

extension Book {
  /// A book of the given lesson files only, in the given order (for `lessons check FILE…`).
  public static func files(_ paths: [String]) -> Book {
    var diagnostics: [Diagnostic] = []
    var lessons: [LessonFile] = []
    var folders: Set<String> = []
    for path in paths {
      let url = URL(fileURLWithPath: path)
      var isDirectory: ObjCBool = false
      if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
        diagnostics.append(.error("no such file", path: path, at: nil))
      } else if isDirectory.boolValue {
        diagnostics.append(.error("is a folder, not a lesson file", path: path, at: nil))
      } else if !path.hasSuffix(".md") {
        diagnostics.append(.error("a lesson is a Markdown file ending in .md", path: path, at: nil))
      } else {
        lessons.append(LessonFile(fileName: url.lastPathComponent, displayPath: path, url: url))
        folders.insert(url.deletingLastPathComponent().path)
      }
    }
    var book = Book(
      title: defaultTitle, parts: [Part(title: nil, lessons: lessons)], diagnostics: diagnostics)
    // Links resolve as in a build of each file's folder (its SUMMARY.md, or its files); the
    // folder's own problems are reported by a build of it, not here.
    for folder in folders.sorted() {
      guard let whole = try? load(from: URL(fileURLWithPath: folder), displayName: folder)
      else { continue }
      book.otherLessons.formUnion(whole.lessons.map(\.fileName))
      if book.bibliography.entries.isEmpty { book.bibliography = whole.bibliography }
      if book.glossary.entries.isEmpty { book.glossary = whole.glossary }
    }
    book.otherLessons.subtract(lessons.map(\.fileName))
    return book
  }

  /// Reads the folder `directory` (displayed as `displayName` in messages).
  public static func load(from directory: URL, displayName: String) throws(BookError) -> Book {
    let fileManager = FileManager.default
    var isDirectory: ObjCBool = false
    guard fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory) else {
      throw BookError(
        description: "no lessons folder at '\(displayName)' (pass --lessons DIR to use another)")
    }
    guard isDirectory.boolValue else {
      throw BookError(description: "'\(displayName)' is a file, not a folder of lessons")
    }
    let names: [String]
    do {
      names = try fileManager.contentsOfDirectory(atPath: directory.path).sorted()
    } catch {
      throw BookError(description: "cannot read '\(displayName)': \(error.localizedDescription)")
    }
    var diagnostics: [Diagnostic] = []
    var files: [LessonFile] = []
    for name in names where name.hasSuffix(".md") && name != summaryFile && !name.hasPrefix(".") {
      let url = directory.appendingPathComponent(name)
      let displayPath = displayName + "/" + name
      var isFolder: ObjCBool = false
      if fileManager.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
        diagnostics.append(
          .error(
            "'\(name)' is a folder, not a lesson file; it is skipped", path: displayPath, at: nil))
        continue
      }
      files.append(LessonFile(fileName: name, displayPath: displayPath, url: url))
    }
    let (bibliography, bibliographyProblems) = Bibliography.load(
      from: directory, displayName: displayName)
    let (glossary, glossaryProblems) = Glossary.load(
      from: directory, displayName: displayName, lessons: Set(files.map(\.fileName)))
    let problems = bibliographyProblems + glossaryProblems
    let summaryURL = directory.appendingPathComponent(summaryFile)
    guard fileManager.fileExists(atPath: summaryURL.path) else {
      if files.isEmpty {
        diagnostics.append(
          .warning(
            "no lessons (*.md files) in this folder", path: displayName, at: nil,
            notes: ["create one with: lessons new \"Title\""]))
      }
      var book = Book(
        title: defaultTitle, parts: [Part(title: nil, lessons: files)],
        diagnostics: diagnostics + problems)
      book.bibliography = bibliography
      book.glossary = glossary
      return book
    }
    var book = Summary.read(
      summaryURL, displayPath: displayName + "/" + summaryFile, lessons: files)
    book.bibliography = bibliography
    book.glossary = glossary
    book.diagnostics = diagnostics + book.diagnostics + problems
    return book
  }
}
