// swift-tools-version:6.2
import PackageDescription

/// The numeric and chart modules are compiled with optimization even in debug builds, so that
/// `swift run lessons build` (a debug build) does not pay a 10–100× penalty in the math core.
let optimizedInEveryConfiguration: [SwiftSetting] = [
  .unsafeFlags(["-O"], .when(configuration: .debug))
]

let package = Package(
  name: "Lessons",
  products: [
    .executable(name: "lessons", targets: ["lessons"]),
    // The pipeline as a library, for the fuzzer package in Fuzz/.
    .library(name: "LessonPipeline", targets: ["LessonKit", "LessonDirectives"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CCmark",
      pkgConfig: "libcmark",
      providers: [.apt(["libcmark-dev"])]
    ),
    .target(name: "LessonMarkup"),
    .target(
      name: "LessonMarkdown",
      dependencies: ["CCmark", "LessonMarkup", .product(name: "Yams", package: "Yams")]
    ),
    .target(name: "LessonTeX", dependencies: ["LessonMarkup"]),
    // The matrix product's kernel (AVX2 + FMA, or portable C with the same rounding).
    .target(name: "CKernels", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
    .target(
      name: "LessonMath", dependencies: ["CKernels"], swiftSettings: optimizedInEveryConfiguration),
    .target(
      name: "LessonPlot", dependencies: ["LessonMarkup"],
      swiftSettings: optimizedInEveryConfiguration),
    .target(
      name: "LessonKit",
      dependencies: ["LessonMarkup", "LessonMarkdown", "LessonTeX", "LessonPlot"],
      resources: [.embedInCode("Resources/style.css"), .embedInCode("Resources/lessons.js")]
    ),
    .target(
      name: "LessonDirectives",
      dependencies: ["LessonKit", "LessonMath", "LessonPlot"]
    ),
    .executableTarget(
      name: "lessons",
      dependencies: ["LessonKit", "LessonDirectives", "LessonMarkup"]
    ),
    .executableTarget(
      name: "lessons-bench",
      dependencies: ["LessonMath", "LessonPlot", "LessonKit", "LessonDirectives"],
      swiftSettings: optimizedInEveryConfiguration
    ),
    // Golden-file checks shared by the test targets.
    .target(name: "LessonTestSupport", path: "Tests/LessonTestSupport"),
    .testTarget(name: "LessonMarkupTests", dependencies: ["LessonMarkup"]),
    .testTarget(name: "LessonMarkdownTests", dependencies: ["LessonMarkdown"]),
    .testTarget(
      name: "LessonTeXTests", dependencies: ["LessonTeX", "LessonTestSupport"],
      exclude: ["Golden", "RealFormulas"]),
    .testTarget(name: "LessonMathTests", dependencies: ["LessonMath"]),
    .testTarget(name: "LessonPlotTests", dependencies: ["LessonPlot", "LessonTestSupport"], exclude: ["Snapshots"]),
    .testTarget(name: "LessonKitTests", dependencies: ["LessonKit", "LessonPlot"], exclude: ["Spec"]),
    .testTarget(
      name: "LessonDirectivesTests",
      dependencies: ["LessonDirectives", "LessonKit", "LessonMath", "LessonMarkdown", "LessonMarkup"]),
    .testTarget(
      name: "LessonsCLITests", dependencies: ["lessons", "LessonTestSupport"],
      exclude: ["Snapshots"]),
  ]
)
