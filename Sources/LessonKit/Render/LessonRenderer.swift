import LessonMarkdown
import LessonMarkup
import LessonPlot

/// A directive block's fate: not resolved, failed, or its output with numbered items.
struct DirectiveResult: Sendable {
  var invocation: Invocation
  var outcome: Result<DirectiveOutput, Diagnostic>?
  /// Every frame's output when the block explores options and all of them ran; else empty.
  var frames: [DirectiveOutput] = []
  /// The cache keys of the outputs, one per frame (`RenderMemo`); nil without a cache.
  var keys: [String]? = nil

  /// The cache key of `outcome` (the initial frame's, for an explored block).
  var outcomeKey: String? {
    let frame = invocation.exploration?.initialFrame ?? 0
    guard let keys, keys.indices.contains(frame) else { return nil }
    return keys[frame]
  }

  /// The frames, with the options they explore, when there is more than one to show.
  var explored: (Exploration, [DirectiveOutput])? {
    guard let exploration = invocation.exploration, frames.count == exploration.frameCount,
      case .success = outcome
    else { return nil }
    return (exploration, frames)
  }
}

/// A figure or table with its number in the lesson ("Figure 2").
struct NumberedItem: Sendable {
  var id: String
  var label: String  // "Figure" or "Table"
  var number: Int

  var text: String { "\(label) \(number)" }
}

/// A heading of a lesson, for the in-page outline.
public struct Heading: Sendable, Equatable, Codable {
  public var level: Int
  public var id: String
  /// Plain text (formulas as TeX), for search.
  public var text: String
  /// The heading's content as HTML (formulas as MathML), for the outline.
  public var html: String
}

/// Turns a parsed lesson and its directive results into the HTML of its article.
struct LessonRenderer {
  let path: String
  let slug: String
  /// File names of the book's lessons, to check `[text](other.md)` links.
  let lessonFiles: Set<String>
  /// This lesson's path in the lessons folder (`week2/01-intro.md`): links are relative to it.
  let fileName: String
  /// Results by the location of their directive block.
  let results: [SourceLocation: DirectiveResult]
  /// Figures and tables by id, numbered in page order: the directives' and the `{figure}`s'.
  let items: [String: NumberedItem]
  /// The ids of the `{figure}` blocks, by the location of their fences (see `ParsedLesson`).
  let figureIDs: [SourceLocation: String]
  /// Named values by directive name.
  let values: [String: [NamedValue]]
  /// Every frame's named values, for directives that explore options, by name.
  let frameValues: [String: (exploration: Exploration, frames: [[NamedValue]])]
  /// Directives of the lesson that produced nothing (their own errors are reported), by
  /// name → directive: references to them say so instead of "no such name".
  let failed: [String: String]
  /// `{expect}` blocks by location.
  let expectations: [SourceLocation: ExpectBlock]
  /// This lesson's numbered equations, and every lesson's by file name (for `{eq}`).
  let equations: Equations
  let bookEquations: [String: Equations]
  /// The numbers `\eqref` may cite (see `Equations.references`).
  let equationReferences: [String: String]
  /// `{exercise}`, `{solution}` and `{choice}` blocks.
  let practice: PracticeBlocks
  /// Each exercise's and question's number and id, by location and by label.
  let practiceNumbers: [SourceLocation: (number: Int, id: String)]
  let practiceLabels: [String: (number: Int, id: String)]
  /// The book's `(label)=` targets and `:name:`s, for `{ref}`.
  let targets: Targets
  /// Every lesson's title, as the table of contents shows it, by file name (for `{doc}`).
  let titles: [String: String]

  /// The charts of this lesson's last render, reused where their inputs are unchanged.
  var memo: RenderMemo? = nil
  /// The header cells of the directives' tables, by their block's location and Markdown.
  private var tableHeaders: [String: Node] = [:]
  /// Settable by the renderer's extensions in other files (practice blocks).
  var diagnostics: [Diagnostic] = []
  var headings: [Heading] = []
  /// CSS for the page's explorable blocks: which frame each control shows.
  private(set) var exploreRules: [String] = []
  /// The keys the text quotes with `{value}`, by directive name, in page order: an
  /// explorable block announces these as the reader moves its controls.
  var quotedValues: [String: [String]] = [:]
  /// Images the page shows from the lessons folder (relative paths), with where they are used.
  private(set) var images: [(path: String, location: SourceLocation)] = []
  /// The location of the block being rendered (inlines have none of their own).
  private var blockLocation = SourceLocation(line: 1, column: 1)
  private var slugs: SlugGenerator
  /// The id the next heading takes: the label of the target line right before it.
  var headingID: String?
  /// The lesson's footnote definitions by name, the names in order of first reference, and
  /// how often each was referenced so far.
  var footnotes: [String: Block.Footnote] = [:]
  var footnoteOrder: [String] = []
  var footnoteReferences: [String: Int] = [:]

  init(
    path: String, slug: String, lessonFiles: Set<String>,
    results: [SourceLocation: DirectiveResult],
    expectations: [ExpectBlock] = [], practice: PracticeBlocks = PracticeBlocks(),
    fileName: String = "", equations: [String: Equations] = [:],
    figures: [SourceLocation: String] = [:], targets: Targets = Targets(),
    titles: [String: String] = [:]
  ) {
    figureIDs = figures
    self.fileName = fileName
    self.targets = targets
    self.titles = titles
    self.equations = equations[fileName] ?? Equations()
    bookEquations = equations
    equationReferences = Equations.references(for: fileName, in: equations)
    self.expectations = Dictionary(
      expectations.map { ($0.block.location, $0) }, uniquingKeysWith: { a, _ in a })
    self.practice = practice
    var numbers: [SourceLocation: (number: Int, id: String)] = [:]
    var labels: [String: (number: Int, id: String)] = [:]
    for (location, number, label) in practice.numbered {
      let id = "exercise-" + (label ?? String(number))
      numbers[location] = (number, id)
      if let label, labels[label] == nil { labels[label] = (number, id) }
    }
    practiceNumbers = numbers
    practiceLabels = labels
    self.path = path
    self.slug = slug
    self.lessonFiles = lessonFiles
    self.results = results
    // Number figures and tables in page order: the directives' items and the `{figure}`
    // images are one sequence, "Figure 1", "Figure 2", … (as in MyST, every `{figure}` is
    // numbered, with a caption or without; Sphinx numbers only captioned ones).
    var items: [String: NumberedItem] = [:]
    var values: [String: [NamedValue]] = [:]
    var counts: [String: Int] = [:]
    var numbered: [(location: SourceLocation, ids: [(id: String, label: String)])] = figures.map {
      ($0.key, [($0.value, "Figure")])
    }
    for result in results.values {
      guard case .success(let output) = result.outcome else { continue }
      values[result.invocation.name] = output.values
      numbered.append(
        (
          result.invocation.block.location,
          output.items.map { item in
            switch item {
            case .figure: (Self.itemID(name: result.invocation.name, key: item.key), "Figure")
            case .table: (Self.itemID(name: result.invocation.name, key: item.key), "Table")
            }
          }
        ))
    }
    for (_, ids) in numbered.sorted(by: { $0.location < $1.location }) {
      for (id, label) in ids {
        counts[label, default: 0] += 1
        items[id] = NumberedItem(id: id, label: label, number: counts[label]!)
      }
    }
    self.items = items
    // Each labelled exercise's answer, for its solution to quote: {value}`answers.label`.
    var answers: [NamedValue] = []
    for exercise in practice.exercises.values.sorted(by: { $0.block.location < $1.block.location })
    {
      guard let label = exercise.label, exercise.answer != nil,
        case .success(let key) = exercise.key(values, path: path)
      else { continue }
      answers.append(NamedValue(label, key.value))
    }
    if !answers.isEmpty, values[Practice.answers] == nil { values[Practice.answers] = answers }
    self.values = values
    var frameValues: [String: (exploration: Exploration, frames: [[NamedValue]])] = [:]
    for result in results.values {
      guard let (exploration, frames) = result.explored else { continue }
      frameValues[result.invocation.name] = (exploration, frames.map(\.values))
    }
    self.frameValues = frameValues
    var failed: [String: String] = [:]
    for result in results.values {
      if case .success = result.outcome { continue }
      failed[result.invocation.name] = result.invocation.directiveName
    }
    self.failed = failed
    slugs = SlugGenerator(
      reserved: Set(items.keys).union(results.values.map(\.invocation.name)).union(
        PageTemplate.reservedIDs
      )
      .union(numbers.values.map(\.id)).union(targets.labels(in: fileName))
    )
  }

