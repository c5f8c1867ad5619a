import Foundation

/// `lessons new "Title"`: a new lesson file with front matter, an example directive and the
/// MyST forms an author can use (a labelled equation, a caption on the fence line, `:key:`
/// option lines, a colon-fenced admonition), numbered after the last lesson, and listed in
/// SUMMARY.md when the book has one.
public enum LessonScaffold {
  public struct Created: Sendable, Equatable {
    /// The new file's path, as given folder + file name.
    public var path: String
    public var addedToSummary: Bool
  }

  public struct ScaffoldError: Error, CustomStringConvertible {
    public var description: String
  }

  /// Creates the lesson in `directory` (displayed as `displayName`), creating the folder if
  /// needed. Never overwrites a file.
  public static func create(title: String, in directory: URL, displayName: String)
    throws(ScaffoldError) -> Created
  {
    let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !title.isEmpty else { throw ScaffoldError(description: "the title is empty") }
    guard !title.contains("\n") else {
      throw ScaffoldError(description: "the title must be one line")
    }
    let fileManager = FileManager.default
    do {
      try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw ScaffoldError(
        description: "cannot create '\(displayName)': \(error.localizedDescription)")
    }
    let existing = (try? fileManager.contentsOfDirectory(atPath: directory.path)) ?? []
    let numbers = existing.compactMap { name -> Int? in
      guard name.hasSuffix(".md") else { return nil }
      return Int(name.prefix { $0.isASCII && $0.isNumber })
    }
    let number = (numbers.max() ?? 0) + 1
    let width = max(2, String(number).count)
    let fileName =
      String(repeating: "0", count: width - String(number).count) + "\(number)-\(slug(title)).md"
    let url = directory.appendingPathComponent(fileName)
    guard !fileManager.fileExists(atPath: url.path) else {
      throw ScaffoldError(description: "'\(displayName)/\(fileName)' already exists")
    }
    do {
      try Data(template(title: title).utf8).write(to: url, options: .withoutOverwriting)
    } catch {
      throw ScaffoldError(
        description: "cannot write '\(displayName)/\(fileName)': \(error.localizedDescription)")
    }
    var added = false
    let summary = directory.appendingPathComponent(Book.summaryFile)
    if let data = fileManager.contents(atPath: summary.path) {
      var text = String(decoding: data, as: UTF8.self)
      if !text.hasSuffix("\n") { text += "\n" }
      text += "- [\(title.replacingOccurrences(of: "]", with: "\\]"))](\(fileName))\n"
      do {
        try Data(text.utf8).write(to: summary, options: .atomic)
        added = true
      } catch {
        throw ScaffoldError(
          description:
            "created '\(fileName)' but cannot update SUMMARY.md: \(error.localizedDescription)")
      }
    }
    return Created(path: displayName + "/" + fileName, addedToSummary: added)
  }

  /// `Learning-rate decay, part 2!` → `learning-rate-decay-part-2`.
  static func slug(_ title: String) -> String {
    var slug = ""
    for scalar in title.lowercased().unicodeScalars {
      if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
        slug.unicodeScalars.append(scalar)
      } else if !slug.isEmpty, !slug.hasSuffix("-") {
        slug += "-"
      }
    }
    while slug.hasSuffix("-") { slug.removeLast() }
    return slug.isEmpty ? "lesson" : String(slug.prefix(60))
  }

  static func template(title: String) -> String {
    let yamlTitle =
      "\""
      + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
        of: "\"", with: "\\\"") + "\""
    return """
      ---
      title: \(yamlTitle)
      summary: One sentence that says what this lesson teaches.
      ---

      # \(title)

      Start with the intuition. Then give the formula in TeX, inline like $v_t$ or on its own
      line; a label after a display formula numbers it, and prose cites it as {eq}`ewa`:

      $$v_t = \\beta\\, v_{t-1} + (1 - \\beta)\\, \\theta_t$$ (ewa)

      A directive computes a figure from its options; `lessons directives` lists them all and
      `lessons directives ewa` shows this one's options. The text after its name is the
      caption, and its options are `key: value` lines or MyST's `:key: value` lines.

      ```{ewa} An example figure; replace it with the directive your lesson needs.
      :name: example
      :beta: [0.9, 0.98]
      ```

      {numref}`example` shows {eq}`ewa` at work. With β = 0.98 the average covers about
      {value}`example.window[0.98]:.0f` days.

      :::{tip}
      A colon fence holds Markdown, as in MyST: admonitions such as `{note}` and `{warning}`,
      `{dropdown}`, and `{figure}` with an image path, `:name:` and a caption.
      :::

      ## What to remember

      - The one idea a reader should keep.

      """
  }
}
