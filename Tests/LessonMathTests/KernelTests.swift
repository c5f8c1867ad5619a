import CKernels
import Testing

@testable import LessonMath

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The C kernels behind training (`Sources/CKernels`): the vector exp, the strided and
/// transposed products, and the fused softmax layer against the straightforward formulas.
@Suite struct KernelTests {
  private func vectorExp(_ x: [Double]) -> [Double] {
    var y = [Double](repeating: 0, count: x.count)
    lessons_exp(x.count, x, &y)
    return y
  }

  /// Within 1 ulp of the C library's exp (itself correctly rounded in almost every case) over
  /// the whole normal range, and equal to it in all but a few values in a thousand (0.07 %
  /// over 4 M values; the Taylor series it replaced differed in 5.9 %, and a wrong entry of
  /// the table of 2^{j/128} shows here); exact at 0, and the edges: subnormal, zero, ∞, NaN.
  @Test func exp_isWithinOneUlpOfTheCLibrary() {
    var rng = SeededGenerator(seed: 11)
    let x =
      (0..<40_000).map { _ in -708 + 1417 * rng.nextUniform() }
      + (0..<10_000).map { _ in -1 + 2 * rng.nextUniform() }
    let y = vectorExp(x)
    var worst: Int64 = 0
    var differing = 0
    for (xi, yi) in zip(x, y) {
      let ulps = abs(Int64(bitPattern: yi.bitPattern) - Int64(bitPattern: exp(xi).bitPattern))
      worst = max(worst, ulps)
      differing += ulps == 0 ? 0 : 1
    }
    #expect(worst <= 1)
    #expect(differing < x.count / 200, "\(differing) of \(x.count) differ from the C library")
    let edges: [Double] = [0, -0.0, -1e-300, -740, -745.2, -800, -.infinity, 709.7, 710, .infinity]
    let expected = edges.map { exp($0) }
    let got = vectorExp(edges)
    #expect(got[0] == 1 && got[1] == 1 && got[2] == 1)
    #expect(got[3] > 0 && got[3] < Double.leastNormalMagnitude)  // e^{−740} ≈ 4.2e−322
    #expect(abs(got[3] - expected[3]) <= expected[3] * 1e-2)
    #expect(got[4] == 0 && got[5] == 0 && got[6] == 0)
    #expect(got[7] == expected[7] || abs(got[7] - expected[7]) <= expected[7] * 3e-16)
    #expect(got[8] == .infinity && got[9] == .infinity)
    #expect(vectorExp([.nan, 1, 2, 3])[0].isNaN && vectorExp([.nan])[0].isNaN)
  }

  /// The AVX2 lanes (groups of 4) and the portable tail (the rest) give the same bits: each
  /// element of a 7-element call equals a 1-element call, which runs the portable path.
  @Test func exp_vectorLanesAndPortableTailAgreeBitForBit() {
    var rng = SeededGenerator(seed: 12)
    let x = (0..<4_003).map { _ in -745 + 1455 * rng.nextUniform() }
    let all = vectorExp(x)
    for i in stride(from: 0, to: x.count, by: 1) {
      #expect(all[i].bitPattern == vectorExp([x[i]])[0].bitPattern, "x = \(x[i])")
    }
  }

  /// Transposed operands (strides, no copies), the transposed orientation the driver picks
  /// for narrow products, B packed whole or read in blocks of 256 inner indices (k > 256), the
  /// last panels of 4 and of 8 + 2 columns (n = 9, 10, 18), are still one multiply-add chain
  /// per element, in order.
  @Test(arguments: [
    (false, false, 1797, 10, 64), (true, false, 64, 10, 300), (false, true, 50, 64, 10),
    (true, true, 7, 13, 5), (false, false, 10, 300, 33), (true, false, 5, 3, 200),
    (false, false, 40, 20, 600), (false, true, 30, 9, 520), (false, false, 23, 18, 270),
    (true, false, 300, 10, 40),
  ])
  func gemm_transposedAndReoriented_isAFusedMultiplyAddChain(
    shape: (Bool, Bool, Int, Int, Int)
  ) {
    let (ta, tb, m, n, k) = shape
    var rng = SeededGenerator(seed: UInt64(m * 1_000 + n * 10 + k))
    let a = randomMatrix(ta ? k : m, ta ? m : k, &rng)  // as stored
    let b = randomMatrix(tb ? n : k, tb ? k : n, &rng)
    let c = a.matmul(b, transposeSelf: ta, transposeOther: tb)
    for i in 0..<m {
      for j in 0..<n {
        var sum = 0.0
        for p in 0..<k { sum = sum.addingProduct(ta ? a[p, i] : a[i, p], tb ? b[j, p] : b[p, j]) }
        #expect(c[i, j].bitPattern == sum.bitPattern, "(\(i), \(j)) of \(shape)")
      }
    }
  }