  /// The book's references, for `{cite}`.
  var bibliography = Bibliography()
  /// The book's notation: symbols link to it from their first use.
  var glossary = Glossary()
  /// Glossary entries already linked on this page, and Greek letters already reported.
  var linkedTerms: Set<String> = []
  var reportedLetters: Set<String> = []
  /// Whether the inline being rendered may link to the glossary (in a paragraph, not a link).
  var linkTerms = false
  /// The keys cited so far, in order of first citation: a key's number is its index + 1.
  var citations: [String] = []

  /// The values `{value}` roles quote, by directive name (keys in page order, each once).
  static func quotedValues(in blocks: [Block]) -> [String: [String]] {
    var quoted: [String: [String]] = [:]
    var inlines: [Inline] = []
    var pending = blocks
    while let block = pending.popLast() {
      switch block {
      case .heading(_, let content, _), .paragraph(let content, _): inlines += content
      case .table(let table, _):
        for row in [table.header] + table.rows { inlines += row.flatMap { $0 } }
      case .blockQuote(let inner): pending += inner
      case .admonition(let admonition):
        inlines += admonition.title
        pending += admonition.blocks
      case .figure(let figure):
        inlines += figure.caption
        pending += figure.legend
      case .list(let list): for item in list.items { pending += item }
      case .directive(let directive): pending += directive.content ?? []
      case .footnote(let footnote): pending += footnote.blocks
      default: break
      }
    }
    var roles: [Role] = []
    while let inline = inlines.popLast() {
      switch inline {
      case .emphasis(let content), .strong(let content), .link(_, _, let content),
        .strikethrough(let content):
        inlines += content
      case .role(let role) where role.name == "value": roles.append(role)
      default: break
      }
    }
    for role in roles.sorted(by: { $0.location < $1.location }) {
      var reference = Substring(role.content)
      if let colon = reference.lastIndex(of: ":"),
        NumberStyle(spec: String(reference[reference.index(after: colon)...])) != nil
      {
        reference = reference[..<colon]
      }
      guard let dot = reference.firstIndex(of: ".") else { continue }
      let name = String(reference[..<dot])
      let key = String(reference[reference.index(after: dot)...])
      if !(quoted[name] ?? []).contains(key) { quoted[name, default: []].append(key) }
    }
    return quoted
  }

  static func itemID(name: String, key: String) -> String { key.isEmpty ? name : "\(name)-\(key)" }

  /// The id of the `<svg>` inside the figure whose id is `itemID`.

  // MARK: Blocks

  mutating func render(_ blocks: [Block]) -> [Node] {
    var nodes: [Node] = []
    for (index, block) in blocks.enumerated() {
      if case .target(let label, let location) = block {
        // The target right before a heading is the heading's id.
        var heading = false
        if index + 1 < blocks.count, case .heading = blocks[index + 1] { heading = true }
        nodes += renderTarget(label, at: location, heading: heading)
      } else {
        nodes += render(block)
      }
    }
    return nodes
  }

  private mutating func render(_ block: Block) -> [Node] {
    switch block {
    case .heading(let level, let content, let location):
      blockLocation = location
      let id = headingID ?? slugs.slug(for: content.plainText)
      headingID = nil
      let title = render(content)
      headings.append(
        Heading(
          level: level, id: id, text: content.plainText,
          // The outline repeats the heading: without its footnote references (their ids).
          html: title.filter { !Self.isFootnoteReference($0) }.map { $0.render() }.joined()))
      let anchor = Element(
        "a",
        [
          Attribute("class", "anchor"), Attribute("href", "#" + id),
          Attribute("aria-hidden", "true"),
        ],
        text: "#")
      return [
        .element(
          Element("h\(level)", [Attribute("id", id)], title + [.element(anchor)]))
      ]
    case .paragraph(let content, let location):
      blockLocation = location
      // A paragraph that is only display math is the formula's own block.
      if content.count == 1, case .math(let math) = content[0], math.display {
        if let numbered = equations.formulas[math.location] {
          return [numberedEquation(math, numbered)]
        }
        return [.element(Element("div", [Attribute("class", "display-math")], render(content)))]
      }
      // Formulas of paragraphs link a symbol's first use to the glossary.
      linkTerms = true
      defer { linkTerms = false }
      return [.element(Element("p", [], render(content)))]
    case .blockQuote(let blocks):
      return [.element(Element("blockquote", [], render(blocks)))]
    case .list(let list):
      var attributes: [Attribute] = []
      if list.ordered && list.start != 1 {
        attributes.append(Attribute("start", String(list.start)))
      }
      let items = zip(list.items, list.tasks).map { item, task -> Node in
        var children: [Node] = []
        if let task {
          // GFM task list item: a box the reader cannot tick.
          let box: [Attribute] =
            (task ? ["checked"] : []) + ["disabled", Attribute("type", "checkbox")]
          children += [.element(Element("input", box)), .text(" ")]
        }
        for block in item {
          if list.tight, case .paragraph(let content, _) = block {
            children += render(content)
          } else {
            children += render(block)
          }
        }
        return .element(Element("li", [], children))
      }
      return [.element(Element(list.ordered ? "ol" : "ul", attributes, items))]
    case .code(let info, let text, _):
      let language = info.split(separator: " ").first.map(String.init) ?? ""
      let attributes = language.isEmpty ? [] : [Attribute("class", "language-" + language)]
      return [.element(Element("pre", [], [.element(Element("code", attributes, text: text))]))]
    case .directive(let block):
      return renderDirective(block)
    case .thematicBreak:
      return [.element(Element("hr"))]
    case .table(let table, let location):
      blockLocation = location
      return [renderPipeTable(table)]
    case .admonition(let admonition):
      return [renderAdmonition(admonition)]
    case .figure(let figure):
      return [renderFigure(figure)]
    case .target(let label, let location):
      return renderTarget(label, at: location, heading: false)
    case .footnote:
      return []  // shown in the footnotes section at the end of the page
    case .html(let html, let location):
      if html.hasPrefix("<!--") { return [] }
      diagnostics.append(
        .warning(
          "raw HTML is not passed through to the page; it is shown as text", path: path,
          at: location, notes: ["write Markdown instead, or remove the HTML"]))
      return [.element(Element("pre", [Attribute("class", "raw-html")], text: html))]
    }
  }

