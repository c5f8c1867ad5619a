import Testing

@testable import LessonMath

/// `NeuralNetwork.train(on:options:evaluationSet:epochEnded:)`: the per-epoch view of the
/// network that `{batchnorm}` uses to follow running statistics.
@Suite struct TrainingEpochHookTests {
  @Test func epochEnded_seesEveryEpoch_andTheLastEqualsTheResult() {
    let moons = Dataset.moons(count: 120, seed: 2)
    let config = NetworkConfiguration(layerSizes: [2, 6, 1], batchNorm: .pytorch)
    let options = TrainingOptions(learningRate: 0.1, batchSize: 32, epochs: 5, seed: 1)
    var seen: [(index: Int, network: NeuralNetwork)] = []
    var net = NeuralNetwork(config, seed: 3)
    net.train(on: moons, options: options) { seen.append(($0, $1)) }
    #expect(seen.map(\.index) == [0, 1, 2, 3, 4])
    #expect(seen.last!.network == net)
    // The running mean moves every epoch (4 mini-batches of the new statistics each).
    let means = seen.map { $0.network.layers[0].runningMean }
    #expect(zip(means, means.dropFirst()).allSatisfy { $0 != $1 })

    // The hook changes nothing: the same training without it gives the same bits.
    var plain = NeuralNetwork(config, seed: 3)
    plain.train(on: moons, options: options)
    #expect(plain == net)
  }

  @Test func epochEnded_afterOneEpoch_matchesTrainingOneEpoch() {
    let moons = Dataset.moons(count: 100, seed: 4)
    let config = NetworkConfiguration(layerSizes: [2, 4, 1], batchNorm: .keras)
    var first: NeuralNetwork?
    var net = NeuralNetwork(config, seed: 1)
    net.train(on: moons, options: TrainingOptions(batchSize: 25, epochs: 3)) { index, network in
      if index == 0 { first = network }
    }
    var once = NeuralNetwork(config, seed: 1)
    once.train(on: moons, options: TrainingOptions(batchSize: 25, epochs: 1))
    #expect(first == once)
  }
}
