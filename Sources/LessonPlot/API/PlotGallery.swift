import Foundation
import LessonMarkup

/// One example chart of the gallery.
public struct GalleryEntry: Sendable {
  /// The figure's name, also its id on the page.
  public var name: String
  public var title: String
  public var description: String
  public var figure: any Figure

  /// The figure's SVG, ids prefixed by `name`.
  public var svg: String { figure.svg(id: name, title: title, description: description) }
}

/// Example charts of every kind, from small realistic data generated with a fixed seed:
/// the library's visual test bed, its golden snapshots and a page of the site.
public enum PlotGallery {
  /// Every example, in the order the gallery page shows them.
  public static var entries: [GalleryEntry] { makers.map { $0() } }

  /// What makes each example, in order: each is independent of the others (the site makes
  /// them in parallel).
  public static let makers: [@Sendable () -> GalleryEntry] = [
    ewa, biasCorrection, lossPerStep, learningRates, band, moons, blobs, optimizerContour,
    surfaces, jacobian, confusion, decisionRegions, softmaxBars, groupedBars, batchNormHistogram,
    samplingHistograms, digits, linearVersusLog, criticalPoints,
  ]

  /// A standalone HTML page showing every entry, with `PlotStyle.css` inlined; light or dark
  /// follows the reader's system preference.
  public static func htmlPage() -> String {
    var body = ""
    for entry in entries {
      let heading = Element("h2", [], text: entry.title).render()
      let caption = Element(
        "figcaption", [],
        text:
          "\(entry.name) — \(NumberFormat.ascii(Double(entry.svg.utf8.count))) bytes: \(entry.description)"
      ).render()
      body += "<section>\(heading)<figure>\(entry.svg)\(caption)</figure></section>\n"
    }
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>LessonPlot gallery</title>
      <style>
      :root{color-scheme:light dark}
      body{margin:0 auto;max-width:760px;padding:16px 20px;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;background:#fff;color:#1f2328}
      @media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}}
      figure{margin:0 0 8px}figcaption{font-size:13px;opacity:.75}
      h2{font-size:17px;margin:28px 0 8px}
      \(PlotStyle.css)</style></head><body>
      <h1>LessonPlot gallery</h1>
      \(body)</body></html>

