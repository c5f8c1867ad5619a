import LessonMarkup

/// TeX math to MathML Core, at build time.
///
/// A formula such as `\hat v_t = \frac{v_t}{1-\beta^t}` becomes one `<math>` element that
/// Chromium, Firefox and Safari lay out natively, with the TeX source kept as an annotation:
///
/// ```
/// <math display="block"><semantics><mrow>…</mrow>
///   <annotation encoding="application/x-tex">\hat v_t = …</annotation></semantics></math>
/// ```
///
/// Supported: Greek letters and their variants, sub- and superscripts and primes, `\frac`
/// `\dfrac` `\tfrac` `\binom` `\sqrt`, accents and `\overline`/`\underline`, math alphabets
/// (`\mathbf` `\mathbb` `\mathcal` `\boldsymbol` …), `\text`, `\operatorname`, large operators
/// and function names with limits, relations, arrows and binary operators, TeX spacing,
/// `\left … \middle … \right` and `\big` sizes, and the environments `matrix`, `pmatrix`,
/// `bmatrix`, `Bmatrix`, `vmatrix`, `Vmatrix`, `cases`, `dcases`, `aligned` (also `align`,
/// `align*`, `split`), `gathered` (also `gather`, `gather*`) and `array` (with `|` and `:`
/// column rules and `\hline`). Plain TeX as Markdown books still write it is understood too:
/// `\cr`, `\rm` `\bf` `\it` `\cal`, `\over` `\choose` `\atop`, `\mathop`, and KaTeX's
/// `\color`, `\textcolor`, `\xrightarrow`, `\hspace`, `\smash`. A display formula with `&` or
/// `\\` outside any environment is aligned as Sphinx does. `\label`, `\tag`, `\nonumber` and
/// `\eqref`/`\ref` are equation numbering (`equation(_:display:references:)`). The full lists
/// are `supportedCommands` and `supportedEnvironments`.
///
/// Conversion is a pure function of the source and the display flag: the same input always
/// gives the same bytes. Output uses MathML Core elements only, with no whitespace between
/// elements. Spacing follows TeX's atom classes (binary minus vs unary minus, thin space after
/// `\log`, …) where the MathML operator dictionary would differ.
public enum TeX {
  /// Converts a TeX formula to a rendered `<math>` element.
  ///
  /// - Parameters:
  ///   - source: the formula without its `$` delimiters.
  ///   - display: `true` for display math (`$$…$$`): block layout, big operators with limits
  ///     above and below; `false` for inline math (`$…$`).
  /// - Returns: the markup, or the first problem found, located in `source`.
  public static func mathML(_ source: String, display: Bool) -> Result<String, TeXError> {
    math(source, display: display).map { $0.render(.xml) }
  }

  /// Converts a TeX formula to a `<math>` element, for embedding in a larger markup tree.
  public static func math(_ source: String, display: Bool) -> Result<Element, TeXError> {
    equation(source, display: display).map(\.math)
  }

  private static func wrap(_ body: Node, source: String, display: Bool) -> Element {
    let annotation = Element(
      "annotation", [Attribute("encoding", "application/x-tex")], text: source)
    let semantics = Element("semantics", [], [body, .element(annotation)])
    return Element(
      "math", [Attribute("display", display ? "block" : "inline")], [.element(semantics)])
  }

  /// Converts a display or inline formula with its equation numbering: what `\label`,
  /// `\tag` and `\nonumber` say, and `\eqref{name}` / `\ref{name}` replaced by the numbers
  /// in `references` (label → number, e.g. `"3"`). An unknown label is an error located at
  /// its name, with the closest known label suggested.
  public static func equation(
    _ source: String, display: Bool, references: [String: String] = [:]
  ) -> Result<Equation, TeXError> {
    var parser = Parser(source, display: display, references: references)
    let body: Node
    do {
      body = try parser.parseFormula()
    } catch {
      return .failure(error)
    }
    return .success(
      Equation(math: wrap(body, source: source, display: display), numbering: parser.numbering))
  }

  /// What a formula's `\label{…}`, `\tag{…}` and `\nonumber` say, without converting it, so
  /// that a book can number its equations before it converts the formulas that cite them.
  public static func numbering(in source: String) -> Equation.Numbering {
    var scanner = Parser(source, display: true)
    var numbering = Equation.Numbering()
    var index = 0
    while index < scanner.scalars.count {
      let token = scanner.token(at: index)
      index = token.offset + max(token.length, 1)
      switch token.kind {
      case .char("%"):
        while index < scanner.scalars.count, scanner.scalars[index] != "\n" { index += 1 }
      case .command("label"), .command("tag"):
        scanner.position = index
        var starred = false
        if case .char("*") = scanner.peekToken().kind, token.kind == .command("tag") {
          _ = scanner.nextToken()
          starred = true
        }
        guard let (text, offset) = try? scanner.literalArgument(token, usage: "") else { continue }
        index = scanner.position
        if token.kind == .command("tag") {
          numbering.tag = starred ? text : "(\(text))"
        } else if numbering.label == nil {
          numbering.label = Equation.Label(
            name: text, offset: offset, length: text.unicodeScalars.count)
        }
      case .command("nonumber"), .command("notag"):
        numbering.isNumbered = false
      default:
        break
      }
    }
    return numbering
  }

  /// Every command the converter knows, without the backslash, sorted.
  public static var supportedCommands: [String] { Commands.names }

  /// Every environment the converter knows, sorted.
  public static var supportedEnvironments: [String] { Environment.names }
}

/// A converted formula and what it says about its own equation number.
public struct Equation: Sendable {
  /// The `<math>` element.
  public var math: Element
  public var numbering: Numbering

  /// What `\label`, `\tag` and `\nonumber` (or `\notag`) said.
  public struct Numbering: Sendable, Equatable {
    public var label: Label?
    /// The number written by `\tag{A}`, with its parentheses (`"(A)"`), or `\tag*{A}`
    /// without.
    public var tag: String?
    /// False after `\nonumber` or `\notag`.
    public var isNumbered = true
  }

  /// A `\label{name}`, with where its name is in the TeX source (Unicode scalars).
  public struct Label: Sendable, Equatable {
    public var name: String
    public var offset: Int
    public var length: Int
  }
}

/// A formula that cannot be converted: where, and why.
///
/// `offset` and `length` count Unicode scalars in the TeX source (0-based), so a caller that
/// knows where the formula starts in its file can point at the offending token.
public struct TeXError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Unicode scalars from the start of the TeX source to the offending token.
  public var offset: Int
  /// Length of the offending token in Unicode scalars (at least 1, except at the very end).
  public var length: Int
  /// What went wrong, for a reader: `unknown command '\alpah'; did you mean '\alpha'?`.
  public var message: String

  public init(offset: Int, length: Int, message: String) {
    self.offset = offset
    self.length = length
    self.message = message
  }

  public var description: String { "\(offset)+\(length): \(message)" }
}
