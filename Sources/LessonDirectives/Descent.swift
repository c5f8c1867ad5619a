import LessonKit
import LessonMarkup
import LessonMath
import LessonPlot

/// `{descent}`: gradient descent on the lecture's cost J(w) = w² − 10w + 25 (course 3.11),
/// with dJ/dw found by Swift's autodiff from the forward pass alone.
///
/// J(w) = a·w² + b·w + c is given by its coefficients, as the lecture feeds x = [1, −10, 25]
/// into `cost = x[0][0]*w**2 + x[1][0]*w + x[2][0]`. Each step is w ← w − α·dJ/dw; for a > 0,
/// wₜ − w* = (1 − 2aα)ᵗ (w₀ − w*) with w* = −b/(2a), so the run converges iff 0 < aα < 1 and
/// otherwise is drawn leaving the plot.
struct Descent: Directive {
  static let name = "descent"
  static let summary =
    "Gradient descent on J(w) = a·w² + b·w + c with the derivative found by autodiff: w and the cost per step."
  static let publishedValues = [
    ValueDeclaration("w[t]", "w after t steps (t = 0 … rows, and the last step)."),
    ValueDeclaration("cost[t]", "J(wₜ)."),
    ValueDeclaration("derivative[t]", "dJ/dw at wₜ, by autodiff."),
    ValueDeclaration("final-w", "w after the last step."),
    ValueDeclaration("final-cost", "J at the last w."),
    ValueDeclaration("final-distance", "|w − w*| after the last step (when a > 0)."),
    ValueDeclaration("minimizer", "w* = −b/(2a), where dJ/dw = 0 (when a > 0)."),
    ValueDeclaration("minimum", "J(w*) (when a > 0)."),
    ValueDeclaration("contraction", "1 − 2aα: the factor by which each step shrinks w − w*."),
    ValueDeclaration(
      "derivative-error", "The largest |autodiff dJ/dw − (2aw + b)| along the run."),
    ValueDeclaration("steps", "How many steps ran (fewer than asked if the run diverged)."),
  ]

  @Option(
    "coefficients", help: "J(w) = a·w² + b·w + c as [a, b, c]; the lecture's cost is [1, -10, 25].")
  var coefficients: [Double] = [1, -10, 25]

  @Option("start", range: .closed(-1e6, 1e6), help: "The starting point w₀.")
  var start = 0.0

  @Option("lr", symbol: "α", range: .closed(1e-6, 100), help: "The learning rate α.")
  var learningRate = 0.01

  @Option("steps", range: .closed(1, 100_000), help: "How many steps of gradient descent.")
  var steps = 1000

  @Option("rows", range: .closed(0, 20), help: "The table lists steps 0 to rows, then the last.")
  var rows = 3

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    guard coefficients.count == 3 else {
      throw DirectiveError(
        "'coefficients' must be three numbers [a, b, c] of J(w) = a·w² + b·w + c, got \(coefficients.count)",
        option: "coefficients")
    }
    let cost = QuadraticCost(a: coefficients[0], b: coefficients[1], c: coefficients[2])
    let (path, divergedAt) = cost.descend(from: start, learningRate: learningRate, steps: steps)
    let last = path.count - 1
    // Near the minimum, a·w² + b·w + c cancels to rounding noise (25 − 50 + 25); the vertex
    // form a(w − w*)² + J(w*) is the same function and keeps the small values exact.
    let costs = path.map { w in
      cost.minimizer.map { cost.a * (w - $0) * (w - $0) + cost($0) } ?? cost(w)
    }
    let derivatives = path.map { cost.derivative(at: $0) }
    let derivativeError = zip(path, derivatives).map { abs($1 - cost.analyticDerivative(at: $0)) }
      .max()!
    let star = cost.minimizer
    let contraction = 1 - 2 * cost.a * learningRate
    let x = path.indices.map(Double.init)
    let j = Self.tex(cost)
    let alpha = NumberFormat.display(learningRate)
    let w0 = NumberFormat.display(start)

    // (a) w per step, (b) the cost above its minimum per step (log scale) or J itself.
    let exit = divergedAt != nil ? "diverged" : nil
    let wChart = Chart(
      width: 380, height: 320, x: Axis("step t"), y: Axis("w"),
      marks: [
        .line(Line("w", x: x, y: path, style: SeriesStyle(color: .series(1)), exitLabel: exit))
      ],
      annotations: star.map { [.horizontalRule(y: $0, label: "w* = \(NumberFormat.display($0))")] }
        ?? [],
      legend: .hidden)
    let gap = star.map { s in path.map { cost.a * ($0 - s) * ($0 - s) } }  // J(w) − J(w*)
    let costChart = Chart(
      width: 380, height: 320, x: Axis("step t"),
      y: Axis(gap != nil ? "J(w) − J(w*)" : "J(w)", scale: gap != nil ? .log : .linear),
      marks: [
        .line(
          Line(
            "cost", x: x, y: gap ?? costs, style: SeriesStyle(color: .series(2)), exitLabel: exit))
      ],
      legend: .hidden)
    let panels = Panels(
      [wChart, costChart],
      subtitles: ["(a) w after each step", gap != nil ? "(b) J(w) − J(w*), log scale" : "(b) J(w)"])

    let description = Self.describe(
      cost, alpha: alpha, start: w0, path: path, costs: costs, contraction: contraction,
      divergedAt: divergedAt)
    let caption =
      "Gradient descent on $J(w) = \(j)$ with $\\alpha = \(alpha)$ from $w = \(w0)$: (a) $w$ "
      + "after each step, (b) the cost. The derivative $dJ/dw$ comes from autodiff of the "
      + "forward pass."

