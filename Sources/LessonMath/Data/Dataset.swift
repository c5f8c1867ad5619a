#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A labelled classification data set: one example per row of `features`, integer labels in
/// `0..<classCount`.
public struct Dataset: Sendable, Equatable {
  /// A short name (`moons`, `blobs`, `iris`, `digits`).
  public var name: String
  /// The inputs, `count × featureCount`.
  public var features: Matrix
  /// The class of each row.
  public var labels: [Int]
  /// The number of classes.
  public var classCount: Int
  /// Class names in label order, when the source has them.
  public var classNames: [String]

  /// A data set; labels must lie in `0..<classCount`, one per row.
  public init(
    name: String, features: Matrix, labels: [Int], classCount: Int, classNames: [String] = []
  ) {
    precondition(labels.count == features.rows, "one label per row")
    precondition(labels.allSatisfy { (0..<classCount).contains($0) }, "label out of range")
    self.name = name
    self.features = features
    self.labels = labels
    self.classCount = classCount
    self.classNames = classNames.isEmpty ? (0..<classCount).map(String.init) : classNames
  }

  /// Number of examples.
  public var count: Int { features.rows }

  /// Number of features per example.
  public var featureCount: Int { features.columns }

  /// The labels as a `count × classCount` one-hot matrix.
  public var oneHotLabels: Matrix { Dataset.oneHot(labels, classCount: classCount) }

  /// The labels as a `count × 1` matrix of 0/1 values (binary tasks with a sigmoid output).
  public var binaryLabels: Matrix { Matrix(column: labels.map(Double.init)) }

  /// The rows at `indices`, in that order.
  public func subset(_ indices: [Int]) -> Dataset {
    Dataset(
      name: name, features: features.gatheringRows(indices), labels: indices.map { labels[$0] },
      classCount: classCount, classNames: classNames)
  }

  /// How many examples each class has.
  public var classCounts: [Int] {
    var counts = [Int](repeating: 0, count: classCount)
    for label in labels { counts[label] += 1 }
    return counts
  }

  /// One-hot encoding of labels: row i has a 1 in column `labels[i]`.
  public static func oneHot(_ labels: [Int], classCount: Int) -> Matrix {
    var y = Matrix(rows: labels.count, columns: classCount)
    for (i, label) in labels.enumerated() { y.storage[i * classCount + label] = 1 }
    return y
  }
}

// MARK: - Generated data sets

extension Dataset {
  /// Two interleaving half circles, as scikit-learn's `make_moons(n_samples, noise=noise)`.
  ///
  /// The construction follows scikit-learn 1.x: ⌊n/2⌋ points on the outer arc
  /// (cos t, sin t) and the rest on the inner arc (1 − cos t, 1 − sin t − 0.5), t evenly
  /// spaced on [0, π] (`linspace`, endpoints included); labels 0 (outer) and 1 (inner); rows
  /// shuffled; then N(0, noise²) added to every coordinate. The random stream is this
  /// package's `SeededGenerator`, so points differ from numpy's for the same seed.
  public static func moons(count: Int = 300, noise: Double = 0.2, seed: Int = 0) -> Dataset {
    precondition(count >= 2, "moons needs at least two points")
    let outer = count / 2
    let inner = count - outer
    var points: [Double] = []
    points.reserveCapacity(2 * count)
    var labels: [Int] = []
    func linspace(_ i: Int, _ n: Int) -> Double {
      n == 1 ? 0 : Double.pi * Double(i) / Double(n - 1)
    }
    for i in 0..<outer {
      let t = linspace(i, outer)
      points += [cos(t), sin(t)]
      labels.append(0)
    }
    for i in 0..<inner {
      let t = linspace(i, inner)
      points += [1 - cos(t), 1 - sin(t) - 0.5]
      labels.append(1)
    }
    var rng = SeededGenerator(seed: seed)
    let order = rng.permutation(count)
    var features = Matrix(rows: count, columns: 2)
    for (row, source) in order.enumerated() {
      features[row, 0] = points[2 * source] + rng.nextNormal(standardDeviation: noise)
      features[row, 1] = points[2 * source + 1] + rng.nextNormal(standardDeviation: noise)
    }
    return Dataset(
      name: "moons", features: features, labels: order.map { labels[$0] }, classCount: 2)
  }

