/// Shuffling and partitioning examples into mini-batches (course 2.1–2.2).
public enum MiniBatches {
  /// The batch sizes for m examples and batch size b: ⌊m/b⌋ full batches, then one short batch
  /// of m mod b if that is non-zero (m = 300, b = 64 → 64, 64, 64, 64, 44). b ≥ m gives one
  /// batch (batch gradient descent); b = 1 gives m batches (stochastic gradient descent).
  public static func sizes(count m: Int, batchSize b: Int) -> [Int] {
    precondition(m >= 0 && b >= 1, "batch size must be positive")
    let size = min(b, max(m, 1))
    var sizes = Array(repeating: size, count: m / size)
    if m % size != 0 { sizes.append(m % size) }
    return sizes
  }

  /// Partitions `order` (usually a permutation of the row indices) into consecutive batches of
  /// `batchSize`, the last one short.
  public static func partition(_ order: [Int], batchSize: Int) -> [[Int]] {
    var start = 0
    return sizes(count: order.count, batchSize: batchSize).map { size in
      defer { start += size }
      return Array(order[start..<(start + size)])
    }
  }

  /// The batches of one epoch: a fresh permutation of `0..<count` from the generator stream
  /// `(seed, epoch)` (so every epoch reshuffles, and the same seed and epoch give the same
  /// batches), partitioned as `partition(_:batchSize:)`.
  ///
  /// When one batch holds everything (batch gradient descent), the rows keep their order:
  /// the gradient of a mean does not depend on it, and no permutation is drawn.
  public static func batches(count: Int, batchSize: Int, seed: Int, epoch: Int) -> [[Int]] {
    if batchSize >= count { return [Array(0..<count)] }
    var rng = SeededGenerator(seed: seed, stream: epoch)
    return partition(rng.permutation(count), batchSize: batchSize)
  }
}
