import LessonKit
import LessonMarkup
import LessonMath
import LessonPlot

/// `{lr-decay}`: the learning rate α per epoch under the course's decay schedules (course
/// 2.9), from LessonMath's `LearningRateSchedule`:
///
/// - inverse time α = α₀/(1 + decay-rate · epoch),
/// - exponential α = base^epoch · α₀,
/// - inverse square root α = k/√epoch · α₀,
/// - staircase α = α₀/(1 + decay-rate · ⌊epoch/interval⌋) (the assignment's scheduled decay),
/// - constant α = α₀.
///
/// Epochs are numbered from 1 by default, as in the lecture (the assignment numbers them from
/// 0: `first-epoch: 0`).
struct LRDecay: Directive {
  static let name = "lr-decay"
  static let summary =
    "The learning rate per epoch under inverse-time, exponential, 1/√epoch and staircase decay."
  static let publishedValues = [
    ValueDeclaration(
      "schedule[epoch]",
      "α at that epoch number, e.g. inverse-time[4]: every plotted epoch when there are at most 100, else the first, the last and those listed in `at`."
    ),
    ValueDeclaration(
      "sum[schedule]", "The sum of α over the plotted epochs: how far training can move in total."),
  ]

  @Option("schedules", help: "The schedules to draw, in order.")
  var schedules: [ScheduleChoice] = [
    .inverseTime, .exponential, .inverseSqrt, .staircase, .constant,
  ]

  @Option("alpha0", symbol: "α₀", range: .positive, help: "The initial learning rate α₀.")
  var alpha0 = 0.2

  @Option(
    "decay-rate", symbol: "decay rate", range: .nonNegative,
    help: "decay_rate of inverse-time and staircase decay.")
  var decayRate = 1.0

  @Option(
    "base", range: .open(0, 10),
    help: "The base of exponential decay, e.g. 0.95 (a base above 1 grows: not a decay).")
  var base = 0.95

  @Option(
    "k", range: .positive, help: "The constant k of α = k/√epoch · α₀ (epoch 0 counts as 1).")
  var k = 1.0

  @Option(
    "interval", range: .closed(1, 1_000_000),
    help: "Epochs per stair of staircase decay (the assignment's time_interval).")
  var interval = 3

  @Option("epochs", range: .closed(1, 10_000), help: "How many epochs to draw.")
  var epochs = 10

  @Option(
    "first-epoch", range: .closed(0, 1),
    help: "The number of the first epoch: 1 as in the lecture, 0 as in the assignment.")
  var firstEpoch = 1

  @Option(
    "at", range: .atLeast(0),
    help: "Epoch numbers whose α is also published (and tabulated), in or beyond the plotted range."
  )
  var at: [Int]? = nil

  @Option(
    "rows", range: .closed(0, 100),
    help: "How many first epochs the table lists (0: no table unless 'at' is given).")
  var rows = 5

  @Option("log-scale", help: "Draw α on a log axis.")
  var logScale = false

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    var seen: Set<ScheduleChoice> = []
    for schedule in schedules where !seen.insert(schedule).inserted {
      throw DirectiveError("'\(schedule.rawValue)' is listed twice", option: "schedules")
    }
    let numbering: EpochNumbering = firstEpoch == 0 ? .zeroBased : .oneBased
    let numbers = (0..<epochs).map { numbering.epochNumber(index: $0) }
    let curves = schedules.map { choice in
      choice.schedule(decayRate: decayRate, base: base, k: k, interval: interval)
        .learningRates(initial: alpha0, epochs: epochs, numbering: numbering)
    }
    let x = numbers.map(Double.init)

    // Named values.
    var published = epochs <= 100 ? numbers : [numbers.first!, numbers.last!]
    for e in at ?? [] where !published.contains(e) { published.append(e) }
    published.sort()
    var values: [NamedValue] = []
    for (choice, curve) in zip(schedules, curves) {
      let schedule = choice.schedule(decayRate: decayRate, base: base, k: k, interval: interval)
      for e in published {
        values.append(
          NamedValue("\(choice.rawValue)[\(e)]", schedule.learningRate(initial: alpha0, epoch: e)))
      }
      values.append(NamedValue("sum[\(choice.rawValue)]", curve.reduce(0, +)))
    }