  /// Isotropic Gaussian blobs, as scikit-learn's `make_blobs`.
  ///
  /// Centers are drawn uniformly in `centerBox` for each coordinate; class c gets ⌊n/C⌋
  /// points, the first n mod C classes one more; each point is its center plus
  /// N(0, standardDeviation²) per coordinate; rows are shuffled.
  public static func blobs(
    count: Int = 300, centers: Int = 3, features featureCount: Int = 2,
    standardDeviation: Double = 1, centerBox: ClosedRange<Double> = -10...10, seed: Int = 0
  ) -> Dataset {
    precondition(count >= centers && centers >= 1, "blobs needs at least one point per center")
    var rng = SeededGenerator(seed: seed)
    let centerPoints = (0..<centers).map { _ in
      (0..<featureCount).map { _ in rng.nextUniform(centerBox.lowerBound, centerBox.upperBound) }
    }
    return blobs(
      count: count, centers: centerPoints, standardDeviation: standardDeviation, using: &rng)
  }

  /// Gaussian blobs around given centers (one class per center); see `blobs(count:centers:…)`.
  public static func blobs(
    count: Int, centers: [[Double]], standardDeviation: Double, seed: Int
  ) -> Dataset {
    var rng = SeededGenerator(seed: seed)
    return blobs(count: count, centers: centers, standardDeviation: standardDeviation, using: &rng)
  }

  private static func blobs(
    count: Int, centers: [[Double]], standardDeviation: Double, using rng: inout SeededGenerator
  ) -> Dataset {
    let classCount = centers.count
    let featureCount = centers.first?.count ?? 0
    var labels: [Int] = []
    for c in 0..<classCount {
      let n = count / classCount + (c < count % classCount ? 1 : 0)
      labels += Array(repeating: c, count: n)
    }
    rng.shuffle(&labels)
    var features = Matrix(rows: count, columns: featureCount)
    for (i, label) in labels.enumerated() {
      for j in 0..<featureCount {
        features[i, j] = centers[label][j] + rng.nextNormal(standardDeviation: standardDeviation)
      }
    }
    return Dataset(name: "blobs", features: features, labels: labels, classCount: classCount)
  }
}

// MARK: - Shipped data sets

extension Dataset {
  /// Fisher's iris data (150 × 4, 3 classes), parsed from the CSV compiled into the module.
  ///
  /// Source and licence: see `Data/Shipped/IrisCSV.swift` (scikit-learn BSD-3; UCI; Fisher
  /// 1936). Rows are in the file's order (sorted by class): shuffle before splitting.
  public static func iris() -> Dataset {
    var lines = irisCSV.split(separator: "\n")
    let header = lines.removeFirst().split(separator: ",")
    let names = header.dropFirst(2).map(String.init)
    var features = Matrix(rows: lines.count, columns: 4)
    var labels: [Int] = []
    labels.reserveCapacity(lines.count)
    for (i, line) in lines.enumerated() {
      let fields = line.split(separator: ",")
      for j in 0..<4 { features[i, j] = Double(fields[j])! }
      labels.append(Int(fields[4])!)
    }
    return Dataset(
      name: "iris", features: features, labels: labels, classCount: 3, classNames: names)
  }

  /// The 8×8 handwritten digits (1,797 × 64 pixel counts in 0…16, 10 classes).
  ///
  /// Source and licence: see `Data/Shipped/DigitsCSV.swift` (UCI Optical Recognition of
  /// Handwritten Digits, Alpaydin & Kaynak, CC BY 4.0, via scikit-learn, BSD-3). Pixel
  /// columns 0, 32 and 39 are zero in every image (standardize with the σ = 0 guard); rows
  /// are ordered by writer (shuffle before splitting). Parsed with a byte-level integer
  /// scanner from the compiled-in text.
  public static func digits() -> Dataset {
    let columns = 65
    var values: [Double] = []
    values.reserveCapacity(1797 * columns)
    var current = 0
    var inNumber = false
    for byte in digitsCSV.utf8 {
      if byte >= 48 && byte <= 57 {
        current = current * 10 + Int(byte - 48)
        inNumber = true
      } else if inNumber {
        values.append(Double(current))
        current = 0
        inNumber = false
      }
    }
    if inNumber { values.append(Double(current)) }
    precondition(values.count % columns == 0, "digits CSV is not rectangular")
    let rows = values.count / columns
    var features = Matrix(rows: rows, columns: 64)
    var labels = [Int](repeating: 0, count: rows)
    for i in 0..<rows {
      for j in 0..<64 { features.storage[i * 64 + j] = values[i * columns + j] }
      labels[i] = Int(values[i * columns + 64])
    }
    return Dataset(name: "digits", features: features, labels: labels, classCount: 10)
  }
}

