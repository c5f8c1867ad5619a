/// What a control sequence means.
enum Command: Sendable {
  /// A Greek letter (or ∂, ∇): an identifier that math alphabets restyle. `upright` is TeX's
  /// default for capitals (Γ, Δ, …).
  case greek(Unicode.Scalar, upright: Bool)
  /// An ordinary symbol drawn as `<mi>`: `∞`, `ℓ`, `⊤`, `%`.
  case identifier(String, upright: Bool)
  /// An operator symbol drawn as `<mo>` with its TeX class: `≤` (rel), `⋅` (bin), `…` (ord).
  case symbol(String, Atom.Kind)
  /// A delimiter: usable alone (not stretched) or after `\left`, `\right`, `\big`.
  case delimiter(String, Atom.Kind)
  /// A large operator: `∑`, `∫`.
  case largeOperator(String, Atom.Limits)
  /// A function name in upright letters: `log`, `max`.
  case function(String, Atom.Limits)
  /// An accent over one argument; `wide` accents stretch over a wide argument.
  case accent(String, wide: Bool)
  /// An arrow stretched over the argument.
  case overArrow(String)
  /// A rule over or under the argument.
  case rule(under: Bool)
  /// A brace over or under the argument, which takes its label as a limit.
  case brace(String, under: Bool)
  /// `\overset{a}{b}` (`over` true) and `\underset{a}{b}`.
  case set(over: Bool)
  /// A math alphabet applied to the argument; nil is `\mathnormal`.
  case font(Font?)
  /// Text in roman (nil), or in a math alphabet (`\textbf`).
  case text(Font?)
  case fraction(Fraction)
  case sqrt
  /// Horizontal space; the width is a MathML length.
  case space(String)
  case left, right, middle
  /// `\big(` and friends: a delimiter of fixed size, with the TeX class it gets.
  case big(String, Atom.Kind)
  case begin, end
  case operatorName
  /// `\displaystyle`, `\textstyle`, …: the style of the rest of the group.
  case style(MathStyle)
  /// `\limits` (true) and `\nolimits` after a large operator.
  case limits(Bool)
  /// `\not`: negates the next relation.
  case not
  /// `\prime`: the same as `'`.
  case prime
  /// `\\` and plain TeX's `\cr`: a new row in an environment.
  case newline
  /// `\rm`, `\bf`, `\it`, `\cal`, …: plain TeX's math alphabet for the rest of the group.
  case fontSwitch(Font?)
  /// `\color{red}` (the rest of the group, as in KaTeX) and `\textcolor{red}{x}`.
  case color(switch: Bool)
  /// `\mathop{…}`: the argument as a large operator, with limits in display style.
  case mathOperator
  /// `a \over b`, `n \choose k`: plain TeX's fractions of everything before and after.
  case infixFraction(InfixFraction)
  /// `\xrightarrow{label}`: an arrow stretched under or over its label.
  case extensibleArrow(String)
  /// `\hspace{1em}`: horizontal space of a given length.
  case horizontalSpace
  /// `\smash{x}`: the argument with no height or depth.
  case smash
  /// `\label{name}`: names the display equation (numbering is the page's job).
  case label
  /// `\tag{A}` and `\tag*{A}`: the equation's own number.
  case tag
  /// `\nonumber`, `\notag`: no number for this equation.
  case noNumber
  /// `\eqref{name}` ("(3)") and `\ref{name}` ("3"): another equation's number.
  case reference(parenthesized: Bool)
  /// `\hline` in an environment: a rule above the next row.
  case horizontalLine

  enum Fraction: Sendable {
    case auto, display, text, binomial, displayBinomial, textBinomial
  }

  /// Plain TeX's infix fractions: their rule, and the delimiters around them.
  enum InfixFraction: Sendable {
    case over, atop, choose, brack, brace

    var hasRule: Bool { self == .over }

