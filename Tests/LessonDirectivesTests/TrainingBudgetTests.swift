import Testing

@testable import LessonDirectives

/// Options each inside their ranges whose product would train for minutes are refused at
/// once, at the option to lower (issue 16).
@Suite struct TrainingBudgetTests {
  @Test func parameters_countWeightsAndBiases() {
    #expect(TrainingBudget.parameters([2, 5, 2, 1]) == 15 + 12 + 3)
  }

  @Test func batchnormAtItsMaxima_isRefusedBeforeTraining() throws {
    let text = try diagnostics(
      "```{batchnorm}\ndataset: digits\nhidden: [256, 256, 256]\nbatch-size: 3\nepochs: 500\n```\n")
    #expect(text.contains("Lessons/01-test.md:5:9: error: training 150794 weights for 500 epochs"))
    #expect(text.contains("× 2 runs"))
  }

  @Test func trainAtItsMaxima_isRefusedBeforeTraining() throws {
    let text = try diagnostics(
      """
      ```{train}
      count: 5000
      layers: [2, 256, 256, 1]
      optimizers: [gd, momentum, rmsprop, adam]
      epochs: 20000
      ```

      """)
    #expect(text.contains("Lessons/01-test.md:5:9: error: training"))
    #expect(text.contains("weight updates, more than"))
  }

  @Test func minibatch_badPartitionAndTooMuchTraining_areRefusedFirst() throws {
    let partition = try diagnostics(
      "```{minibatch}\nexamples: 5000\nbatch-sizes: [1, 2, 3]\nepochs: 500\nshow: [partition]\n```\n"
    )
    #expect(partition.contains("error: the partition figure colours each mini-batch"))
    let training = try diagnostics(
      "```{minibatch}\nexamples: 5000\nhidden: [64, 64, 64]\nbatch-sizes: [1, 2, 3]\nepochs: 500\n```\n"
    )
    #expect(training.contains("Lessons/01-test.md:5:9: error: training"))
  }

  @Test func tinyModelsWithManyUpdates_areRefused() throws {
    // Softmax regression with batch size 1: cheap per update, but 7.5·10⁶ of them.
    let minibatch = try diagnostics(
      "```{minibatch}\nexamples: 5000\nbatch-sizes: [1, 2, 3]\nepochs: 500\n```\n")
    #expect(
      minibatch.contains(
        "Lessons/01-test.md:4:9: error: 500 epochs over 5000 examples with batch sizes [1, 2, 3] is 4.6"
      ))
    #expect(minibatch.contains("mini-batch updates, more than the"))
    let search = try diagnostics(
      "```{hyperparameter-search}\ntrials: 400\nrounds: 6\nepochs: 200\n```\n")
    #expect(search.contains("Lessons/01-test.md:2:9: error: 3200 trainings of 200 epochs is"))
  }
}
