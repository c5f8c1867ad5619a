import LessonPlot

/// The chart gallery, part of every cold build's fixed cost: the whole gallery the first time
/// in this process (as a build makes it: lazy runtime metadata, first-touched code and heap),
/// each example's data and SVG, one line per chart, then the whole gallery again.
enum GalleryBenchmarks {
  static func run() -> [BenchmarkResult] {
    let everyChart = { PlotGallery.makers.reduce(0) { $0 + $1().svg.utf8.count } }
    var results = [measure("gallery: every chart, one thread, first run", runs: 1, everyChart)]
    results += PlotGallery.makers.map { make in
      let name = make().name
      return measure("gallery: \(name)", runs: 9) { make().svg.utf8.count }
    }
    results.append(measure("gallery: every chart, one thread", runs: 9, everyChart))
    return results
  }
}
