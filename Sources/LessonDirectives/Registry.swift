import LessonKit

extension DirectiveRegistry {
  /// Every directive of the course, in the order the reference documents them (DESIGN.md §6,
  /// then the directives of the frameworks lesson).
  public static let standard = DirectiveRegistry([
    MiniBatch.self,
    EWA.self,
    BiasCorrection.self,
    Optimizers.self,
    LRDecay.self,
    SaddlePoint.self,
    CriticalPoints.self,
    HyperparameterSearchDirective.self,
    BatchNormalization.self,
    SoftmaxProbabilities.self,
    SoftmaxDerivative.self,
    Train.self,
    SoftmaxRegression.self,
    Descent.self,
    GradientChecking.self,
  ])
}
