import LessonKit
import LessonMath
import Testing

@testable import LessonDirectives

@Suite struct MiniBatchDirectiveTests {
  @Test func partition_matchesCONTENT() throws {
    // CONTENT.md 2.1–2.2: m = 300, b = 64 → 64, 64, 64, 64, 44; b = m is one batch, b = 1 is m.
    let output = try run("minibatch", "epochs: 3")
    #expect(try value(output, "examples") == 300)
    #expect(try value(output, "batches[64]") == 5)
    #expect(try value(output, "last-batch[64]") == 44)
    #expect(try value(output, "iterations[64]") == 15)
    #expect(try value(output, "batches[all]") == 1)
    #expect(try value(output, "last-batch[all]") == 300)
    #expect(try value(output, "batches[1]") == 300)
    #expect(try value(output, "iterations[1]") == 900)
    #expect(try value(output, "last-batch[1]") == 1)
  }

  @Test func table_listsTheBatchSizes() throws {
    let output = try run("minibatch", "epochs: 2\nshow: table")
    guard case .table(let table) = try #require(output.items.first) else {
      Issue.record("the only item is not a table")
      return
    }
    #expect(table.rows.map { $0[0] } == [.text("all (batch GD)"), .text("64"), .text("1 (SGD)")])
    #expect(
      table.rows.map { $0[2] } == [.text("300"), .text("64, 64, 64, 64, 44"), .text("1 × 300")])
    #expect(table.rows.map { $0[3] } == [.number(300), .number(44), .number(1)])
  }

  @Test func batchGradientDescent_matchesNumpy() throws {
    // numpy 2.4.6, run once on this directive's own standardized moons (seed 0, exported from
    // its partition CSV): logistic regression from w = 0, b = 0, full-batch gradient descent
    // with lr 0.5, cost = mean binary cross-entropy over the 300 examples.
    let output = try run("minibatch", "batch-sizes: all")
    #expect(abs(try value(output, "initial-cost") - 0.6931471805599453) < 1e-12)  // ln 2
    #expect(abs(try value(output, "cost[all,1]") - 0.599555264900431) < 1e-10)
    #expect(abs(try value(output, "final-cost[all]") - 0.31916118899622375) < 1e-10)
  }

  @Test func digitsSoftmaxRegression_matchesNumpy() throws {
    // numpy 2.4.6 + scikit-learn 1.9.1 `load_digits()` (the same 1,797 images), run once:
    // pixels standardized with the population σ (σ = 0 → 1), softmax regression from W = 0,
    // full-batch gradient descent with lr 0.1, mean cross-entropy.
    let output = try run("minibatch", "dataset: digits\nbatch-sizes: all\nepochs: 5\nlr: 0.1")
    #expect(abs(try value(output, "initial-cost") - 2.302585092994046) < 1e-12)  // ln 10
    #expect(abs(try value(output, "cost[all,1]") - 2.1192801814024738) < 1e-10)
    #expect(abs(try value(output, "cost[all,5]") - 1.5597750552967582) < 1e-10)
    #expect(try value(output, "batches[all]") == 1)
  }

  @Test func defaults_showTheCourseShapes() throws {
    // Batch GD: smooth and monotone. Mini-batch: noisy but decreasing. SGD: very noisy.
    let output = try run("minibatch")
    #expect(try value(output, "rises[all]") == 0)
    #expect(try value(output, "spread[all]") == 0)
    #expect(try value(output, "rises[64]") > 0.2)
    #expect(try value(output, "final-cost[64]") < value(output, "initial-cost"))
    #expect(try value(output, "spread[64]") < value(output, "spread[1]"))
    #expect(try value(output, "rises[1]") > 0.3)
    // Per epoch, more updates go further: after one pass SGD is ahead of the mini-batches,
    // which are ahead of batch GD.
    #expect(try value(output, "cost[1,1]") < value(output, "cost[64,1]"))
    #expect(try value(output, "cost[64,1]") < value(output, "cost[all,1]"))
    let svg = svgs(output)
    #expect(svg.count == 2)
    #expect(svg.allSatisfy(isWellFormedXML))
  }

  @Test func batchCurve_isTheSameAsItsEpochCurve() throws {
    // With b = m every iteration is an epoch: the iteration costs are the epoch costs.
    let output = try run("minibatch", "batch-sizes: [512]\nepochs: 4\nshow: [iterations]")
    guard case .figure(let figure) = try #require(output.items.first) else { return }
    let costs = figure.data.rows.compactMap { row -> Double? in
      if case .number(let c) = row[2] { return c }
      return nil
    }
    #expect(costs.count == 4)
    for (e, cost) in costs.enumerated() {
      #expect(abs(cost - (try value(output, "cost[512,\(e)]"))) < 1e-12)
    }
    #expect(try value(output, "batches[512]") == 1)
  }

  @Test func partitionFigure_coversEveryRowOnce() throws {
    let output = try run("minibatch", "batch-sizes: [all, 64]\nshow: [partition]")
    guard case .figure(let figure) = try #require(output.items.first) else { return }
    #expect(figure.data.columns == ["x1", "x2", "label", "batch"])
    var counts: [Double: Int] = [:]
    for row in figure.data.rows {
      if case .number(let batch) = row[3] { counts[batch, default: 0] += 1 }
    }
    #expect(counts == [1: 64, 2: 64, 3: 64, 4: 64, 5: 44])
    #expect(figure.description.contains("X⁽⁵⁾: 44 examples"))
    #expect(svgs(output).allSatisfy(isWellFormedXML))
  }

  @Test func network_andBlobs_run() throws {
    let output = try run(
      "minibatch", "dataset: blobs\nhidden: [5]\nbatch-sizes: [all, 32]\nepochs: 5\nlr: 0.1")
    #expect(try value(output, "batches[32]") == 10)
    #expect(try value(output, "last-batch[32]") == 12)
    #expect(try value(output, "final-cost[32]") < value(output, "initial-cost"))
  }

  @Test func misspeltAll_suggestsAll() throws {
    #expect(
      try diagnostics("```{minibatch}\nbatch-sizes: [64, al]\n```\n") == """
        Lessons/01-test.md:2:19: error: 'batch-sizes' must be an integer or all, not 'al'
           2 | batch-sizes: [64, al]
             |                   ^~
             = did you mean 'all'?
        """)
  }

  @Test func zeroBatch_isOutOfRange() throws {
    #expect(
      try diagnostics("```{minibatch}\nbatch-sizes: [0]\n```\n") == """
        Lessons/01-test.md:2:15: error: 'batch-sizes' must be in [1, ∞), got 0
           2 | batch-sizes: [0]
             |               ^
        """)
  }

  @Test func repeatedBatchSize_isAnError() throws {
    let text = try diagnostics("```{minibatch}\nbatch-sizes: [64, 64]\n```\n")
    #expect(text.hasPrefix("Lessons/01-test.md:2:"))
    #expect(text.contains("error: batch size 64 is listed twice"))
  }

  @Test func partitionOfDigits_isAnError() throws {
    let text = try diagnostics("```{minibatch}\ndataset: digits\nshow: partition\n```\n")
    #expect(text.contains("error: the partition is drawn in the plane"))
  }
}
