// The benchmark executable: runs every benchmark group and prints one line per benchmark.
//
//   swift run -c release lessons-bench          all groups
//   swift run -c release lessons-bench math     only the groups whose name starts with "math"
//   swift run -c release lessons-bench kernels  softmax regression, MLP epoch, matmul (numpy's
//                                               side: Benchmarks/numpy_reference.py)
//
//   swift run -c release lessons-bench gallery  each chart of the gallery (a cold build's fixed cost)
//   swift run -c release lessons-bench book     the whole book: build time, each lesson, each directive
//   swift run -c release lessons-bench loop     the `lessons` binary: cold course, edit loop,
//                                               empty book, synthetic books, peak memory
//
// A group is a function returning `[BenchmarkResult]`; add one as a new file and list it in
// `groups` below.

let groups: [(name: String, run: () -> [BenchmarkResult])] = [
  // First: a child's peak memory reads true only above this process's own peak.
  ("loop", LoopBenchmarks.run),
  ("math", MathBenchmarks.run),
  ("kernels", MathBenchmarks.kernels),
  ("gallery", GalleryBenchmarks.run),
  ("book", BookBenchmarks.run),
]

let filters = Array(CommandLine.arguments.dropFirst())
#if DEBUG
  print("lessons-bench (debug build)")
#else
  print("lessons-bench (release build)")
#endif
for group in groups where filters.isEmpty || filters.contains(where: { group.name.hasPrefix($0) }) {
  print("[\(group.name)]")
  for result in group.run() { print(result.line) }
}
