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
  /// The lesson's number in the book: 1, 2, … over the numbered chapters in reading order,
  /// the one number the index, the navigation and each page show; nil for prefix and suffix
  /// chapters (the introduction, the weeks' quizzes) and sub-chapters.
  public func number(of lesson: LessonFile) -> Int? {
    for part in numberedChapters {
      for (chapter, number) in part where chapter.file?.fileName == lesson.fileName {
        return number
      }
    }
    return nil
  }

  /// The course's own section numbers of a lesson (`2.5` or `2.1–2.2`), from SUMMARY.md:
  /// `- [Bias correction](03-bias-correction.md) (2.5)`.
  public func courseSection(of lesson: LessonFile) -> String? {
    for part in parts {
      for chapter in part.contents where chapter.file?.fileName == lesson.fileName {
        return chapter.courseSection
      }
    }
    return nil
  }

  /// Each part's chapters with their numbers: they run on across parts, so each chapter has
  /// one number in the book; numbered chapters and drafts at the top of a list count, prefix
  /// and suffix chapters, sub-chapters and separators have none, as in mdBook.
  public var numberedChapters: [[(chapter: Chapter, number: Int?)]] {
    var number = 0
    return parts.map { part in
      part.chapters.map { chapter in
        guard chapter.isNumbered, chapter.depth == 0, chapter.kind != .separator else {
          return (chapter, nil)
        }
        number += 1
        return (chapter, number)
      }
    }
  }

  public struct Part: Sendable, Equatable {
    /// nil for lessons before the first part heading.
    public var title: String?
    public var lessons: [LessonFile]
    /// The part's table of contents as SUMMARY.md writes it: nested chapters, drafts and
    /// separators. Empty when the book has no SUMMARY.md: then it is `lessons`, in order.
    public var contents: [Chapter] = []

    public init(title: String?, lessons: [LessonFile], contents: [Chapter] = []) {
      self.title = title
      self.lessons = lessons
      self.contents = contents
    }

    /// The table of contents: `contents`, or without SUMMARY.md the lessons in order, all
    /// numbered.
    public var chapters: [Chapter] {
      guard contents.isEmpty else { return contents }
      return lessons.map { Chapter(kind: .lesson($0), title: "", depth: 0, isNumbered: true) }
    }
  }

  /// An entry of SUMMARY.md (mdBook's grammar).
  public struct Chapter: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
      /// A lesson that is built.
      case lesson(LessonFile)
      /// `[Title]()`: listed, not built.
      case draft
      /// `---` between chapters.
      case separator
    }

    public var kind: Kind
    /// The SUMMARY link text.
    public var title: String
    /// 0 for a chapter, 1 for its sub-chapters, …
    public var depth: Int
    /// False for prefix and suffix chapters (outside any list), which mdBook does not number.
    public var isNumbered: Bool
    /// The course's own section numbers written after the link: `(2.5)` or `(2.1–2.2)`.
    public var courseSection: String? = nil

    /// The lesson of a `.lesson` chapter.
    public var file: LessonFile? {
      if case .lesson(let file) = kind { file } else { nil }
    }
  }

  /// Every lesson in reading order.
  public var lessons: [LessonFile] { parts.flatMap(\.lessons) }

  public static let summaryFile = "SUMMARY.md"
  public static let defaultTitle = "Lessons"
}

/// One lesson file.
public struct LessonFile: Sendable, Equatable {
  /// The path in the lessons folder, e.g. `03-ewa.md` or `week2/01-intro.md`.
  public var fileName: String
  /// The path shown in diagnostics, e.g. `Lessons/03-ewa.md`.
  public var displayPath: String
  /// The file on disk.
  public var url: URL
  /// The chapter's link text in SUMMARY.md: the page title when the lesson has neither a
  /// `title:` in its front matter nor a `# Title`.
  public var summaryTitle: String?

  public init(fileName: String, displayPath: String, url: URL, summaryTitle: String? = nil) {
    self.fileName = fileName
    self.displayPath = displayPath
    self.url = url
    self.summaryTitle = summaryTitle
  }

  /// The page's base name: the path without `.md`, folders joined with `-`
  /// (`03-ewa` → `03-ewa.html`, `week2/01-intro.md` → `week2-01-intro.html`). Pages sit side
  /// by side in the output folder, so every page links the one stylesheet, script and search
  /// index the same way, and a page works alone from `file://`.
  public var slug: String { Self.slug(fileName) }

