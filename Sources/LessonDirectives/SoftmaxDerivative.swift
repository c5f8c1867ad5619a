import LessonKit
import LessonMarkup
import LessonMath
import LessonPlot

/// `{softmax-derivative}`: the gradient of softmax cross-entropy, dL/dz = a − y, checked
/// against central finite differences, and the full Jacobian ∂a/∂z = diag(a) − a aᵀ
/// (course 3.9).
///
/// L(z) = −Σᵢ yᵢ log aᵢ with a = softmax(z) and y one-hot at the true class. The course notes
/// write the derivative of softmax as "Ŷ(1 − Ŷ)": that is only the Jacobian's diagonal; the
/// off-diagonal entries −aᵢaⱼ are what turn the chain rule into a − y. With the diagonal alone
/// the gradient would be a_y − 1 at the true class and 0 everywhere else.
struct SoftmaxDerivative: Directive {
  static let name = "softmax-derivative"
  static let summary =
    "dL/dz = a − y of softmax cross-entropy against central differences, and the full Jacobian diag(a) − aaᵀ."
  static let publishedValues = [
    ValueDeclaration("loss", "L = −log a_y, the cross-entropy at the true class y."),
    ValueDeclaration("a[i]", "The probability aᵢ (classes numbered from 1)."),
    ValueDeclaration("dz[i]", "The analytic derivative ∂L/∂zᵢ = aᵢ − yᵢ."),
    ValueDeclaration("numeric[i]", "The central difference (L(z + h eᵢ) − L(z − h eᵢ))/(2h)."),
    ValueDeclaration("max-error", "max |analytic − numeric| over the classes."),
    ValueDeclaration(
      "relative-error",
      "‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖), the course's gradient-check ratio."),
    ValueDeclaration("jacobian[i][j]", "∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ)."),
    ValueDeclaration(
      "jacobian-error", "max |Jacobian − central differences of a| over all entries."),
    ValueDeclaration(
      "row-sum", "max |Σⱼ ∂aᵢ/∂zⱼ| over the rows (0: shifting every logit changes nothing)."),
    ValueDeclaration(
      "diagonal-only[i]",
      "The gradient if only the diagonal aᵢ(1 − aᵢ) is kept: a_y − 1 at y, 0 elsewhere."),
    ValueDeclaration(
      "diagonal-only-error",
      "max |(a − y) − diagonal-only gradient|: what the diagonal alone misses."),
    ValueDeclaration("label", "The true class y, numbered from 1."),
  ]

  enum Show: String, OptionChoice {
    case gradient
    case table
    case jacobian
  }

  @Option("logits", help: "The logits z, one per class (class 1 first).")
  var logits: [Double] = [5, 2, -1, 3]

  @Option(
    "label", range: .closed(1, 20),
    help: "The true class y, numbered from 1 (2 is the course's y = (0, 1, 0, 0)).")
  var label = 2

  @Option("labels", help: "Class names, one per logit; default: class 1, class 2, …")
  var labels: [String]? = nil

  @Option(
    "h", range: .closed(1e-12, 1), help: "The finite-difference step h of the central differences.")
  var h = 1e-5

  @Option(
    "diagonal-only",
    help: "Also draw the gradient built from the Jacobian's diagonal alone (the notes' Ŷ(1 − Ŷ)).")
  var diagonalOnly = false

  @Option(
    "show",
    help:
      "What to show, in order: gradient (bars of a − y and the central differences), table, jacobian (heatmap)."
  )
  var show: [Show] = [.gradient, .table, .jacobian]

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    let c = logits.count
    guard (2...20).contains(c) else {
      throw DirectiveError("softmax needs 2 to 20 logits, got \(c)", option: "logits")
    }
    guard label <= c else {
      throw DirectiveError(
        "'label' is class \(label), but there are only \(c) logits", option: "label")
    }
    if let labels, labels.count != c {
      throw DirectiveError(
        "'labels' has \(labels.count) name\(labels.count == 1 ? "" : "s") for \(c) logits",
        option: "labels")
    }
    let y = label - 1
    let a = Softmax.probabilities(logits)
    let loss = Softmax.crossEntropy(logits: logits, label: y)
    let check = GradientCheck.check(
      name: "softmax-cross-entropy", at: logits, step: h,
      analytic: Softmax.crossEntropyGradient(logits: logits, label: y)
    ) { Softmax.crossEntropy(logits: $0, label: y) }
    let analytic = check.analytic
    let numeric = check.numeric
    let onehot = (0..<c).map { $0 == y ? 1.0 : 0 }
    let diagonal = (0..<c).map { $0 == y ? a[y] - 1 : 0 }
    let diagonalError = zip(analytic, diagonal).map { abs($0 - $1) }.max()!