// MARK: - Preparation

/// Per-feature standardization x′ = (x − μ)/σ, with μ and σ fitted on one data set.
///
/// σ is the population standard deviation (divide by m), as scikit-learn's `StandardScaler`
/// and numpy's `std()`. A constant column has σ = 0; its scale is set to 1 (also as
/// `StandardScaler`), so the column becomes all zeros instead of NaN.
public struct Standardizer: Sendable, Equatable {
  /// The fitted mean of each column.
  public let mean: [Double]
  /// The fitted standard deviation of each column (0 for constant columns).
  public let standardDeviation: [Double]

  /// Fits μ and σ on the rows of `features`.
  public init(fitting features: Matrix) {
    let m = Double(features.rows)
    let mu = features.meanOverRows().storage
    var variance = [Double](repeating: 0, count: features.columns)
    for i in 0..<features.rows {
      for j in 0..<features.columns {
        let d = features[i, j] - mu[j]
        variance[j] += d * d
      }
    }
    mean = mu
    standardDeviation = variance.map { ($0 / m).squareRoot() }
  }

  /// The divisor used per column: σ, or 1 where σ = 0.
  public var scale: [Double] { standardDeviation.map { $0 == 0 ? 1 : $0 } }

  /// (x − μ)/σ per column, with the σ = 0 guard.
  public func transform(_ features: Matrix) -> Matrix {
    precondition(features.columns == mean.count, "feature count differs from the fitted one")
    let s = scale
    var result = features
    for i in 0..<features.rows {
      for j in 0..<features.columns {
        result.storage[i * features.columns + j] = (features[i, j] - mean[j]) / s[j]
      }
    }
    return result
  }

  /// The same data set with standardized features.
  public func transform(_ dataset: Dataset) -> Dataset {
    var result = dataset
    result.features = transform(dataset.features)
    return result
  }
}

extension Dataset {
  /// A shuffled train/test split.
  ///
  /// The test set gets ⌈testFraction · m⌉ examples (scikit-learn's `train_test_split`
  /// rounding). Stratified: each class contributes ⌊share⌋ of its examples plus, in order of
  /// largest remainder (ties by class index), one more until the total is reached, so class
  /// proportions match to within one example. Both parts are shuffled.
  public func trainTestSplit(testFraction: Double = 0.2, stratified: Bool = true, seed: Int = 0)
    -> (train: Dataset, test: Dataset)
  {
    precondition(testFraction > 0 && testFraction < 1, "testFraction must be in (0, 1)")
    var rng = SeededGenerator(seed: seed)
    let testCount = Int((testFraction * Double(count)).rounded(.up))
    var testIndices: [Int] = []
    var trainIndices: [Int] = []
    if stratified {
      var byClass = [[Int]](repeating: [], count: classCount)
      for (i, label) in labels.enumerated() { byClass[label].append(i) }
      let shares = byClass.map { Double($0.count) * Double(testCount) / Double(count) }
      var take = shares.map { Int($0.rounded(.down)) }
      let order = (0..<classCount).sorted {
        let (ra, rb) = (shares[$0] - Double(take[$0]), shares[$1] - Double(take[$1]))
        return ra != rb ? ra > rb : $0 < $1
      }
      var missing = testCount - take.reduce(0, +)
      for c in order where missing > 0 {
        take[c] += 1
        missing -= 1
      }
      for c in 0..<classCount {
        var members = byClass[c]
        rng.shuffle(&members)
        testIndices += members.prefix(take[c])
        trainIndices += members.dropFirst(take[c])
      }
      rng.shuffle(&testIndices)
      rng.shuffle(&trainIndices)
    } else {
      let order = rng.permutation(count)
      testIndices = Array(order.prefix(testCount))
      trainIndices = Array(order.dropFirst(testCount))
    }
    return (subset(trainIndices), subset(testIndices))
  }
}
