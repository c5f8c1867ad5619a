import Foundation
import Testing

@testable import LessonPlot

/// Writes the gallery as one standalone HTML page, to look at it in a browser:
/// `/tmp/lessonplot-gallery.html` (or `$LESSONPLOT_GALLERY` when set).
@Suite struct GalleryPageTests {
  @Test func galleryPage_isWrittenAndContainsEverySVG() throws {
    let page = PlotGallery.htmlPage()
    let path =
      ProcessInfo.processInfo.environment["LESSONPLOT_GALLERY"] ?? "/tmp/lessonplot-gallery.html"
    try page.write(toFile: path, atomically: true, encoding: .utf8)
    for entry in PlotGallery.entries {
      #expect(page.contains("id=\"\(entry.name)-title\""))
    }
  }
}
