import Foundation
import LessonKit
import LessonMarkup
import LessonMath
import LessonPlot

/// `{gradient-check}`: a function's hand-written gradient against central finite differences
/// and against Swift's autodiff (course 3.10–3.11, and the gradient checking of course 2,
/// week 1).
///
/// For each point and each parameter group (W of a layer, γ, …) the table shows the relative
/// error ‖u − v‖/(‖u‖ + ‖v‖) of finite differences and of autodiff against the analytic
/// gradient. Any error above the tolerance fails the build, with the numbers in the message.
struct GradientChecking: Directive {
  static let name = "gradient-check"
  static let summary =
    "A gradient by hand, by finite differences and by autodiff at a few points: relative errors per parameter group."
  static let publishedValues = [
    ValueDeclaration(
      "max-error[finite-differences]",
      "The largest relative error of finite differences against the analytic gradient."),
    ValueDeclaration(
      "max-error[autodiff]", "The largest relative error of autodiff against the analytic gradient."
    ),
    ValueDeclaration("parameters", "How many parameters the function has."),
    ValueDeclaration("points", "At how many points the gradient was checked."),
    ValueDeclaration(
      "analytic[j]", "With `components: true`: ∂L/∂θⱼ by hand at the first point (j from 1)."),
    ValueDeclaration(
      "finite-differences[j]", "With `components: true`: the central difference for θⱼ."),
    ValueDeclaration("autodiff[j]", "With `components: true`: ∂L/∂θⱼ by autodiff."),
    ValueDeclaration(
      "best-step", "With `sweep: true`: the step h with the smallest finite-difference error."),
    ValueDeclaration("best-step-error", "With `sweep: true`: that smallest error."),
  ]

  /// The functions, as `GradientCheck.names` lists them (a test keeps the two in step).
  enum Function: String, OptionChoice {
    case softmaxCrossEntropy = "softmax-cross-entropy"
    case batchNorm = "batch-norm"
    case mlp
    case mlpBatchNorm = "mlp-batch-norm"
    case elongated
    case rosenbrock
    case saddle
    case monkeySaddle = "monkey-saddle"
    case plateau

    /// The surface of that name, if the function is one.
    var surface: (any DifferentiableSurface)? {
      Surfaces.named(rawValue) as? any DifferentiableSurface
    }
  }

  @Option("function", help: "The function whose gradient is checked.")
  var function = Function.softmaxCrossEntropy

  @Option("h", range: .open(0, 1), help: "The finite-difference step h.")
  var step = 1e-5

  @Option(
    "tolerance", range: .open(0, 1),
    help: "The largest relative error allowed; above it the check fails the build.")
  var tolerance = 1e-6

  @Option(
    "points", range: .closed(1, 20),
    help: "How many random points to check at (3 unless `at` or `logits` gives them).")
  var points: Int? = nil

  @Option("seed", range: .closed(0, 4_294_967_295), help: "Seed of the random points.")
  var seed = 0

  @Option(
    "at", help: "Points [x, y] of a surface to check at, as a list: [[1, 2], [0.5, -1]].")
  var at: [Point]? = nil

  @Option("logits", help: "The logits z for softmax-cross-entropy (else random ones).")
  var logits: [Double]? = nil

  @Option(
    "label", range: .closed(1, 1000),
    help:
      "The true class for softmax-cross-entropy, counted from 1 as in the softmax lessons "
      + "(default 2: the second logit).")
  var label: Int? = nil

  @Option(
    "components",
    help: "Also list every derivative three ways at the first point (small functions).")
  var components = false

  @Option(
    "sweep", help: "Add a figure of the finite-difference error against the step h, first point.")
  var sweep = false

  func run(_ context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
    let comparisons = try self.comparisons()
    return try Self.report(
      comparisons, what: Self.what(function), given: at != nil || logits != nil,
      function: function, tolerance: tolerance, components: components, sweep: sweep)
  }