  /// A MyST admonition as Sphinx writes it (`<div class="admonition note">` with a
  /// `<p class="admonition-title">`; `{admonition}` takes its kind from `:class:`), or a
  /// `{dropdown}` — or an admonition of class `dropdown`, as sphinx-togglebutton and mystmd
  /// make it collapsible — as a `<details>` that opens on a click.
  private mutating func renderAdmonition(_ admonition: Block.Admonition) -> Node {
    blockLocation = admonition.location
    let kind = admonition.kind
    let fallback = kind == "seealso" ? "See also" : kind.prefix(1).uppercased() + kind.dropFirst()
    let title = admonition.title.isEmpty ? [.text(fallback)] : render(admonition.title)
    let classes =
      kind == "dropdown"
      ? ["dropdown", "admonition"] + admonition.classes
      : ["admonition"] + (kind == "admonition" ? [] : [kind]) + admonition.classes
    var attributes = [Attribute("class", classes.joined(separator: " "))]
    if let name = admonition.name { attributes.append(Attribute("id", name)) }
    if classes.contains("dropdown") {
      if admonition.open { attributes.append("open") }
      return .element(
        Element(
          "details", attributes,
          [.element(Element("summary", [Attribute("class", "admonition-title")], title))]
            + render(admonition.blocks)))
    }
    attributes.append(Attribute("role", "note"))
    return .element(
      Element(
        "div", attributes,
        [.element(Element("p", [Attribute("class", "admonition-title")], title))]
          + render(admonition.blocks)))
  }

  /// A MyST `{figure}` as Sphinx writes one: the image, then a caption that starts with the
  /// figure's number in the lesson's one sequence of figures ("Figure 3.") and holds the
  /// legend. `:width:` and `:height:` are validated CSS lengths; `:align:` is a class.
  private mutating func renderFigure(_ figure: Block.Figure) -> Node {
    var children: [Node] = []
    blockLocation = figure.sourceLocation
    if !figure.source.isEmpty, let source = imageSource(figure.source) {
      var attributes = [
        Attribute("src", source), Attribute("alt", figure.alt ?? figure.caption.plainText),
      ]
      let style = [("width", figure.width), ("height", figure.height)].compactMap { name, value in
        value.map { "\(name):\($0)" }
      }
      if !style.isEmpty { attributes.append(Attribute("style", style.joined(separator: ";"))) }
      children.append(.element(Element("img", attributes)))
    }
    var caption: [Node] = []
    if let number = number(of: figure) {
      caption.append(
        .element(Element("span", [Attribute("class", "number")], text: number.text + ".")))
      if !figure.caption.isEmpty { caption.append(.text(" ")) }
    }
    caption += render(figure.caption, at: figure.captionLocation)
    if !figure.legend.isEmpty {
      caption.append(
        .element(Element("div", [Attribute("class", "legend")], render(figure.legend))))
    }
    if !caption.isEmpty { children.append(.element(Element("figcaption", [], caption))) }
    let classes =
      ["figure", "image"] + (figure.align.map { ["align-" + $0] } ?? []) + figure.classes
    var attributes = [Attribute("class", classes.joined(separator: " "))]
    if let id = figureIDs[figure.location] { attributes.insert(Attribute("id", id), at: 0) }
    return .element(Element("figure", attributes, children))
  }

  /// The number of a `{figure}` block ("Figure 3"), if it has one.
  func number(of figure: Block.Figure) -> NumberedItem? {
    figureIDs[figure.location].flatMap { items[$0] }
  }

  /// A GFM pipe table, in a box that scrolls sideways on narrow screens like the directives'
  /// tables; a column's alignment is a style on each cell, `style="text-align: center"`, as
  /// mdBook (pulldown-cmark) and markdown-it write it.
  private mutating func renderPipeTable(_ table: Block.Table) -> Node {
    func row(_ cells: [[Inline]], _ name: String) -> Node {
      let nodes = cells.enumerated().map { index, cell -> Node in
        let alignment = index < table.alignments.count ? table.alignments[index] : nil
        let attributes = alignment.map { [Attribute("style", "text-align: " + $0.rawValue)] } ?? []
        return .element(Element(name, attributes, render(cell)))
      }
      return .element(Element("tr", [], nodes))
    }
    var parts: [Node] = [.element(Element("thead", [], [row(table.header, "th")]))]
    if !table.rows.isEmpty {
      parts.append(.element(Element("tbody", [], table.rows.map { row($0, "td") })))
    }
    return .element(
      Element(
        "div", [Attribute("class", "table-scroll")], [.element(Element("table", [], parts))]))
  }

  // MARK: Inlines

  mutating func render(_ inlines: [Inline]) -> [Node] {
    var nodes: [Node] = []
    var index = 0
    while index < inlines.count {
      // Punctuation right after an inline formula stays on its line: "…$x$, with" must not
      // break before the comma.
      if case .math(let math) = inlines[index], !math.display, index + 1 < inlines.count,
        case .text(let text) = inlines[index + 1],
        let first = text.first, ".,;:!?)".contains(first)
      {
        let punctuation = String(text.prefix { ".,;:!?)".contains($0) })
        nodes.append(
          .element(
            Element(
              "span", [Attribute("class", "nowrap")], render(inlines[index]) + [.text(punctuation)])
          ))
        let rest = String(text.dropFirst(punctuation.count))
        if !rest.isEmpty { nodes.append(.text(rest)) }
        index += 2
        continue
      }
      nodes += render(inlines[index])
      index += 1
    }
    return nodes
  }

