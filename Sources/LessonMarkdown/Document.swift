/// A parsed lesson: front matter, blocks with source locations, and the problems found.
public struct LessonDocument: Sendable {
  public var source: SourceText
  public var frontMatter: FrontMatter
  public var blocks: [Block]
  public var diagnostics: [Diagnostic]

  public init(
    source: SourceText, frontMatter: FrontMatter, blocks: [Block], diagnostics: [Diagnostic]
  ) {
    self.source = source
    self.frontMatter = frontMatter
    self.blocks = blocks
    self.diagnostics = diagnostics
  }
}

/// A block of a lesson.
public indirect enum Block: Sendable, Equatable {
  case heading(level: Int, content: [Inline], location: SourceLocation)
  case paragraph([Inline], location: SourceLocation)
  case blockQuote([Block])
  case list(List)
  /// A fenced or indented code block; `info` is the fence's info string (language).
  case code(info: String, text: String, location: SourceLocation)
  case directive(DirectiveBlock)
  case thematicBreak
  /// Raw HTML, which lessons do not pass through (see the renderer).
  case html(String, location: SourceLocation)
  /// A GitHub pipe table (GFM's table extension).
  case table(Table, location: SourceLocation)
  /// A MyST admonition (`{note}`, `{admonition} Title`, …) or `{dropdown}`: Markdown in a box.
  case admonition(Admonition)
  /// MyST's `{figure}`: an image with a caption and a legend, numbered with the lesson's
  /// figures.
  case figure(Figure)

  /// A MyST `{figure}` (https://mystmd.org/guide/figures): the image path from the fence
  /// line, `:option:` lines, then Markdown whose first paragraph is the caption and whose
  /// other blocks are the legend.
  public struct Figure: Sendable, Equatable {
    /// The image's path or URL as written; empty when the fence line gives none (an error
    /// was reported).
    public var source: String
    /// Where the path starts on the fence line (the `{` of the name when there is none).
    public var sourceLocation: SourceLocation
    /// The `:name:` to refer to it by (`{numref}`), if any.
    public var name: String?
    /// Where the `:name:` value is.
    public var nameLocation: SourceLocation?
    /// The image's description (`:alt:`); nil when not given.
    public var alt: String?
    /// CSS lengths, validated (`300px`, `20em`, `50%`); a bare number is in pixels.
    public var width: String?
    public var height: String?
    /// `left`, `center` or `right`.
    public var align: String?
    /// Extra classes from `:class:`.
    public var classes: [String]
    /// The first paragraph of the body; empty when the body does not start with one.
    public var caption: [Inline]
    /// Where the caption's paragraph starts (the fence when there is no caption).
    public var captionLocation: SourceLocation
    /// The blocks after the caption.
    public var legend: [Block]
    /// Where the opening fence is.
    public var location: SourceLocation

    public init(
      source: String, sourceLocation: SourceLocation, name: String? = nil,
      nameLocation: SourceLocation? = nil, alt: String? = nil, width: String? = nil,
      height: String? = nil, align: String? = nil, classes: [String] = [], caption: [Inline] = [],
      captionLocation: SourceLocation, legend: [Block] = [], location: SourceLocation
    ) {
      self.source = source
      self.sourceLocation = sourceLocation
      self.name = name
      self.nameLocation = nameLocation
      self.alt = alt
      self.width = width
      self.height = height
      self.align = align
      self.classes = classes
      self.caption = caption
      self.captionLocation = captionLocation
      self.legend = legend
      self.location = location
    }
  }

  /// MyST's target line `(label)=`: names the block after it, for ``{ref}`label` ``.
  /// `location` is where the label starts.
  case target(label: String, location: SourceLocation)
  /// A footnote's definition, `[^name]: text` (MyST and GFM), where it was written; the page
  /// shows it at its end.
  case footnote(Footnote)

  /// A footnote definition: `[^name]: text`, with more paragraphs indented by four spaces.
  public struct Footnote: Sendable, Equatable {
    public var name: String
    /// Where the name starts (after `[^`).
    public var location: SourceLocation
    public var blocks: [Block]

    public init(name: String, location: SourceLocation, blocks: [Block]) {
      self.name = name
      self.location = location
      self.blocks = blocks
    }
  }

  /// A MyST admonition or dropdown.
  public struct Admonition: Sendable, Equatable {
    /// The directive's name: `note`, `warning`, …, `admonition` or `dropdown`.
    public var kind: String
    /// The title from the fence line; empty for the kind's own title ("Note").
    public var title: [Inline]
    /// Extra classes from `:class:`.
    public var classes: [String]
    /// The `:name:` to refer to it by, if any.
    public var name: String?
    /// A dropdown shown open (`:open:`).
    public var open: Bool
    public var blocks: [Block]
    public var location: SourceLocation

    public init(
      kind: String, title: [Inline], classes: [String], name: String?, open: Bool,
      blocks: [Block], location: SourceLocation
    ) {
      self.kind = kind
      self.title = title
      self.classes = classes
      self.name = name
      self.open = open
      self.blocks = blocks
      self.location = location
    }
  }

  /// A pipe table: a header row, its column alignments, and body rows of as many cells.
  public struct Table: Sendable, Equatable {
    public enum Alignment: String, Sendable { case left, center, right }

    /// One per column; nil when the delimiter row gives none (`---`).
    public var alignments: [Alignment?]
    public var header: [[Inline]]
    public var rows: [[[Inline]]]

    public init(alignments: [Alignment?], header: [[Inline]], rows: [[[Inline]]]) {
      self.alignments = alignments
      self.header = header
      self.rows = rows
    }
  }

  public struct List: Sendable, Equatable {
    public var ordered: Bool
    public var start: Int
    public var tight: Bool
    public var items: [[Block]]
    /// Per item: nil, or whether its GFM task box (`- [ ]`, `- [x]`) is checked.
    public var tasks: [Bool?]

    public init(ordered: Bool, start: Int, tight: Bool, items: [[Block]], tasks: [Bool?] = []) {
      self.ordered = ordered
      self.start = start
      self.tight = tight
      self.items = items
      self.tasks = tasks.isEmpty ? Array(repeating: nil, count: items.count) : tasks
    }
  }
}