  /// The comparisons the options ask for, or the option that does not fit the function.
  func comparisons() throws(DirectiveError) -> [GradientComparison] {
    let name = function.rawValue
    if at != nil, function.surface == nil {
      throw DirectiveError(
        "'at' gives points [x, y] of a surface; \(name) takes random points ('points', 'seed')",
        option: "at")
    }
    if function != .softmaxCrossEntropy {
      if logits != nil {
        throw DirectiveError(
          "'logits' is an option of softmax-cross-entropy, not of \(name)", option: "logits")
      }
      if label != nil {
        throw DirectiveError(
          "'label' is an option of softmax-cross-entropy, not of \(name)", option: "label")
      }
    }
    if points != nil, at != nil || logits != nil {
      throw DirectiveError(
        "give either 'points' (random points) or '\(at != nil ? "at" : "logits")' (given ones), not both",
        option: "points")
    }
    let count = points ?? 3

    switch function {
    case .softmaxCrossEntropy:
      let label = label ?? 2  // the second logit, as GradientCheck.named uses
      let vectors =
        logits.map { [$0] }
        ?? (0..<count).map { k in
          // Point k is GradientCheck.named's point for seed + k.
          var rng = SeededGenerator(seed: seed + k)
          return rng.normals(5, standardDeviation: 2)
        }
      guard label <= vectors[0].count else {
        throw DirectiveError(
          "'label' must be a class of the \(vectors[0].count) logits (1 to \(vectors[0].count)), got \(label)",
          option: "label")
      }
      return vectors.map {
        GradientComparison.softmaxCrossEntropy(logits: $0, label: label - 1, step: step)
      }
    case .batchNorm, .mlp, .mlpBatchNorm:
      return (0..<count).map { GradientComparison.named(name, seed: seed + $0, step: step)! }
    case .elongated, .rosenbrock, .saddle, .monkeySaddle, .plateau:
      let surface = function.surface!
      let given = at?.map { SIMD2($0.x, $0.y) }
      // Random points: uniform in the central half of the surface's plotting window, where
      // the gradient is large enough for finite differences to resolve it.
      var rng = SeededGenerator(seed: seed)
      let window = surface.suggestedDomain
      func central(_ r: ClosedRange<Double>) -> Double {
        let quarter = (r.upperBound - r.lowerBound) / 4
        return rng.nextUniform(r.lowerBound + quarter, r.upperBound - quarter)
      }
      let points = given ?? (0..<count).map { _ in SIMD2(central(window.x), central(window.y)) }
      return points.map { GradientComparison.surface(surface, at: $0, step: step) }
    }
  }

  /// The function in words, for captions: "softmax cross-entropy".
  static func what(_ function: Function) -> String {
    switch function {
    case .softmaxCrossEntropy: "softmax cross-entropy"
    case .batchNorm: "batch norm (loss Σ R·z̃ on a 6 × 3 batch)"
    case .mlp: "a 3-5-4-3 tanh network (8 examples)"
    case .mlpBatchNorm: "a 3-5-4-3 tanh network with batch norm (8 examples)"
    case .elongated: "the elongated bowl f(x, y) = 0.1x² + 2y²"
    case .rosenbrock: "Rosenbrock's valley f(x, y) = (1 − x)² + 100(y − x²)²"
    case .saddle: "the saddle f(x, y) = x² − y²"
    case .monkeySaddle: "the monkey saddle f(x, y) = x³ − 3xy²"
    case .plateau: "the plateau f(x, y) = 1 − exp(−(x² + y²)/2)"
    }
  }

