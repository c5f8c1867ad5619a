import LessonKit
import LessonMath
import Testing

@testable import LessonDirectives

@Suite struct BatchNormDirectiveTests {
  // MARK: example and running-step: CONTENT.md 3.4–3.7 and PyTorch

  /// CONTENT.md 3.4: x = [1, 2, 3, 4] → μ = 2.5, σ² = 1.25, normalized (ε = 1e−5)
  /// [−1.341635, −0.447212, 0.447212, 1.341635]. Full precision from PyTorch 2.13.0+cpu, run
  /// once: `torch.nn.BatchNorm1d(1, eps=1e-5)` in training mode on
  /// `torch.tensor([[1.], [2.], [3.], [4.]], dtype=torch.float64)`.
  @Test func example_oneToFour_matchesCONTENTAndPyTorch() throws {
    let output = try run("batchnorm", "show: example\nbatch: [1, 2, 3, 4]")
    #expect(try value(output, "mean") == 2.5)
    #expect(try value(output, "variance") == 1.25)
    let torch = [-1.341635419968927, -0.4472118066563091, 0.4472118066563089, 1.3416354199689269]
    let content = [-1.341635, -0.447212, 0.447212, 1.341635]
    for i in 0..<4 {
      let normalized = try value(output, "normalized[\(i + 1)]")
      #expect(abs(normalized - torch[i]) < 1e-15)
      #expect(abs(normalized - content[i]) < 5e-7)
      // γ = √(σ² + ε), β = μ gives the batch back.
      #expect(abs(try value(output, "restored[\(i + 1)]") - Double(i + 1)) < 1e-12)
    }
    #expect(try value(output, "epsilon") == 1e-5)
    #expect(output.items.count == 1)
  }

  /// Keras' ε = 1e−3. numpy 2.4.6, run once:
  /// `(x - x.mean()) / np.sqrt(x.var() + 1e-3)` for x = [1, 2, 3, 4].
  @Test func example_kerasEpsilon_matchesNumpy() throws {
    let output = try run("batchnorm", "show: example\nconvention: keras")
    let numpy = [-1.3411044519645503, -0.4470348173215168, 0.4470348173215168, 1.3411044519645503]
    for i in 0..<4 {
      #expect(abs(try value(output, "normalized[\(i + 1)]") - numpy[i]) < 1e-15)
    }
    #expect(try value(output, "epsilon") == 1e-3)
  }

  /// CONTENT.md 3.7: one PyTorch step from (0, 1) → running mean 0.25, running variance
  /// 1.066667; PyTorch 2.13.0+cpu (`BatchNorm1d(1)`, float64) gives 0.25 and
  /// 1.0666666666666667, and with `momentum=0.5` 1.25 and 1.3333333333333335.
  @Test func runningStep_pytorch_matchesCONTENTAndPyTorch() throws {
    let output = try run("batchnorm", "show: running-step\nbatch: [1, 2, 3, 4]")
    #expect(try value(output, "running-mean") == 0.25)
    #expect(abs(try value(output, "running-variance") - 1.0666666666666667) < 1e-15)
    #expect(abs(try value(output, "running-variance") - 1.066667) < 5e-7)
    #expect(abs(try value(output, "unbiased-variance") - 5.0 / 3) < 1e-15)
    let half = try run("batchnorm", "show: running-step\nmomentum: 0.5")
    #expect(try value(half, "running-mean") == 1.25)
    #expect(abs(try value(half, "running-variance") - 1.3333333333333335) < 1e-15)
  }

  /// Keras: momentum 0.99 on the old value, biased variance. numpy 2.4.6, run once:
  /// `0.99 * 0 + 0.01 * x.mean()` = 0.025, `0.99 * 1 + 0.01 * x.var()` = 1.0025; with
  /// momentum 0.9: 0.25 and 1.025.
  @Test func runningStep_keras_matchesNumpy() throws {
    let output = try run("batchnorm", "show: running-step\nconvention: keras")
    #expect(abs(try value(output, "running-mean") - 0.025) < 1e-15)
    #expect(abs(try value(output, "running-variance") - 1.0025) < 1e-15)
    let faster = try run("batchnorm", "show: running-step\nconvention: keras\nmomentum: 0.9")
    #expect(abs(try value(faster, "running-mean") - 0.25) < 1e-15)
    #expect(abs(try value(faster, "running-variance") - 1.025) < 1e-15)
  }

  // MARK: training

