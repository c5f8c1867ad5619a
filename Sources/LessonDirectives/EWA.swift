import LessonKit
import LessonMarkup
import LessonMath
import LessonPlot

/// `{ewa}`: a noisy series and its exponentially weighted averages (course 2.3–2.4).
///
/// vₜ = β vₜ₋₁ + (1 − β) θₜ from v₀ = 0, one curve per β, and a table of each β's window
/// 1/(1 − β), the weight β^(1/(1 − β)) ≈ 1/e left after one window, and the lag of the
/// average measured against the noise-free signal.
struct EWA: Directive {
  static let name = "ewa"
  static let summary =
    "A noisy series and its exponentially weighted averages; each β's window, weight and lag."
  static let publishedValues = [
    ValueDeclaration("window[β]", "1/(1 − β): about how many days the average spans."),
    ValueDeclaration(
      "weight[β]", "β^(1/(1 − β)): what is left of a day's weight one window later (≈ 1/e)."),
    ValueDeclaration(
      "lag[β]", "The measured lag, in days, of the average behind the noise-free series."),
    ValueDeclaration("trend-lag[β]", "β/(1 − β): the lag behind a steady trend, in days."),
  ]

  enum Series: String, OptionChoice {
    /// A synthetic year: seasonal cosine plus noise.
    case temperature
    /// A sudden drop halfway through, plus noise.
    case coldSnap = "cold-snap"
  }

  @Option("series", help: "The data: a synthetic year of temperatures, or a sudden cold snap.")
  var series = Series.temperature

  @Option("beta", symbol: "β", range: .open(0, 1), help: "The averages' weights β, one curve each.")
  var beta: [Double] = [0.5, 0.9, 0.98]

  @Option("days", range: .closed(10, 3650), help: "How many days of data.")
  var days = 365

  @Option(
    "noise", symbol: "σ", range: .closed(0, 50),
    help: "The day-to-day noise (standard deviation, °F).")
  var noise = 5.0

  @Option("bias-correction", help: "Plot the bias-corrected averages vₜ/(1 − βᵗ) instead of vₜ.")
  var biasCorrection = false

  @Option("table", help: "Show the table of windows, weights and lags under the figure.")
  var showTable = true

  @Option(
    "seed", range: .closed(0, 4_294_967_295),
    help: "Seed of the noise: the same seed, the same figure.")
  var seed = 0

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    let year: TemperatureYear
    switch series {
    case .temperature: year = TemperatureYear(days: days, noise: noise, seed: seed)
    case .coldSnap: year = TemperatureYear.coldSnap(days: days, noise: noise, seed: seed)
    }
    let x = year.days.map(Double.init)
    let averages = beta.map { b in
      biasCorrection
        ? ExponentialAverage.biasCorrectedSeries(year.observed, beta: b)
        : ExponentialAverage.series(year.observed, beta: b)
    }
    // The lag is measured on the bias-corrected average (so the start-up bias does not
    // count), after one window, against the noise-free signal.
    let lags = beta.map { b in
      let window = ExponentialAverage.effectiveWindow(beta: b)
      return Double(
        ExponentialAverage.measuredLag(
          of: ExponentialAverage.biasCorrectedSeries(year.observed, beta: b), behind: year.seasonal,
          maxLag: min(days / 2, Int(3 * window) + 5), skip: min(days / 3, Int(window.rounded()))))
    }

    let labels = beta.map { "β = \(Self.text($0))" }
    let chart = Chart(
      x: Axis("day"), y: Axis("temperature (°F)"),
      marks: [
        .scatter(
          Scatter(
            "daily temperature", x: x, y: year.observed,
            style: SeriesStyle(color: .muted, opacity: 0.55), size: 3.5))
      ]
        + zip(labels, averages).map { .line(Line($0, x: x, y: $1)) })

    var columns: [(String, [Double])] = [
      ("day", x), ("temperature", year.observed), ("signal", year.seasonal),
    ]
    for (b, average) in zip(beta, averages) {
      columns.append(
        ("\(biasCorrection ? "corrected " : "")ewa beta=\(NumberFormat.ascii(b))", average))
    }

    let seriesName =
      series == .temperature ? "a synthetic year of daily temperatures" : "a cold snap"
    let curves = zip(beta, lags).map { b, lag in
      "β = \(Self.text(b)) (about \(NumberFormat.display(ExponentialAverage.effectiveWindow(beta: b), .significant(3))) days, \(NumberFormat.display(lag)) days behind)"
    }
    let description =
      "Scatter of \(seriesName) over \(days) days, from \(NumberFormat.display(year.observed.min()!, .fixed(0))) to \(NumberFormat.display(year.observed.max()!, .fixed(0))) °F, "
      + "with \(beta.count == 1 ? "its exponentially weighted average" : "\(beta.count) exponentially weighted averages"): "
      + curves.joined(separator: "; ")
      + ". The larger β, the smoother the curve and the later it follows the data."

    let rows = zip(beta, lags).map { b, lag -> [Cell] in
      [
        .number(b), .number(ExponentialAverage.effectiveWindow(beta: b)),
        .number(ExponentialAverage.weightAfterWindow(beta: b)), .number(lag),
        .number(ExponentialAverage.theoreticalLag(beta: b)),
      ]
    }
    let table = Table(
      key: "table",
      caption: (series == .temperature ? "The year" : "The cold snap")
        + ", for each β: the window $1/(1-\\beta)$, the weight $\\beta^{1/(1-\\beta)}$ left after one window (compare $1/e \\approx 0.368$), the lag measured against the noise-free \(series == .temperature ? "year" : "snap") (the shift that best aligns the two), and the lag $\\beta/(1-\\beta)$ behind a steady trend.",
      columns: [
        Table.Column("$\\beta$", csv: "beta", style: .automatic),
        Table.Column("window $1/(1-\\beta)$", csv: "window", style: .significant(4)),
        Table.Column(
          "weight $\\beta^{1/(1-\\beta)}$", csv: "weight after one window", style: .fixed(4)),
        Table.Column("measured lag (days)", csv: "measured lag", style: .integer),
        Table.Column("trend lag $\\beta/(1-\\beta)$", csv: "trend lag", style: .significant(3)),
      ], rows: rows)

    var values: [NamedValue] = []
    for (b, lag) in zip(beta, lags) {
      let key = NumberFormat.ascii(b)
      values.append(NamedValue("window[\(key)]", ExponentialAverage.effectiveWindow(beta: b)))
      values.append(NamedValue("weight[\(key)]", ExponentialAverage.weightAfterWindow(beta: b)))
      values.append(NamedValue("lag[\(key)]", lag, style: .integer))
      values.append(NamedValue("trend-lag[\(key)]", ExponentialAverage.theoreticalLag(beta: b)))
    }

    let caption =
      "\(series == .temperature ? "A synthetic year of daily temperatures" : "A cold snap") (dots) and "
      + "\(biasCorrection ? "bias-corrected " : "")exponentially weighted averages with "
      + Self.list(beta.map { "β = \(Self.text($0))" }) + "."
    return DirectiveOutput(
      items: [
        .figure(
          Figure(
            caption: caption, description: description, data: DataTable(columns),
            chart: chart))
      ] + (showTable ? [.table(table)] : []), values: values)
  }

  /// "a", "a and b", "a, b and c".
  static func list(_ items: [String]) -> String {
    items.count <= 1
      ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
  }

  /// β as a reader writes it: 0.98, 0.5.
  static func text(_ beta: Double) -> String { NumberFormat.display(beta) }
}
