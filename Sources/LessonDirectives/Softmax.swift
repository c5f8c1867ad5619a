#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import LessonKit
import LessonMarkup
import LessonMath
import LessonPlot

/// `{softmax}`: the probabilities of a vector of logits, at one or more temperatures, and its
/// hardmax (course 3.8).
///
/// aᵢ = e^{zᵢ/T} / Σⱼ e^{zⱼ/T}, computed after subtracting max z (the result is the same, and
/// e^z cannot overflow). T = 1 is the course's softmax; T → 0 tends to the hardmax (a one-hot
/// vector at the largest logit), T → ∞ to the uniform distribution.
struct SoftmaxProbabilities: Directive {
  static let name = "softmax"
  static let summary =
    "The probabilities of a vector of logits (bars and a table), at several temperatures, and its hardmax."
  static let publishedValues = [
    ValueDeclaration("p[i]", "aᵢ at the first temperature; classes are numbered from 1."),
    ValueDeclaration("p[T][i]", "aᵢ at temperature T (every temperature listed), e.g. p[0.5][1]."),
    ValueDeclaration(
      "exp[i]", "e^{zᵢ/T} at the first temperature, before normalizing (when finite)."),
    ValueDeclaration("exp-sum", "Σⱼ e^{zⱼ/T} at the first temperature (when finite)."),
    ValueDeclaration("sum[T]", "Σᵢ aᵢ at temperature T (1 up to rounding)."),
    ValueDeclaration(
      "hardmax", "The class (from 1) of the largest logit: where hardmax puts its 1."),
    ValueDeclaration("classes", "The number of classes C."),
  ]

  @Option("logits", help: "The logits z, one per class (class 1 first).")
  var logits: [Double] = [5, 2, -1, 3]

  @Option(
    "temperature", symbol: "T", range: .closed(1e-3, 1e3),
    help:
      "Temperatures T (the logits are divided by T), one bar per class each; 1 is plain softmax.")
  var temperature: [Double] = [1]

  @Option("labels", help: "Class names, one per logit; default: class 1, class 2, …")
  var labels: [String]? = nil

  @Option(
    "show-hardmax", help: "Also draw the hardmax (1 at the largest logit, 0 elsewhere) as bars.")
  var showHardmax = false

  @Option("chart", help: "Draw the bar chart (false: the table only).")
  var showChart = true

  @Option("table", help: "Show the table of logits and probabilities under the figure.")
  var showTable = true

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    guard (2...20).contains(logits.count) else {
      throw DirectiveError("softmax needs 2 to 20 logits, got \(logits.count)", option: "logits")
    }
    if let labels, labels.count != logits.count {
      throw DirectiveError(
        "'labels' has \(labels.count) name\(labels.count == 1 ? "" : "s") for \(logits.count) logits",
        option: "labels")
    }
    guard temperature.count <= 6 else {
      throw DirectiveError(
        "at most 6 temperatures fit in one chart, got \(temperature.count)", option: "temperature")
    }
    if let repeated = Self.firstRepeated(temperature.map { NumberFormat.ascii($0) }) {
      throw DirectiveError("temperature \(repeated) is listed twice", option: "temperature")
    }
    let names = labels ?? logits.indices.map { "class \($0 + 1)" }
    let probabilities = temperature.map { Softmax.probabilities(logits, temperature: $0) }
    let hard = Softmax.hardmax(logits)
    let best = hard.firstIndex(of: 1)!
    let t0 = temperature[0]
    // What the course writes as t = e^z (here e^{z/T}); shown only when it does not overflow.
    let raw = logits.map { exp($0 / t0) }
    let rawFinite = raw.allSatisfy(\.isFinite) && raw.reduce(0, +).isFinite
    let shifted = logits.map { exp(($0 - logits.max()!) / t0) }

    // Bars: one series per temperature, the hardmax last in grey.
    let many = temperature.count > 1 || showHardmax
    var series = zip(temperature, probabilities).map { t, p in
      BarSeries(many ? "T = \(NumberFormat.display(t))" : nil, values: p)
    }
    if showHardmax { series.append(BarSeries("hardmax", values: hard, color: .muted)) }
    let narrow = logits.count * series.count > 24
    let chart = BarChart(
      height: 320, categories: names, series: series, xLabel: labels == nil ? nil : "class",
      y: Axis("probability", domain: 0...1),
      valueFormat: narrow ? nil : (series.count > 1 ? .fixed(2) : .fixed(3)))

