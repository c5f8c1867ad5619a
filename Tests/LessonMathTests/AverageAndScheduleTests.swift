import Testing

@testable import LessonMath

@Suite struct ExponentialAverageTests {
  /// CONTENT.md 2.3: β = 0.9, θ = 40, 49, 45 → v = 4, 8.5, 12.15.
  @Test func ewa_courseExample_matchesReferenceNumbers() {
    let v = ExponentialAverage.series([40, 49, 45], beta: 0.9)
    #expect(maxAbsDifference(v, [4, 8.5, 12.15]) < 1e-12)
  }

  /// CONTENT.md 2.5: θ₁ = θ₂ = 10, β = 0.5 → v₂ = 7.5, v̂₂ = 10; β = 0.98, θ₁ = 40 →
  /// v₁ = 0.8 (not the transcript's 8), v̂₁ = 40.
  @Test func biasCorrection_courseExamples_matchReferenceNumbers() {
    var a = ExponentialAverage(beta: 0.5)
    a.update(10)
    a.update(10)
    #expect(abs(a.value - 7.5) < 1e-12 && abs(a.biasCorrected - 10) < 1e-12)
    var b = ExponentialAverage(beta: 0.98)
    b.update(40)
    #expect(abs(b.value - 0.8) < 1e-12 && abs(b.biasCorrected - 40) < 1e-12)
    #expect(abs((1 - 0.98 * 0.98) - 0.0396) < 1e-15)
  }

  /// pandas 3.1.1: `pd.Series([40, 49, 45, 44, 50]).ewm(alpha=0.1, adjust=True).mean()`.
  @Test func biasCorrectedSeries_equalsPandasEwmAdjustTrue() {
    let pandas = [40.0, 44.73684210526316, 44.83394833948339, 44.5914510031986, 45.912187736563205]
    let ours = ExponentialAverage.biasCorrectedSeries([40, 49, 45, 44, 50], beta: 0.9)
    #expect(maxAbsDifference(ours, pandas) < 1e-12)
  }

  /// CONTENT.md 2.3: 0.9¹⁰ = 0.348678, 0.98⁵⁰ = 0.364170, 0.999¹⁰⁰⁰ = 0.367695 (→ 1/e), and
  /// windows 2, 10, 50, 1000.
  @Test func effectiveWindow_andDecayOverWindow_matchReferenceNumbers() {
    let cases: [(Double, Double, Double)] = [
      (0.5, 2, 0.25), (0.9, 10, 0.348678), (0.98, 50, 0.364170), (0.999, 1000, 0.367695),
    ]
    for (beta, window, decay) in cases {
      #expect(abs(ExponentialAverage.effectiveWindow(beta: beta) - window) < 1e-9)
      var power = 1.0
      for _ in 0..<Int(window.rounded()) { power *= beta }
      #expect(abs(power - decay) < 5e-7)  // references are rounded to 6 decimals
      #expect(abs(ExponentialAverage.weightAfterWindow(beta: beta) - decay) < 5e-7)
    }
  }

  /// On the noise-free seasonal sine, the measured lag of the bias-corrected average matches
  /// the EWA's phase delay for a yearly sine, atan(β sin ω/(1 − β cos ω))/ω with ω = 2π/365:
  /// 1.0, 8.9 and 40.5 days for β = 0.5, 0.9, 0.98 (computed with Python's math module). The
  /// mean delay β/(1 − β) (1, 9, 49) is the small-ω limit.
  @Test func measuredLag_onSeasonalSignal_growsWithBetaAsTheoryPredicts() {
    let year = TemperatureYear(days: 730, noise: 0, seed: 0)
    func lag(_ beta: Double) -> Int {
      let smoothed = ExponentialAverage.biasCorrectedSeries(year.seasonal, beta: beta)
      return ExponentialAverage.measuredLag(
        of: smoothed, behind: year.seasonal, maxLag: 120, skip: 365)
    }
    #expect(lag(0.5) == 1)
    #expect(lag(0.9) == 9)
    #expect(abs(Double(lag(0.98)) - 40.5) <= 1)
    #expect(ExponentialAverage.theoreticalLag(beta: 0.98) == 0.98 / (1 - 0.98))
  }
}

