/// Helpers for reporting classifiers: grids for decision regions, confusion matrices.
public enum Evaluation {
  /// The points of a `columns × rows` grid over a rectangle as a `(columns·rows) × 2` matrix,
  /// x varying fastest: row `r * columns + c` is (x_c, y_r), with x_c and y_r evenly spaced and
  /// endpoints included (numpy `meshgrid(linspace, linspace)` flattened). Feed it to
  /// `NeuralNetwork.predict` for decision regions, or to a surface for contours.
  public static func grid(
    x: ClosedRange<Double>, y: ClosedRange<Double>, columns: Int, rows: Int
  ) -> Matrix {
    precondition(columns >= 2 && rows >= 2, "a grid needs at least 2 × 2 points")
    var points = Matrix(rows: columns * rows, columns: 2)
    for r in 0..<rows {
      let yr = y.lowerBound + (y.upperBound - y.lowerBound) * Double(r) / Double(rows - 1)
      for c in 0..<columns {
        let xc = x.lowerBound + (x.upperBound - x.lowerBound) * Double(c) / Double(columns - 1)
        points[r * columns + c, 0] = xc
        points[r * columns + c, 1] = yr
      }
    }
    return points
  }

  /// counts[actual][predicted] (rows are true classes, as scikit-learn's `confusion_matrix`).
  public static func confusionMatrix(actual: [Int], predicted: [Int], classCount: Int) -> [[Int]] {
    precondition(actual.count == predicted.count, "one prediction per label")
    var counts = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
    for (a, p) in zip(actual, predicted) { counts[a][p] += 1 }
    return counts
  }

  /// The fraction of predictions equal to the labels.
  public static func accuracy(actual: [Int], predicted: [Int]) -> Double {
    precondition(actual.count == predicted.count && !actual.isEmpty)
    return Double(zip(actual, predicted).filter { $0 == $1 }.count) / Double(actual.count)
  }
}
