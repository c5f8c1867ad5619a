import FlyingFox
import Foundation

/// Serves files of the output folder; HTML pages get a small script that reloads them when
/// the book is rebuilt. Paths cannot leave the folder.
struct OutputFileHandler: HTTPHandler {
  let root: URL

  /// Added before `</body>` of every page served (never written to disk).
  static let reloadScript = """
    <script>new EventSource("/_lessons/events").addEventListener("reload", function () { location.reload(); });</script>
    """

  func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
    var path = request.path.removingPercentEncoding ?? request.path
    if path.hasSuffix("/") { path += "index.html" }
    let parts = path.split(separator: "/")
    guard !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") }) else {
      return HTTPResponse(statusCode: .notFound)
    }
    let url = parts.reduce(root) { $0.appendingPathComponent(String($1)) }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
      !isDirectory.boolValue,
      var data = FileManager.default.contents(atPath: url.path)
    else {
      return HTTPResponse(
        statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
        body: Data("Not found: \(path)\n".utf8))
    }
    let type = Self.contentType(url.pathExtension)
    if url.pathExtension == "html", let page = String(data: data, encoding: .utf8),
      let end = page.range(of: "</body>", options: .backwards)
    {
      data = Data(page.replacingCharacters(in: end, with: Self.reloadScript + "</body>").utf8)
    }
    return HTTPResponse(
      statusCode: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: data)
  }

  static func contentType(_ fileExtension: String) -> String {
    switch fileExtension {
    case "html": return "text/html; charset=utf-8"
    case "css": return "text/css; charset=utf-8"
    case "js": return "text/javascript; charset=utf-8"
    case "csv": return "text/csv; charset=utf-8"
    case "svg": return "image/svg+xml"
    case "png": return "image/png"
    case "jpg", "jpeg": return "image/jpeg"
    case "json": return "application/json"
    default: return "application/octet-stream"
    }
  }
}