  @Test func training_defaults_batchNormLearnsFaster() throws {
    let output = try run("batchnorm")
    #expect(try value(output, "loss[bn]") < value(output, "loss[plain]"))
    #expect(try value(output, "accuracy[bn]") >= value(output, "accuracy[plain]"))
    let match = try value(output, "epochs-to-match")
    #expect(match >= 1 && match < 40)
    for key in ["accuracy[bn]", "accuracy[plain]", "train-accuracy[bn]", "train-accuracy[plain]"] {
      let accuracy = try value(output, key)
      #expect(accuracy > 0.5 && accuracy <= 1)
    }
    guard case .figure(let figure) = output.items[0] else {
      Issue.record("the first item is not a figure")
      return
    }
    #expect(
      figure.data.columns == [
        "epoch", "cost plain", "cost bn", "test accuracy plain", "test accuracy bn",
      ])
    #expect(figure.data.rows.count == 40)
    #expect(figure.description.contains("[2, 16, 16, 16, 1]"))
    #expect(svgs(output).allSatisfy(isWellFormedXML))
    #expect(output.items.count == 2)
  }

  @Test func training_sameSeed_sameValues_otherSeed_otherValues() throws {
    let a = try run("batchnorm", "epochs: 5\nseed: 4")
    let b = try run("batchnorm", "epochs: 5\nseed: 4")
    let c = try run("batchnorm", "epochs: 5\nseed: 5")
    #expect(a.values == b.values)
    #expect(a.values != c.values)
  }

  @Test func training_multiclassData_runs() throws {
    let output = try run(
      "batchnorm", "dataset: blobs\nhidden: [8]\nepochs: 3\noptimizer: adam\nlr: 0.01")
    #expect(try value(output, "accuracy[bn]") > 1.0 / 3)
    #expect(svgs(output).allSatisfy(isWellFormedXML))
  }

  @Test func training_divergingPlainNetwork_isReportedAndDrawn() throws {
    // α = 9.9 is far too large without batch norm; the normalized network survives it.
    let output = try run("batchnorm", "lr: 9.9\nepochs: 5\nhidden: [64, 64, 64]")
    let diverged = try value(output, "diverged-at[plain]")
    #expect((1...5).contains(diverged))
    #expect(output.values.allSatisfy { $0.key != "loss[plain]" && $0.key != "epochs-to-match" })
    #expect(try value(output, "loss[bn]").isFinite)
    guard case .figure(let figure) = output.items[0] else { return }
    #expect(figure.description.contains("Without batch norm the cost diverges in epoch"))
    let svg = svgs(output)[0]
    #expect(isWellFormedXML(svg) && svg.contains("diverged"))
  }

  // MARK: distributions

  @Test func distributions_normalizedUnitsHaveMeanZeroVarianceOne() throws {
    let output = try run("batchnorm", "show: distributions")
    for unit in [1, 2] {
      #expect(abs(try value(output, "mean-after[\(unit)]")) < 1e-12)
      // std = √(σ²/(σ² + ε)): 1 up to ε/(2σ²).
      #expect(abs(try value(output, "std-after[\(unit)]") - 1) < 1e-4)
      #expect(try value(output, "std-before[\(unit)]") > 0)
    }
    // The two units' z differ before normalization.
    #expect(try value(output, "mean-before[1]") != value(output, "mean-before[2]"))
    guard case .figure(let figure) = output.items[0] else { return }
    #expect(
      figure.data.columns == ["example", "z unit 1", "z_norm unit 1", "z unit 2", "z_norm unit 2"])
    #expect(figure.data.rows.count == 240)
    // The published statistics are those of the figure's data.
    let z = figure.data.rows.compactMap { row -> Double? in
      if case .number(let v) = row[1] { return v }
      return nil
    }
    let mean = z.reduce(0, +) / Double(z.count)
    #expect(abs(mean - (try value(output, "mean-before[1]"))) < 1e-12)
    #expect(svgs(output).allSatisfy(isWellFormedXML))
  }

  @Test func distributions_miniBatchNoiseShrinksWithBatchSize() throws {
    let output = try run("batchnorm", "show: distributions")
    let sizes = [16, 32, 64, 128]
    let spreads = try sizes.map { try value(output, "batch-std-spread[\($0)]") }
    #expect(zip(spreads, spreads.dropFirst()).allSatisfy { $0 > $1 })
    #expect(try value(output, "batch-mean-spread[16]") > value(output, "batch-mean-spread[128]"))
  }

  @Test func distributions_firstLayer_batchMeansScatterLikeASample() throws {
    // In the first hidden layer z = x·W does not depend on the batch: the batch mean is the
    // mean of b values drawn without replacement from N = 240, whose standard deviation is
    // σ·√((N − b)/(b(N − 1))). With 100 draws the measured spread is within ±20 % (the
    // relative standard error of a standard deviation from 100 draws is about 7 %).
    let output = try run("batchnorm", "show: distributions\nlayer: 1")
    for b in [16.0, 32, 64, 128] {
      let expected = ((240 - b) / (b * 239)).squareRoot()
      let spread = try value(output, "batch-mean-spread[\(Int(b))]")
      #expect(abs(spread / expected - 1) < 0.2)
    }
  }

  // MARK: test-time

  @Test func testTime_pytorch_runningEstimatesTrackPopulation_andOneExampleWorks() throws {
    let output = try run("batchnorm", "show: test-time")
    #expect(try value(output, "single-example-ok") == 1)
    #expect(try value(output, "distinct-outputs[training-mode]") == 1)
    #expect(try value(output, "distinct-outputs[test-mode]") > 10)
    #expect(try value(output, "accuracy[one-at-a-time]") == value(output, "accuracy[running]"))
    #expect(try value(output, "accuracy[training-mode-one]") < value(output, "accuracy[running]"))
    #expect(try value(output, "running-mean-error") < 0.1)
    #expect(try value(output, "running-variance-error") < 0.2)
    #expect(try value(output, "window") == 10)
    #expect(try value(output, "batches-per-epoch") == 4)  // 240 = 64 + 64 + 64 + 48
    // (1 − 0.1)^(4 · 40); numpy: 0.9 ** 160 = 4.77311073811306e-08.
    #expect(abs(try value(output, "start-weight") / 4.77311073811306e-08 - 1) < 1e-12)
    #expect(try value(output, "catch-up-epoch") <= 10)
    guard case .figure(let figure) = output.items[0] else { return }
    #expect(figure.data.rows.count == 41)  // epochs 0…40
    // Epoch 0: the running statistics start at (0, 1).
    let first = figure.data.rows[0]
    let columns = figure.data.columns
    #expect(first[columns.firstIndex(of: "running mean unit 1")!] == .number(0))
    #expect(first[columns.firstIndex(of: "running variance unit 1")!] == .number(1))
    #expect(svgs(output).allSatisfy(isWellFormedXML))
    #expect(output.items.count == 3)
  }

  @Test func testTime_keras_isSlowerThanPyTorch() throws {
    let pytorch = try run("batchnorm", "show: test-time\ntables: false")
    let keras = try run("batchnorm", "show: test-time\nconvention: keras\ntables: false")
    #expect(try value(keras, "window") == 100)
    #expect(try value(keras, "epsilon") == 1e-3)
    // numpy: 0.99 ** 160 = 0.2002770268574893.
    #expect(abs(try value(keras, "start-weight") - 0.2002770268574893) < 1e-12)
    #expect(try value(keras, "running-mean-error") > value(pytorch, "running-mean-error"))
    #expect(try value(keras, "single-example-ok") == 1)
    #expect(keras.items.count == 1)
  }

  @Test func momentumOption_followsTheConventionsMeaning() throws {
    // PyTorch's momentum weights the new batch, Keras' the old value.
    let pytorch = try run("batchnorm", "show: test-time\nmomentum: 0.25\nepochs: 2\ntables: false")
    #expect(try value(pytorch, "window") == 4)
    let keras = try run(
      "batchnorm", "show: test-time\nconvention: keras\nmomentum: 0.75\nepochs: 2\ntables: false")
    #expect(try value(keras, "window") == 4)
  }

  // MARK: diagnostics

  @Test func layerBeyondTheNetwork_isLocated() throws {
    #expect(
      try diagnostics("```{batchnorm}\nshow: test-time\nlayer: 5\n```\n") == """
        Lessons/01-test.md:3:8: error: 'layer' is 5, but the network has 3 hidden layers
           3 | layer: 5
             |        ^
        """)
  }

  @Test func miniBatchesOfOne_areRefused() throws {
    #expect(
      try diagnostics("```{batchnorm}\nbatch-size: 1\n```\n") == """
        Lessons/01-test.md:2:13: error: 'batch-size' must be in [2, 4096], got 1
           2 | batch-size: 1
             |             ^
        """)
    // 240 training examples = 239 + 1: the last mini-batch would hold one example.
    #expect(
      try diagnostics("```{batchnorm}\nbatch-size: 239\n```\n").contains("last mini-batch of one"))
    #expect(
      try diagnostics("```{batchnorm}\nshow: running-step\nbatch: [3]\n```\n").contains(
        "'batch' needs at least two values"))
  }

  @Test func misspeltShow_suggestsTheName() throws {
    #expect(
      try diagnostics("```{batchnorm}\nshow: test_time\n```\n") == """
        Lessons/01-test.md:2:7: error: 'show' unknown value 'test_time'
           2 | show: test_time
             |       ^~~~~~~~~
             = did you mean 'test-time'?
             = choose one of: training, distributions, test-time, example, running-step
        """)
  }
}
