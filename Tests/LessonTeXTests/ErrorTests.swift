import Testing

@testable import LessonTeX

/// Formulas that cannot be converted: exact message, offset and length (in Unicode scalars).
@Suite struct ErrorTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var tex: String
    var offset: Int
    var length: Int
    var message: String
    /// The formula is an error in inline math only: display math allows it.
    var inlineOnly = false
    var testDescription: String { tex }
  }

  static let cases: [Case] = [
    // Unknown commands, with "did you mean" by edit distance.
    Case(
      tex: #"\alpah + 1"#, offset: 0, length: 6,
      message: #"unknown command '\alpah'; did you mean '\alpha'?"#),
    Case(
      tex: #"x + \lamda"#, offset: 4, length: 6,
      message: #"unknown command '\lamda'; did you mean '\lambda'?"#),
    Case(
      tex: #"\fracc{a}{b}"#, offset: 0, length: 6,
      message: #"unknown command '\fracc'; did you mean '\frac'?"#),
    Case(
      tex: #"\Alpha"#, offset: 0, length: 6,
      message: #"unknown command '\Alpha'; did you mean '\alpha'?"#),
    Case(tex: #"\qwertyuiop"#, offset: 0, length: 11, message: #"unknown command '\qwertyuiop'"#),
    // Offsets count Unicode scalars: β is one, 𝐱 (outside the BMP) is one, é written as e +
    // U+0301 is two.
    Case(
      tex: #"β + \gama"#, offset: 4, length: 5,
      message: #"unknown command '\gama'; did you mean '\gamma'?"#),
    Case(
      tex: "𝐱 + e\u{301} + \\sigm", offset: 9, length: 5,
      message: #"unknown command '\sigm'; did you mean '\sigma'?"#),
    // Braces.
    Case(tex: #"\frac{a}{b"#, offset: 8, length: 1, message: "unbalanced '{': no matching '}'"),
    Case(tex: #"{x"#, offset: 0, length: 1, message: "unbalanced '{': no matching '}'"),
    Case(tex: #"a}"#, offset: 1, length: 1, message: "unbalanced '}': no matching '{'"),
    Case(tex: #"{a}}"#, offset: 3, length: 1, message: "unbalanced '}': no matching '{'"),
    Case(tex: #"x^{2"#, offset: 2, length: 1, message: "unbalanced '{': no matching '}'"),
    Case(tex: #"\text{abc"#, offset: 5, length: 1, message: "unbalanced '{': no matching '}'"),
    // \left and \right.
    Case(
      tex: #"x \right)"#, offset: 2, length: 6, message: #"'\right' without a matching '\left'"#),
    Case(tex: #"\left( x"#, offset: 0, length: 5, message: #"'\left' without a matching '\right'"#),
    Case(
      tex: #"{\left( x}"#, offset: 1, length: 5, message: #"'\left' without a matching '\right'"#),
    Case(
      tex: #"\left( x \right)}"#, offset: 16, length: 1,
      message: "unbalanced '}': no matching '{'"),
    Case(
      tex: #"a \middle| b"#, offset: 2, length: 7, message: #"'\middle' outside '\left … \right'"#),
    Case(
      tex: #"\left x \right)"#, offset: 0, length: 5,
      message:
        #"'\left' must be followed by a delimiter such as ( ) [ ] \{ \} | \| \langle \rangle \lfloor \rfloor or ."#
    ),
    // Missing arguments and scripts.
    Case(
      tex: #"\frac{a}"#, offset: 0, length: 5,
      message: #"missing argument for '\frac' (usage: \frac{numerator}{denominator})"#),
    Case(
      tex: #"1 + \frac"#, offset: 4, length: 5,
      message: #"missing argument for '\frac' (usage: \frac{numerator}{denominator})"#),
    Case(
      tex: #"\sqrt{}x + \hat"#, offset: 11, length: 4,
      message: #"missing argument for '\hat' (usage: \hat{x})"#),
    Case(tex: #"x^"#, offset: 1, length: 1, message: "missing superscript after '^'"),
    Case(tex: #"x_}"#, offset: 1, length: 1, message: "missing subscript after '_'"),
    Case(
      tex: #"x^a^b"#, offset: 3, length: 1, message: "double superscript; use braces, e.g. x^{a^b}"),
    Case(
      tex: #"x_a_b"#, offset: 3, length: 1, message: "double subscript; use braces, e.g. x_{a_b}"),
    Case(
      tex: #"x^2'"#, offset: 3, length: 1, message: "double superscript; use braces, e.g. x^{a^b}"),
    Case(tex: #"\sqrt[3{x}"#, offset: 5, length: 1, message: "'[' without a matching ']'"),
    // Environments.
    Case(
      tex: #"\begin{foo} x \end{foo}"#, offset: 7, length: 3,
      message:
        "unknown environment 'foo'; known: Bmatrix, Vmatrix, align, align*, aligned, array, "
        + "bmatrix, cases, dcases, gather, gather*, gathered, matrix, pmatrix, split, vmatrix"),
    Case(
      tex: #"\begin{pmatirx} 1 \end{pmatirx}"#, offset: 7, length: 7,
      message: "unknown environment 'pmatirx'; did you mean 'pmatrix'?"),
    Case(
      tex: #"\begin{pmatrix} a & b"#, offset: 0, length: 15,
      message: #"'\begin{pmatrix}' without a matching '\end{pmatrix}'"#),
    Case(
      tex: #"\begin{pmatrix} a \end{bmatrix}"#, offset: 18, length: 13,
      message: #"'\end{bmatrix}' does not match '\begin{pmatrix}'"#),
    Case(
      tex: #"\left( \begin{matrix} a \right)"#, offset: 7, length: 14,
      message: #"'\begin{matrix}' without a matching '\end{matrix}'"#),
    Case(
      tex: #"a \end{matrix}"#, offset: 2, length: 4, message: #"'\end' without a matching '\begin'"#
    ),
    Case(
      tex: #"\begin x"#, offset: 0, length: 6,
      message: #"missing environment name after '\begin' (usage: \begin{pmatrix})"#),
    Case(
      tex: #"a & b"#, offset: 2, length: 1,
      message: #"'&' outside an environment; use it in \begin{aligned} or a matrix"#,
      inlineOnly: true),
    Case(
      tex: #"a \\ b"#, offset: 2, length: 2,
      message: #"'\\' outside an environment; use it in \begin{aligned} or a matrix"#,
      inlineOnly: true),
    Case(
      // In a group, `&` is not at the top level of the display.
      tex: #"a = {b & c}"#, offset: 7, length: 1,
      message: #"'&' outside an environment; use it in \begin{aligned} or a matrix"#),
    Case(
      tex: #"\begin{array}{lxr} a \end{array}"#, offset: 15, length: 1,
      message:
        #"array columns must be a list of l, c and r, with | for rules, e.g. \begin{array}{c|cc}"#
    ),
    // Plain TeX and equation numbers.
    Case(
      tex: #"\color{#12} x"#, offset: 7, length: 3,
      message: #"'#12' is not a colour; use a name such as red or a hex colour such as #1f77b4"#),
    Case(
      tex: #"\color{\red} x"#, offset: 7, length: 1,
      message: #"the argument of '\color' is plain text, without commands or braces"#),
    Case(
      tex: #"x \hspace{2 furlongs}"#, offset: 10, length: 10,
      message: #"expected a length such as [2pt] or [0.5em]"#),
    Case(
      tex: #"a \hline b"#, offset: 2, length: 6,
      message: #"'\hline' outside an environment; use it in \begin{array} or a matrix"#),
    Case(
      tex: #"x = 1 \label{one}"#, offset: 6, length: 6,
      message: #"'\label' numbers a display equation; use it in $$…$$ or a {math} block"#,
      inlineOnly: true),
    Case(
      tex: #"x \tag{A}"#, offset: 2, length: 4,
      message: #"'\tag' numbers a display equation; use it in $$…$$ or a {math} block"#,
      inlineOnly: true),
    Case(
      tex: #"\eqref{adam}"#, offset: 7, length: 4,
      message: #"no equation is labelled 'adam'"#),
    // Text, characters, operator names.
    Case(
      tex: #"\text{a \foo b}"#, offset: 8, length: 4, message: #"unknown command '\foo' in text"#),
    Case(
      tex: #"\text{a \quadd b}"#, offset: 8, length: 6,
      message: #"unknown command '\quadd' in text; did you mean '\quad'?"#),
    Case(
      tex: #"\text{for $i = 1 to n}"#, offset: 10, length: 1,
      message: "'$' inside text without a matching '$'"),
    Case(
      tex: #"5$"#, offset: 1, length: 1,
      message: #"unexpected '$' inside math; write \$ for a dollar sign"#),
    Case(
      tex: #"a # b"#, offset: 2, length: 1,
      message: ##"unexpected '#' in math; write \# for the character"##),
    Case(tex: #"a + \"#, offset: 4, length: 1, message: #"'\' at the end of the formula"#),
    Case(
      tex: #"\operatorname{a+b}"#, offset: 15, length: 1,
      message: #"'\operatorname' accepts letters, digits, '-', '*' and spaces only"#),
    Case(
      tex: #"x\limits"#, offset: 1, length: 7,
      message: #"'\limits' and '\nolimits' must follow a large operator such as \sum"#),
  ]

  @Test(arguments: cases)
  func badTeX_isLocatedError(_ c: Case) {
    for display in c.inlineOnly ? [false] : [false, true] {
      let result = TeX.mathML(c.tex, display: display)
      #expect(result == .failure(TeXError(offset: c.offset, length: c.length, message: c.message)))
    }
    if c.inlineOnly { #expect((try? TeX.mathML(c.tex, display: true).get()) != nil) }
  }

  @Test func deepNesting_isAnErrorNotACrash() {
    let depth = Parser.maximumDepth
    // At the limit: converts.
    let braces =
      String(repeating: "{", count: depth - 1) + "x" + String(repeating: "}", count: depth - 1)
    #expect((try? TeX.mathML(braces, display: true).get()) != nil)
    // Each \frac level opens two constructs: the fraction and its braced denominator.
    let fractions =
      String(repeating: #"\frac{1}{"#, count: depth / 2 - 1) + "x"
      + String(repeating: "}", count: depth / 2 - 1)
    #expect((try? TeX.mathML(fractions, display: true).get()) != nil)
    // One more: a located error at the innermost token.
    let tooDeep = "{" + braces + "}"
    #expect(
      TeX.mathML(tooDeep, display: true)
        == .failure(
          TeXError(
            offset: depth, length: 1, message: "formula nested more than \(depth) levels deep")))
    let scripts =
      String(repeating: "x^{", count: 5 * depth) + "x" + String(repeating: "}", count: 5 * depth)
    guard case .failure(let error) = TeX.mathML(scripts, display: false) else {
      Issue.record("deeply nested scripts converted")
      return
    }
    #expect(error.message == "formula nested more than \(depth) levels deep")
  }

  @Test func suggestion_prefersFewestEditsThenAlphabeticalOrder() {
    #expect(Suggestion.closest(to: "bta", in: ["eta", "beta", "zeta"]) == "beta")
    #expect(Suggestion.closest(to: "alpah", in: Commands.names) == "alpha")
    #expect(Suggestion.closest(to: "xyz", in: ["alpha"]) == nil)
  }
}

@Suite struct PlainTextTests {
  @Test func formulas_becomeReadableText() {
    #expect(TeX.plainText(#"\hat v_t = \frac{v_t}{1 - \beta^t}"#) == "v_t = v_t 1 - β^t")
    #expect(TeX.plainText(#"\alpha \leq 0.1,\; \log x"#) == "α ≤ 0.1, log x")
    #expect(TeX.plainText(#"\{a\} \% \unknown"#) == "{a} %")
  }
}
