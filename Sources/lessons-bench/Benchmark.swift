/// One measured benchmark: the best of several runs, and an optional throughput.
struct BenchmarkResult {
  var name: String
  /// Best wall time over the runs, in seconds.
  var seconds: Double
  var runs: Int
  /// Floating-point operations (or bytes) per run, for a rate next to the time.
  var work: Double?
  /// `GFLOP/s` or `GB/s`.
  var unit: String

  var line: String {
    let ms = seconds * 1000
    var text = pad(name, 64) + pad(format(ms, 3) + " ms", 14, left: true)
    if let work, seconds > 0 {
      text += "   " + format(work / seconds / 1e9, 2) + " " + unit
    }
    return text + "   (best of \(runs))"
  }
}

/// Runs `body` `runs` times and keeps the fastest; `body` returns a value that is consumed so
/// the work cannot be optimized away.
func measure<T>(
  _ name: String, runs: Int = 5, work: Double? = nil, unit: String = "GFLOP/s",
  _ body: () -> T
) -> BenchmarkResult {
  let clock = ContinuousClock()
  var best = Double.infinity
  for _ in 0..<runs {
    var result: T?
    let elapsed = clock.measure { result = body() }
    blackHole(result)
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    best = min(best, seconds)
  }
  return BenchmarkResult(name: name, seconds: best, runs: runs, work: work, unit: unit)
}

@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

func format(_ x: Double, _ decimals: Int) -> String {
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let rounded = (x * scale).rounded() / scale
  var text = String(rounded)
  if let dot = text.firstIndex(of: ".") {
    let have = text.distance(from: dot, to: text.endIndex) - 1
    if have < decimals { text += String(repeating: "0", count: decimals - have) }
  }
  return text
}

func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
  let fill = String(repeating: " ", count: max(0, width - s.count))
  return left ? fill + s : s + fill
}