  /// The table, figure and values for a list of comparisons; a located error when one
  /// exceeds the tolerance.
  static func report(
    _ comparisons: [GradientComparison], what: String, given: Bool, function: Function?,
    tolerance: Double, components: Bool, sweep: Bool
  ) throws(DirectiveError) -> DirectiveOutput {
    precondition(!comparisons.isEmpty, "at least one point")
    let count = comparisons.count
    // "… at 3 random points" for the table; "… at the first point" for what shows one point.
    let subject =
      "\(what) at "
      + (count == 1
        ? (given ? "the given point" : "a random point")
        : "\(count) \(given ? "given" : "random") points")
    let firstPoint = count == 1 ? subject : "\(what) at the first point"
    let isSurface = function?.surface != nil
    var rows: [[Cell]] = []
    // The worst error of each kind, and where it is ("point 2, W[1]" or "(0.5, −1)").
    var worstDifferences = (error: 0.0, place: "")
    var worstAutodiff = (error: 0.0, place: "")
    for (k, comparison) in comparisons.enumerated() {
      for group in comparison.groups {
        let differences = comparison.finiteDifferenceError(in: group.range)
        let autodiff = comparison.autodiffError(in: group.range)
        let groupName =
          isSurface
          ? "(\(NumberFormat.display(comparison.point[0], .significant(3))), \(NumberFormat.display(comparison.point[1], .significant(3))))"
          : group.name
        let place = isSurface ? groupName : "point \(k + 1), \(groupName)"
        // `!(a <= b)` also catches NaN.
        if !(differences <= worstDifferences.error) { worstDifferences = (differences, place) }
        if !(autodiff <= worstAutodiff.error) { worstAutodiff = (autodiff, place) }
        rows.append([
          .number(Double(k + 1)), .text(groupName), .number(Double(group.range.count)),
          .number(norm(comparison.analytic[group.range])), .number(differences), .number(autodiff),
        ])
      }
    }

    let name = comparisons[0].name
    let h = comparisons[0].step
    let failures = [("finite differences", worstDifferences), ("autodiff", worstAutodiff)]
      .filter { !($0.1.error <= tolerance) }
    if !failures.isEmpty {
      let parts = failures.map { kind, worst in
        "\(NumberFormat.ascii(worst.error, .scientific(1))) against \(kind) at \(worst.place)"
      }
      throw DirectiveError(
        "the analytic gradient of \(name) fails the check: relative error "
          + parts.joined(separator: " and ")
          + ", above the tolerance \(NumberFormat.ascii(tolerance, .scientific(0))) (h = \(NumberFormat.ascii(h, .scientific(0))))",
        option: "function")
    }

    // A surface's row is its point (the point number and the count of 2 say nothing more);
    // with one point, the point column is dropped.
    let kept: Set<Int> =
      isSurface ? [1, 3, 4, 5] : count == 1 ? [1, 2, 3, 4, 5] : [0, 1, 2, 3, 4, 5]
    let table = Table(
      key: "table",
      caption:
        "The gradient of \(subject), three ways: relative errors "
        + "$\\lVert u - v\\rVert / (\\lVert u\\rVert + \\lVert v\\rVert)$ of central finite "
        + "differences ($h = \(texNumber(h))$) and of autodiff against the analytic gradient, "
        + "per \(isSurface ? "point" : count == 1 ? "parameter group" : "point and parameter group"); "
        + "the check allows "
        + "$\(texNumber(tolerance))$.",
      columns: [
        Table.Column("point", csv: "point", style: .integer),
        Table.Column(isSurface ? "$(x, y)$" : "parameters", csv: isSurface ? "x, y" : "group"),
        Table.Column("count", csv: "count", style: .integer),
        Table.Column(
          isSurface ? "$\\lVert \\nabla f \\rVert$" : "$\\lVert \\nabla L \\rVert$",
          csv: "analytic norm", style: .significant(3)),
        Table.Column("finite differences", csv: "finite differences error", style: .significant(2)),
        Table.Column("autodiff", csv: "autodiff error", style: .significant(2)),
      ].enumerated().filter { kept.contains($0.offset) }.map(\.element),
      rows: rows.map { row in row.enumerated().filter { kept.contains($0.offset) }.map(\.element) })

    var items: [DirectiveOutput.Item] = []
    var values = [
      NamedValue("max-error[finite-differences]", worstDifferences.error, style: .significant(2)),
      NamedValue("max-error[autodiff]", worstAutodiff.error, style: .significant(2)),
      NamedValue("parameters", Double(comparisons[0].point.count), style: .integer),
      NamedValue("points", Double(comparisons.count), style: .integer),
    ]

    if sweep {
      let (figure, best) = Self.sweepFigure(
        comparisons[0], subject: firstPoint, tolerance: tolerance)
      items.append(.figure(figure))
      values.append(NamedValue("best-step", best.step, style: .scientific(0)))
      values.append(NamedValue("best-step-error", best.error, style: .significant(2)))
    }
    items.append(.table(table))

    if components {
      let first = comparisons[0]
      let analyticHeader: String
      switch function {
      case .softmaxCrossEntropy?: analyticHeader = "analytic $a_j - y_j$"
      case .batchNorm?, .mlp?, .mlpBatchNorm?: analyticHeader = "analytic (backward pass)"
      default: analyticHeader = "analytic"
      }
      let componentRows = first.point.indices.map { j -> [Cell] in
        [
          .number(Double(j + 1)), .number(first.point[j]), .number(first.analytic[j]),
          .number(first.finiteDifferences[j]), .number(first.autodiff[j]),
        ]
      }
      items.append(
        .table(
          Table(
            key: "components",
            caption:
              "Every derivative $\\partial L/\\partial \\theta_j$ of \(firstPoint): by hand, "
              + "by central differences, by autodiff.",
            columns: [
              Table.Column("$j$", csv: "j", style: .integer),
              Table.Column("$\\theta_j$", csv: "theta", style: .significant(4)),
              Table.Column(analyticHeader, csv: "analytic", style: .significant(10)),
              Table.Column(
                "finite differences", csv: "finite differences", style: .significant(10)),
              Table.Column("autodiff", csv: "autodiff", style: .significant(10)),
            ], rows: componentRows)))
      for j in first.point.indices {
        values.append(NamedValue("analytic[\(j + 1)]", first.analytic[j], style: .significant(6)))
        values.append(
          NamedValue(
            "finite-differences[\(j + 1)]", first.finiteDifferences[j], style: .significant(6))
        )
        values.append(NamedValue("autodiff[\(j + 1)]", first.autodiff[j], style: .significant(6)))
      }
    }
    return DirectiveOutput(items: items, values: values)
  }

