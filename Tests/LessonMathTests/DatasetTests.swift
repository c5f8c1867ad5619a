import Testing

@testable import LessonMath

@Suite struct DatasetTests {
  /// Reference numbers from numpy on sklearn 1.9.1's `digits.csv.gz`: shape (1797, 65), pixel
  /// sum 561718, class counts below, all-zero columns 0, 32, 39.
  @Test func digits_matchesSklearnFileStatistics() {
    let digits = Dataset.digits()
    #expect(digits.count == 1797)
    #expect(digits.featureCount == 64)
    #expect(digits.features.sum() == 561_718)
    #expect(digits.classCounts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    let zeroColumns = (0..<64).filter { j in digits.features.column(j).allSatisfy { $0 == 0 } }
    #expect(zeroColumns == [0, 32, 39])
    #expect(digits.features.row(0).prefix(8) == [0, 0, 5, 13, 9, 1, 0, 0])
  }

  /// numpy on sklearn's `iris.csv`: column sums 876.5, 458.6, 563.7, 179.9.
  @Test func iris_matchesSklearnFileStatistics() {
    let iris = Dataset.iris()
    #expect(iris.count == 150 && iris.featureCount == 4)
    #expect(iris.classNames == ["setosa", "versicolor", "virginica"])
    #expect(iris.classCounts == [50, 50, 50])
    let sums = iris.features.sumOverRows().storage
    #expect(maxAbsDifference(sums, [876.5, 458.6, 563.7, 179.9]) < 1e-9)
  }

  @Test func standardizer_guardsZeroVarianceColumns() {
    let digits = Dataset.digits()
    let scaler = Standardizer(fitting: digits.features)
    #expect(scaler.standardDeviation[0] == 0 && scaler.scale[0] == 1)
    let x = scaler.transform(digits.features)
    #expect(x.storage.allSatisfy { $0.isFinite })
    #expect(x.column(0).allSatisfy { $0 == 0 })
    let mean = x.meanOverRows().storage
    #expect(mean.allSatisfy { abs($0) < 1e-12 })
    let column5 = x.column(5)
    let variance = column5.reduce(0) { $0 + $1 * $1 } / Double(column5.count)
    #expect(abs(variance - 1) < 1e-12)
  }

  @Test func moons_hasSklearnShapeAndBalancedLabels() {
    let moons = Dataset.moons(count: 301, noise: 0, seed: 1)
    #expect(moons.count == 301 && moons.featureCount == 2)
    #expect(moons.classCounts == [150, 151])  // ⌊n/2⌋ outer, rest inner, as make_moons
    // Without noise every point lies on its arc: outer x² + y² = 1, inner (x−1)² + (y−0.5)² = 1.
    for i in 0..<moons.count {
      let (x, y) = (moons.features[i, 0], moons.features[i, 1])
      let r = moons.labels[i] == 0 ? x * x + y * y : (x - 1) * (x - 1) + (y - 0.5) * (y - 0.5)
      #expect(abs(r - 1) < 1e-12)
    }
    #expect(Dataset.moons(seed: 4) == Dataset.moons(seed: 4))
    #expect(Dataset.moons(seed: 4) != Dataset.moons(seed: 5))
  }

  @Test func blobs_pointsClusterAroundTheirCenters() {
    let centers: [[Double]] = [[-5, 0], [5, 0], [0, 8]]
    let blobs = Dataset.blobs(count: 300, centers: centers, standardDeviation: 0.5, seed: 2)
    #expect(blobs.classCounts == [100, 100, 100])
    for c in 0..<3 {
      let rows = blobs.labels.indices.filter { blobs.labels[$0] == c }
      let mean = blobs.features.gatheringRows(rows).meanOverRows().storage
      #expect(maxAbsDifference(mean, centers[c]) < 0.2)  // σ/√100 = 0.05 per coordinate
    }
    let random = Dataset.blobs(count: 100, centers: 4, seed: 1)
    #expect(random.classCount == 4 && random.classCounts == [25, 25, 25, 25])
  }

  @Test func stratifiedSplit_keepsClassProportionsAndIsAPartition() {
    let digits = Dataset.digits()
    let (train, test) = digits.trainTestSplit(testFraction: 0.2, seed: 9)
    #expect(test.count == 360)  // ⌈0.2 · 1797⌉
    #expect(train.count + test.count == 1797)
    for c in 0..<10 {
      let expected = Double(digits.classCounts[c]) * 0.2
      #expect(abs(Double(test.classCounts[c]) - expected) <= 1)
    }
    // Shuffled, not in writer order: the first 20 test labels are not all one class.
    #expect(Set(test.labels.prefix(20)).count > 3)
    let plain = digits.trainTestSplit(testFraction: 0.25, stratified: false, seed: 1)
    #expect(plain.test.count == 450 && plain.train.count == 1347)
  }

  @Test func temperatureYear_isSeededAndSeasonal() {
    let year = TemperatureYear(seed: 7)
    #expect(year.days.count == 365 && year.days.first == 1)
    #expect(year == TemperatureYear(seed: 7))
    #expect(abs(year.seasonal[14] - 37) < 1e-12)  // coldest day 15: 52 − 15
    let hottest = year.seasonal.indices.max { year.seasonal[$0] < year.seasonal[$1] }!
    #expect(hottest + 1 == 15 + 182 || hottest + 1 == 15 + 183)
    let residual = zip(year.observed, year.seasonal).map { $0 - $1 }
    let sd = (residual.reduce(0) { $0 + $1 * $1 } / 365).squareRoot()
    #expect(abs(sd - 5) < 0.6)  // noise σ = 5; sampling error of σ̂ with n = 365 ≈ 0.19
  }
}