      """
  }

  // MARK: - Data helpers

  /// SplitMix64 (Steele, Lea & Flood, OOPSLA 2014): a small, fast, seedable generator, so
  /// the gallery is the same on every machine.
  struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
      let u = max(uniform(), 1e-300)
      return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * uniform())
    }
  }

  static func temperatures(days: Int, seed: UInt64) -> [Double] {
    var rng = SplitMix64(seed: seed)
    return (1...days).map { d in
      12 + 9 * sin(2 * Double.pi * (Double(d) - 110) / 365) + 3.2 * rng.normal()
    }
  }

  /// The course's EWA: v₀ = 0, vₜ = β vₜ₋₁ + (1 − β) θₜ; optionally bias-corrected.
  static func ewa(_ theta: [Double], beta: Double, corrected: Bool = false) -> [Double] {
    var v = 0.0
    return theta.enumerated().map { t, x in
      v = beta * v + (1 - beta) * x
      return corrected ? v / (1 - pow(beta, Double(t + 1))) : v
    }
  }

  static func moonsData(count: Int, noise: Double, seed: UInt64) -> (
    x: [Double], y: [Double], c: [Int]
  ) {
    var rng = SplitMix64(seed: seed)
    var xs: [Double] = []
    var ys: [Double] = []
    var cs: [Int] = []
    for i in 0..<count {
      let k = i % 2
      let t = Double.pi * rng.uniform()
      let x = k == 0 ? cos(t) : 1 - cos(t)
      let y = k == 0 ? sin(t) : 0.5 - sin(t)
      xs.append(x + noise * rng.normal())
      ys.append(y + noise * rng.normal())
      cs.append(k)
    }
    return (xs, ys, cs)
  }

  /// A k-nearest-neighbour vote among points of classes 0 and 1, for the points of a grid
  /// asked row by row. The k nearest are ordered by (distance², class), so ties go to class 0.
  ///
  /// Sorting every point for every query would be n log n. When at least k points lie within
  /// some distance, the k nearest are among them, whatever the distance; a good one comes
  /// from a nearby earlier query (the previous one, or the first of the previous row when a
  /// row starts), whose k nearest lie within r + |jump| of this one (triangle inequality).
  /// So only the points inside that bound (a few more than k on a fine grid) are sorted, and
  /// all of them when fewer than k are inside. The filter is written without a branch, which
  /// the bound would make unpredictable.
  struct NearestNeighbours {
    let x: [Double]
    let y: [Double]
    let classes: [Int]
    let k: Int
    /// The candidates' keys, packed at the front.
    private var keys: [UInt64]
    private var previous: (x: Double, y: Double, kth: Double) = (0, 0, .infinity)
    private var rowStart: (x: Double, y: Double, kth: Double) = (0, 0, .infinity)

    init(x: [Double], y: [Double], classes: [Int], k: Int) {
      (self.x, self.y, self.classes, self.k) = (x, y, classes, min(k, x.count))
      keys = [UInt64](repeating: 0, count: x.count)
    }

    /// 1 when more than half of the k nearest points to (px, py) are of class 1, else 0.
    mutating func majority(x px: Double, y py: Double) -> Int {
      guard k > 0 else { return 0 }
      let startsRow = px < previous.x
      let anchor = startsRow ? rowStart : previous
      let (jx, jy) = (px - anchor.x, py - anchor.y)
      let reach = anchor.kth.squareRoot() + (jx * jx + jy * jy).squareRoot()
      let k = k
      let (kth, votes) = x.withUnsafeBufferPointer { x in
        y.withUnsafeBufferPointer { y in
          classes.withUnsafeBufferPointer { classes in
            keys.withUnsafeMutableBufferPointer { key in
              // A distance² is ≥ 0, so its bits order like it: the key orders by
              // (distance², class).
              var bound = reach * reach
              var count = 0
              while true {
                count = 0
                for i in x.indices {
                  let (dx, dy) = (x[i] - px, y[i] - py)
                  let distance = dx * dx + dy * dy
                  key[count] = distance.bitPattern << 1 | UInt64(classes[i] & 1)
                  count &+= Int(unsafeBitCast(distance <= bound, to: UInt8.self))
                }
                if count >= k { break }
                bound = .infinity
              }
              // Insertion sort of the few candidates, then the first k.
              for i in 1..<count {
                let mine = key[i]
                var at = i
                while at > 0, mine < key[at - 1] {
                  key[at] = key[at - 1]
                  at -= 1
                }
                key[at] = mine
              }
              var votes = 0
              for i in 0..<k { votes &+= Int(key[i] & 1) }
              return (Double(bitPattern: key[k - 1] >> 1), votes)
            }
          }
        }
      }
      previous = (px, py, kth)
      if startsRow || rowStart.kth == .infinity { rowStart = previous }
      return votes * 2 > k ? 1 : 0
    }
  }

  // MARK: - Entries

  static func ewa() -> GalleryEntry {
    let theta = temperatures(days: 365, seed: 7)
    let chart = Chart(
      x: Axis("day"), y: Axis("temperature (°C)"),
      marks: [
        .scatter(
          Scatter(
            "daily temperature", x: theta.indices.map { Double($0 + 1) }, y: theta,
            style: SeriesStyle(color: .muted, opacity: 0.55), size: 3.5)),
        .line(
          Line("β = 0.5 (≈ 2 days)", y: ewa(theta, beta: 0.5), style: SeriesStyle(lineWidth: 1.25))),
        .line(Line("β = 0.9 (≈ 10 days)", y: ewa(theta, beta: 0.9))),
        .line(Line("β = 0.98 (≈ 50 days)", y: ewa(theta, beta: 0.98))),
      ])
    return GalleryEntry(
      name: "ewa", title: "Exponentially weighted averages",
      description:
        "A year of noisy daily temperatures (grey dots) and three averages: β = 0.5 follows the noise, β = 0.9 is smooth, β = 0.98 is smoother still but lags about 50 days and starts near 0.",
      figure: chart)
  }

  static func biasCorrection() -> GalleryEntry {
    let theta = temperatures(days: 365, seed: 7)
    let days = 60
    let raw = Array(theta.prefix(days))
    let chart = Chart(
      height: 360, x: Axis("day"), y: Axis("temperature (°C)"),
      marks: [
        .scatter(
          Scatter(
            "daily temperature", x: raw.indices.map { Double($0 + 1) }, y: raw,
            style: SeriesStyle(color: .muted, opacity: 0.6), size: 4)),
        .line(
          Line(
            "v (no correction)", y: ewa(raw, beta: 0.98),
            style: SeriesStyle(color: .series(2), dash: .dashed))),
        .line(
          Line(
            "v / (1 − βᵗ)", y: ewa(raw, beta: 0.98, corrected: true),
            style: SeriesStyle(color: .series(1)))),
      ])
    return GalleryEntry(
      name: "bias-correction", title: "Bias correction (β = 0.98)",
      description:
        "Over the first 60 days the uncorrected average v starts at 0 and stays far below the data; dividing by 1 − βᵗ removes the start-up bias.",
      figure: chart)
  }

  static func lossPerStep() -> GalleryEntry {
    var rng = SplitMix64(seed: 3)
    let steps = 200
    func curve(rate: Double, noise: Double) -> [Double] {
      (0..<steps).map { t in
        2.3 * exp(-rate * Double(t)) + 0.02 + noise * abs(rng.normal()) * exp(-rate * Double(t) / 2)
      }
    }
    let diverging = (0..<steps).map { t in t < 30 ? 2.3 * pow(1.25, Double(t)) : Double.nan }
    let chart = Chart(
      x: Axis("iteration"), y: Axis("cost", scale: .log, domain: 0.01...10),
      marks: [
        .line(Line("batch gradient descent", y: curve(rate: 0.012, noise: 0), start: 0)),
        .line(Line("mini-batch (64)", y: curve(rate: 0.03, noise: 0.08), start: 0)),
        .line(
          Line(
            "SGD", y: curve(rate: 0.05, noise: 0.25), start: 0, style: SeriesStyle(lineWidth: 1.25))
        ),
        .line(Line("α too large", y: diverging, start: 0, exitLabel: "diverged")),
      ])
    return GalleryEntry(
      name: "loss-per-step", title: "Cost per iteration (log scale)",
      description:
        "Batch gradient descent decreases smoothly, mini-batch and SGD decrease with noise; with a learning rate that is too large the cost grows by 25 % per iteration and leaves the chart after 7 iterations.",
      figure: chart)
  }

  static func learningRates() -> GalleryEntry {
    let epochs = Array(0...30).map(Double.init)
    let alpha0 = 0.2
    let chart = Chart(
      height: 360, x: Axis("epoch"), y: Axis("learning rate α"),
      marks: [
        .line(
          Line(
            "constant", x: epochs, y: epochs.map { _ in alpha0 },
            style: SeriesStyle(color: .muted, dash: .dotted))),
        .line(
          Line(
            "inverse time", x: epochs, y: epochs.map { alpha0 / (1 + 0.3 * $0) },
            style: SeriesStyle(marker: .circle, markEvery: 3))),
        .line(
          Line(
            "exponential 0.9ᵉ", x: epochs, y: epochs.map { alpha0 * pow(0.9, $0) },
            style: SeriesStyle(marker: .square, markEvery: 3))),
        .line(
          Line(
            "staircase", x: epochs, y: epochs.map { alpha0 / (1 + 0.5 * ($0 / 10).rounded(.down)) },
            style: SeriesStyle(marker: .triangle, markEvery: 3))),
      ])
    return GalleryEntry(
      name: "lr-decay", title: "Learning rate per epoch",
      description:
        "Starting from α₀ = 0.2: inverse-time decay falls fastest at first, exponential decay 0.9ᵉ keeps falling, the staircase drops every 10 epochs.",
      figure: chart)
  }

  static func band() -> GalleryEntry {
    var rng = SplitMix64(seed: 11)
    let epochs = 60
    var runs: [[Double]] = []
    for _ in 0..<8 {
      let rate = 0.06 + 0.02 * rng.uniform()
      runs.append(
        (0..<epochs).map { t in 0.7 * exp(-rate * Double(t)) + 0.08 + 0.025 * rng.normal() })
    }
    let mean = (0..<epochs).map { t in runs.map { $0[t] }.reduce(0, +) / Double(runs.count) }
    let lower = (0..<epochs).map { t in runs.map { $0[t] }.min()! }
    let upper = (0..<epochs).map { t in runs.map { $0[t] }.max()! }
    let x = (1...epochs).map(Double.init)
    let chart = Chart(
      height: 340, x: Axis("epoch"), y: Axis("training cost"),
      marks: [
        .band(Band("min…max over 8 seeds", x: x, lower: lower, upper: upper, color: .series(1))),
        .line(Line("mean over 8 seeds", x: x, y: mean, style: SeriesStyle(color: .series(1)))),
      ],
      annotations: [.horizontalRule(y: 0.08, label: "irreducible cost 0.08")])
    return GalleryEntry(
      name: "band", title: "Shaded band: spread over seeds",
      description:
        "Mean training cost over 8 seeds with the range between the lowest and highest run shaded; all runs approach 0.08.",
      figure: chart)
  }

  static func moons() -> GalleryEntry {
    let data = moonsData(count: 300, noise: 0.2, seed: 1)
    let chart = Chart(
      height: 380, x: Axis("x₁"), y: Axis("x₂"),
      marks: [
        .scatter(Scatter(x: data.x, y: data.y, classes: data.c, classNames: ["y = 0", "y = 1"]))
      ],
      equalAspect: true)
    return GalleryEntry(
      name: "moons", title: "Two moons (300 points, noise 0.2)",
      description:
        "Two interleaved half circles of 150 points each; the classes overlap where the moons meet.",
      figure: chart)
  }

  static func blobs() -> GalleryEntry {
    var rng = SplitMix64(seed: 5)
    let centres = [(-2.0, 2.0), (2.0, 2.5), (0.0, -1.5), (3.0, -1.0)]
    var x: [Double] = []
    var y: [Double] = []
    var c: [Int] = []
    for i in 0..<240 {
      let k = i % centres.count
      x.append(centres[k].0 + 0.9 * rng.normal())
      y.append(centres[k].1 + 0.9 * rng.normal())
      c.append(k)
    }
    let chart = Chart(
      height: 380, x: Axis("x₁"), y: Axis("x₂"),
      marks: [
        .scatter(
          Scatter(
            x: x, y: y, classes: c, classNames: ["class 0", "class 1", "class 2", "class 3"],
            size: 6.5))
      ])
    return GalleryEntry(
      name: "blobs", title: "Four Gaussian blobs",
      description: "240 points in four classes, each class with its own colour and marker shape.",
      figure: chart)
  }

  /// Runs an optimizer on f(x, y) = 0.1x² + 2y² from (−5, −2).
  static func run(steps: Int, _ update: (inout [Double], [Double], Int) -> Void) -> (
    x: [Double], y: [Double]
  ) {
    var w = [-5.0, -2.0]
    var xs = [w[0]]
    var ys = [w[1]]
    for t in 1...steps {
      let g = [0.2 * w[0], 4 * w[1]]
      update(&w, g, t)
      xs.append(w[0])
      ys.append(w[1])
    }
    return (xs, ys)
  }

  static func optimizerContour() -> GalleryEntry {
    let grid = Grid.sample(x: -6...6, y: -3...3, columns: 97, rows: 49) {
      0.1 * $0 * $0 + 2 * $1 * $1
    }
    let gd = run(steps: 20) { w, g, _ in w = [w[0] - 0.4 * g[0], w[1] - 0.4 * g[1]] }
    let gdLarge = run(steps: 20) { w, g, _ in w = [w[0] - 0.6 * g[0], w[1] - 0.6 * g[1]] }
    // Momentum without the (1 − β) factor, η = 0.6, β = 0.5 (the values of CONTENT.md §2.6).
    var z = [0.0, 0.0]
    let momentum = run(steps: 20) { w, g, _ in
      z = [0.5 * z[0] + g[0], 0.5 * z[1] + g[1]]
      w = [w[0] - 0.6 * z[0], w[1] - 0.6 * z[1]]
    }
    var m = [0.0, 0.0]
    var s = [0.0, 0.0]
    let adam = run(steps: 20) { w, g, t in
      for i in 0..<2 {
        m[i] = 0.9 * m[i] + 0.1 * g[i]
        s[i] = 0.999 * s[i] + 0.001 * g[i] * g[i]
        let mh = m[i] / (1 - pow(0.9, Double(t)))
        let sh = s[i] / (1 - pow(0.999, Double(t)))
        w[i] -= 0.3 * mh / (sh.squareRoot() + 1e-8)
      }
    }
    let chart = Chart(
      height: 400, x: Axis("w₁"), y: Axis("w₂"),
      marks: [
        .contour(Contour(grid, colorBar: true, colorBarLabel: "f(w)")),
        .trajectory(Trajectory("GD, α = 0.4", x: gd.x, y: gd.y)),
        .trajectory(Trajectory("GD, α = 0.6", x: gdLarge.x, y: gdLarge.y)),
        .trajectory(Trajectory("momentum, η = 0.6, β = 0.5", x: momentum.x, y: momentum.y)),
        .trajectory(Trajectory("Adam, α = 0.3", x: adam.x, y: adam.y)),
      ],
      legend: .below, equalAspect: true)
    return GalleryEntry(
      name: "optimizers", title: "Optimizers on an elongated bowl",
      description:
        "Contours of f = 0.1w₁² + 2w₂² with 20 steps of four optimizers from (−5, −2): GD with α = 0.4 creeps along w₁ and ends at (−0.94, 0.00), GD with α = 0.6 overshoots along w₂ by a factor 1.4 per step and diverges, momentum reaches the minimum at the origin, Adam moves about α per step in both directions.",
      figure: chart)
  }

  static func surfaces() -> GalleryEntry {
    let saddle = Grid.sample(x: -2...2, y: -2...2, columns: 61, rows: 61) { $0 * $0 - $1 * $1 }
    var path: (x: [Double], y: [Double]) = ([1.8], [0.02])
    for _ in 0..<40 {
      let (x, y) = (path.x.last!, path.y.last!)
      path.x.append(x - 0.1 * 2 * x)
      path.y.append(y + 0.1 * 2 * y)
    }
    let rosenbrock = Grid.sample(x: -2...2, y: -1...3, columns: 81, rows: 81) {
      (1 - $0) * (1 - $0) + 100 * ($1 - $0 * $0) * ($1 - $0 * $0)
    }
    let left = Chart(
      width: 360, height: 340, x: Axis("x"), y: Axis("y"),
      marks: [
        .contour(Contour(saddle)),
        .trajectory(Trajectory("GD", x: path.x, y: path.y, exitLabel: "escapes")),
      ],
      legend: .hidden, equalAspect: true)
    let right = Chart(
      width: 360, height: 340, x: Axis("x"), y: Axis("y"),
      marks: [.contour(Contour(rosenbrock, levels: .log(8)))],
      annotations: [.marker(x: 1, y: 1, shape: .star, text: "minimum (1, 1)")],
      equalAspect: true)
    return GalleryEntry(
      name: "surfaces", title: "Contour levels for a saddle and a valley",
      description:
        "Left: f = x² − y² with evenly spaced levels; gradient descent started near the ridge slides to the saddle point, then escapes along y. Right: the Rosenbrock function with log-spaced levels, minimum at (1, 1).",
      figure: Panels(
        [left, right], subtitles: ["(a) saddle x² − y²", "(b) Rosenbrock, log-spaced levels"]))
  }

  static func jacobian() -> GalleryEntry {
    let z = [5.0, 2, -1, 3]
    let e = z.map { exp($0 - 5) }
    let a = e.map { $0 / e.reduce(0, +) }
    let j = (0..<4).map { r in (0..<4).map { c in (r == c ? a[r] : 0) - a[r] * a[c] } }
    let heatmap = Heatmap(
      width: 440, height: 340, values: j, rowLabels: ["a₁", "a₂", "a₃", "a₄"],
      columnLabels: ["z₁", "z₂", "z₃", "z₄"], xLabel: "with respect to", yLabel: "derivative of",
      colorMap: .themeDiverging, cellFormat: .fixed(3), colorBarLabel: "∂aᵢ/∂zⱼ")
    return GalleryEntry(
      name: "jacobian", title: "Softmax Jacobian diag(a) − aaᵀ",
      description:
        "For z = (5, 2, −1, 3): the diagonal aᵢ(1 − aᵢ) is positive (largest 0.133 for a₁), every off-diagonal entry −aᵢaⱼ is negative, and each row sums to zero.",
      figure: heatmap)
  }

  static func confusion() -> GalleryEntry {
    var rng = SplitMix64(seed: 21)
    var m = [[Double]](repeating: [Double](repeating: 0, count: 10), count: 10)
    for r in 0..<10 {
      let total = 34 + Int(rng.uniform() * 6)
      var left = total
      for _ in 0..<Int(rng.uniform() * 3) {
        let c = Int(rng.uniform() * 10)
        guard c != r, left > 30 else { continue }
        m[r][c] += 1
        left -= 1
      }
      m[r][r] = Double(left)
    }
    m[8][1] += 2
    m[8][8] -= 2
    m[9][4] += 1
    m[9][9] -= 1
    let labels = (0...9).map { String($0) }
    let heatmap = Heatmap(
      width: 520, height: 470, values: m, rowLabels: labels, columnLabels: labels,
      xLabel: "predicted digit", yLabel: "true digit", colorMap: .themeSequential,
      cellFormat: .integer,
      colorBarLabel: "images")
    return GalleryEntry(
      name: "confusion", title: "Confusion matrix (test set)",
      description:
        "Most of the 360 test digits lie on the diagonal; the largest confusion is 8 read as 1.",
      figure: heatmap)
  }

  static func decisionRegions() -> GalleryEntry {
    let data = moonsData(count: 200, noise: 0.2, seed: 2)
    // A 15-nearest-neighbour classifier: a plausible, curved decision boundary.
    var classifier = NearestNeighbours(x: data.x, y: data.y, classes: data.c, k: 15)
    let regions = Regions.sample(x: -1.5...2.5, y: -1...1.5, columns: 81, rows: 51) {
      classifier.majority(x: $0, y: $1)
    }
    let chart = Chart(
      height: 380, x: Axis("x₁"), y: Axis("x₂"),
      marks: [
        .regions(regions),
        .scatter(
          Scatter(x: data.x, y: data.y, classes: data.c, classNames: ["y = 0", "y = 1"], size: 6)),
      ], equalAspect: true)
    return GalleryEntry(
      name: "regions", title: "Decision regions",
      description:
        "The plane coloured by the predicted class of a 15-nearest-neighbour classifier, with the 200 training points on top; the boundary curves between the moons.",
      figure: chart)
  }

  static func softmaxBars() -> GalleryEntry {
    let z = [5.0, 2, -1, 3]
    let e = z.map { exp($0 - 5) }
    let a = e.map { $0 / e.reduce(0, +) }
    let chart = BarChart(
      height: 300, categories: ["class 1", "class 2", "class 3", "class 4"],
      series: [BarSeries(values: a)],
      y: Axis("probability", domain: 0...1), valueFormat: .fixed(3))
    return GalleryEntry(
      name: "softmax", title: "Softmax of z = (5, 2, −1, 3)",
      description:
        "Class 1 gets probability 0.842, class 4 0.114, class 2 0.042 and class 3 0.002.",
      figure: chart)
  }

  static func groupedBars() -> GalleryEntry {
    let z = [5.0, 2, -1, 3]
    func softmax(_ t: Double) -> [Double] {
      let e = z.map { exp(($0 - 5) / t) }
      return e.map { $0 / e.reduce(0, +) }
    }
    let chart = BarChart(
      height: 320, categories: ["class 1", "class 2", "class 3", "class 4"],
      series: [
        BarSeries("T = 0.5", values: softmax(0.5)), BarSeries("T = 1", values: softmax(1)),
        BarSeries("T = 3", values: softmax(3)),
      ],
      xLabel: "class", y: Axis("probability", domain: 0...1), valueFormat: .fixed(2))
    return GalleryEntry(
      name: "temperature", title: "Softmax temperature",
      description:
        "Dividing z by a temperature T: at T = 0.5 class 1 takes 0.98 of the mass, at T = 3 the probabilities flatten to 0.50, 0.18, 0.07 and 0.25.",
      figure: chart)
  }

  static func batchNormHistogram() -> GalleryEntry {
    var rng = SplitMix64(seed: 17)
    let before = (0..<2000).map { _ in 3 + 2.5 * rng.normal() + 1.5 * abs(rng.normal()) }
    let mean = before.reduce(0, +) / Double(before.count)
    let variance = before.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(before.count)
    let after = before.map { ($0 - mean) / (variance + 1e-5).squareRoot() }
    let summary =
      "2000 pre-activations with mean \(NumberFormat.display(mean, .fixed(1))) and standard deviation "
      + "\(NumberFormat.display(variance.squareRoot(), .fixed(1))) before normalization, mean 0 and standard deviation 1 after."
    let chart = Chart(
      height: 340, x: Axis("pre-activation z"), y: Axis("density"),
      marks: [
        .histogram(
          Histogram("before batch norm", values: before, bins: .linear(40), normalization: .density)
        ),
        .histogram(
          Histogram("after batch norm", values: after, bins: .linear(40), normalization: .density)),
      ])
    return GalleryEntry(
      name: "batchnorm-hist", title: "Activations before and after batch norm",
      description: summary,
      figure: chart)
  }

  static func samplingHistograms() -> GalleryEntry {
    var rng = SplitMix64(seed: 23)
    let uniform = (0..<1000).map { _ in 1e-4 + (1 - 1e-4) * rng.uniform() }
    let logUniform = (0..<1000).map { _ in pow(10, -4 * rng.uniform()) }
    let left = Chart(
      width: 360, height: 300, x: Axis("α", scale: .log), y: Axis("samples"),
      marks: [.histogram(Histogram(values: uniform, bins: .log(perDecade: 4)))], legend: .hidden)
    let right = Chart(
      width: 360, height: 300, x: Axis("α", scale: .log), y: Axis("samples"),
      marks: [
        .histogram(Histogram(values: logUniform, bins: .log(perDecade: 4), color: .series(2)))
      ], legend: .hidden)
    return GalleryEntry(
      name: "sampling", title: "Sampling the learning rate",
      description:
        "1000 samples on [10⁻⁴, 1] in log bins: uniform sampling puts 90 % of them in [0.1, 1]; sampling r uniformly in [−4, 0] and α = 10ʳ spreads them evenly, 25 % per decade.",
      figure: Panels(
        [left, right],
        subtitles: ["(a) α uniform on [10⁻⁴, 1]", "(b) α = 10ʳ, r uniform on [−4, 0]"]))
  }

  static let digitTemplates: [String] = [
    "..####..|.##..##.|.##..##.|.##..##.|.##..##.|.##..##.|.##..##.|..####..",
    "...##...|..###...|.####...|...##...|...##...|...##...|...##...|.######.",
    "..####..|.##..##.|.....##.|....##..|...##...|..##....|.##.....|.######.",
    "..####..|.##..##.|.....##.|...###..|.....##.|.....##.|.##..##.|..####..",
    "....##..|...###..|..#.##..|.#..##..|.######.|....##..|....##..|....##..",
    ".######.|.##.....|.##.....|.#####..|.....##.|.....##.|.##..##.|..####..",
    "..####..|.##.....|.##.....|.#####..|.##..##.|.##..##.|.##..##.|..####..",
    ".######.|.....##.|....##..|...##...|..##....|..##....|..##....|..##....",
    "..####..|.##..##.|.##..##.|..####..|.##..##.|.##..##.|.##..##.|..####..",
    "..####..|.##..##.|.##..##.|.##..##.|..#####.|.....##.|....##..|..###...",
  ]

  static func digits() -> GalleryEntry {
    var rng = SplitMix64(seed: 31)
    var images: [GridImage] = []
    for n in 0..<16 {
      let digit = (n * 7) % 10
      let rows = digitTemplates[digit].split(separator: "|").map(Array.init)
      var pixels: [Double] = []
      for j in 0..<8 {
        for i in 0..<8 {
          let ink = rows[j][i] == "#" ? 13.0 : 0
          // Soft edges: some ink bleeds into neighbours, as in the scanned 8×8 digits.
          var bleed = 0.0
          for (di, dj) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
            let (a, b) = (i + di, j + dj)
            if a >= 0, a < 8, b >= 0, b < 8, rows[b][a] == "#" { bleed += 2.5 }
          }
          pixels.append(
            max(0, min(16, ink + bleed * rng.uniform() + (ink > 0 ? 3 * rng.uniform() : 0)))
              .rounded())
        }
      }
      let wrong = n == 5 || n == 12
      let predicted = wrong ? (digit + 3) % 10 : digit
      images.append(
        GridImage(
          width: 8, height: 8, pixels: pixels,
          label: wrong ? "\(predicted) (true \(digit))" : "\(predicted)", highlighted: wrong))
    }
    return GalleryEntry(
      name: "digits", title: "Sample digits with predicted labels",
      description:
        "Sixteen 8×8 digit images with the classifier's prediction under each; two are wrong and are outlined.",
      figure: ImageGrid(images: images, columns: 8, cellSize: 56))
  }

  static func linearVersusLog() -> GalleryEntry {
    let steps = (0...100).map(Double.init)
    let loss = steps.map { 2.3 * exp(-0.08 * $0) + 1e-3 }
    func chart(_ scale: Scale) -> Chart {
      Chart(
        width: 360, height: 300, x: Axis("iteration"), y: Axis("cost", scale: scale),
        marks: [.line(Line(x: steps, y: loss))], legend: .hidden)
    }
    return GalleryEntry(
      name: "lin-log", title: "One cost curve, two scales",
      description:
        "The same cost on a linear axis, where it looks finished after 40 iterations, and on a log axis, where it keeps falling by a factor of 10 every 29 iterations until it nears 0.001.",
      figure: Panels(
        [chart(.linear), chart(.log)], subtitles: ["(a) linear scale", "(b) log scale"]))
  }

  static func criticalPoints() -> GalleryEntry {
    let dims = (1...8).map(Double.init)
    let measured = [0.5, 0.1464, 0.0254, 0.0026, 0.00018, 8e-6, 2e-7, 3e-9]
    let chart = Chart(
      height: 360, x: Axis("dimension n"), y: Axis("fraction that are minima", scale: .log),
      marks: [
        .line(
          Line(
            "0.5ⁿ (independent directions)", x: dims, y: dims.map { pow(0.5, $0) },
            style: SeriesStyle(color: .muted, dash: .dashed))),
        .line(
          Line(
            "random symmetric Hessians", x: dims, y: measured,
            style: SeriesStyle(color: .series(1), marker: .circle))),
      ],
      annotations: [
        .arrow(fromX: 2.6, fromY: 3e-6, toX: 2.03, toY: 0.11, text: "(2 − √2)/4 ≈ 0.146 at n = 2"),
        .text("minima get rare fast", x: 5.5, y: 2e-4),
        .horizontalRule(y: 1e-3, label: "1 in 1000"),
      ])
    return GalleryEntry(
      name: "critical-points", title: "How often is a critical point a minimum?",
      description:
        "The fraction of random symmetric Hessians with all eigenvalues positive falls from 0.5 at n = 1 to 3 × 10⁻⁹ at n = 8, faster than 0.5ⁿ.",
      figure: chart)
  }
}
