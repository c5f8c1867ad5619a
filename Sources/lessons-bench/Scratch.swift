#if canImport(Glibc)
import Glibc
#endif
import LessonMath
enum Scratch {
  static func run() -> [BenchmarkResult] {
    var rng = SeededGenerator(seed: 1)
    var z = (0..<17970).map { _ in -10 * rng.nextUniform() }
    let r1 = measure("exp 200 × 17970", runs: 5) { () -> Double in
      var s = 0.0
      for _ in 0..<200 { for k in 0..<z.count { let e = exp(z[k]); s += e } ; z[0] += 1e-9}
      return s
    }
    let digits = Standardizer(fitting: Dataset.digits().features).transform(Dataset.digits())
    let x = digits.features
    let w = Matrix(rows: 64, columns: 10, repeating: 0.01)
    let r2 = measure("XW 200x", runs: 5) { () -> Matrix in
      var out = Matrix(rows: 1, columns: 1)
      for _ in 0..<200 { out = x.matmul(w) }
      return out
    }
    let g = Matrix(rows: 1797, columns: 10, repeating: 0.01)
    var c = [Double](repeating: 0, count: 640)
    let r3 = measure("XtG 200x", runs: 5) { () -> Double in
      for _ in 0..<200 {
        x.storage.withUnsafeBufferPointer { xp in g.storage.withUnsafeBufferPointer { gp in c.withUnsafeMutableBufferPointer { cp in
        MatrixKernels.gemmTransposedA(m: 64, n: 10, k: 1797, a: xp.baseAddress!, lda: 64, b: gp.baseAddress!, ldb: 10, c: cp.baseAddress!, ldc: 10, accumulate: false) }}}
      }
      return c[0]
    }
    return [r1, r2, r3]
  }
}