  /// The steps of the sweep: 10⁻¹ … 10⁻¹², every half decade.
  static let sweepSteps: [Double] = (2...24).map { Double.pow10(-Double($0) / 2) }

  /// Finite-difference error against h at one point, with autodiff's error and the tolerance.
  static func sweepFigure(_ comparison: GradientComparison, subject: String, tolerance: Double)
    -> (LessonKit.Figure, best: (step: Double, error: Double))
  {
    let steps = Array(Set(sweepSteps + [comparison.step])).sorted(by: >)
    let errors = steps.map { comparison.withStep($0).finiteDifferenceError() }
    let bestIndex = errors.indices.min { errors[$0] < errors[$1] }!
    let best = (step: steps[bestIndex], error: errors[bestIndex])
    let autodiff = comparison.autodiffError()
    let chosen = comparison.finiteDifferenceError()

    var marks: [Mark] = [
      .line(
        Line(
          "finite differences vs analytic", x: steps, y: errors,
          style: SeriesStyle(color: .series(1), marker: .circle)))
    ]
    if autodiff > 0 {
      marks.append(
        .line(
          Line(
            "autodiff vs analytic", x: [steps.first!, steps.last!], y: [autodiff, autodiff],
            style: SeriesStyle(color: .series(2), dash: .dashed))))
    }
    var annotations: [Annotation] = [
      .horizontalRule(y: tolerance, label: "tolerance"),
      .verticalRule(
        x: comparison.step, label: "h = \(NumberFormat.display(comparison.step, .scientific(0)))"),
      .marker(x: comparison.step, y: chosen, shape: .cross),
    ]
    let floor = Double.pow10(
      log10(min(errors.filter { $0 > 0 }.min() ?? 1e-16, autodiff > 0 ? autodiff : 1e-16))
        .rounded(.down))
    if autodiff == 0 {
      annotations.append(
        .text("autodiff = analytic exactly (error 0)", x: steps.first!, y: floor * 3, anchor: .end))
    }
    let chart = Chart(
      height: 360, x: Axis("finite-difference step h", scale: .log),
      y: Axis(
        "relative error", scale: .log,
        domain: floor...max(1, tolerance * 10)),
      marks: marks, annotations: annotations, legend: .below)

    let range =
      "\(NumberFormat.display(steps.first!, .scientific(0))) to "
      + NumberFormat.display(steps.last!, .scientific(0))
    let description =
      "Relative error of central finite differences against the analytic gradient of "
      + "\(subject), for steps h from \(range) (log–log). It is smallest, "
      + "\(NumberFormat.display(best.error, .scientific(1))), at h = "
      + "\(NumberFormat.display(best.step, .scientific(0))); larger steps suffer from truncation "
      + "(error ∝ h²), smaller ones from rounding (∝ 1/h). "
      + (autodiff > 0
        ? "Autodiff differs from the analytic gradient by "
          + "\(NumberFormat.display(autodiff, .scientific(1))) whatever h, rounding only."
        : "Autodiff agrees with the analytic gradient exactly.")
    let data = DataTable([
      ("h", steps), ("finite differences error", errors),
      ("autodiff error", steps.map { _ in autodiff }),
    ])
    let figure = Figure(
      key: "sweep",
      caption:
        "Finite differences are an approximation: their error against the analytic gradient of "
        + "\(subject) depends on the step $h$, and is smallest near "
        + "$h = \(texNumber(best.step))$. Autodiff has no step.",
      description: description, data: data,
      chart: chart)
    return (figure, best)
  }

  /// A number for TeX: 10^{-5}, 3 \times 10^{-7}, 0.01.
  static func texNumber(_ value: Double) -> String {
    let text = NumberFormat.ascii(value, .significant(2))
    guard let e = text.firstIndex(of: "e") else { return text }
    let mantissa = text[..<e]
    let exponent = Int(text[text.index(after: e)...])!
    return (mantissa == "1" ? "" : "\(mantissa) \\times ") + "10^{\(exponent)}"
  }
}

/// ‖v‖₂.
private func norm(_ v: ArraySlice<Double>) -> Double {
  v.reduce(0) { $0 + $1 * $1 }.squareRoot()
}

extension Double {
  /// 10ˣ.
  fileprivate static func pow10(_ x: Double) -> Double { Foundation.pow(10, x) }
}