    var fences: (String, String)? {
      switch self {
      case .over, .atop: return nil
      case .choose: return ("(", ")")
      case .brack: return ("[", "]")
      case .brace: return ("{", "}")
      }
    }
  }
}

/// The command table: every control sequence the converter understands.
enum Commands {
  static func lookup(_ name: String) -> Command? { table[name] }

  /// Sorted, for documentation and tests.
  static let names: [String] = entries.map(\.0).sorted()

  /// A symbol typed directly (β, ≤, →) means the same as its command.
  static func lookup(character: Unicode.Scalar) -> Command? { characters[character] }

  private static let table: [String: Command] = Dictionary(
    entries, uniquingKeysWith: { first, _ in first })

  private static let characters: [Unicode.Scalar: Command] = {
    var map: [Unicode.Scalar: Command] = [:]
    for (_, command) in entries {
      let text: String
      switch command {
      case .greek(let c, _): text = String(c)
      case .identifier(let s, _), .symbol(let s, _), .largeOperator(let s, _),
        .delimiter(let s, _):
        text = s
      default: continue
      }
      guard text.unicodeScalars.count == 1, let c = text.unicodeScalars.first, c.value >= 0x80
      else { continue }
      if map[c] == nil { map[c] = command }
    }
    return map
  }()

  /// Listed in a fixed order so that `characters` is built deterministically: the first
  /// command for a character (\epsilon before \varepsilon) decides what the character means.
  private static let entries: [(String, Command)] = greek + symbols + operators + structure

  private static let greek: [(String, Command)] = [
    ("alpha", .greek("α", upright: false)), ("beta", .greek("β", upright: false)),
    ("gamma", .greek("γ", upright: false)), ("delta", .greek("δ", upright: false)),
    ("epsilon", .greek("ϵ", upright: false)), ("varepsilon", .greek("ε", upright: false)),
    ("zeta", .greek("ζ", upright: false)), ("eta", .greek("η", upright: false)),
    ("theta", .greek("θ", upright: false)), ("vartheta", .greek("ϑ", upright: false)),
    ("iota", .greek("ι", upright: false)), ("kappa", .greek("κ", upright: false)),
    ("varkappa", .greek("ϰ", upright: false)), ("lambda", .greek("λ", upright: false)),
    ("mu", .greek("μ", upright: false)), ("nu", .greek("ν", upright: false)),
    ("xi", .greek("ξ", upright: false)), ("omicron", .greek("ο", upright: false)),
    ("pi", .greek("π", upright: false)), ("varpi", .greek("ϖ", upright: false)),
    ("rho", .greek("ρ", upright: false)), ("varrho", .greek("ϱ", upright: false)),
    ("sigma", .greek("σ", upright: false)), ("varsigma", .greek("ς", upright: false)),
    ("tau", .greek("τ", upright: false)), ("upsilon", .greek("υ", upright: false)),
    ("phi", .greek("ϕ", upright: false)), ("varphi", .greek("φ", upright: false)),
    ("chi", .greek("χ", upright: false)), ("psi", .greek("ψ", upright: false)),
    ("omega", .greek("ω", upright: false)),
    ("Gamma", .greek("Γ", upright: true)), ("Delta", .greek("Δ", upright: true)),
    ("Theta", .greek("Θ", upright: true)), ("Lambda", .greek("Λ", upright: true)),
    ("Xi", .greek("Ξ", upright: true)), ("Pi", .greek("Π", upright: true)),
    ("Sigma", .greek("Σ", upright: true)), ("Upsilon", .greek("Υ", upright: true)),
    ("Phi", .greek("Φ", upright: true)), ("Psi", .greek("Ψ", upright: true)),
    ("Omega", .greek("Ω", upright: true)),
    ("varGamma", .greek("Γ", upright: false)), ("varDelta", .greek("Δ", upright: false)),
    ("varTheta", .greek("Θ", upright: false)), ("varLambda", .greek("Λ", upright: false)),
    ("varXi", .greek("Ξ", upright: false)), ("varPi", .greek("Π", upright: false)),
    ("varSigma", .greek("Σ", upright: false)), ("varUpsilon", .greek("Υ", upright: false)),
    ("varPhi", .greek("Φ", upright: false)), ("varPsi", .greek("Ψ", upright: false)),
    ("varOmega", .greek("Ω", upright: false)),
    ("partial", .greek("∂", upright: true)), ("nabla", .greek("∇", upright: true)),
  ]

