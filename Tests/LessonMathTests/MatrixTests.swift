import Testing

@testable import LessonMath

@Suite struct MatrixTests {
  @Test func matmul_smallProduct_matchesHandComputation() {
    let a = Matrix([[1, 2, 3], [4, 5, 6]])
    let b = Matrix([[7, 8], [9, 10], [11, 12]])
    #expect(a.matmul(b) == Matrix([[58, 64], [139, 154]]))
  }
}
