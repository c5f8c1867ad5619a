import LessonKit
import Testing

@testable import LessonDirectives

/// {train} results depend on the seed: these tests assert orderings, not digits
/// (CONTENT.md 2.8).
@Suite struct TrainDirectiveTests {
  @Test func courseExperiment_adamBeatsGDAndMomentum() throws {
    // The defaults: 300 moons (noise 0.2), 2-5-2-1 ReLU, He, batch 64, α = 0.0007.
    let output = try run("train", "epochs: 600\nboundaries: false")
    let adam = try value(output, "accuracy[adam]")
    let gd = try value(output, "accuracy[gd]")
    #expect(adam > gd + 0.05)
    #expect(try adam > value(output, "accuracy[momentum]") + 0.05)
    #expect(try value(output, "final-cost[adam]") < value(output, "final-cost[gd]"))
    // With a rate this small, the course's momentum (an average of g) moves like GD.
    #expect(abs(try value(output, "final-cost[momentum]") - value(output, "final-cost[gd]")) < 0.01)
    #expect(try value(output, "final-cost[gd]") < value(output, "first-cost[gd]"))
    #expect(try value(output, "mid-cost[adam]") < value(output, "first-cost[adam]"))
    #expect(try value(output, "examples") == 300)
  }

  @Test func decayEveryEpoch_stalls_staircaseTrains() throws {
    // The assignment's decay experiment, shortened: GD with α₀ = 0.1; inverse time divides α
    // by 1 + epoch, the staircase only every 250 epochs.
    let output = try run(
      "train",
      "optimizers: [gd]\nlr: 0.1\nschedule: [inverse-time, staircase]\ninterval: 250\nepochs: 1000\nboundaries: false"
    )
    #expect(
      try value(output, "accuracy[staircase]") > value(output, "accuracy[inverse-time]") + 0.05)
    #expect(try value(output, "final-lr[inverse-time]") == 0.1 / 1000)  // epoch 999, from 0
    #expect(try value(output, "final-lr[staircase]") == 0.1 / 4)  // ⌊999/250⌋ = 3
  }

  @Test func figures_areWellFormed_andRegionsHaveOnePanelPerRun() throws {
    let output = try run("train", "epochs: 20\noptimizers: [gd, adam]\nlr: {gd: 0.1, adam: 0.01}")
    let pictures = svgs(output)
    #expect(pictures.count == 2)
    #expect(pictures.allSatisfy(isWellFormedXML))
    #expect(pictures[1].contains("(b) Adam"))
    guard case .figure(let cost) = output.items[0] else { return }
    #expect(cost.data.columns == ["epoch", "gd cost", "gd lr", "adam cost", "adam lr"])
    #expect(cost.data.rows.count == 20)
  }

  @Test func runKeys_combineOptimizerAndSchedule() throws {
    let output = try run(
      "train",
      "epochs: 3\noptimizers: [gd, adam]\nschedule: [constant, exponential]\nboundaries: false")
    for key in ["gd/constant", "gd/exponential", "adam/constant", "adam/exponential"] {
      #expect(output.values.contains { $0.key == "accuracy[\(key)]" })
    }
    #expect(try value(output, "final-lr[adam/exponential]") == 0.0007 * 0.95 * 0.95)
  }

  @Test func blobs_withSoftmaxOutput() throws {
    let output = try run(
      "train",
      "dataset: blobs\nclasses: 3\nlayers: [2, 8, 3]\noptimizers: [adam]\nlr: 0.01\nepochs: 100")
    #expect(try value(output, "accuracy[adam]") > 0.9)
    #expect(svgs(output).allSatisfy(isWellFormedXML))
  }

  @Test func layersMustFitTheData() throws {
    #expect(
      try diagnostics("```{train}\ndataset: blobs\nclasses: 3\nlayers: [2, 5, 1]\n```\n") == """
        Lessons/01-test.md:4:9: error: the data have 3 classes: 'layers' must end with 3 (softmax), got 1
           4 | layers: [2, 5, 1]
             |         ^
        """)
  }
}