  private static let symbols: [(String, Command)] = [
    // Ordinary symbols.
    ("infty", .identifier("∞", upright: false)), ("ell", .identifier("ℓ", upright: false)),
    ("hbar", .identifier("ℏ", upright: false)), ("emptyset", .identifier("∅", upright: false)),
    ("varnothing", .identifier("∅", upright: false)),
    ("forall", .identifier("∀", upright: false)), ("exists", .identifier("∃", upright: false)),
    ("nexists", .identifier("∄", upright: false)), ("neg", .symbol("¬", .ord)),
    ("lnot", .symbol("¬", .ord)), ("top", .identifier("⊤", upright: false)),
    ("bot", .identifier("⊥", upright: false)), ("intercal", .identifier("⊺", upright: false)),
    ("angle", .identifier("∠", upright: false)), ("triangle", .identifier("△", upright: false)),
    ("aleph", .identifier("ℵ", upright: false)), ("Re", .identifier("ℜ", upright: false)),
    ("Im", .identifier("ℑ", upright: false)), ("wp", .identifier("℘", upright: false)),
    ("imath", .identifier("ı", upright: false)), ("jmath", .identifier("ȷ", upright: false)),
    ("surd", .symbol("√", .ord)), ("checkmark", .identifier("✓", upright: false)),
    ("square", .identifier("□", upright: false)), ("Box", .identifier("□", upright: false)),
    ("blacksquare", .identifier("■", upright: false)),
    ("lozenge", .identifier("◊", upright: false)),
    ("blacklozenge", .identifier("⧫", upright: false)),
    ("diamondsuit", .identifier("♢", upright: false)),
    ("heartsuit", .identifier("♡", upright: false)),
    ("clubsuit", .identifier("♣", upright: false)),
    ("spadesuit", .identifier("♠", upright: false)),
    ("flat", .identifier("♭", upright: false)), ("natural", .identifier("♮", upright: false)),
    ("sharp", .identifier("♯", upright: false)), ("complement", .identifier("∁", upright: false)),
    ("mho", .identifier("℧", upright: false)), ("eth", .identifier("ð", upright: false)),
    ("beth", .identifier("ℶ", upright: false)), ("gimel", .identifier("ℷ", upright: false)),
    ("daleth", .identifier("ℸ", upright: false)), ("Finv", .identifier("Ⅎ", upright: false)),
    ("Game", .identifier("⅁", upright: false)),
    ("digamma", .identifier("ϝ", upright: false)), ("backprime", .identifier("‵", upright: false)),
    ("measuredangle", .identifier("∡", upright: false)),
    ("sphericalangle", .identifier("∢", upright: false)),
    ("degree", .identifier("°", upright: false)),
    ("backslash", .delimiter("\\", .ord)),
    ("%", .identifier("%", upright: false)), ("_", .identifier("_", upright: false)),
    ("$", .identifier("$", upright: false)), ("#", .identifier("#", upright: false)),
    ("&", .identifier("&", upright: false)),
    // Dots: ordinary symbols, so that `x_1, \ldots, x_n` has no space before the comma.
    ("ldots", .identifier("…", upright: false)), ("dots", .identifier("…", upright: false)),
    ("dotsc", .identifier("…", upright: false)), ("dotso", .identifier("…", upright: false)),
    ("cdots", .identifier("⋯", upright: false)), ("dotsb", .identifier("⋯", upright: false)),
    ("dotsm", .identifier("⋯", upright: false)), ("dotsi", .identifier("⋯", upright: false)),
    ("vdots", .identifier("⋮", upright: false)), ("ddots", .identifier("⋱", upright: false)),
    // Binary operators.
    ("pm", .symbol("±", .bin)), ("mp", .symbol("∓", .bin)), ("times", .symbol("×", .bin)),
    ("div", .symbol("÷", .bin)), ("cdot", .symbol("⋅", .bin)), ("ast", .symbol("∗", .bin)),
    ("star", .symbol("⋆", .bin)), ("circ", .symbol("∘", .bin)), ("bullet", .symbol("∙", .bin)),
    ("odot", .symbol("⊙", .bin)), ("otimes", .symbol("⊗", .bin)),
    ("oplus", .symbol("⊕", .bin)), ("ominus", .symbol("⊖", .bin)),
    ("oslash", .symbol("⊘", .bin)), ("cup", .symbol("∪", .bin)), ("cap", .symbol("∩", .bin)),
    ("sqcup", .symbol("⊔", .bin)), ("sqcap", .symbol("⊓", .bin)),
    ("setminus", .symbol("∖", .bin)), ("wedge", .symbol("∧", .bin)),
    ("land", .symbol("∧", .bin)), ("vee", .symbol("∨", .bin)), ("lor", .symbol("∨", .bin)),
    ("dagger", .symbol("†", .bin)), ("ddagger", .symbol("‡", .bin)),
    ("diamond", .symbol("⋄", .bin)), ("wr", .symbol("≀", .bin)),
    ("bmod", .symbol("mod", .bin)),
    ("uplus", .symbol("⊎", .bin)), ("amalg", .symbol("⨿", .bin)),
    ("boxplus", .symbol("⊞", .bin)), ("boxminus", .symbol("⊟", .bin)),
    ("boxtimes", .symbol("⊠", .bin)), ("boxdot", .symbol("⊡", .bin)),
    ("circledast", .symbol("⊛", .bin)), ("circledcirc", .symbol("⊚", .bin)),
    ("bigtriangleup", .symbol("△", .bin)), ("bigtriangledown", .symbol("▽", .bin)),
    ("triangleleft", .symbol("◃", .bin)), ("triangleright", .symbol("▹", .bin)),
    ("ltimes", .symbol("⋉", .bin)), ("rtimes", .symbol("⋊", .bin)),
    ("bigcirc", .symbol("◯", .bin)), ("centerdot", .symbol("⋅", .bin)),
    ("dotplus", .symbol("∔", .bin)), ("divideontimes", .symbol("⋇", .bin)),
    // Relations.
    // \lt and \gt spare a writer the `<` and `>` that Markdown and HTML treat specially.
    ("lt", .symbol("<", .rel)), ("gt", .symbol(">", .rel)),
    ("leq", .symbol("≤", .rel)), ("le", .symbol("≤", .rel)), ("geq", .symbol("≥", .rel)),
    ("ge", .symbol("≥", .rel)), ("leqslant", .symbol("⩽", .rel)),
    ("geqslant", .symbol("⩾", .rel)), ("neq", .symbol("≠", .rel)), ("ne", .symbol("≠", .rel)),
    ("approx", .symbol("≈", .rel)), ("sim", .symbol("∼", .rel)), ("simeq", .symbol("≃", .rel)),
    ("cong", .symbol("≅", .rel)), ("equiv", .symbol("≡", .rel)),
    ("propto", .symbol("∝", .rel)), ("ll", .symbol("≪", .rel)), ("gg", .symbol("≫", .rel)),
    ("prec", .symbol("≺", .rel)), ("succ", .symbol("≻", .rel)),
    ("preceq", .symbol("⪯", .rel)), ("succeq", .symbol("⪰", .rel)),
    ("doteq", .symbol("≐", .rel)), ("triangleq", .symbol("≜", .rel)),
    ("coloneqq", .symbol("≔", .rel)), ("asymp", .symbol("≍", .rel)),
    ("in", .symbol("∈", .rel)), ("notin", .symbol("∉", .rel)), ("ni", .symbol("∋", .rel)),
    ("subset", .symbol("⊂", .rel)), ("supset", .symbol("⊃", .rel)),
    ("subseteq", .symbol("⊆", .rel)), ("supseteq", .symbol("⊇", .rel)),
    ("subsetneq", .symbol("⊊", .rel)), ("supsetneq", .symbol("⊋", .rel)),
    ("perp", .symbol("⊥", .rel)), ("parallel", .symbol("∥", .rel)),
    ("mid", .symbol("∣", .rel)), ("nmid", .symbol("∤", .rel)),
    ("models", .symbol("⊨", .rel)), ("vdash", .symbol("⊢", .rel)),
    ("leftarrow", .symbol("←", .rel)), ("gets", .symbol("←", .rel)),
    ("rightarrow", .symbol("→", .rel)), ("to", .symbol("→", .rel)),
    ("leftrightarrow", .symbol("↔", .rel)), ("Leftarrow", .symbol("⇐", .rel)),
    ("Rightarrow", .symbol("⇒", .rel)), ("Leftrightarrow", .symbol("⇔", .rel)),
    ("longleftarrow", .symbol("⟵", .rel)), ("longrightarrow", .symbol("⟶", .rel)),
    ("Longleftarrow", .symbol("⟸", .rel)), ("Longrightarrow", .symbol("⟹", .rel)),
    ("implies", .symbol("⟹", .rel)), ("impliedby", .symbol("⟸", .rel)),
    ("iff", .symbol("⟺", .rel)), ("mapsto", .symbol("↦", .rel)),
    ("longmapsto", .symbol("⟼", .rel)), ("uparrow", .symbol("↑", .rel)),
    ("downarrow", .symbol("↓", .rel)), ("nearrow", .symbol("↗", .rel)),
    ("searrow", .symbol("↘", .rel)), ("rightleftharpoons", .symbol("⇌", .rel)),
    ("longleftrightarrow", .symbol("⟷", .rel)), ("Longleftrightarrow", .symbol("⟺", .rel)),
    ("Uparrow", .symbol("⇑", .rel)), ("Downarrow", .symbol("⇓", .rel)),
    ("updownarrow", .symbol("↕", .rel)), ("Updownarrow", .symbol("⇕", .rel)),
    ("nwarrow", .symbol("↖", .rel)), ("swarrow", .symbol("↙", .rel)),
    ("hookrightarrow", .symbol("↪", .rel)), ("hookleftarrow", .symbol("↩", .rel)),
    ("leftharpoonup", .symbol("↼", .rel)), ("rightharpoonup", .symbol("⇀", .rel)),
    ("leftharpoondown", .symbol("↽", .rel)), ("rightharpoondown", .symbol("⇁", .rel)),
    ("leadsto", .symbol("⇝", .rel)), ("rightsquigarrow", .symbol("⇝", .rel)),
    ("twoheadrightarrow", .symbol("↠", .rel)), ("twoheadleftarrow", .symbol("↞", .rel)),
    ("rightrightarrows", .symbol("⇉", .rel)), ("leftleftarrows", .symbol("⇇", .rel)),
    ("leftrightarrows", .symbol("⇆", .rel)), ("rightleftarrows", .symbol("⇄", .rel)),
    ("Rrightarrow", .symbol("⇛", .rel)), ("Lleftarrow", .symbol("⇚", .rel)),
    ("lessapprox", .symbol("⪅", .rel)), ("gtrapprox", .symbol("⪆", .rel)),
    ("lesssim", .symbol("≲", .rel)), ("gtrsim", .symbol("≳", .rel)),
    ("lessgtr", .symbol("≶", .rel)), ("gtrless", .symbol("≷", .rel)),
    ("leqq", .symbol("≦", .rel)), ("geqq", .symbol("≧", .rel)),
    ("lll", .symbol("⋘", .rel)), ("ggg", .symbol("⋙", .rel)),
    ("nless", .symbol("≮", .rel)), ("ngtr", .symbol("≯", .rel)),
    ("nleq", .symbol("≰", .rel)), ("ngeq", .symbol("≱", .rel)),
    ("nsim", .symbol("≁", .rel)), ("ncong", .symbol("≇", .rel)),
    ("approxeq", .symbol("≊", .rel)), ("backsim", .symbol("∽", .rel)),
    ("eqsim", .symbol("≂", .rel)), ("thicksim", .symbol("∼", .rel)),
    ("thickapprox", .symbol("≈", .rel)), ("precsim", .symbol("≾", .rel)),
    ("succsim", .symbol("≿", .rel)), ("nsubseteq", .symbol("⊈", .rel)),
    ("nsupseteq", .symbol("⊉", .rel)), ("subseteqq", .symbol("⫅", .rel)),
    ("supseteqq", .symbol("⫆", .rel)), ("sqsubseteq", .symbol("⊑", .rel)),
    ("sqsupseteq", .symbol("⊒", .rel)), ("sqsubset", .symbol("⊏", .rel)),
    ("sqsupset", .symbol("⊐", .rel)), ("vDash", .symbol("⊨", .rel)),
    ("Vdash", .symbol("⊩", .rel)), ("dashv", .symbol("⊣", .rel)),
    ("bowtie", .symbol("⋈", .rel)), ("smile", .symbol("⌣", .rel)),
    ("frown", .symbol("⌢", .rel)), ("nparallel", .symbol("∦", .rel)),
    ("therefore", .symbol("∴", .rel)), ("because", .symbol("∵", .rel)),
    ("circeq", .symbol("≗", .rel)), ("eqcirc", .symbol("≖", .rel)),
    // Punctuation.
    ("colon", .symbol(":", .punct)),
    // Delimiters.
    ("{", .delimiter("{", .open)), ("}", .delimiter("}", .close)),
    ("lbrace", .delimiter("{", .open)), ("rbrace", .delimiter("}", .close)),
    ("lbrack", .delimiter("[", .open)), ("rbrack", .delimiter("]", .close)),
    ("langle", .delimiter("⟨", .open)), ("rangle", .delimiter("⟩", .close)),
    ("lfloor", .delimiter("⌊", .open)), ("rfloor", .delimiter("⌋", .close)),
    ("lceil", .delimiter("⌈", .open)), ("rceil", .delimiter("⌉", .close)),
    // A typed ‖ is ordinary, like \| (the first entry for a character decides).
    ("vert", .delimiter("|", .ord)), ("Vert", .delimiter("‖", .ord)),
    ("|", .delimiter("‖", .ord)),
    ("lvert", .delimiter("|", .open)), ("rvert", .delimiter("|", .close)),
    ("lVert", .delimiter("‖", .open)), ("rVert", .delimiter("‖", .close)),
  ]

