import LessonKit
import LessonMarkup

/// How much training one directive may ask for, so that no combination of options inside
/// their documented ranges makes a build take more than seconds (issue 16: 10 s, 1 GB).
///
/// Each option alone has a range; the cost is their product. It is counted in weight visits,
/// epochs × examples × weights × runs: one multiply-add per weight and example forward, about
/// two backward. Measured on the 2-core CI machine, the debug build (its math is optimized)
/// does about 1.2·10⁹ visits per CPU second: `{batchnorm}` on digits with hidden [256, 256, 256],
/// 4 epochs, is 1.7·10⁹ visits in 1.2 s; `{train}` on 5,000 blobs with [2, 256, 256, 8], one run
/// of 4 epochs, 1.4·10⁹ in 1.5 s. The budget, 4·10⁹, is a few seconds of that.
enum TrainingBudget {
  static let weightVisits = 4e9

  /// The weights and biases of a fully connected network with these layer sizes.
  static func parameters(_ layers: [Int]) -> Int {
    zip(layers, layers.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
  }

  /// Throws, at `option`, when training `runs` networks of `layers` for `epochs` passes over
  /// `examples` examples exceeds the budget.
  static func check(
    epochs: Int, examples: Int, layers: [Int], runs: Int = 1, option: String
  ) throws(DirectiveError) {
    let weights = parameters(layers)
    let visits = Double(epochs) * Double(examples) * Double(weights) * Double(runs)
    guard visits > weightVisits else { return }
    let runsText = runs == 1 ? "" : " × \(runs) runs"
    throw DirectiveError(
      "training \(NumberFormat.display(Double(weights), .integer)) weights for \(epochs) epochs over \(NumberFormat.display(Double(examples), .integer)) examples\(runsText) is \(NumberFormat.display(visits, .scientific(1))) weight updates, more than the \(NumberFormat.display(weightVisits, .scientific(0))) one directive may take: lower the epochs, the layer widths or the examples",
      option: option)
  }

  /// Mini-batch updates one directive may make. Tiny models make the per-update bookkeeping
  /// (shuffling, the batch, the recorded cost) the cost rather than the weights: 2.4·10⁶
  /// updates of the 2-5-2-1 moons network took 17 CPU seconds (`{hyperparameter-search}` at
  /// its maxima), 7.5·10⁶ of `{minibatch}`'s softmax regression with batch size 1 over a
  /// minute and 937 MB; 10⁶ took 9.7 s and 273 MB on a loaded machine. 5·10⁵ is a few seconds.
  static let updates = 5e5

  /// Throws, at `option`, when `updates` mini-batch steps exceed the budget.
  static func check(updates: Double, what: String, option: String) throws(DirectiveError) {
    guard updates > Self.updates else { return }
    throw DirectiveError(
      "\(what) is \(NumberFormat.display(updates, .scientific(1))) mini-batch updates, more than the \(NumberFormat.display(Self.updates, .scientific(0))) one directive may make: lower the epochs, raise the batch sizes or use fewer examples",
      option: option)
  }
}