  private mutating func render(_ inline: Inline) -> [Node] {
    switch inline {
    case .text(let text): return [.text(text)]
    case .code(let code): return [.element(Element("code", text: code))]
    case .emphasis(let content): return [.element(Element("em", [], render(content)))]
    case .strong(let content): return [.element(Element("strong", [], render(content)))]
    case .strikethrough(let content): return [.element(Element("del", [], render(content)))]
    case .softBreak: return [.text("\n")]
    case .lineBreak: return [.element(Element("br"))]
    case .html(let html):
      if html.hasPrefix("<!--") { return [] }
      return [.text(html)]
    case .link(let destination, let title, let content):
      let url = checked(SafeURL(rewriteLink(destination)), "link")
      var attributes = [Attribute("href", url.href)]
      if !title.isEmpty { attributes.append(Attribute("title", title)) }
      let linking = linkTerms
      linkTerms = false  // no link inside a link
      defer { linkTerms = linking }
      return [.element(Element("a", attributes, render(content)))]
    case .image(let source, let title, let alt):
      // A refused image shows its description: an `img` must have a source.
      guard let href = imageSource(source) else { return [.text(alt.plainText)] }
      var attributes = [Attribute("src", href), Attribute("alt", alt.plainText)]
      if !title.isEmpty { attributes.append(Attribute("title", title)) }
      return [.element(Element("img", attributes))]
    case .math(let math):
      return [
        glossaryLink(
          MathRenderer.render(
            math, path: path, references: equationReferences, diagnostics: &diagnostics), math)
      ]
    case .role(let role):
      return renderRole(role)
    case .footnoteReference(let reference):
      return renderFootnoteReference(reference)
    }
  }

  /// An image's `src`, or nil when its URL is refused (see `SafeURL`; warned at the block
  /// being rendered). A relative path is relative to the lesson's folder and the image is
  /// listed to be copied beside the pages: they sit at the top of the output, so an image of
  /// `week2/a.md` is `week2/…` there.
  private mutating func imageSource(_ source: String) -> String? {
    let url = checked(SafeURL(source), "image")
    guard url.refusedScheme == nil else { return nil }
    guard !source.contains(":"), !source.hasPrefix("/") else { return url.href }
    let resolved = LessonFile.resolve(source, from: fileName)
    images.append((resolved ?? source, blockLocation))
    if let resolved, resolved != source { return SafeURL(resolved).href }
    return url.href
  }

  /// Warns when `url` was refused (see `SafeURL`), at the block that holds it.
  private mutating func checked(_ url: SafeURL, _ what: String) -> SafeURL {
    if let scheme = url.refusedScheme {
      diagnostics.append(
        .warning(
          "\(what) to a '\(scheme):' URL is left out of the page", path: path, at: blockLocation,
          notes: [
            "'javascript:', 'vbscript:', 'file:' and 'data:' URLs (other than PNG, GIF, JPEG and"
              + " WebP images) could run script or reach outside the book"
          ]))
    }
    return url
  }

  /// Renders inlines that are not part of a block of the lesson (a caption, the summary)
  /// with their warnings located at `location`.
  mutating func render(_ inlines: [Inline], at location: SourceLocation) -> [Node] {
    blockLocation = location
    return render(inlines)
  }

  /// `other.md` and `other.md#part` become the other lesson's page; a link is relative to
  /// the lesson's folder (`../week1/intro.md` from `week2/notes.md`).
  private mutating func rewriteLink(_ destination: String) -> String {
    guard !destination.contains(":"), !destination.hasPrefix("/") else { return destination }
    let parts = destination.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
    guard let file = parts.first, file.hasSuffix(".md") else { return destination }
    let target = LessonFile.resolve(String(file), from: fileName) ?? String(file)
    if !lessonFiles.contains(target) {
      let notes = Spelling.didYouMean(target, among: lessonFiles.sorted())
      diagnostics.append(
        .warning(
          "link to '\(file)', which is not a lesson of this book", path: path, at: blockLocation,
          notes: notes))
    }
    let page = LessonFile.slug(target) + ".html"
    return parts.count > 1 ? page + "#" + parts[1] : page
  }

  // MARK: Roles

  /// The roles a lesson may use.
  static let roles = ["abbr", "cite", "doc", "eq", "numref", "ref", "sub", "sup", "value"]

  // MARK: Equations

  /// A numbered display equation: the formula centred, its number on the right.
  private mutating func numberedEquation(_ math: Math, _ numbered: Equations.Numbered) -> Node {
    let number = Element("span", [Attribute("class", "equation-number")], text: numbered.citation)
    let formula = glossaryLink(
      MathRenderer.render(
        math, path: path, references: equationReferences, diagnostics: &diagnostics), math)
    return .element(
      Element(
        "div", [Attribute("class", "display-math numbered"), Attribute("id", numbered.id)],
        [formula, .element(number)]))
  }

  /// The equation a role cites: `name` in this lesson, or `other.md#name` in another.
  private func citedEquation(_ reference: String) -> (href: String, entry: Equations.Numbered)? {
    let parts = reference.split(separator: "#", maxSplits: 1).map(String.init)
    if parts.count == 2, parts[0].hasSuffix(".md") {
      let file = LessonFile.resolve(parts[0], from: fileName) ?? parts[0]
      guard let entry = bookEquations[file]?.labels[parts[1]] else { return nil }
      return (LessonFile.slug(file) + ".html#" + entry.id, entry)
    }
    guard let entry = equations.labels[reference] else { return nil }
    return ("#" + entry.id, entry)
  }

  /// ``{eq}`name` ``: the equation's number in parentheses, linked to it ("(3)").
  private mutating func renderEquationRole(_ role: Role) -> [Node] {
    guard let (href, entry) = citedEquation(role.content) else {
      return equationRoleError(role)
    }
    return [
      .element(
        Element(
          "a", [Attribute("class", "eqref"), Attribute("href", href)], text: entry.citation))
    ]
  }

  private mutating func equationRoleError(_ role: Role) -> [Node] {
    if let file = role.content.split(separator: "#", maxSplits: 1).first, file.hasSuffix(".md"),
      role.content.contains("#")
    {
      guard let other = bookEquations[String(file)] else {
        return roleError(
          role, "'\(file)' is not a lesson of this book",
          candidates: bookEquations.keys.sorted())
      }
      return roleError(
        role, "no equation labelled '\(role.content.dropFirst(file.count + 1))' in '\(file)'",
        candidates: other.labels.keys.sorted().map { file + "#" + $0 })
    }
    return roleError(
      role, "no equation labelled '\(role.content)' in this lesson",
      candidates: equations.labels.keys.sorted())
  }