  /// Random shapes (every panel width and tile height, k across the 256-index blocks), random
  /// transposes and accumulation: each element is C's old value (when accumulating) plus one
  /// multiply-add chain in order, bit for bit.
  @Test func gemm_randomShapes_areOneChainPerElement() {
    var rng = SeededGenerator(seed: 14)
    func draw(_ bound: Int) -> Int { 1 + Int(rng.nextUniform() * Double(bound)) % bound }
    for trial in 0..<300 {
      let (m, n, k) = (draw(30), draw(26), draw(trial % 3 == 0 ? 600 : 40))
      let (ta, tb, accumulate) = (trial % 2 == 1, trial % 4 >= 2, trial % 8 >= 4)
      let a = rng.normals(m * k), b = rng.normals(k * n), start = rng.normals(m * n)
      var c = start
      a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
          c.withUnsafeMutableBufferPointer { pc in
            MatrixKernels.gemm(
              m: m, n: n, k: k, a: pa.baseAddress!, lda: ta ? m : k, transposeA: ta,
              b: pb.baseAddress!, ldb: tb ? k : n, transposeB: tb, c: pc.baseAddress!, ldc: n,
              accumulate: accumulate)
          }
        }
      }
      var mismatches = 0
      for i in 0..<m {
        for j in 0..<n {
          var sum = 0.0
          for p in 0..<k {
            sum = sum.addingProduct(
              ta ? a[p * m + i] : a[i * k + p], tb ? b[j * k + p] : b[p * n + j])
          }
          if accumulate { sum = start[i * n + j] + sum }
          if c[i * n + j].bitPattern != sum.bitPattern { mismatches += 1 }
        }
      }
      #expect(
        mismatches == 0, "\(m) × \(n) × \(k), transposes \(ta) \(tb), accumulate \(accumulate)")
    }
  }

  /// The fused softmax layer (bias, softmax, loss, dz = (P − Y)/m, db) and the reoriented
  /// products give the loss and gradients of the straightforward formulas — Z = XW + b, P =
  /// softmax per row with the C library's exp, L = mean −log P[label], dW = Xᵀ(P − Y)/m,
  /// db = Σ rows of (P − Y)/m — to 1e-13 (the only differences are exp's last bit and the
  /// order of additions in the products).
  @Test(arguments: [(300, 64, 10), (37, 5, 3), (1797, 64, 10)])
  func softmaxRegression_fusedPass_equalsStraightforwardFormula(shape: (Int, Int, Int)) {
    let (m, f, c) = shape
    var rng = SeededGenerator(seed: UInt64(m + f + c))
    let x = randomMatrix(m, f, &rng)
    let labels = (0..<m).map { _ in Int(rng.nextUniform() * Double(c)) % c }
    var net = NeuralNetwork(.softmaxRegression(features: f, classes: c))
    let w = Matrix(rows: f, columns: c, storage: rng.normals(f * c, standardDeviation: 0.5))
    let b = Matrix(row: rng.normals(c))
    net.parameters = [w, b]
    let (loss, gradients) = net.lossAndGradients(x, labels: labels)

    let z = naiveProduct(x, w)
    var p = Matrix(rows: m, columns: c)
    var referenceLoss = 0.0
    for i in 0..<m {
      let row = Softmax.probabilities((0..<c).map { z[i, $0] + b[0, $0] })
      for j in 0..<c { p[i, j] = (row[j] - (j == labels[i] ? 1 : 0)) / Double(m) }
      referenceLoss -= log(row[labels[i]]) / Double(m)
    }
    let dW = naiveProduct(x.transposed, p)
    let db = (0..<c).map { j in (0..<m).reduce(0.0) { $0 + p[$1, j] } }
    #expect(abs(loss - referenceLoss) < 1e-13)
    #expect(maxAbsDifference(gradients[0].storage, dW.storage) < 1e-13)
    #expect(maxAbsDifference(gradients[1].storage, db) < 1e-13)
    #expect(dW.storage.map { abs($0) }.max()! > 1e-3)  // the check compares real gradients
  }

  /// `Softmax.softmaxRows` (the fused kernel without a bias) equals `Softmax.probabilities`
  /// per row to a few ulps, and rows sum to 1.
  @Test func softmaxRows_matchesProbabilitiesPerRow() {
    var rng = SeededGenerator(seed: 13)
    var z = randomMatrix(70, 10, &rng)
    let reference = (0..<70).map { Softmax.probabilities(z.row($0)) }
    Softmax.softmaxRows(&z)
    for i in 0..<70 {
      #expect(maxAbsDifference(z.row(i), reference[i]) < 1e-15)
      #expect(abs(z.row(i).reduce(0, +) - 1) < 1e-15)
    }
  }
}