    // The figure.
    let few = epochs <= 12
    let marks: [Mark] = zip(schedules, curves).enumerated().map { i, pair in
      let (choice, curve) = pair
      // A staircase holds its rate for whole intervals: draw its stairs as stairs (each
      // epoch's point, then level to the next epoch), markers on the epochs.
      var lineX = x
      var lineY = curve
      if choice == .staircase {
        lineX = []
        lineY = []
        for i in x.indices {
          lineX.append(x[i])
          lineY.append(curve[i])
          if i + 1 < x.count {
            lineX.append(x[i + 1])
            lineY.append(curve[i])
          }
        }
      }
      let every = (few ? 1 : max(1, epochs / 12)) * (choice == .staircase ? 2 : 1)
      return .line(
        Line(
          choice.label, x: lineX, y: lineY,
          style: choice == .constant
            ? SeriesStyle(color: .muted, dash: .dotted)
            : SeriesStyle(
              color: .series(i + 1), dash: Optimizers.dash(i), marker: Optimizers.marker(i),
              markEvery: every)))
    }
    let positive = curves.joined().filter { $0 > 0 }
    let yAxis =
      logScale
      ? Axis("learning rate α", scale: .log)
      : Axis("learning rate α", domain: 0...max(positive.max() ?? alpha0, alpha0) * 1.04)
    let chart = Chart(
      height: 360,
      x: Axis(
        "epoch", domain: few ? (x.first! - 0.25)...(x.last! + 0.25) : x.first!...x.last!,
        ticks: few ? x : nil),
      y: yAxis, marks: marks, legend: schedules.count == 1 ? .hidden : .automatic)
    let a0 = NumberFormat.display(alpha0)
    let caption =
      "The learning rate per epoch $t$ from $\\alpha_0 = \(a0)$, for $t$ = \(numbers.first!) to \(numbers.last!) (numbered from \(firstEpoch)): "
      + EWA.list(
        schedules.map { $0.texLabel(decayRate: decayRate, base: base, k: k, interval: interval) })
      + "."
    let summaries = zip(schedules, curves).map { choice, curve in
      "\(choice.label) goes from \(Self.number(curve.first!)) to \(Self.number(curve.last!))"
    }
    let description =
      "Learning rate α against the epoch, \(numbers.first!) to \(numbers.last!), from α₀ = \(a0): "
      + summaries.joined(separator: "; ") + "."
    var columns: [(String, [Double])] = [("epoch", x)]
    for (choice, curve) in zip(schedules, curves) { columns.append((choice.rawValue, curve)) }
    var items: [DirectiveOutput.Item] = [
      .figure(
        Figure(
          caption: caption, description: description, data: DataTable(columns),
          chart: chart))
    ]

    // The table: the first epochs, then the epochs asked for.
    var tableEpochs = Array(numbers.prefix(rows))
    for e in (at ?? []).sorted() where !tableEpochs.contains(e) { tableEpochs.append(e) }
    if !tableEpochs.isEmpty {
      let table = Table(
        key: "table",
        caption:
          "α at \(tableEpochs.count == 1 ? "one epoch" : "\(tableEpochs.count) epochs"), $\\alpha_0 = \(a0)$.",
        columns: [Table.Column("epoch", csv: "epoch", style: .integer)]
          + schedules.map { Table.Column($0.label, csv: $0.rawValue, style: .significant(6)) },
        rows: tableEpochs.map { e in
          [.number(Double(e))]
            + schedules.map { choice in
              .number(
                choice.schedule(decayRate: decayRate, base: base, k: k, interval: interval)
                  .learningRate(initial: alpha0, epoch: e))
            }
        })
      items.append(.table(table))
    }
    return DirectiveOutput(items: items, values: values)
  }

  static func number(_ value: Double) -> String { NumberFormat.display(value, .significant(4)) }
}

/// A learning-rate schedule by its short name ({lr-decay}, {train}).
enum ScheduleChoice: String, OptionChoice {
  case constant
  case inverseTime = "inverse-time"
  case exponential
  case inverseSqrt = "inverse-sqrt"
  case staircase

  func schedule(decayRate: Double, base: Double, k: Double, interval: Int)
    -> LearningRateSchedule
  {
    switch self {
    case .constant: .constant
    case .inverseTime: .inverseTime(decayRate: decayRate)
    case .exponential: .exponential(base: base)
    case .inverseSqrt: .inverseSquareRoot(k: k)
    case .staircase: .staircase(decayRate: decayRate, interval: interval)
    }
  }

  /// "inverse time", "staircase", … for legends.
  var label: String {
    switch self {
    case .constant: "constant"
    case .inverseTime: "inverse time"
    case .exponential: "exponential"
    case .inverseSqrt: "k/√epoch"
    case .staircase: "staircase"
    }
  }

  /// The rule with its parameters, in TeX, for captions.
  func texLabel(decayRate: Double, base: Double, k: Double, interval: Int) -> String {
    let d = NumberFormat.display(decayRate)
    switch self {
    case .constant: return "constant"
    case .inverseTime:
      return "inverse time $\\alpha_0/(1 + \(decayRate == 1 ? "" : d + "\\,")t)$"
    case .exponential: return "exponential $\(NumberFormat.display(base))^t \\alpha_0$"
    case .inverseSqrt:
      return k == 1 ? "$\\alpha_0/\\sqrt{t}$" : "$\(NumberFormat.display(k))\\,\\alpha_0/\\sqrt{t}$"
    case .staircase:
      return
        "staircase $\\alpha_0/(1 + \(decayRate == 1 ? "" : d + "\\,")\\lfloor t/\(interval) \\rfloor)$"
    }
  }
}