    let jacobian = Softmax.jacobian(probabilities: a)
    // Column j of the Jacobian by central differences of the probabilities.
    var numericJacobian = Matrix(rows: c, columns: c)
    var point = logits
    for j in 0..<c {
      point[j] = logits[j] + h
      let plus = Softmax.probabilities(point)
      point[j] = logits[j] - h
      let minus = Softmax.probabilities(point)
      point[j] = logits[j]
      for i in 0..<c { numericJacobian[i, j] = (plus[i] - minus[i]) / (2 * h) }
    }
    let jacobianError = zip(jacobian.storage, numericJacobian.storage).map { abs($0 - $1) }.max()!
    let rowSum = (0..<c).map { i in abs(jacobian.row(i).reduce(0, +)) }.max()!

    let names = labels ?? (1...c).map { "class \($0)" }
    var series = [
      BarSeries("a − y (analytic)", values: analytic),
      BarSeries("central difference, h = \(NumberFormat.display(h))", values: numeric),
    ]
    if diagonalOnly {
      series.append(BarSeries("diagonal aᵢ(1 − aᵢ) only", values: diagonal, color: .muted))
    }
    let chart = BarChart(
      height: 340, categories: names, series: series, y: Axis("∂L/∂zᵢ"),
      valueFormat: series.count == 2 && c <= 6 ? .fixed(3) : nil, legend: .below)
    let sub = ["₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
    func subscripted(_ k: Int) -> String { k <= 9 ? sub[k - 1] : "\(k)" }
    let heatmap = Heatmap(
      width: 560, height: c <= 5 ? 400 : 470, values: jacobian.nestedRows,
      rowLabels: (1...c).map { "a" + subscripted($0) },
      columnLabels: (1...c).map { "z" + subscripted($0) }, xLabel: "with respect to",
      yLabel: "derivative of", colorMap: .themeDiverging,
      cellFormat: c <= 5 ? .fixed(4) : .fixed(3), colorBarLabel: "∂aᵢ/∂zⱼ")

    let zText = "(" + logits.map { NumberFormat.display($0) }.joined(separator: ", ") + ")"
    let fmt = { (v: Double) in NumberFormat.display(v, .fixed(3)) }
    let description =
      "Bar chart of ∂L/∂zᵢ for z = \(zText) with true class \(label) (\(names[y])): the analytic a − y is ("
      + analytic.map(fmt).joined(separator: ", ")
      + "), negative only at the true class, and the central differences with h = \(NumberFormat.display(h)) "
      + "match it to within \(NumberFormat.display(check.maximumAbsoluteDifference, .scientific(1)))."
      + (diagonalOnly
        ? " Keeping only the Jacobian's diagonal gives ("
          + diagonal.map(fmt).joined(separator: ", ")
          + "): right at the true class, 0 elsewhere, off by up to \(fmt(diagonalError))."
        : "")
    let offDiagonal = (0..<c).flatMap { i in (0..<c).filter { $0 != i }.map { jacobian[i, $0] } }
    let jacobianDescription =
      "Heatmap of the \(c) × \(c) softmax Jacobian diag(a) − aaᵀ for z = \(zText). The diagonal aᵢ(1 − aᵢ) is positive, largest "
      + "\(NumberFormat.display((0..<c).map { jacobian[$0, $0] }.max()!, .fixed(4))); every off-diagonal entry −aᵢaⱼ is negative, "
      + "down to \(NumberFormat.display(offDiagonal.min()!, .fixed(4))); each row sums to zero."

    let gradientData = DataTable([
      ("class", (1...c).map(Double.init)), ("z", logits), ("a", a), ("y", onehot),
      ("a - y", analytic), ("central difference", numeric), ("diagonal only", diagonal),
    ])
    var jacobianColumns: [(String, [Double])] = [("i", (1...c).map(Double.init))]
    for j in 0..<c { jacobianColumns.append(("d a_i / d z_\(j + 1)", jacobian.column(j))) }

    var tableColumns = [
      Table.Column("$i$", csv: "class", style: .integer),
      Table.Column("$z_i$", csv: "z", style: .automatic),
      Table.Column("$a_i$", csv: "a", style: .fixed(6)),
      Table.Column("$y_i$", csv: "y", style: .integer),
      Table.Column("$a_i - y_i$", csv: "a - y", style: .fixed(6)),
      Table.Column("central difference", csv: "central difference", style: .fixed(6)),
      Table.Column("difference", csv: "difference", style: .scientific(1)),
    ]
    if diagonalOnly {
      tableColumns.append(Table.Column("diagonal only", csv: "diagonal only", style: .fixed(6)))
    }
    let table = Table(
      key: "table",
      caption:
        "The gradient at $z = \(zText)$ with true class \(label): the analytic $a_i - y_i$, the central difference $\\bigl(L(z + h e_i) - L(z - h e_i)\\bigr)/(2h)$ with $h$ = \(NumberFormat.display(h)), and their difference.",
      columns: tableColumns,
      rows: (0..<c).map { i -> [Cell] in
        var row: [Cell] = [
          .number(Double(i + 1)), .number(logits[i]), .number(a[i]), .number(onehot[i]),
          .number(analytic[i]), .number(numeric[i]), .number(analytic[i] - numeric[i]),
        ]
        if diagonalOnly { row.append(.number(diagonal[i])) }
        return row
      })

    var values = [
      NamedValue("loss", loss),
      NamedValue("max-error", check.maximumAbsoluteDifference, style: .scientific(1)),
      NamedValue("relative-error", check.relativeError, style: .scientific(1)),
      NamedValue("jacobian-error", jacobianError, style: .scientific(1)),
      NamedValue("row-sum", rowSum, style: .scientific(1)),
      NamedValue("diagonal-only-error", diagonalError),
      NamedValue("label", Double(label), style: .integer),
    ]
    for i in 0..<c {
      values.append(NamedValue("a[\(i + 1)]", a[i]))
      values.append(NamedValue("dz[\(i + 1)]", analytic[i]))
      values.append(NamedValue("numeric[\(i + 1)]", numeric[i]))
      values.append(NamedValue("diagonal-only[\(i + 1)]", diagonal[i]))
      for j in 0..<c { values.append(NamedValue("jacobian[\(i + 1)][\(j + 1)]", jacobian[i, j])) }
    }

    let caption =
      "The gradient of the cross-entropy at $z = \(zText)$, true class \(label): $a - y$ and its central differences"
      + (diagonalOnly ? ", and what the diagonal of the Jacobian alone would give." : ".")
    let jacobianCaption =
      "The full softmax Jacobian $\\partial a_i/\\partial z_j = \\operatorname{diag}(a) - a a^\\top$ at $z = \(zText)$: the notes' $\\hat y(1-\\hat y)$ is only its diagonal."
    if let repeated = SoftmaxProbabilities.firstRepeated(show.map(\.rawValue)) {
      throw DirectiveError("'\(repeated)' is listed twice", option: "show")
    }
    let items = show.map { part -> DirectiveOutput.Item in
      switch part {
      case .gradient:
        .figure(
          Figure(
            caption: caption, description: description, data: gradientData,
            chart: chart))
      case .table: .table(table)
      case .jacobian:
        .figure(
          Figure(
            key: "jacobian", caption: jacobianCaption, description: jacobianDescription,
            data: DataTable(jacobianColumns),
            chart: heatmap))
      }
    }
    return DirectiveOutput(items: items, values: values)
  }
}