  private static let operators: [(String, Command)] = [
    ("sum", .largeOperator("∑", .display)), ("prod", .largeOperator("∏", .display)),
    ("coprod", .largeOperator("∐", .display)), ("bigcup", .largeOperator("⋃", .display)),
    ("bigcap", .largeOperator("⋂", .display)), ("bigoplus", .largeOperator("⨁", .display)),
    ("bigotimes", .largeOperator("⨂", .display)), ("bigodot", .largeOperator("⨀", .display)),
    ("bigvee", .largeOperator("⋁", .display)), ("bigwedge", .largeOperator("⋀", .display)),
    ("bigsqcup", .largeOperator("⨆", .display)),
    ("int", .largeOperator("∫", .never)), ("iint", .largeOperator("∬", .never)),
    ("iiint", .largeOperator("∭", .never)), ("oint", .largeOperator("∮", .never)),
    // Function names (TeX's \mathop with upright letters).
    ("arccos", .function("arccos", .never)), ("arcsin", .function("arcsin", .never)),
    ("arctan", .function("arctan", .never)), ("arg", .function("arg", .never)),
    ("cos", .function("cos", .never)), ("cosh", .function("cosh", .never)),
    ("cot", .function("cot", .never)), ("coth", .function("coth", .never)),
    ("csc", .function("csc", .never)), ("deg", .function("deg", .never)),
    ("dim", .function("dim", .never)), ("exp", .function("exp", .never)),
    ("hom", .function("hom", .never)), ("ker", .function("ker", .never)),
    ("lg", .function("lg", .never)), ("ln", .function("ln", .never)),
    ("log", .function("log", .never)), ("sec", .function("sec", .never)),
    ("sin", .function("sin", .never)), ("sinh", .function("sinh", .never)),
    ("tan", .function("tan", .never)), ("tanh", .function("tanh", .never)),
    ("det", .function("det", .display)), ("gcd", .function("gcd", .display)),
    ("inf", .function("inf", .display)), ("lim", .function("lim", .display)),
    ("liminf", .function("lim\u{2009}inf", .display)),
    ("limsup", .function("lim\u{2009}sup", .display)),
    ("max", .function("max", .display)), ("min", .function("min", .display)),
    ("Pr", .function("Pr", .display)), ("sup", .function("sup", .display)),
    // Not in LaTeX itself, but declared by most machine-learning papers.
    ("argmax", .function("arg\u{2009}max", .display)),
    ("argmin", .function("arg\u{2009}min", .display)),
  ]

