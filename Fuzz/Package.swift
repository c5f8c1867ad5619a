// swift-tools-version:6.2
import PackageDescription

/// A coverage-guided fuzzer (libFuzzer) of the whole lesson pipeline. It is a package of its own
/// because its executable has no `main` of its own (libFuzzer provides it): it only links with
/// `-sanitize=fuzzer`, so it stays out of the main package's `swift build` and `swift test`.
///
///     cd Fuzz && swift build -c debug -Xswiftc -sanitize=fuzzer,address
///     .build/debug/lessons-fuzz CORPUS_DIR -max_total_time=60
///
/// `Fuzz/run` (and `make fuzz`) does both (see the README).
let package = Package(
  name: "LessonsFuzz",
  dependencies: [.package(name: "Lessons", path: "..")],
  targets: [
    .executableTarget(
      name: "lessons-fuzz",
      dependencies: [.product(name: "LessonPipeline", package: "Lessons")]
    )
  ]
)
