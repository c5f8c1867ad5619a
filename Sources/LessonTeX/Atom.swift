import LessonMarkup

/// One item of a formula's horizontal list, with its TeX class.
///
/// TeX decides spacing from the classes of neighbouring atoms (The TeXbook, ch. 17–18);
/// MathML decides it from the operator dictionary. They agree for most operators; `Row`
/// fixes the cases where they do not (unary minus, function application).
struct Atom {
  enum Kind: Equatable {
    /// Letters, numbers, groups, fractions, `∞`, `/`.
    case ord
    /// Large operators: `∑`, `∏`, `∫`.
    case op
    /// Function names: `log`, `max`, `\operatorname{diag}` (TeX's `\mathop`, drawn as `<mi>`).
    case function
    /// Binary operators: `+`, `−`, `⋅`, `×`.
    case bin
    /// Relations: `=`, `≤`, `→`, `∈`.
    case rel
    /// Opening delimiters not sized by `\left`: `(`, `[`, `⌊`.
    case open
    /// Closing delimiters: `)`, `]`, `⌋`, and `!`.
    case close
    /// Punctuation: `,`, `;`.
    case punct
    /// A `\left … \right` group.
    case fenced
    /// Explicit spacing: `\,`, `\quad`. Invisible to the class rules.
    case space
  }

  /// Where a large operator or function name puts its scripts.
  enum Limits {
    /// Above and below in display style, to the side otherwise (`\sum`, `\max`, `\lim`).
    case display
    /// Always above and below (`\underbrace`, `\limits`).
    case always
    /// Always to the side (`\int`, `\log`, `\nolimits`).
    case never
  }

  var kind: Kind
  var node: Node
  var limits: Limits = .never

  init(_ kind: Kind, _ node: Node, limits: Limits = .never) {
    self.kind = kind
    self.node = node
    self.limits = limits
  }
}

/// Builders for MathML nodes: the only place element names are spelled.
enum ML {
  static func element(_ name: String, _ attributes: [Attribute] = [], _ children: [Node]) -> Node {
    .element(Element(name, attributes, children))
  }

  static func token(_ name: String, _ attributes: [Attribute] = [], _ text: String) -> Node {
    .element(Element(name, attributes, text: text))
  }

  /// An identifier; a single auto-italic character may be kept upright.
  static func mi(_ text: String, upright: Bool = false) -> Node {
    if upright, text.unicodeScalars.count == 1, isAutoItalic(text.unicodeScalars.first!) {
      return token("mi", [Attribute("mathvariant", "normal")], text)
    }
    return token("mi", [], text)
  }

  static func mn(_ text: String) -> Node { token("mn", [], text) }

  static func mo(_ text: String, _ attributes: [Attribute] = []) -> Node {
    token("mo", attributes, text)
  }

  static func mtext(_ text: String) -> Node { token("mtext", [], text) }

  static func space(_ width: String) -> Node {
    element("mspace", [Attribute("width", width)], [])
  }

  /// One node for a list: the node itself when there is one, else an `<mrow>`.
  static func row(_ nodes: [Node]) -> Node {
    nodes.count == 1 ? nodes[0] : element("mrow", [], nodes)
  }

  /// U+2061 FUNCTION APPLICATION, invisible, between a function name and its argument.
  static let functionApplication = mo("\u{2061}")
  static let thinSpace = space("0.1667em")
}

/// Lays out a list of atoms as MathML nodes, applying TeX's spacing rules.
enum Row {
  /// The nodes of a horizontal list.
  ///
  /// - `leadingOperand`: the list continues one that ended with an operand, as in the second
  ///   column of `aligned` (`&+ b`), so a leading `+` stays binary.
  /// - `script`: the list is a script or a script of a script, where TeX puts no space around
  ///   binary operators, relations and punctuation (`v_{t-1}`, `\sum_{i=1}`), and MathML's
  ///   operator dictionary would.
  static func layout(_ atoms: [Atom], leadingOperand: Bool = false, script: Bool = false)
    -> [Node]
  {
    var kinds = atoms.map(\.kind)
    var nodes: [Node] = []
    nodes.reserveCapacity(atoms.count + 2)
    // TeX rules 5 and 6 (The TeXbook, appendix G): a binary operator with no operand on its
    // left, or followed by a relation, closing delimiter or punctuation, is an ordinary symbol.
    var previous: Atom.Kind? = leadingOperand ? .ord : nil
    for (index, atom) in atoms.enumerated() {
      if atom.kind == .space { continue }
      if atom.kind == .bin {
        let next = nextKind(kinds, after: index)
        switch previous {
        case nil, .bin?, .op?, .function?, .rel?, .open?, .punct?: kinds[index] = .ord
        default:
          if next == nil || next == .rel || next == .close || next == .punct {
            kinds[index] = .ord
          }
        }
      }
      previous = kinds[index]
    }

    let noSpace = [Attribute("lspace", "0"), Attribute("rspace", "0")]
    for (index, atom) in atoms.enumerated() {
      var node = atom.node
      if atom.kind == .bin, kinds[index] == .ord {
        // Unary: `-x`, `(-1)`, `a = -b`. With an operand after it, it is a prefix operator;
        // at the end of a list (`x^{n+}`) it just loses its spacing.
        node = adding(
          nextKind(kinds, after: index) == nil ? noSpace : [Attribute("form", "prefix")],
          to: node)
      } else if script, [.bin, .rel, .punct].contains(kinds[index]) {
        node = adding(noSpace, to: node)
      } else if atom.kind == .bin, leadingOperand, previousKind(kinds, before: index) == nil {
        // First in its `<mrow>`, MathML would take it for a prefix operator.
        node = adding([Attribute("form", "infix")], to: node)
      }
      nodes.append(node)
      if atom.kind == .function {
        appendApplication(after: index, kinds: kinds, to: &nodes)
      }
    }
    return nodes
  }

  /// After a function name: U+2061 before its argument, plus TeX's thin space between an
  /// operator and an ordinary atom (`\log x`, `\max_i f`), but none before a delimiter
  /// (`\log(x)`) or when the author wrote the spacing (`\log\,x`).
  private static func appendApplication(
    after index: Int, kinds: [Atom.Kind], to nodes: inout [Node]
  ) {
    guard let next = nextKind(kinds, after: index) else { return }
    switch next {
    case .ord, .op, .function:
      nodes.append(ML.functionApplication)
      if index + 1 < kinds.count, kinds[index + 1] != .space { nodes.append(ML.thinSpace) }
    case .open, .fenced:
      nodes.append(ML.functionApplication)
    case .bin, .rel, .close, .punct, .space:
      break
    }
  }

  private static func previousKind(_ kinds: [Atom.Kind], before index: Int) -> Atom.Kind? {
    var i = index - 1
    while i >= 0 {
      if kinds[i] != .space { return kinds[i] }
      i -= 1
    }
    return nil
  }

  private static func nextKind(_ kinds: [Atom.Kind], after index: Int) -> Atom.Kind? {
    var i = index + 1
    while i < kinds.count {
      if kinds[i] != .space { return kinds[i] }
      i += 1
    }
    return nil
  }
}
