import Foundation
import LessonMarkdown
import LessonMarkup
import LessonTeX

/// The book's notation, read from `glossary.yml` in the lessons folder: each symbol with its
/// TeX forms, its meaning and the lesson that introduces it.
///
/// ```yaml
/// - symbol: ['\beta_1', '\beta_{1}']
///   meaning: Adam's weight for the average of the gradients.
///   lesson: 06-adam.md
/// ```
///
/// The first formula of a lesson that uses a symbol links to its entry on `glossary.html`;
/// a Greek letter used in a formula that no entry covers is a warning.
public struct Glossary: Sendable {
  public static let fileName = "glossary.yml"

  struct Entry: Sendable {
    var id: String
    /// The TeX forms as written, the first one shown on the page.
    var forms: [String]
    var meaning: String
    var meaningLocation: SourceLocation
    /// The lesson file that introduces the symbol.
    var lesson: String?
    var location: SourceLocation
    /// `forms`, normalized (`normalize`) once for every formula they are looked for in.
    var normalizedForms: [[Character]] = []
  }

  private(set) var entries: [Entry] = []
  /// The `\macros` some entry's forms use (`uncovered(in:)` asks of every formula).
  private var coveredMacros: Set<String> = []
  public var source: SourceText?

  public init() {}

  /// The Greek letters whose use a glossary must cover.
  static let greek: Set<String> = [
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "iota",
    "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "phi", "varphi", "chi", "psi",
    "omega",
  ]

  static func load(from directory: URL, displayName: String, lessons: Set<String>) -> (
    Glossary, [Diagnostic]
  ) {
    let url = directory.appendingPathComponent(fileName)
    guard FileManager.default.fileExists(atPath: url.path) else { return (Glossary(), []) }
    let (source, problem) = SourceReader.read(url, displayPath: displayName + "/" + fileName)
    guard let source else { return (Glossary(), [problem].compactMap { $0 }) }
    return parse(source, lessons: lessons)
  }

  static func parse(_ source: SourceText, lessons: Set<String>) -> (Glossary, [Diagnostic]) {
    var glossary = Glossary()
    glossary.source = source
    let path = source.path
    let (root, problems) = YAMLParser.parse(source.text, path: path) { line, column in
      SourceLocation(line: line, column: column)
    }
    var diagnostics = problems
    guard let root else { return (glossary, diagnostics) }
    guard case .sequence(let items) = root.value else {
      diagnostics.append(
        .error(
          "\(fileName) is a list of symbols, each '- symbol: …' with 'meaning:' and 'lesson:'",
          path: path, at: root.location))
      return (glossary, diagnostics)
    }
    var ids: Set<String> = []
    for item in items {
      guard case .mapping(let fields) = item.value else {
        diagnostics.append(
          .error(
            "a symbol is a mapping with 'symbol:', 'meaning:' and 'lesson:', not \(item.kindDescription)",
            path: path, at: item.location))
        continue
      }
      var forms: [String] = []
      var meaning: (String, SourceLocation)?
      var lesson: String?
      for field in fields {
        switch field.key {
        case "symbol":
          switch field.value.value {
          case .scalar(let text, _): forms = [text]
          case .sequence(let list): forms = list.compactMap(\.scalar)
          case .mapping: break
          }
          for form in forms {
            if case .failure(let error) = TeX.mathML(form, display: false) {
              diagnostics.append(
                .error(
                  "the symbol '\(form)' is not valid TeX: \(error.message)", path: path,
                  at: field.value.location))
            }
          }
          if forms.isEmpty || forms.contains(where: \.isEmpty) {
            diagnostics.append(
              .error(
                "'symbol' is the symbol's TeX, or a list of its forms", path: path,
                at: field.value.location))
          }
        case "meaning":
          guard let text = field.value.scalar, !field.value.isNull else {
            diagnostics.append(
              .error("'meaning' is one line of text", path: path, at: field.value.location))
            continue
          }
          meaning = (text, field.value.location)
        case "lesson":
          let name = field.value.scalar ?? ""
          if !lessons.contains(name) {
            diagnostics.append(
              .error(
                "no lesson '\(name)' in this book", path: path, at: field.value.location,
                length: name.unicodeScalars.count,
                notes: Spelling.didYouMean(name, among: lessons.sorted())))
          } else {
            lesson = name
          }
        default:
          diagnostics.append(
            .error(
              "unknown field '\(field.key)'", path: path, at: field.keyLocation,
              notes: Spelling.didYouMean(field.key, among: ["symbol", "meaning", "lesson"])))
        }
      }
      guard !forms.isEmpty, let meaning else {
        if meaning == nil {
          diagnostics.append(.error("this symbol has no 'meaning'", path: path, at: item.location))
        }
        continue
      }
      var id = "sym-" + Self.slug(forms[0])
      while ids.contains(id) { id += "-2" }
      ids.insert(id)
      glossary.entries.append(
        Entry(
          id: id, forms: forms, meaning: meaning.0, meaningLocation: meaning.1, lesson: lesson,
          location: item.location, normalizedForms: forms.map(Self.normalize)))
    }
    glossary.coveredMacros = Set(glossary.entries.flatMap { $0.forms.flatMap(Self.macros) })
    return (glossary, diagnostics)
  }