  private mutating func renderRole(_ role: Role) -> [Node] {
    switch role.name {
    case "eq":
      return renderEquationRole(role)
    case "numref":
      if items[role.content] == nil, let (href, entry) = citedEquation(role.content) {
        // ``{numref}`name` `` to an equation: "Equation 3", as Sphinx writes it.
        return [
          .element(
            Element(
              "a", [Attribute("class", "ref"), Attribute("href", href)],
              text: "Equation " + (entry.isTag ? entry.citation : entry.number)))
        ]
      }
      guard let item = items[role.content] else {
        if let (name, directive) = failed.first(where: {
          role.content == $0.key || role.content.hasPrefix($0.key + "-")
        }) {
          return roleError(
            role, "'\(name)' has no figure because its {\(directive)} block failed (see its error)",
            candidates: [])
        }
        return roleError(
          role, "no figure or table named '\(role.content)' in this lesson",
          candidates: items.keys.sorted())
      }
      return [
        .element(
          Element(
            "a", [Attribute("class", "ref"), Attribute("href", "#" + item.id)], text: item.text))
      ]
    case "value":
      return renderValue(role)
    case "cite":
      return renderCitation(role)
    case "ref":
      return renderReference(role)
    case "doc":
      return renderDocument(role)
    case "sub", "sup":
      // MyST's ``{sub}`2` `` and ``{sup}`2` ``: H{sub}`2`O, 10{sup}`-3`.
      return [.element(Element(role.name, text: role.content))]
    case "abbr":
      let (short, title) = Self.abbreviation(role.content)
      return [
        .element(Element("abbr", title.map { [Attribute("title", $0)] } ?? [], text: short))
      ]
    default:
      var notes = Spelling.didYouMean(role.name, among: Self.roles) { "{\($0)}" }
      notes.append("roles are: \(Self.roles.map { "{\($0)}" }.joined(separator: ", "))")
      diagnostics.append(
        .error(
          "unknown role '{\(role.name)}'", path: path, at: role.location, length: role.length,
          notes: notes))
      return [.element(Element("code", [Attribute("class", "role-error")], text: role.content))]
    }
  }

  /// ``{value}`temps.window[0.98]` `` or with a format: ``{value}`temps.lag[0.9]:.1f` ``.
  private mutating func renderValue(_ role: Role) -> [Node] {
    switch lookUpValue(role) {
    case .success(let text):
      guard let (name, texts, initial) = frameTexts(role) else {
        return [.element(Element("span", [Attribute("class", "value")], text: text))]
      }
      // A value of an explorable block follows its controls: one text per frame.
      return [
        .element(
          Element(
            "span", [Attribute("class", "value"), Attribute("data-x", name)],
            Self.frameVariants(texts.map { [.text($0)] }, initial: initial, element: "span")))
      ]
    case .failure(let problem):
      return roleError(
        role, problem.message, candidates: problem.candidates, prefix: problem.prefix)
    }
  }

  /// Why a `{value}` cannot be shown, with the names to suggest instead.
  private struct ValueProblem: Error {
    var message: String
    var candidates: [String] = []
    var prefix = ""
  }

  /// The text a `{value}` shows: the named value, in its format or the role's own.
  private func lookUpValue(_ role: Role) -> Result<String, ValueProblem> {
    var reference = Substring(role.content)
    var style: NumberStyle?
    if let colon = reference.lastIndex(of: ":") {
      let spec = String(reference[reference.index(after: colon)...])
      guard let parsed = NumberStyle(spec: spec) else {
        return .failure(
          ValueProblem(message: "'\(spec)' is not a number format (use e.g. .2f, .3g, .1e, .0%, d)")
        )
      }
      style = parsed
      reference = reference[..<colon]
    }
    guard let dot = reference.firstIndex(of: ".") else {
      return .failure(
        ValueProblem(message: "write {value}`name.key`, e.g. {value}`temps.window[0.98]`"))
    }
    let name = String(reference[..<dot])
    let key = String(reference[reference.index(after: dot)...])
    guard let published = values[name] else {
      if let directive = failed[name] {
        return .failure(
          ValueProblem(
            message:
              "'\(name)' has no values because its {\(directive)} block failed (see its error)"))
      }
      return .failure(
        ValueProblem(
          message: "no directive named '\(name)' in this lesson", candidates: values.keys.sorted()))
    }
    guard let value = published.first(where: { $0.key == key }) else {
      return .failure(
        ValueProblem(
          message: "{\(name)} publishes no value '\(key)'", candidates: published.map(\.key),
          prefix: name + "."))
    }
    return .success(NumberFormat.display(value.value, style ?? value.style))
  }

  /// The texts of a `{value}` of an explorable block, one per frame ("—" in a frame that does
  /// not publish it: a run that never got there), or nil for a block that explores nothing.
  private func frameTexts(_ role: Role) -> (name: String, texts: [String], initial: Int)? {
    var reference = Substring(role.content)
    var style: NumberStyle?
    if let colon = reference.lastIndex(of: ":"),
      let parsed = NumberStyle(spec: String(reference[reference.index(after: colon)...]))
    {
      style = parsed
      reference = reference[..<colon]
    }
    guard let dot = reference.firstIndex(of: ".") else { return nil }
    let name = String(reference[..<dot])
    let key = String(reference[reference.index(after: dot)...])
    guard let explored = frameValues[name], let published = values[name] else { return nil }
    let texts = explored.frames.map { frame in
      Self.value(key, in: frame, initial: published).map {
        NumberFormat.display($0.value, style ?? $0.style)
      } ?? "—"
    }
    return (name, texts, explored.exploration.initialFrame)
  }

  /// What a role shows the reader, as plain text (for search): a value formatted as on the
  /// page, a reference as "Figure 2". A role that cannot be resolved (its error is reported
  /// where the page is rendered) reads as its source.
  func plainText(of role: Role) -> String {
    switch role.name {
    case "eq": return citedEquation(role.content)?.entry.citation ?? role.content
    case "numref": return items[role.content]?.text ?? role.content
    case "value": return (try? lookUpValue(role).get()) ?? role.content
    case "abbr": return Self.abbreviation(role.content).short
    case "ref", "doc": return referencePlainText(role)
    default: return role.content
    }
  }

  /// MyST's ``{abbr}`SGD (stochastic gradient descent)` ``: the abbreviation, and what it
  /// stands for (the text in the last parentheses), if given.
  static func abbreviation(_ content: String) -> (short: String, title: String?) {
    guard content.hasSuffix(")"), let open = content.lastIndex(of: "(") else {
      return (content, nil)
    }
    let short = content[..<open].trimmingCharacters(in: .whitespaces)
    let title = content[content.index(after: open)..<content.index(before: content.endIndex)]
      .trimmingCharacters(in: .whitespaces)
    guard !short.isEmpty, !title.isEmpty else { return (content, nil) }
    return (short, title)
  }

