import LessonKit

extension DirectiveRegistry {
  /// Every directive of the course, in the order the reference documents them.
  public static let standard = DirectiveRegistry([
    MiniBatch.self,
    EWA.self,
    BiasCorrection.self,
    HyperparameterSearchDirective.self,
  ])
}