  static func slug(_ fileName: String) -> String {
    String(fileName.dropLast(3)).replacingOccurrences(of: "/", with: "-")
  }

  /// The lesson a relative link `destination` (`other.md`, `../week1/a.md`) from the lesson
  /// `fileName` names, as a path in the lessons folder; nil when it leaves the folder.
  static func resolve(_ destination: String, from fileName: String) -> String? {
    var parts = fileName.split(separator: "/").dropLast().map(String.init)
    for component in destination.split(separator: "/", omittingEmptySubsequences: false) {
      switch component {
      case ".", "": continue
      case "..":
        guard !parts.isEmpty else { return nil }
        parts.removeLast()
      default: parts.append(String(component))
      }
    }
    return parts.joined(separator: "/")
  }
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
  /// `jobs`: how many threads read the bibliography and the glossary beside the rest.
  public static func load(from directory: URL, displayName: String, jobs: Int = 1)
    throws(BookError) -> Book
  {
    let fileManager = FileManager.default
    var isDirectory: ObjCBool = false
    guard fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory) else {
      throw BookError(
        description: "no lessons folder at '\(displayName)' (pass --lessons DIR to use another)")
    }
    guard isDirectory.boolValue else {
      throw BookError(description: "'\(displayName)' is a file, not a folder of lessons")
    }
    var diagnostics: [Diagnostic] = []
    let files: [LessonFile]
    do {
      files = try lessonFiles(in: directory, displayName: displayName, diagnostics: &diagnostics)
    } catch {
      throw BookError(description: "cannot read '\(displayName)': \(error.localizedDescription)")
    }
    let lessonNames = Set(files.map(\.fileName))
    let summaryURL = directory.appendingPathComponent(summaryFile)
    let summary =
      fileManager.fileExists(atPath: summaryURL.path) ? displayName + "/" + summaryFile : nil
    // The bibliography and the glossary on one thread, SUMMARY.md on the other.
    let ((bibliography, bibliographyProblems, glossary, glossaryProblems), summaryBook) =
      concurrently(
        jobs: jobs,
        {
          let (bibliography, bibliographyProblems) = Bibliography.load(
            from: directory, displayName: displayName)
          let (glossary, glossaryProblems) = Glossary.load(
            from: directory, displayName: displayName, lessons: lessonNames)
          return (bibliography, bibliographyProblems, glossary, glossaryProblems)
        },
        { summary.map { Summary.read(summaryURL, displayPath: $0, lessons: files) } })
    let problems = bibliographyProblems + glossaryProblems
    guard var book = summaryBook else {
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
    book.bibliography = bibliography
    book.glossary = glossary
    book.diagnostics = diagnostics + book.diagnostics + problems
    return book
  }

  /// The `.md` files of the folder and its subfolders (mdBook books keep chapters in
  /// folders), sorted by path, except SUMMARY.md at the top and hidden files and folders. Two
  /// files whose pages would have the same name are an error.
  private static func lessonFiles(
    in directory: URL, displayName: String, diagnostics: inout [Diagnostic]
  ) throws -> [LessonFile] {
    let fileManager = FileManager.default
    var files: [LessonFile] = []
    var pages: [String: String] = [:]
    func visit(_ folder: URL, prefix: String, depth: Int) throws {
      for name in try fileManager.contentsOfDirectory(atPath: folder.path).sorted()
      where !name.hasPrefix(".") {
        let url = folder.appendingPathComponent(name)
        let path = prefix + name
        let displayPath = displayName + "/" + path
        var isFolder: ObjCBool = false
        _ = fileManager.fileExists(atPath: url.path, isDirectory: &isFolder)
        if isFolder.boolValue {
          // 8 levels is far deeper than any book's chapters; it stops a link loop.
          if depth < 8 { try visit(url, prefix: path + "/", depth: depth + 1) }
          continue
        }
        guard name.hasSuffix(".md"), path != summaryFile else { continue }
        let slug = LessonFile.slug(path)
        if let first = pages[slug] {
          diagnostics.append(
            .error(
              "'\(path)' and '\(first)' would both be the page '\(slug).html'; it is skipped",
              path: displayPath, at: nil, notes: ["rename one of them"]))
          continue
        }
        pages[slug] = path
        files.append(LessonFile(fileName: path, displayPath: displayPath, url: url))
      }
    }
    try visit(directory, prefix: "", depth: 0)
    return files
  }
}
