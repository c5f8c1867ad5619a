import LessonKit
import LessonMarkup
import LessonMath
import LessonPlot

/// `{bias-correction}`: the first days of an exponentially weighted average, with and
/// without the correction v̂ₜ = vₜ/(1 − βᵗ) (course 2.5).
///
/// The recursion runs on the uncorrected v; the corrected value is reported, never fed back
/// (the course notes put it inside the recursion, which is wrong if implemented literally).
/// v̂ equals pandas' `ewm(alpha=1 − β, adjust=True).mean()`.
struct BiasCorrection: Directive {
  static let name = "bias-correction"
  static let summary =
    "An average's first days with and without dividing by 1 − βᵗ, and a table of the first steps."
  static let publishedValues = [
    ValueDeclaration("theta[t]", "The t-th data value θₜ (t = 1, 2, …, up to the last day)."),
    ValueDeclaration("v[t]", "The uncorrected average vₜ."),
    ValueDeclaration("v-hat[t]", "The corrected average vₜ/(1 − βᵗ)."),
    ValueDeclaration("correction[t]", "The divisor 1 − βᵗ."),
  ]

  @Option("beta", symbol: "β", range: .open(0, 1), help: "The average's weight β.")
  var beta = 0.98

  @Option("days", range: .closed(2, 3650), help: "How many days to plot (from day 1).")
  var days = 60

  @Option("data", help: "Values θ₁, θ₂, … to average instead of the synthetic temperatures.")
  var data: [Double]? = nil

  @Option("rows", range: .closed(1, 100), help: "How many first steps the table shows.")
  var rows = 5

  @Option("chart", help: "Draw the figure; with false, only the table of the first steps.")
  var showChart = true

  @Option(
    "noise", symbol: "σ", range: .closed(0, 50),
    help: "The day-to-day noise of the synthetic temperatures (°F)."
  )
  var noise = 5.0

  @Option(
    "seed", range: .closed(0, 4_294_967_295),
    help: "Seed of the noise: the same seed, the same figure.")
  var seed = 0

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    let theta = data ?? TemperatureYear(days: days, noise: noise, seed: seed).observed
    let count = min(theta.count, data == nil ? days : theta.count)
    let observed = Array(theta.prefix(count))
    let raw = ExponentialAverage.series(observed, beta: beta)
    let corrected = ExponentialAverage.biasCorrectedSeries(observed, beta: beta)
    var power = 1.0
    let divisors = observed.map { _ -> Double in
      power *= beta
      return 1 - power
    }
    let x = (1...count).map(Double.init)
    let b = NumberFormat.display(beta)

    // A handful of values: mark every step and label every t.
    let few = count <= 12
    let xAxis = Axis(
      data == nil ? "day" : "t", domain: few ? 0.75...(Double(count) + 0.25) : nil,
      ticks: few ? x : nil)
    let chart = Chart(
      height: 360, x: xAxis, y: Axis(data == nil ? "temperature (°F)" : "θ"),
      marks: [
        .scatter(
          Scatter(
            data == nil ? "daily temperature θ" : "θ", x: x, y: observed,
            style: SeriesStyle(color: .muted, opacity: few ? 0.9 : 0.6), size: few ? 7 : 4)),
        .line(
          Line(
            "v (no correction)", x: x, y: raw,
            style: SeriesStyle(color: .series(2), dash: .dashed, marker: few ? .square : nil))),
        .line(
          Line(
            "v / (1 − βᵗ)", x: x, y: corrected,
            style: SeriesStyle(color: .series(1), marker: few ? .circle : nil))),
      ])
    let shown = min(rows, count)
    let table = Table(
      key: "steps",
      caption:
        "The first \(shown == 1 ? "step" : "\(shown) steps") with β = \(b): the recursion runs on $v_t$; $\\hat v_t = v_t/(1-\\beta^t)$ is reported, not fed back.",
      columns: [
        Table.Column("$t$", csv: "t", style: .integer),
        Table.Column("$\\theta_t$", csv: "theta", style: .significant(6)),
        Table.Column(
          "$v_t = \\beta v_{t-1} + (1-\\beta)\\theta_t$", csv: "v", style: .significant(6)),
        Table.Column("$1-\\beta^t$", csv: "1 - beta^t", style: .significant(6)),
        Table.Column("$\\hat v_t = v_t/(1-\\beta^t)$", csv: "v_hat", style: .significant(6)),
      ],
      rows: (0..<shown).map { i -> [Cell] in
        let numbers: [Double] = [Double(i + 1), observed[i], raw[i], divisors[i], corrected[i]]
        return numbers.map(Cell.number)
      })

    // Every day's values, not only the table's: the text can speak of the figure's last day.
    var values: [NamedValue] = []
    for i in 0..<count {
      values.append(NamedValue("theta[\(i + 1)]", observed[i]))
      values.append(NamedValue("v[\(i + 1)]", raw[i]))
      values.append(NamedValue("v-hat[\(i + 1)]", corrected[i]))
      values.append(NamedValue("correction[\(i + 1)]", divisors[i]))
    }
    let window = Int(ExponentialAverage.effectiveWindow(beta: beta).rounded())
    let description =
      "Over the first \(count) \(data == nil ? "days" : "values"), the data (dots) start at \(NumberFormat.display(observed[0], .significant(4))). "
      + "The uncorrected average v (dashed) starts at \(NumberFormat.display(raw[0], .significant(4))) and climbs slowly towards the data over about \(window) steps; "
      + "the corrected average v / (1 − βᵗ) starts at \(NumberFormat.display(corrected[0], .significant(4))) and follows the data from the first step."
    let caption =
      "The first \(count) \(data == nil ? "days" : "values") of an average with β = \(b): $v_t$ starts at 0 and lags far below the data; $v_t/(1-\\beta^t)$ does not."
    let dataTable = DataTable([
      ("t", x), ("theta", observed), ("v", raw), ("1 - beta^t", divisors), ("v_hat", corrected),
    ])
    let figure = Figure(
      caption: caption, description: description, data: dataTable,
      chart: chart)
    // Without the chart the table is the main item, so {numref}`name` still finds it.
    var steps = table
    if !showChart { steps.key = "" }
    return DirectiveOutput(
      items: (showChart ? [.figure(figure)] : []) + [.table(steps)], values: values)
  }
}