/// A fenced block whose info string is `{name}`: a directive and its YAML options.
public struct DirectiveBlock: Sendable, Equatable {
  /// The directive's name, without braces (`ewa`).
  public var name: String
  /// Where the name starts (after the `{`).
  public var nameLocation: SourceLocation
  /// The options mapping, or nil when the body is empty or is not valid YAML.
  public var options: YAMLNode?
  /// The body as written.
  public var body: String
  /// Where the opening fence is.
  public var location: SourceLocation
  /// The argument, the text after the braces, with where it starts: a content directive's
  /// own (```` ```{solution} ex1 ````), or the caption of a directive whose body is options
  /// (```` ```{ewa} A noisy year ````, as MyST's `{table} Title`).
  public var argument: (text: String, location: SourceLocation)?
  /// A content directive's Markdown body (after its `:key: value` option lines), parsed with
  /// the lesson's locations; nil for directives whose body is YAML options.
  public var content: [Block]?

  public init(
    name: String, nameLocation: SourceLocation, options: YAMLNode?, body: String,
    location: SourceLocation, argument: (text: String, location: SourceLocation)? = nil,
    content: [Block]? = nil
  ) {
    self.name = name
    self.nameLocation = nameLocation
    self.options = options
    self.body = body
    self.location = location
    self.argument = argument
    self.content = content
  }

  public static func == (a: DirectiveBlock, b: DirectiveBlock) -> Bool {
    a.name == b.name && a.nameLocation == b.nameLocation && a.options == b.options
      && a.body == b.body && a.location == b.location && a.argument?.text == b.argument?.text
      && a.argument?.location == b.argument?.location && a.content == b.content
  }
}

/// An inline element of a paragraph or heading.
public indirect enum Inline: Sendable, Equatable, Codable {
  case text(String)
  case code(String)
  case emphasis([Inline])
  case strong([Inline])
  case link(destination: String, title: String, content: [Inline])
  case image(source: String, title: String, alt: [Inline])
  case softBreak
  case lineBreak
  case html(String)
  case math(Math)
  case role(Role)
  /// `~~struck~~` (GFM's strikethrough extension).
  case strikethrough([Inline])
  /// A footnote reference `[^name]` (MyST and GFM).
  case footnoteReference(FootnoteReference)
}