@Suite struct LearningRateScheduleTests {
  /// CONTENT.md 2.9: α₀ = 0.2, decay 1, epochs 1…4 → 0.1, 0.0667, 0.05, 0.04.
  @Test func inverseTime_lectureExample_oneBased() {
    let rates = LearningRateSchedule.inverseTime(decayRate: 1).learningRates(
      initial: 0.2, epochs: 4, numbering: .oneBased)
    #expect(maxAbsDifference(rates, [0.1, 0.2 / 3, 0.05, 0.04]) < 1e-15)
    let zeroBased = LearningRateSchedule.inverseTime(decayRate: 1).learningRates(
      initial: 0.2, epochs: 2, numbering: .zeroBased)
    #expect(zeroBased == [0.2, 0.1])
  }

  /// CONTENT.md 2.9: exponential 0.95, α₀ = 0.2, epochs 1…4 → 0.19, 0.1805, 0.171475, 0.16290125.
  @Test func exponential_lectureExample() {
    let rates = LearningRateSchedule.exponential(base: 0.95).learningRates(
      initial: 0.2, epochs: 4, numbering: .oneBased)
    #expect(maxAbsDifference(rates, [0.19, 0.1805, 0.171475, 0.16290125]) < 1e-15)
  }

  /// CONTENT.md 2.9: staircase (0.5, epoch 100, decay 0.3, interval 100) → 0.3846153846153846;
  /// (0.3, 1000, 0.25, 100) → 0.0857142857….
  @Test func staircase_assignmentExamples() {
    let a = LearningRateSchedule.staircase(decayRate: 0.3, interval: 100)
    #expect(abs(a.learningRate(initial: 0.5, epoch: 100) - 0.3846153846153846) < 1e-15)
    #expect(a.learningRate(initial: 0.5, epoch: 99) == 0.5)
    let b = LearningRateSchedule.staircase(decayRate: 0.25, interval: 100)
    #expect(abs(b.learningRate(initial: 0.3, epoch: 1000) - 0.3 / 3.5) < 1e-15)
  }

  @Test func inverseSquareRootAndConstant_formulas() {
    let s = LearningRateSchedule.inverseSquareRoot(k: 1)
    #expect(s.learningRate(initial: 0.2, epoch: 4) == 0.1)  // 1/√4 · 0.2
    #expect(s.learningRate(initial: 0.2, epoch: 0) == 0.2)  // epoch 0 treated as 1
    #expect(LearningRateSchedule.constant.learningRate(initial: 0.3, epoch: 50) == 0.3)
  }
}

@Suite struct MiniBatchTests {
  /// CONTENT.md 2.1: m = 300, b = 64 → 64, 64, 64, 64, 44.
  @Test func sizes_courseExample_hasShortLastBatch() {
    #expect(MiniBatches.sizes(count: 300, batchSize: 64) == [64, 64, 64, 64, 44])
    #expect(MiniBatches.sizes(count: 256, batchSize: 64) == [64, 64, 64, 64])
    #expect(MiniBatches.sizes(count: 300, batchSize: 300) == [300])
    #expect(MiniBatches.sizes(count: 300, batchSize: 1000) == [300])
    #expect(MiniBatches.sizes(count: 3, batchSize: 1) == [1, 1, 1])
  }

  @Test func batches_areAPermutation_rowsStayPairedWithLabels() {
    let moons = Dataset.moons(count: 300, seed: 1)
    let batches = MiniBatches.batches(count: 300, batchSize: 64, seed: 5, epoch: 0)
    #expect(batches.map(\.count) == [64, 64, 64, 64, 44])
    #expect(batches.flatMap { $0 }.sorted() == Array(0..<300))
    let first = moons.subset(batches[0])
    for (r, i) in batches[0].enumerated() {
      #expect(first.features.row(r) == moons.features.row(i) && first.labels[r] == moons.labels[i])
    }
  }

  @Test func batches_reshuffleEveryEpoch_deterministically() {
    let e0 = MiniBatches.batches(count: 300, batchSize: 64, seed: 5, epoch: 0)
    let e1 = MiniBatches.batches(count: 300, batchSize: 64, seed: 5, epoch: 1)
    #expect(e0 != e1)
    #expect(e0 == MiniBatches.batches(count: 300, batchSize: 64, seed: 5, epoch: 0))
  }
}