    let zText = "z = (" + logits.map { NumberFormat.display($0) }.joined(separator: ", ") + ")"
    var sentences: [String] = []
    for (t, p) in zip(temperature, probabilities) {
      let order = p.indices.sorted { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }
      let parts = order.prefix(4).map { "\(names[$0]) \(NumberFormat.display(p[$0], .fixed(3)))" }
      let more = order.count > 4 ? " and the rest less" : ""
      sentences.append(
        (temperature.count > 1 ? "At T = \(NumberFormat.display(t)): " : "")
          + parts.joined(separator: ", ") + more + ".")
    }
    let description =
      "Bar chart of the softmax probabilities of \(zText)"
      + (temperature.count > 1 ? " at \(temperature.count) temperatures" : "") + ". "
      + sentences.joined(separator: " ")
      + " The hardmax puts 1 on \(names[best]) and 0 elsewhere."
      + (temperature.count > 1
        ? " The lower the temperature, the closer the probabilities come to the hardmax; the higher, the flatter they are."
        : "")

    var columns: [(String, [Double])] = [
      ("class", logits.indices.map { Double($0 + 1) }), ("z", logits),
    ]
    for (t, p) in zip(temperature, probabilities) {
      columns.append(("a T=\(NumberFormat.ascii(t))", p))
    }
    columns.append(("hardmax", hard))
    var data = DataTable(columns)
    data.columns.insert("name", at: 1)
    for r in data.rows.indices { data.rows[r].insert(.text(names[r]), at: 1) }

    // One temperature: its exponentials (the course's t = e^z), or e^{z − max z} when e^z
    // overflows. Several: the probabilities side by side.
    let single = temperature.count == 1
    let over = t0 == 1 ? "" : "/T"
    var tableColumns = [
      Table.Column("class", style: .automatic), Table.Column("$z_i$", csv: "z", style: .automatic),
    ]
    if single {
      tableColumns.append(
        rawFinite
          ? Table.Column("$e^{z_i\(over)}$", csv: "exp(z\(over))", style: .significant(4))
          : Table.Column(
            over.isEmpty ? "$e^{z_i - \\max z}$" : "$e^{(z_i - \\max z)/T}$",
            csv: "exp((z - max z)\(over))", style: .significant(4)))
    }
    for t in temperature {
      tableColumns.append(
        Table.Column(
          single && t == 1 ? "$a_i$" : "$a_i$ at $T = \(NumberFormat.display(t))$",
          csv: "a T=\(NumberFormat.ascii(t))", style: .fixed(6)))
    }
    tableColumns.append(Table.Column("hardmax", style: .integer))
    let rows = logits.indices.map { i -> [Cell] in
      [.text(names[i]), .number(logits[i])]
        + (single ? [.number(rawFinite ? raw[i] : shifted[i])] : [])
        + probabilities.map { .number($0[i]) } + [.number(hard[i])]
    }
    let formula =
      single && t0 == 1 ? "$a_i = e^{z_i}/\\sum_j e^{z_j}$" : "$a_i = e^{z_i/T}/\\sum_j e^{z_j/T}$"
    let exponentials =
      !single
      ? ""
      : rawFinite
        ? "their exponentials, "
        : "their exponentials after subtracting $\\max z$ (the plain $e^{z_i}$ overflow), "
    let table = Table(
      key: "table",
      caption: "The logits, \(exponentials)the probabilities \(formula) and the hardmax.",
      columns: tableColumns, rows: rows)

    var values: [NamedValue] = []
    for (i, p) in probabilities[0].enumerated() { values.append(NamedValue("p[\(i + 1)]", p)) }
    for (t, p) in zip(temperature, probabilities) {
      let key = NumberFormat.ascii(t)
      for (i, pi) in p.enumerated() { values.append(NamedValue("p[\(key)][\(i + 1)]", pi)) }
      values.append(NamedValue("sum[\(key)]", p.reduce(0, +)))
    }
    if rawFinite {
      for (i, e) in raw.enumerated() { values.append(NamedValue("exp[\(i + 1)]", e)) }
      values.append(NamedValue("exp-sum", raw.reduce(0, +)))
    }
    values.append(NamedValue("hardmax", Double(best + 1), style: .integer))
    values.append(NamedValue("classes", Double(logits.count), style: .integer))

    let caption =
      "Softmax of $z = (" + logits.map { NumberFormat.display($0) }.joined(separator: ", ") + ")$"
      + (temperature.count == 1 && t0 == 1
        ? "" : " at " + EWA.list(temperature.map { "$T = \(NumberFormat.display($0))$" }))
      + (showHardmax ? ", and its hardmax" : "") + "."
    var items: [DirectiveOutput.Item] = []
    if showChart {
      items.append(
        .figure(
          Figure(
            caption: caption, description: description, data: data,
            chart: chart)))
    }
    if showTable { items.append(.table(table)) }
    guard !items.isEmpty else {
      throw DirectiveError(
        "with 'chart: false' and 'table: false' there is nothing to show", option: "chart")
    }
    return DirectiveOutput(items: items, values: values)
  }

  /// The first text that occurs twice, if any.
  static func firstRepeated(_ items: [String]) -> String? {
    var seen: Set<String> = []
    for item in items where !seen.insert(item).inserted { return item }
    return nil
  }
}