  /// `\hat v_t` → `hat-v-t`.
  static func slug(_ tex: String) -> String {
    var out = ""
    for c in tex.lowercased() {
      if c.isLetter || c.isNumber {
        out.append(c)
      } else if !out.isEmpty, out.last != "-" {
        out.append("-")
      }
    }
    while out.last == "-" { out.removeLast() }
    return out.isEmpty ? "symbol" : out
  }

  /// TeX without braces and spaces, but with one space where a macro's name meets a
  /// letter: `\hat{v}_{t}` and `\hat v_t` are both `\hat v_t`, `\beta_{1}` is `\beta_1`.
  static func normalize(_ tex: String) -> [Character] {
    var out: [Character] = []
    var inMacro = false
    var separated = false
    for c in tex {
      if c == "{" || c == "}" || c.isWhitespace {
        separated = separated || inMacro
        inMacro = false
        continue
      }
      if c.isLetter, separated { out.append(" ") }
      separated = false
      if c == "\\" {
        inMacro = true
      } else if !c.isLetter {
        inMacro = false
      }
      out.append(c)
    }
    return out
  }

  /// Accents: `v_t` is not used in `\hat v_t`.
  static let accents: Set<String> = ["hat", "tilde", "bar", "vec", "dot", "widehat", "overline"]

  /// Whether `form` occurs in `tex` as a whole symbol: not inside a longer name or under an
  /// accent (`v_t` is not in `\hat v_t`), and not with a subscript the form lacks (`\beta` is
  /// not in `\beta_1`).
  static func occurs(_ form: [Character], in tex: [Character]) -> Bool {
    guard !form.isEmpty, form.count <= tex.count else { return false }
    for start in 0...(tex.count - form.count)
    where tex[start] == form[0] && tex[start..<start + form.count].elementsEqual(form) {
      if start > 0 {
        let before = tex[start - 1]
        if form[0].isLetter, before.isLetter || before == "\\" { continue }
        if before == " " {
          let name = String(tex[..<(start - 1)].reversed().prefix { $0.isLetter }.reversed())
          if accents.contains(name) { continue }
        }
      }
      let end = start + form.count
      if end < tex.count {
        let after = tex[end]
        if form.last!.isLetter || form.last!.isNumber, after.isLetter || after.isNumber {
          continue
        }
        if !form.contains("_"), after == "_" { continue }
        if !form.contains("^"), !form.contains("_"), after == "^" { continue }
      }
      return true
    }
    return false
  }

  /// The entries a formula uses, in glossary order.
  func entries(in tex: String) -> [Entry] {
    let text = Self.normalize(tex)
    return entries.filter { entry in
      entry.normalizedForms.contains { Self.occurs($0, in: text) }
    }
  }

  /// The Greek letters of a formula (`\beta`, `\varepsilon`) that no entry's forms use.
  func uncovered(in tex: String) -> [String] {
    Self.macros(tex).filter { Self.greek.contains($0) && !coveredMacros.contains($0) }
  }

  /// The names of a TeX text's `\macros`, in order.
  static func macros(_ tex: String) -> [String] {
    var names: [String] = []
    var current: String?
    for c in tex + " " {
      if var name = current {
        if c.isLetter {
          name.append(c)
          current = name
          continue
        }
        if !name.isEmpty { names.append(name) }
        current = nil
      }
      if c == "\\" { current = "" }
    }
    return names
  }
}
