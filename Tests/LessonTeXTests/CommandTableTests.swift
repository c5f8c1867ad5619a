import Testing

@testable import LessonTeX

/// Every command and environment in the tables converts, in display and inline math, to
/// well-formed MathML Core.
@Suite struct CommandTableTests {
  /// A typical use of a command, built from what kind of command it is.
  static func usage(of name: String) -> String {
    let command = "\\" + name
    switch Commands.lookup(name) {
    case .accent?, .overArrow?, .rule?, .font?, .text?, .sqrt?: return command + "{x}"
    case .brace?: return command + "{a+b}_{n}"
    case .set?, .fraction?: return command + "{a}{b}"
    case .left?: return #"\left( x \right)"#
    case .right?: return #"\left. x \right)"#
    case .middle?: return #"\left( a \middle| b \right)"#
    case .big?: return command + "("
    case .begin?, .end?: return #"\begin{matrix} a \end{matrix}"#
    case .newline?: return #"\begin{matrix} a \\ b \end{matrix}"#
    case .operatorName?: return command + "{diag}"
    case .style?: return command + " x"
    case .limits?: return #"\sum"# + command + "_{i}"
    case .not?: return command + "="
    case .largeOperator?, .function?: return command + "_{i}^{n} x"
    case .fontSwitch?: return "{" + command + " d}x"
    case .color?: return command + "{red}{x} y"
    case .mathOperator?: return command + "{\\mathrm{argmax}}_{i} x"
    case .infixFraction?: return "{n " + command + " k}"
    case .extensibleArrow?: return "a " + command + "[g]{f} b"
    case .horizontalSpace?: return "a " + command + "{1em} b"
    case .smash?: return command + "{y}"
    case .label?, .tag?: return "x = 1"  // display only: EquationTests
    case .noNumber?: return "x = 1 " + command
    case .reference?: return "x"  // needs a label table: EquationTests
    case .horizontalLine?: return #"\begin{array}{c} \hline a \end{array}"#
    case .greek?, .identifier?, .symbol?, .delimiter?, .space?, .prime?:
      return "a " + command + " b"
    case nil: return command
    }
  }

  @Test(arguments: Commands.names)
  func command_converts(_ name: String) throws {
    let tex = Self.usage(of: name)
    for display in [true, false] {
      let markup = try TeX.mathML(tex, display: display).get()
      let check = XMLCheck.parse(markup)
      #expect(check.error == nil, "\(tex): \(check.error ?? "")")
      let unknown = Set(check.elements).subtracting(CorpusTests.coreElements)
      #expect(unknown.isEmpty, "\(tex) uses \(unknown.sorted())")
    }
  }

  @Test(arguments: Environment.names)
  func environment_converts(_ name: String) throws {
    let columns = name == "array" ? "{lr}" : ""
    let tex = #"\begin{\#(name)}\#(columns) a & b \\ c & d \end{\#(name)}"#
    let markup = try TeX.mathML(tex, display: true).get()
    #expect(XMLCheck.parse(markup).error == nil)
    #expect(markup.contains("<mtable"))
  }

  @Test func typedSymbols_meanTheirCommands() throws {
    let pairs = [
      ("β", #"\beta"#), ("Γ", #"\Gamma"#), ("≤", #"\leq"#), ("→", #"\to"#), ("∑_i", #"\sum_i"#),
      ("∞", #"\infty"#), ("∂", #"\partial"#), ("ε", #"\varepsilon"#), ("ϵ", #"\epsilon"#),
      ("⌊x⌋", #"\lfloor x\rfloor"#), ("−x", "-x"), ("a·b", #"a\cdot b"#), ("f′", "f'"),
      ("‖x‖", #"\|x\|"#), ("⟨u⟩", #"\langle u\rangle"#),
    ]
    for (typed, command) in pairs {
      let a = try TeX.mathML(typed, display: false).get()
      let b = try TeX.mathML(command, display: false).get()
      #expect(presentation(a) == presentation(b), "\(typed)")
    }
  }

  @Test func publicLists_areSortedAndIncludeTheCourseCommands() {
    #expect(TeX.supportedCommands == TeX.supportedCommands.sorted())
    #expect(TeX.supportedEnvironments == TeX.supportedEnvironments.sorted())
    for name in [
      "varepsilon", "epsilon", "vartheta", "frac", "dfrac", "tfrac", "sqrt", "hat", "bar", "tilde",
      "vec", "dot", "widehat", "overline", "mathbf", "mathbb", "mathcal", "mathrm", "mathit",
      "boldsymbol", "text", "operatorname", "sum", "prod", "int", "log", "exp", "ln", "max",
      "min", "arg", "lim", "sin", "cos", "tanh", "det", "partial", "nabla", "odot", "cdot",
      "times", "leq", "geq", "neq", "approx", "sim", "propto", "in", "leftarrow", "rightarrow",
      "to", "mapsto", "infty", "ldots", "cdots", "dots", "pm", "mp", "quad", "qquad", ",", ";",
      ":", "!", " ", "left", "right", "middle", "langle", "rangle", "lVert", "rVert", "{", "}",
      "lfloor", "rfloor", "lceil", "rceil", "top", "intercal", "mid", "colon", "underbrace",
      "overbrace", "\\",
    ] {
      #expect(TeX.supportedCommands.contains(name), "\\\(name)")
    }
    for name in ["pmatrix", "bmatrix", "matrix", "cases", "aligned", "align*"] {
      #expect(TeX.supportedEnvironments.contains(name))
    }
  }

  private func presentation(_ markup: String) -> Substring {
    markup[..<(markup.range(of: "<annotation")?.lowerBound ?? markup.endIndex)]
  }
}
