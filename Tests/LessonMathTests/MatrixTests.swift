import Testing

@testable import LessonMath

/// The naive triple loop, as the independent reference for the blocked kernel.
func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
  var c = Matrix(rows: a.rows, columns: b.columns)
  for i in 0..<a.rows {
    for j in 0..<b.columns {
      var s = 0.0
      for p in 0..<a.columns { s += a[i, p] * b[p, j] }
      c[i, j] = s
    }
  }
  return c
}

func randomMatrix(_ rows: Int, _ columns: Int, _ rng: inout SeededGenerator) -> Matrix {
  Matrix(rows: rows, columns: columns, storage: rng.normals(rows * columns))
}

func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
  precondition(a.count == b.count)
  return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

@Suite struct MatrixTests {
  @Test func matmul_smallProduct_matchesHandComputation() {
    let a = Matrix([[1, 2, 3], [4, 5, 6]])
    let b = Matrix([[7, 8], [9, 10], [11, 12]])
    #expect(a.matmul(b) == Matrix([[58, 64], [139, 154]]))
  }

  /// Every path of the kernel: row panels for ≤ 12 columns (odd and even widths, one or two
  /// rows), 4 × 4 tiles beyond (with 4 × 2, 4 × 1 and 1 × 4 edges and leftover rows), for
  /// A and for Aᵀ read in place.
  @Test(arguments: [1, 2, 3, 4, 5, 7, 9, 10, 12, 13, 14, 15, 16, 19])
  func matmul_everyEdgeShape_matchesNaiveLoopTo1e12(size: Int) {
    var rng = SeededGenerator(seed: size)
    for (m, k) in [(size, 3), (size + 3, 17), (1, size), (5, 1)] {
      let a = randomMatrix(m, k, &rng)
      let b = randomMatrix(k, size, &rng)
      let reference = naiveProduct(a, b).storage
      // Different summation order only: 1e−12 is generous for k ≤ 19 and entries N(0, 1).
      #expect(maxAbsDifference(a.matmul(b).storage, reference) < 1e-12)
      let viaTranspose = a.transposed.matmul(b, transposeSelf: true)
      #expect(maxAbsDifference(viaTranspose.storage, reference) < 1e-12)
    }
  }

  @Test func matmul_transposedOperands_matchExplicitTranspose() {
    var rng = SeededGenerator(seed: 5)
    let a = randomMatrix(7, 6, &rng)
    let b = randomMatrix(7, 5, &rng)
    let c = randomMatrix(5, 6, &rng)
    let tn = a.matmul(b, transposeSelf: true)
    #expect(maxAbsDifference(tn.storage, naiveProduct(a.transposed, b).storage) < 1e-12)
    let nt = b.matmul(c.transposed.transposed, transposeOther: false)
    #expect(maxAbsDifference(nt.storage, naiveProduct(b, c).storage) < 1e-12)
    let both = a.matmul(c, transposeSelf: false, transposeOther: true)
    #expect(maxAbsDifference(both.storage, naiveProduct(a, c.transposed).storage) < 1e-12)
  }

  /// Every element is one fused multiply-add chain over the inner index in order — in full
  /// tiles, edge tiles and padded panels alike — so results are the same bits everywhere.
  @Test(arguments: [(1, 1, 1), (4, 8, 3), (7, 13, 5), (9, 3, 17), (33, 10, 64), (5, 20, 0)])
  func gemm_isAFusedMultiplyAddChainPerElement(shape: (Int, Int, Int)) {
    let (m, n, k) = shape
    var rng = SeededGenerator(seed: UInt64(m * 10_000 + n * 100 + k))
    let a = randomMatrix(m, k, &rng)
    let b = randomMatrix(k, n, &rng)
    for accumulate in [false, true] {
      let start = (0..<(m * n)).map { _ in rng.nextUniform() }
      var c = start
      MatrixKernels.gemm(
        m: m, n: n, k: k, a: a.storage, b: b.storage, c: &c, accumulate: accumulate)
      for i in 0..<m {
        for j in 0..<n {
          var sum = 0.0
          for p in 0..<k { sum = sum.addingProduct(a.storage[i * k + p], b.storage[p * n + j]) }
          let expected = accumulate ? start[i * n + j] + sum : sum
          #expect(c[i * n + j].bitPattern == expected.bitPattern, "(\(i), \(j)) of \(shape)")
        }
      }
    }
  }

  @Test func gemm_accumulate_addsToExistingResult() {
    var c = [Double](repeating: 1, count: 4)
    MatrixKernels.gemm(m: 2, n: 2, k: 1, a: [1, 2], b: [3, 4], c: &c, accumulate: true)
    #expect(c == [4, 5, 7, 9])
  }

  @Test func broadcasting_rowAndColumnVectors_followNumpy() {
    let a = Matrix([[1, 2], [3, 4]])
    #expect(a + Matrix(row: [10, 20]) == Matrix([[11, 22], [13, 24]]))
    #expect(a - Matrix(column: [1, 2]) == Matrix([[0, 1], [1, 2]]))
    #expect(a .* a == Matrix([[1, 4], [9, 16]]))
    #expect(a / Matrix(row: [1, 2]) == Matrix([[1, 1], [3, 2]]))
    #expect(2 * a == a + a)
  }

  @Test func reductions_sumsAndArgmax_matchHandComputation() {
    let a = Matrix([[1, 5, 2], [7, 0, 7]])
    #expect(a.sumOverRows() == Matrix(row: [8, 5, 9]))
    #expect(a.sumOverColumns() == Matrix(column: [8, 14]))
    #expect(a.meanOverRows() == Matrix(row: [4, 2.5, 4.5]))
    #expect(a.argmaxPerRow() == [1, 0])  // first maximum on ties, like numpy
    #expect(a.transposed == Matrix([[1, 7], [5, 0], [2, 7]]))
    #expect(a.gatheringRows([1, 1, 0]).nestedRows == [[7, 0, 7], [7, 0, 7], [1, 5, 2]])
    #expect(a.map { $0 * 2 }.sum() == 44)
  }
}

@Suite struct EvaluationTests {
  @Test func grid_xVariesFastest_endpointsIncluded() {
    let g = Evaluation.grid(x: 0...1, y: -1...1, columns: 3, rows: 2)
    #expect(g.nestedRows == [[0, -1], [0.5, -1], [1, -1], [0, 1], [0.5, 1], [1, 1]])
  }

  @Test func confusionMatrix_rowsAreActualClasses() {
    let m = Evaluation.confusionMatrix(
      actual: [0, 0, 1, 2, 2], predicted: [0, 1, 1, 2, 0], classCount: 3)
    #expect(m == [[1, 1, 0], [0, 1, 0], [1, 0, 1]])
    #expect(Evaluation.accuracy(actual: [0, 0, 1, 2, 2], predicted: [0, 1, 1, 2, 0]) == 0.6)
  }
}
