import Foundation
import Testing

@testable import LessonPlot

@Suite struct TickTests {
  /// Deterministic pseudo-random ranges (SplitMix64, seeded): wide, narrow, negative, tiny,
  /// huge.
  static func ranges(count: Int, seed: UInt64) -> [(Double, Double)] {
    var rng = PlotGallery.SplitMix64(seed: seed)
    return (0..<count).map { _ in
      let magnitude = pow(10, -8 + 16 * rng.uniform())
      let lo = (rng.uniform() * 2 - 1) * magnitude
      let span = magnitude * pow(10, -6 + 7 * rng.uniform())
      return (lo, lo + span)
    }
  }

  static func isNiceStep(_ step: Double) -> Bool {
    let e = (log10(step)).rounded(.down)
    let m = step / pow(10, e)
    return [1.0, 2, 5, 10].contains { abs(m - $0) < 1e-6 * $0 }
  }

  @Test func linear_coversRange_with4To10NiceTicks() {
    for (lo, hi) in Self.ranges(count: 2000, seed: 1) {
      let set = Ticks.linear(lo, hi)
      let values = set.ticks.map(\.value)
      #expect((4...10).contains(values.count), "\(lo)…\(hi): \(values.count) ticks")
      let span = hi - lo
      #expect(values.first! <= lo + span * 1e-9, "first tick above data: \(lo)…\(hi)")
      #expect(values.last! >= hi - span * 1e-9, "last tick below data: \(lo)…\(hi)")
      #expect(set.domain.lowerBound <= lo && set.domain.upperBound >= hi)
      let steps = zip(values.dropFirst(), values).map { $0 - $1 }
      let step = steps[0]
      #expect(Self.isNiceStep(step), "step \(step) for \(lo)…\(hi)")
      #expect(steps.allSatisfy { abs($0 - step) <= step * 1e-6 })
    }
  }