    // The table: steps 0 … rows, then the last.
    var shown = Array(0...min(rows, last))
    if last > shown.last! { shown.append(last) }
    var tableRows: [[Cell]] = []
    for t in shown {
      if t == last, last > rows + 1 {
        tableRows.append([.text("…"), .empty, .empty, .empty, .empty])
      }
      tableRows.append([
        .number(Double(t)), .number(path[t]), .number(costs[t]), .number(derivatives[t]),
        .number(cost.analyticDerivative(at: path[t])),
      ])
    }
    let table = Table(
      key: "steps",
      caption:
        "The first steps and the last: $w_{t+1} = w_t - \\alpha\\, dJ/dw$, with $dJ/dw$ from "
        + "autodiff and, to compare, by hand.",
      columns: [
        Table.Column("$t$", csv: "t", style: .integer),
        Table.Column("$w_t$", csv: "w", style: .significant(10)),
        Table.Column("$J(w_t)$", csv: "J", style: .significant(6)),
        Table.Column("$dJ/dw$ (autodiff)", csv: "dJ/dw autodiff", style: .significant(10)),
        Table.Column(
          "$\(Self.texDerivative(cost))$ (by hand)", csv: "dJ/dw by hand", style: .significant(10)),
      ], rows: tableRows)

    var values: [NamedValue] = []
    for t in shown {
      values.append(NamedValue("w[\(t)]", path[t], style: .significant(6)))
      values.append(NamedValue("cost[\(t)]", costs[t], style: .significant(6)))
      values.append(NamedValue("derivative[\(t)]", derivatives[t], style: .significant(6)))
    }
    values.append(NamedValue("final-w", path[last], style: .significant(6)))
    values.append(NamedValue("final-cost", costs[last], style: .significant(3)))
    if let star {
      values.append(NamedValue("final-distance", abs(path[last] - star), style: .scientific(1)))
      values.append(NamedValue("minimizer", star, style: .significant(6)))
      values.append(NamedValue("minimum", cost(star), style: .significant(6)))
    }
    values.append(NamedValue("contraction", contraction, style: .significant(4)))
    values.append(NamedValue("derivative-error", derivativeError, style: .scientific(1)))
    values.append(NamedValue("steps", Double(last), style: .integer))

    let data = DataTable([
      ("t", x), ("w", path), ("J", costs), ("dJ/dw autodiff", derivatives),
    ])
    return DirectiveOutput(
      items: [
        .figure(
          Figure(
            caption: caption, description: description, data: data,
            chart: panels)),
        .table(table),
      ], values: values)
  }

  /// The figure's description, from the run: where w went, and why.
  static func describe(
    _ cost: QuadraticCost, alpha: String, start: String, path: [Double], costs: [Double],
    contraction: Double, divergedAt: Int?
  ) -> String {
    let last = path.count - 1
    func text(_ x: Double, _ digits: Int) -> String {
      NumberFormat.display(x, .significant(digits))
    }
    var out =
      "Gradient descent on J(w) = \(plain(cost)) with α = \(alpha) from w₀ = \(start), the "
      + "derivative by autodiff. After one step w = \(text(path[min(1, last)], 6)); "
    let after =
      "after \(last) steps w = \(text(path[last], 8)) and J = \(text(costs[last], 3))"
    if let star = cost.minimizer, abs(contraction) < 1 {
      out +=
        "each step multiplies the distance to the minimum w* = \(text(star, 6)) by "
        + "\(text(contraction, 3)): \(after), down from \(text(costs[0], 3))."
    } else if let star = cost.minimizer, abs(contraction) == 1 {
      out +=
        "each step multiplies w − w* by \(text(contraction, 3)), so w never gets closer to the "
        + "minimum w* = \(text(star, 6)): \(after)."
    } else if let star = cost.minimizer {
      out +=
        "each step multiplies w − w* by \(text(contraction, 3)), so w moves away from the minimum "
        + "w* = \(text(star, 6))"
        + (divergedAt.map { " and leaves the plot at step \($0)." } ?? ": \(after).")
    } else {
      out +=
        "J has no minimum, and w runs away"
        + (divergedAt.map { ", leaving the plot at step \($0)." } ?? ": \(after).")
    }
    return out
  }

  /// a·w² + b·w + c as TeX: `w^2 - 10w + 25`.
  static func tex(_ cost: QuadraticCost) -> String {
    polynomial([(cost.a, "w^2"), (cost.b, "w"), (cost.c, "")], minus: "-")
  }

  /// The same as plain text: `w² − 10w + 25`.
  static func plain(_ cost: QuadraticCost) -> String {
    polynomial([(cost.a, "w²"), (cost.b, "w"), (cost.c, "")], minus: "−")
  }

  /// 2a·w + b as TeX: `2w - 10`.
  static func texDerivative(_ cost: QuadraticCost) -> String {
    polynomial([(2 * cost.a, "w"), (cost.b, "")], minus: "-")
  }

  /// Σ coefficient·term without zero terms or unit coefficients: `w^2 - 10w + 25`.
  static func polynomial(_ terms: [(Double, String)], minus: String) -> String {
    var out = ""
    for (coefficient, term) in terms where coefficient != 0 {
      let magnitude = abs(coefficient)
      let number = magnitude == 1 && !term.isEmpty ? "" : NumberFormat.ascii(magnitude)
      if out.isEmpty {
        out = (coefficient < 0 ? minus : "") + number + term
      } else {
        out += (coefficient < 0 ? " \(minus) " : " + ") + number + term
      }
    }
    return out.isEmpty ? "0" : out
  }
}