  /// The captions of a directive's figures and tables as the reader sees them (the author's
  /// for the first item, the directive's own for the others), as plain text for search.
  func captions(of block: DirectiveBlock, plainText text: ([Inline]) -> String) -> [String] {
    guard let result = results[block.location], case .success(let output) = result.outcome
    else { return [] }
    return output.items.enumerated().map { index, item in
      let fallback: String
      switch item {
      case .figure(let figure): fallback = figure.caption
      case .table(let table): fallback = table.caption
      }
      let caption = (index == 0 ? result.invocation.caption?.text : nil) ?? fallback
      let number = items[Self.itemID(name: result.invocation.name, key: item.key)]
      let (inlines, _) = InlineMarkdown.parse(caption, path: path, at: block.location)
      return (number.map { $0.text + ". " } ?? "") + text(inlines)
    }
  }

  /// The value `key` of one frame. Frames publish the same values in the same order, but a
  /// key may hold the explored value (`window[0.9]` is `window[0.95]` in another frame): a
  /// key the frame lacks is found by its position among the values of the frame shown first.
  static func value(_ key: String, in frame: [NamedValue], initial: [NamedValue]) -> NamedValue? {
    if let value = frame.first(where: { $0.key == key }) { return value }
    guard frame.count == initial.count, let index = initial.firstIndex(where: { $0.key == key })
    else { return nil }
    return frame[index]
  }

  mutating func roleError(
    _ role: Role, _ message: String, candidates: [String], prefix: String = "",
    wanted: String? = nil
  ) -> [Node] {
    let wanted =
      wanted
      ?? (prefix.isEmpty
        ? role.content : String(role.content.dropFirst(prefix.count).prefix { $0 != ":" }))
    let notes = Spelling.didYouMean(wanted, among: candidates) { prefix + $0 }
    diagnostics.append(
      .error(message, path: path, at: role.location, length: role.length, notes: notes))
    return [.element(Element("code", [Attribute("class", "role-error")], text: role.content))]
  }

  // MARK: Directives

  private mutating func renderDirective(_ block: DirectiveBlock) -> [Node] {
    if let expect = expectations[block.location] { return renderClaims(expect) }
    if let exercise = practice.exercises[block.location] { return renderExercise(exercise) }
    if let solution = practice.solutions[block.location] { return renderSolution(solution) }
    if let choice = practice.choices[block.location] { return renderChoice(choice) }
    guard let result = results[block.location] else { return [] }
    guard case .success(let output) = result.outcome else {
      return [errorBox(result)]
    }
    if let (exploration, frames) = result.explored {
      return renderExplored(result, exploration, frames, at: block)
    }
    return renderItems(
      result.invocation, output.items.map { [$0] }, initial: 0,
      keys: result.outcomeKey.map { [$0] }, at: block)
  }

  /// The figures and tables of a block; `items[i]` holds item `i` of every frame (one
  /// element when the block explores nothing), made from the outputs with cache `keys`.
  private mutating func renderItems(
    _ invocation: Invocation, _ items: [[DirectiveOutput.Item]], initial: Int,
    keys: [String]?, at block: DirectiveBlock
  ) -> [Node] {
    var nodes: [Node] = []
    for (index, variants) in items.enumerated() {
      let item = variants[initial]
      let id = Self.itemID(name: invocation.name, key: item.key)
      let number = self.items[id]!
      // The author's caption and alt text belong to the first item.
      let authorCaption = index == 0 ? invocation.caption : nil
      let csv = "\(slug)/\(id).csv"
      switch item {
      case .figure(let figure):
        let figures = variants.map { variant -> Figure in
          if case .figure(let figure) = variant { return figure }
          preconditionFailure("frames of one block have items of the same kinds")
        }
        var captions: [[Node]] = []
        var plain = ""
        for (frame, variant) in figures.enumerated() {
          let (caption, text) = renderCaption(
            authorCaption, fallback: variant.caption, at: block.nameLocation)
          captions.append(caption)
          if frame == initial { plain = text }
          // One author caption serves every frame: render (and check) it once.
          if authorCaption != nil { break }
        }
        let description = (index == 0 ? invocation.alt : nil) ?? figure.description
        let chart: any LessonPlot.Figure =
          figures.count > 1 ? Frames(figures.map(\.chart), initial: initial) : figure.chart
        // The figure element carries the item's id (links and `{numref}` point at it); the
        // SVG inside gets its own, which also prefixes the SVG's internal ids.
        let svgKey = RenderMemo.key(
          "svg", outputs: keys, [String(index), id, plain, description, String(initial)])
        let svg = memo.text(svgKey) {
          chart.svg(id: Self.chartID(id), title: plain, description: description)
        }
        let caption = Self.frameVariants(captions, initial: initial, element: "span")
        nodes.append(
          .element(
            Element(
              "figure", [Attribute("id", id), Attribute("class", "figure")],
              [
                Self.chartBox(svg),
                .element(Element("figcaption", [], captionLine(number, caption, csv: csv))),
              ])))
      case .table:
        let frames = variants.map { variant -> Table in
          guard case .table(let table) = variant else {
            preconditionFailure("frames of one block have items of the same kinds")
          }
          return table
        }
        var captions: [[Node]] = []
        for variant in frames {
          captions.append(
            renderCaption(authorCaption, fallback: variant.caption, at: block.nameLocation).0)
          if authorCaption != nil { break }
        }
        let caption = Self.frameVariants(captions, initial: initial, element: "span")
        // Frames share the table's head; each distinct body is one <tbody> of its frames.
        let tables = frames.map { renderTable($0, at: block.nameLocation) }
        var table = tables[0]
        if tables.allSatisfy({ $0.children.first == table.children.first }) {
          table.children =
            [table.children[0]]
            + Self.frameVariants(
              tables.map { Array($0.children.dropFirst()) }, initial: initial, element: "tbody"
            ).map(Self.unwrappingBody)
        } else {
          table = Element(
            "div", [],
            Self.frameVariants(tables.map { [.element($0)] }, initial: initial, element: "div"))
        }
        let scroll: [Node] = [
          .element(Element("div", [Attribute("class", "table-scroll")], [.element(table)]))
        ]
        nodes.append(
          .element(
            Element(
              "figure", [Attribute("id", id), Attribute("class", "table")],
              [.element(Element("figcaption", [], captionLine(number, caption, csv: csv)))]
                + scroll)))
      }
    }
    return nodes
  }