  private static let structure: [(String, Command)] = [
    // Accents: spacing-modifier characters, which Chromium centres well over a letter. The
    // combining characters (U+0302, U+0303, U+20D7) carry the wide glyph variants of math
    // fonts, but Chromium mispositions them (zero-advance glyphs, seen with DejaVu Math TeX
    // Gyre), so wide accents use the spacing characters too and stretch only where a font
    // gives those variants.
    ("hat", .accent("\u{02C6}", wide: false)), ("widehat", .accent("\u{02C6}", wide: true)),
    ("tilde", .accent("\u{02DC}", wide: false)), ("widetilde", .accent("\u{02DC}", wide: true)),
    ("bar", .accent("\u{00AF}", wide: false)), ("check", .accent("\u{02C7}", wide: false)),
    ("breve", .accent("\u{02D8}", wide: false)), ("acute", .accent("\u{00B4}", wide: false)),
    ("grave", .accent("\u{02CB}", wide: false)), ("dot", .accent("\u{02D9}", wide: false)),
    ("ddot", .accent("\u{00A8}", wide: false)), ("mathring", .accent("\u{02DA}", wide: false)),
    ("vec", .accent("→", wide: false)),
    // Rules drawn with CSS borders: the stretchy characters for them (U+203E, U+0305, U+0332)
    // do not stretch, or are mispositioned, in Chromium with common math fonts.
    ("overline", .rule(under: false)), ("underline", .rule(under: true)),
    ("overrightarrow", .overArrow("→")),
    ("overleftarrow", .overArrow("←")),
    ("overbrace", .brace("⏞", under: false)), ("underbrace", .brace("⏟", under: true)),
    ("overset", .set(over: true)), ("stackrel", .set(over: true)),
    ("underset", .set(over: false)),
    // Alphabets.
    ("mathbf", .font(.bold)), ("mathrm", .font(.roman)), ("mathit", .font(.italic)),
    ("mathbb", .font(.doubleStruck)), ("mathcal", .font(.script)),
    ("mathscr", .font(.script)), ("mathfrak", .font(.fraktur)),
    ("mathsf", .font(.sansSerif)), ("mathtt", .font(.monospace)),
    ("mathnormal", .font(nil)), ("boldsymbol", .font(.boldSymbol)), ("bm", .font(.boldSymbol)),
    ("text", .text(nil)), ("textrm", .text(nil)), ("textnormal", .text(nil)),
    ("mbox", .text(nil)), ("textbf", .text(.bold)), ("textit", .text(.italic)),
    ("textsf", .text(.sansSerif)), ("texttt", .text(.monospace)),
    ("operatorname", .operatorName),
    // Fractions and roots.
    ("frac", .fraction(.auto)), ("dfrac", .fraction(.display)),
    ("tfrac", .fraction(.text)), ("binom", .fraction(.binomial)),
    ("dbinom", .fraction(.displayBinomial)), ("tbinom", .fraction(.textBinomial)),
    ("sqrt", .sqrt),
    ("over", .infixFraction(.over)), ("atop", .infixFraction(.atop)),
    ("choose", .infixFraction(.choose)), ("brack", .infixFraction(.brack)),
    ("brace", .infixFraction(.brace)),
    ("mathop", .mathOperator), ("smash", .smash),
    ("xrightarrow", .extensibleArrow("→")), ("xleftarrow", .extensibleArrow("←")),
    ("xleftrightarrow", .extensibleArrow("↔")), ("xRightarrow", .extensibleArrow("⇒")),
    ("xLeftarrow", .extensibleArrow("⇐")), ("xLeftrightarrow", .extensibleArrow("⇔")),
    ("xmapsto", .extensibleArrow("↦")),
    // Plain TeX's alphabet switches, which many Markdown books still use.
    ("rm", .fontSwitch(.roman)), ("bf", .fontSwitch(.bold)), ("it", .fontSwitch(.italic)),
    ("cal", .fontSwitch(.script)), ("sf", .fontSwitch(.sansSerif)),
    ("tt", .fontSwitch(.monospace)),
    ("color", .color(switch: true)), ("textcolor", .color(switch: false)),
    // Equation numbers.
    ("label", .label), ("tag", .tag), ("nonumber", .noNumber), ("notag", .noNumber),
    ("eqref", .reference(parenthesized: true)), ("ref", .reference(parenthesized: false)),
    // Spacing, as in TeX: \, = 3mu, \: = 4mu, \; = 5mu, \quad = 1em; `\ ` is a word space.
    (",", .space("0.1667em")), (":", .space("0.2222em")), (">", .space("0.2222em")),
    (";", .space("0.2778em")), ("!", .space("-0.1667em")), (" ", .space("0.3333em")),
    ("thinspace", .space("0.1667em")), ("medspace", .space("0.2222em")),
    ("thickspace", .space("0.2778em")), ("negthinspace", .space("-0.1667em")),
    ("enspace", .space("0.5em")), ("quad", .space("1em")), ("qquad", .space("2em")),
    ("hspace", .horizontalSpace),
    // Delimiters.
    ("left", .left), ("right", .right), ("middle", .middle),
    ("big", .big("1.2em", .ord)), ("Big", .big("1.8em", .ord)),
    ("bigg", .big("2.4em", .ord)), ("Bigg", .big("3em", .ord)),
    ("bigl", .big("1.2em", .open)), ("Bigl", .big("1.8em", .open)),
    ("biggl", .big("2.4em", .open)), ("Biggl", .big("3em", .open)),
    ("bigr", .big("1.2em", .close)), ("Bigr", .big("1.8em", .close)),
    ("biggr", .big("2.4em", .close)), ("Biggr", .big("3em", .close)),
    ("bigm", .big("1.2em", .rel)), ("Bigm", .big("1.8em", .rel)),
    ("biggm", .big("2.4em", .rel)), ("Biggm", .big("3em", .rel)),
    // Structure.
    ("begin", .begin), ("end", .end), ("\\", .newline), ("cr", .newline),
    ("hline", .horizontalLine),
    ("displaystyle", .style(.display)), ("textstyle", .style(.text)),
    ("scriptstyle", .style(.script)), ("scriptscriptstyle", .style(.scriptScript)),
    ("limits", .limits(true)), ("nolimits", .limits(false)),
    ("not", .not), ("prime", .prime),
  ]
}
