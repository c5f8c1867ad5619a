import LessonKit

extension DirectiveRegistry {
  /// Every directive of the course, in the order the reference documents them.
  public static let standard = DirectiveRegistry([
    EWA.self,
    BiasCorrection.self,
    SaddlePoint.self,
    CriticalPoints.self,
  ])
}