  /// An explorable block: a control per explored option, then its figures and tables, every
  /// frame in the page; the page's style shows the frame the controls select.
  ///
  /// The controls are radio buttons, one group per option, placed before everything they
  /// select (`#temps-a0-3:checked ~ * [data-f]…` needs them as earlier siblings), labelled by
  /// `<label for>`s laid out with the option's symbol; lessons.js turns each group into a
  /// slider and makes the values in the text follow.
  private mutating func renderExplored(
    _ result: DirectiveResult, _ exploration: Exploration, _ frames: [DirectiveOutput],
    at block: DirectiveBlock
  ) -> [Node] {
    let invocation = result.invocation
    let name = invocation.name
    let initial = exploration.initialFrame
    let first = frames[initial]
    let shapes = frames.map { $0.items.map { [$0.key, Self.kind($0)] } }
    guard shapes.allSatisfy({ $0 == shapes[0] }) else {
      diagnostics.append(
        .warning(
          "the frames of '\(name)' differ in their figures and tables; only the first frame is shown",
          path: path, at: block.nameLocation))
      return renderItems(
        invocation, first.items.map { [$0] }, initial: 0, keys: result.outcomeKey.map { [$0] },
        at: block)
    }
    var inputs: [Node] = []
    var axes: [Node] = []
    for (a, axis) in exploration.axes.enumerated() {
      var labels: [Node] = [
        .element(
          Element(
            "span", [Attribute("class", "explore-symbol"), Attribute("aria-hidden", "true")],
            text: axis.symbol))
      ]
      for i in axis.values.indices {
        let id = "\(name)-a\(a)-\(i)"
        var input = [
          Attribute("type", "radio"), Attribute("class", "explore-input"),
          Attribute("name", "\(name)-a\(a)"), Attribute("id", id), Attribute("value", String(i)),
          Attribute("aria-label", axis.label(i)),
        ]
        if i == axis.initial { input.append("checked") }
        inputs.append(.element(Element("input", input)))
        labels.append(
          .element(
            Element(
              "label", [Attribute("for", id), Attribute("data-label", axis.label(i))],
              text: String(axis.label(i).dropFirst(axis.symbol.count + 3)))))
      }
      axes.append(
        .element(
          Element(
            "div", [Attribute("class", "explore-axis"), Attribute("data-axis", String(a))],
            labels)))
    }
    // The frame's key values — those the text quotes, else the first published — announced
    // to screen readers as the reader moves.
    let keys = (quotedValues[name] ?? []).filter { key in first.values.contains { $0.key == key } }
    let shownKeys = keys.isEmpty ? first.values.prefix(3).map(\.key) : Array(keys.prefix(4))
    let statuses = frames.indices.map { frame -> [Node] in
      let values = shownKeys.compactMap { key in
        Self.value(key, in: frames[frame].values, initial: first.values).map {
          "\($0.key) = \(NumberFormat.display($0.value, $0.style))"
        }
      }
      return [.text(([exploration.label(of: frame)] + values).joined(separator: "; "))]
    }
    axes.append(
      .element(
        Element(
          "output", [Attribute("class", "explore-status")],
          Self.frameVariants(statuses, initial: initial, element: "span"))))
    exploreRules.append(contentsOf: Self.rules(name: name, exploration))
    let items = first.items.indices.map { i in frames.map { $0.items[i] } }
    let content = renderItems(invocation, items, initial: initial, keys: result.keys, at: block)
    return [
      .element(
        Element(
          "div",
          [
            Attribute("class", "explore"), Attribute("id", "\(name)-explore"),
            Attribute("data-x", name),
          ],
          inputs + [.element(Element("div", [Attribute("class", "explore-controls")], axes))]
            + content))
    ]
  }

  private static func kind(_ item: DirectiveOutput.Item) -> String {
    switch item {
    case .figure: return "figure"
    case .table: return "table"
    }
  }

  /// The page style that shows the selected frame of `name` and hides the others, and marks
  /// the checked and the focused choice (on screen; print shows the frame marked
  /// `data-first`). Sibling selectors only: every browser follows them.
  static func rules(name: String, _ exploration: Exploration) -> [String] {
    let frames = (0..<exploration.frameCount).map { frame in
      let checked = exploration.indices(of: frame).enumerated().map { a, i in
        "#\(name)-a\(a)-\(i):checked"
      }
      return
        "\(checked.joined(separator: " ~ ")) ~ * [data-f]:not([data-f~=\"\(frame)\"]){display:none}"
    }
    var choices: [String] = []
    for (a, axis) in exploration.axes.enumerated() {
      for i in axis.values.indices {
        let id = "\(name)-a\(a)-\(i)"
        choices.append("#\(id):checked ~ * label[for=\"\(id)\"]{border-color:var(--accent)}")
        choices.append(
          "#\(id):focus-visible ~ * label[for=\"\(id)\"]{outline:2px solid var(--focus)}")
      }
    }
    return frames + choices
  }

  /// The frames' variants of one piece of the page, what they share kept once and the rest
  /// in `element`s tagged with their frames (inline text merged word run by word run).
  static func frameVariants(_ variants: [[Node]], initial: Int, element: String) -> [Node] {
    FrameMerger(initial: initial, wrapper: element, containers: element == "span" ? ["span"] : [])
      .merge(variants)
  }

  /// `<tbody data-f="…"><tbody>rows</tbody></tbody>` → `<tbody data-f="…">rows</tbody>`.
  private static func unwrappingBody(_ node: Node) -> Node {
    guard case .element(var outer) = node, outer.name == "tbody", outer.children.count == 1,
      case .element(let inner) = outer.children[0], inner.name == "tbody"
    else { return node }
    outer.children = inner.children
    return .element(outer)
  }

  /// The id of a figure's SVG: `bowl` → `bowl-chart` (one id per element on the page).
  static func chartID(_ figureID: String) -> String { figureID + "-chart" }

  /// A chart's SVG in its box: the chart keeps its own size (its text stays readable) and the
  /// box scrolls sideways, with a visible cue, where the column is narrower.
  static func chartBox(_ svg: String) -> Node {
    .element(Element("div", [Attribute("class", "chart-box scroll-box")], [.raw(svg)]))
  }

  private func captionLine(_ number: NumberedItem, _ caption: [Node], csv: String) -> [Node] {
    [
      .element(Element("span", [Attribute("class", "number")], text: number.text + ".")),
      .text(" "),
    ] + caption + [
      .text(" "),
      .element(
        Element(
          "a", [Attribute("class", "data"), Attribute("href", csv), Attribute("download", nil)],
          text: "Data (CSV)")),
    ]
  }

  /// The caption as HTML and as plain text (for the SVG's `<title>`).
  private mutating func renderCaption(
    _ author: (text: String, location: SourceLocation)?, fallback: String,
    at location: SourceLocation
  ) -> ([Node], String) {
    let (text, origin) = author ?? (fallback, location)
    let (inlines, problems) = InlineMarkdown.parse(text, path: path, at: origin)
    diagnostics += problems
    return (render(inlines, at: origin), inlines.plainText)
  }