  @Test func linear_maxCountIsHonoured() {
    for maxCount in 4...12 {
      for (lo, hi) in Self.ranges(count: 300, seed: UInt64(maxCount)) {
        let n = Ticks.linear(lo, hi, maxCount: maxCount).ticks.count
        #expect(
          n >= (maxCount >= 8 ? 4 : 3) && n <= maxCount, "\(lo)…\(hi) maxCount \(maxCount): \(n)")
      }
    }
  }

  @Test func linear_labelsHaveNoFloatNoise() {
    #expect(Ticks.linear(0, 1).ticks.map(\.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
    #expect(Ticks.linear(0.1, 0.3).ticks.map(\.label) == ["0.1", "0.15", "0.2", "0.25", "0.3"])
    #expect(Ticks.linear(-3, 3).ticks.map(\.label) == ["−3", "−2", "−1", "0", "1", "2", "3"])
    #expect(
      Ticks.linear(0, 0.0003).ticks.map(\.label) == [
        "0", "0.00005", "0.0001", "0.00015", "0.0002", "0.00025", "0.0003",
      ])
    #expect(
      Ticks.linear(0, 0.00003).ticks.map(\.label) == [
        "0", "5×10⁻⁶", "1×10⁻⁵", "1.5×10⁻⁵", "2×10⁻⁵", "2.5×10⁻⁵", "3×10⁻⁵",
      ])
    #expect(Ticks.linear(0, 4e6).ticks.map(\.label) == ["0", "1×10⁶", "2×10⁶", "3×10⁶", "4×10⁶"])
    #expect(Ticks.linear(1, 365).ticks.map(\.label) == ["0", "100", "200", "300", "400"])
    #expect(
      Ticks.linear(1, 365, maxCount: 10).ticks.map(\.label) == [
        "0", "50", "100", "150", "200", "250", "300", "350", "400",
      ])
    // The tick value is the double nearest the decimal, the one the literal gives.
    #expect(Ticks.linear(0, 1).ticks[1].value == 0.2)
    #expect(Ticks.linear(0.1, 0.3).ticks[0].value == 0.1)
    for (lo, hi) in Self.ranges(count: 500, seed: 9) {
      for tick in Ticks.linear(lo, hi).ticks {
        #expect(!tick.label.contains("0000000") && !tick.label.contains("9999999"), "\(tick.label)")
        #expect(!tick.label.contains("-") && !tick.label.contains("e"), "\(tick.label)")
      }
    }
  }

  @Test func linear_degenerateInput() {
    #expect(Ticks.linear(5, 5).domain.contains(5))
    #expect(Ticks.linear(5, 5).ticks.count >= 4)
    #expect(Ticks.linear(0, 0).ticks.map(\.label) == ["−1", "−0.5", "0", "0.5", "1"])
    #expect(Ticks.linear(.nan, .nan).domain == 0...1)
    #expect(Ticks.linear(-.infinity, .infinity).domain == 0...1)
    #expect(Ticks.linear(3, .nan).domain.contains(3))
    #expect(Ticks.linear(10, 0).ticks.first!.value == 0)
    let huge = Ticks.linear(-1e300, 1e300)
    #expect(huge.ticks.count >= 4 && huge.ticks.allSatisfy { $0.value.isFinite })
    #expect(
      Ticks.linear(-.greatestFiniteMagnitude, .greatestFiniteMagnitude).ticks.allSatisfy {
        $0.value.isFinite
      })
    #expect(Ticks.linear(1e300, 1e300).ticks.count >= 4)
    #expect(Ticks.linear(1e-300, 2e-300).ticks.count >= 4)
  }

  @Test func log_coversRange_with4To10Ticks() {
    var rng = PlotGallery.SplitMix64(seed: 4)
    for _ in 0..<2000 {
      let lo = pow(10, -12 + 20 * rng.uniform())
      let hi = lo * pow(10, 0.05 + 14 * rng.uniform())
      let set = Ticks.log(lo, hi)
      let values = set.ticks.map(\.value)
      #expect((4...10).contains(values.count), "\(lo)…\(hi): \(values.count) ticks")
      #expect(
        values.first! <= lo * (1 + 1e-9) && values.last! >= hi * (1 - 1e-9),
        "\(lo)…\(hi): \(values)")
      #expect(values.allSatisfy { $0 > 0 })
      #expect(zip(values.dropFirst(), values).allSatisfy { $0 > $1 })
    }
  }

  @Test func log_labelsUseSuperscriptPowers() {
    #expect(Ticks.log(1e-4, 1).ticks.map(\.label) == ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"])
    #expect(Ticks.log(0.01, 10).ticks.map(\.label) == ["0.01", "0.1", "1", "10"])
    #expect(Ticks.log(1, 1000).ticks.map(\.label) == ["1", "10", "100", "1000"])
    #expect(Ticks.log(0.2, 40).ticks.map(\.label) == ["0.1", "1", "10", "100"])
    #expect(Ticks.log(0.2, 8).ticks.map(\.label) == ["0.2", "0.5", "1", "2", "5", "10"])
    #expect(Ticks.log(2, 7).ticks.map(\.label) == ["2", "3", "4", "5", "6", "7"])
    // Twelve decades: every other decade.
    #expect(
      Ticks.log(1e-12, 1).ticks.map(\.label) == [
        "10⁻¹²", "10⁻¹⁰", "10⁻⁸", "10⁻⁶", "10⁻⁴", "10⁻²", "10⁰",
      ])
    #expect(Ticks.log(1e-4, 1).minor.count == 32)
  }

  @Test func log_degenerateInput() {
    for (lo, hi) in [
      (0.0, 10.0), (-5, 5), (.nan, 1), (1, .infinity), (7, 7), (.leastNonzeroMagnitude, 1e300),
    ] {
      let set = Ticks.log(lo, hi)
      #expect(
        set.ticks.count >= 2 && set.ticks.allSatisfy { $0.value > 0 && $0.value.isFinite },
        "\(lo)…\(hi)")
    }
  }
}