/// A footnote reference `[^name]`, with where its `[` is and how many columns it spans.
public struct FootnoteReference: Sendable, Equatable, Codable {
  public var name: String
  public var location: SourceLocation
  public var length: Int

  public init(name: String, location: SourceLocation, length: Int) {
    self.name = name
    self.location = location
    self.length = length
  }

  /// Footnote names: letters, digits, `-`, `_` and `.` (`1`, `adam-paper`), at most 100.
  public static func isValidName(_ text: some StringProtocol) -> Bool {
    !text.isEmpty && text.unicodeScalars.count <= 100
      && text.unicodeScalars.allSatisfy {
        $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
      }
  }
}

/// A formula written `$…$` (inline) or `$$…$$` (display) in TeX.
public struct Math: Sendable, Equatable, Codable {
  public var tex: String
  public var display: Bool
  /// Where each line of `tex` starts in the lesson file (one entry per line).
  public var lineStarts: [SourceLocation]
  /// The equation's label given outside the TeX: `$$…$$ (name)` or a `{math}` block's
  /// `:label: name` (MyST), with where the name is. A `\label{name}` inside the TeX is not
  /// here.
  public var label: (name: String, location: SourceLocation)?

  public init(
    tex: String, display: Bool, lineStarts: [SourceLocation],
    label: (name: String, location: SourceLocation)? = nil
  ) {
    self.tex = tex
    self.display = display
    self.lineStarts = lineStarts
    self.label = label
  }

  private enum CodingKeys: String, CodingKey {
    case tex, display, lineStarts, labelName, labelLocation
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    tex = try container.decode(String.self, forKey: .tex)
    display = try container.decode(Bool.self, forKey: .display)
    lineStarts = try container.decode([SourceLocation].self, forKey: .lineStarts)
    guard !lineStarts.isEmpty else {
      throw DecodingError.dataCorruptedError(
        forKey: .lineStarts, in: container, debugDescription: "a formula starts somewhere")
    }
    if let name = try container.decodeIfPresent(String.self, forKey: .labelName) {
      label = (name, try container.decode(SourceLocation.self, forKey: .labelLocation))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(tex, forKey: .tex)
    try container.encode(display, forKey: .display)
    try container.encode(lineStarts, forKey: .lineStarts)
    try container.encodeIfPresent(label?.name, forKey: .labelName)
    if let label { try container.encode(label.location, forKey: .labelLocation) }
  }

  public static func == (a: Math, b: Math) -> Bool {
    a.tex == b.tex && a.display == b.display && a.lineStarts == b.lineStarts
      && a.label?.name == b.label?.name && a.label?.location == b.label?.location
  }

  /// Where the formula starts (its first TeX character).
  public var location: SourceLocation { lineStarts[0] }

  /// The lesson-file location of the TeX character at `offset` (in Unicode scalars).
  public func location(atOffset offset: Int) -> SourceLocation {
    var line = 0
    var column = 0
    for (index, scalar) in tex.unicodeScalars.enumerated() {
      if index == offset { break }
      if scalar == "\n" {
        line += 1
        column = 0
      } else {
        column += 1
      }
    }
    let start = lineStarts[min(line, lineStarts.count - 1)]
    return SourceLocation(line: start.line, column: start.column + column)
  }
}

/// A MyST-style role: ``{numref}`temps` `` or ``{value}`temps.window[0.98]` ``.
public struct Role: Sendable, Equatable, Codable {
  public var name: String
  public var content: String
  /// Where the role starts (its `{`).
  public var location: SourceLocation
  /// How many columns the whole role spans.
  public var length: Int

  public init(name: String, content: String, location: SourceLocation, length: Int) {
    self.name = name
    self.content = content
    self.location = location
    self.length = length
  }
}

extension Inline {
  /// The text a reader would read, without markup (for ids, titles and `alt` text).
  public var plainText: String {
    switch self {
    case .text(let text), .code(let text), .html(let text): return text
    case .emphasis(let content), .strong(let content), .link(_, _, let content),
      .image(_, _, let content), .strikethrough(let content):
      return content.plainText
    case .softBreak, .lineBreak: return " "
    case .math(let math): return math.tex
    case .role(let role): return role.content
    case .footnoteReference: return ""
    }
  }
}

extension Array where Element == Inline {
  /// The text of all elements, without markup.
  public var plainText: String { map(\.plainText).joined() }
}