  private mutating func renderTable(_ table: Table, at location: SourceLocation) -> Element {
    let header = table.columns.map { column -> Node in
      // The frames of an explored table mostly share their headers: each is read once.
      let key = "\(location.line):\(location.column)\n\(column.header)"
      if let known = tableHeaders[key] { return known }
      let (inlines, problems) = InlineMarkdown.parse(column.header, path: path, at: location)
      diagnostics += problems
      let cell = Node.element(Element("th", [Attribute("scope", "col")], render(inlines)))
      tableHeaders[key] = cell
      return cell
    }
    let rows = table.rows.map { row -> Node in
      let cells = row.enumerated().map { index, cell -> Node in
        let style = index < table.columns.count ? table.columns[index].style : .automatic
        switch cell {
        case .number(let value):
          return .element(
            Element("td", [Attribute("class", "num")], text: NumberFormat.display(value, style)))
        case .text(let text): return .element(Element("td", text: text))
        case .empty: return .element(Element("td"))
        }
      }
      return .element(Element("tr", [], cells))
    }
    return Element(
      "table", [],
      [
        .element(Element("thead", [], [.element(Element("tr", [], header))])),
        .element(Element("tbody", [], rows)),
      ])
  }

  /// Checks an `{expect}` block's claims: a false one is an error at its line. The page shows
  /// each claim as a sentence with the numbers checked, and the claims as written on demand.
  private mutating func renderClaims(_ expect: ExpectBlock) -> [Node] {
    guard !expect.claims.isEmpty else { return [] }
    let sentences = claimSentences
    var items: [Node] = []
    var held = 0
    for claim in expect.claims {
      do throws(Claim.ParseError) {
        var outcome = try claim.evaluate(values)
        var failedFrame: String?
        if claim.everyFrame {
          let explored = claim.names.reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
          }
          .compactMap { name in frameValues[name].map { (name, $0) } }
          guard let count = explored.first?.1.frames.count else {
            throw Claim.ParseError(
              message: "'every frame' needs a value of a block that explores options",
              offset: 0)
          }
          guard explored.allSatisfy({ $0.1.frames.count == count }) else {
            throw Claim.ParseError(
              message: "'every frame' compares blocks with different numbers of frames",
              offset: 0)
          }
          for frame in 0..<count where outcome.holds {
            // The frame's values under the keys of the frame shown first; a value the frame
            // does not publish is missing, and the claim says so.
            var frameValues = values
            for (name, (_, frames)) in explored {
              let initial = values[name] ?? []
              frameValues[name] = initial.compactMap { value in
                Self.value(value.key, in: frames[frame], initial: initial).map {
                  NamedValue(value.key, $0.value, style: $0.style)
                }
              }
            }
            let label = explored[0].1.exploration.label(of: frame)
            do throws(Claim.ParseError) {
              outcome = try claim.evaluate(frameValues)
            } catch {
              throw Claim.ParseError(
                message: error.message + " (in the frame \(label))", offset: error.offset)
            }
            if !outcome.holds { failedFrame = label }
          }
        }
        if outcome.holds {
          held += 1
        } else {
          let frame = failedFrame.map { " (in the frame \($0))" } ?? ""
          diagnostics.append(
            .error(
              "claim does not hold\(frame): \(claim.text)", path: path, at: claim.location,
              length: claim.text.unicodeScalars.count, notes: [claim.describe(outcome)]))
        }
        items.append(
          .element(
            Element(
              "li", [Attribute("class", outcome.holds ? "held" : "failed")],
              [
                .element(
                  Element(
                    "span", [Attribute("class", "mark"), Attribute("aria-hidden", "true")],
                    text: outcome.holds ? "✓" : "✗")),
                .text(
                  (outcome.holds ? " " : " Does not hold: ")
                    + sentences.sentence(claim, outcome)),
              ])))
      } catch {
        diagnostics.append(error.diagnostic(path: path, start: claim.location))
        items.append(
          .element(
            Element(
              "li", [Attribute("class", "failed")],
              [.element(Element("code", text: claim.text)), .text(" — " + error.message)])))
      }
    }
    let summary =
      held == expect.claims.count
      ? "✓ \(held == 1 ? "1 claim" : "\(held) claims") in this section checked when the book was built"
      : "✗ \(expect.claims.count - held) of \(expect.claims.count) claims do not hold"
    let source = expect.claims.map { "- " + $0.text }.joined(separator: "\n")
    return [
      .element(
        Element(
          "details", [Attribute("class", "claims")],
          [
            .element(Element("summary", text: summary)),
            .element(Element("ul", [], items)),
            .element(
              Element(
                "details", [Attribute("class", "claims-source")],
                [
                  .element(Element("summary", text: "The claims as written in the lesson")),
                  .element(Element("pre", [], [.element(Element("code", text: source))])),
                ])),
          ]))
    ]
  }

  /// How claims read: values named by their directives' declarations, and placed in the
  /// figure or table their directive shows, when it shows one.
  private var claimSentences: ClaimSentence {
    var declarations: [String: [ValueDeclaration]] = [:]
    var shownIn: [String: String] = [:]
    for result in results.values {
      let name = result.invocation.name
      if let directive = result.invocation.directive {
        declarations[name] = type(of: directive).publishedValues
      }
      // A directive that shows one figure or table: its values are that item's.
      if case .success(let output) = result.outcome, output.items.count == 1,
        let item = items[Self.itemID(name: name, key: output.items[0].key)]
      {
        shownIn[name] = item.text
      }
    }
    return ClaimSentence(values: values, declarations: declarations, shownIn: shownIn)
  }

  /// Shown in place of a directive that could not run.
  private func errorBox(_ result: DirectiveResult) -> Node {
    var messages = result.invocation.diagnostics.filter { $0.severity == .error }
    if case .failure(let diagnostic) = result.outcome { messages.append(diagnostic) }
    let items = messages.map { diagnostic -> Node in
      let location = diagnostic.location.map { "line \($0.line), column \($0.column): " } ?? ""
      var text = location + diagnostic.message
      if let note = diagnostic.notes.first(where: { $0.hasPrefix("did you mean") }) {
        text += " (\(note))"
      }
      return .element(Element("li", text: text))
    }
    let block = result.invocation.block
    let source = "```{\(block.name)}\n\(block.body)```"
    return .element(
      Element(
        "div", [Attribute("class", "directive-error"), Attribute("role", "note")],
        [
          .element(
            Element(
              "p", [],
              [
                .element(Element("strong", text: "This {\(block.name)} block could not be run.")),
                .text(" The build reported:"),
              ])),
          .element(Element("ul", [], items)),
          .element(Element("pre", [], [.element(Element("code", text: source))])),
        ]))
  }
}
