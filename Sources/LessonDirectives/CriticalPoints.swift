import LessonKit
import LessonMarkup
import LessonMath
import LessonPlot

/// `{critical-points}`: how often a random critical point is a minimum, by dimension, against
/// the course notes' 0.5ⁿ (course 2.10).
///
/// For each n, `trials` random symmetric Hessians H = (A + Aᵀ)/√2 (A with i.i.d. N(0, 1)
/// entries) are drawn and the positive-definite ones counted. The notes argue 0.5ⁿ — each
/// direction curving up independently with probability ½ — but the eigenvalues of one matrix
/// repel each other, so "all positive" is rarer still: (2 − √2)/4 ≈ 0.146 at n = 2.
struct CriticalPoints: Directive {
  static let name = "critical-points"
  static let summary =
    "The fraction of random symmetric Hessians that are minima (all eigenvalues > 0) by dimension, against 0.5ⁿ."
  static let publishedValues = [
    ValueDeclaration("fraction[n]", "The measured fraction of minima among the n × n Hessians."),
    ValueDeclaration("se[n]", "Its binomial standard error √(p(1 − p)/trials)."),
    ValueDeclaration("minima[n]", "How many of the trials were minima."),
    ValueDeclaration("naive[n]", "The notes' estimate 0.5ⁿ."),
    ValueDeclaration("ratio[n]", "fraction[n] / naive[n]: how far below 0.5ⁿ the measurement is."),
    ValueDeclaration(
      "exact[n]", "The exact probability, for n ≤ 3: 1/2, (2 − √2)/4, (π − 2√2)/(4π)."),
    ValueDeclaration("trials", "How many Hessians were drawn per dimension."),
  ]

  @Option("dims", range: .closed(1, 30), help: "The dimensions n to measure.")
  var dims: [Int] = [1, 2, 3, 4, 5]

  @Option(
    "trials", range: .closed(100, 10_000_000),
    help: "How many random Hessians to draw for each dimension.")
  var trials = 100_000

  @Option("table", help: "Show the table of fractions under the figure.")
  var showTable = true

  @Option(
    "seed", range: .closed(0, 4_294_967_295),
    help: "Seed of the random matrices: the same seed, the same counts.")
  var seed = 0

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    var seen: Set<Int> = []
    for n in dims where !seen.insert(n).inserted {
      throw DirectiveError("'dims' lists \(n) twice", option: "dims")
    }
    let counts = dims.sorted().map {
      RandomHessian.countMinima(dimension: $0, trials: trials, seed: seed)
    }
    let n = counts.map { Double($0.dimension) }

    let chart = Chart(
      height: 380, x: Axis("dimension n", ticks: n),
      y: Axis("fraction of critical points that are minima", scale: .log),
      marks: [
        .line(
          Line(
            "0.5ⁿ (independent directions)", x: n, y: counts.map(\.naive),
            style: SeriesStyle(color: .muted, dash: .dashed, marker: .square))),
        .line(
          Line(
            "measured", x: n,
            y: counts.map { $0.minima > 0 ? $0.fraction : .nan },
            style: SeriesStyle(color: .series(1), marker: .circle))),
      ],
      legend: .below)

    let total = Self.grouped(trials)
    let measured = counts.map { c -> String in
      c.minima > 0
        ? "n = \(c.dimension): \(NumberFormat.display(c.fraction, .significant(3))) (0.5ⁿ = \(NumberFormat.display(c.naive, .significant(3))))"
        : "n = \(c.dimension): no minimum at all (below 1 in \(total))"
    }
    var description =
      "Log-scale fraction of \(total) random symmetric Hessians per dimension whose eigenvalues are all positive, against 0.5ⁿ: "
      + measured.joined(separator: "; ") + "."
    let below = counts.filter { $0.dimension >= 2 && $0.fraction < $0.naive }
    if let last = counts.last(where: { $0.minima > 0 }), last.dimension >= 2,
      below.count == counts.filter({ $0.dimension >= 2 }).count
    {
      description +=
        " From n = 2 on the measurement lies below 0.5ⁿ, and the gap widens: at n = \(last.dimension) it is \(NumberFormat.display(last.naive / last.fraction, .significant(2))) times smaller."
    }
    let caption =
      "How often a critical point is a minimum: the fraction of \(total) random symmetric matrices $H = (A + A^\\top)/\\sqrt{2}$ per dimension with every eigenvalue positive (circles), against the estimate $0.5^n$ of independent directions (dashed). Log scale."

    let rows = counts.map { c -> [Cell] in
      [
        .number(Double(c.dimension)), .number(Double(c.minima)), .number(c.fraction),
        .number(c.standardError),
        RandomHessian.exactFraction(dimension: c.dimension).map(Cell.number) ?? .empty,
        .number(c.naive), .number(c.fraction / c.naive),
      ]
    }
    let table = Table(
      key: "table",
      caption:
        "Minima among \(total) random Hessians per dimension: the measured fraction $\\hat p$ with its binomial standard error $\\sqrt{\\hat p(1-\\hat p)/N}$, the exact value where it is known in closed form, and the estimate $0.5^n$.",
      columns: [
        Table.Column("$n$", csv: "n", style: .integer),
        Table.Column("minima", csv: "minima", style: .integer),
        Table.Column("measured $\\hat p$", csv: "fraction", style: .significant(3)),
        Table.Column("standard error", csv: "standard error", style: .significant(2)),
        Table.Column("exact", csv: "exact", style: .significant(4)),
        Table.Column("$0.5^n$", csv: "0.5^n", style: .significant(4)),
        Table.Column("$\\hat p / 0.5^n$", csv: "fraction / 0.5^n", style: .significant(2)),
      ], rows: rows)

    var values: [NamedValue] = [NamedValue("trials", Double(trials), style: .integer)]
    for c in counts {
      let d = c.dimension
      values.append(NamedValue("fraction[\(d)]", c.fraction, style: .significant(3)))
      values.append(NamedValue("se[\(d)]", c.standardError, style: .significant(2)))
      values.append(NamedValue("minima[\(d)]", Double(c.minima), style: .integer))
      values.append(NamedValue("naive[\(d)]", c.naive, style: .significant(4)))
      values.append(NamedValue("ratio[\(d)]", c.fraction / c.naive, style: .significant(2)))
      if let exact = RandomHessian.exactFraction(dimension: d) {
        values.append(NamedValue("exact[\(d)]", exact, style: .significant(4)))
      }
    }
    let data = DataTable([
      ("n", n), ("trials", counts.map { Double($0.trials) }),
      ("minima", counts.map { Double($0.minima) }),
      ("fraction", counts.map(\.fraction)), ("standard error", counts.map(\.standardError)),
      ("0.5^n", counts.map(\.naive)),
    ])
    return DirectiveOutput(
      items: [
        .figure(
          Figure(
            caption: caption, description: description, data: data,
            chart: chart))
      ] + (showTable ? [.table(table)] : []), values: values)
  }

  /// An integer with thin spaces between groups of three digits: 100 000.
  static func grouped(_ value: Int) -> String {
    var digits = String(value.magnitude)
    var groups: [Substring] = []
    while digits.count > 3 {
      groups.insert(Substring(digits.suffix(3)), at: 0)
      digits.removeLast(3)
    }
    groups.insert(Substring(digits), at: 0)
    return (value < 0 ? "−" : "") + groups.joined(separator: "\u{202F}")
  }
}
