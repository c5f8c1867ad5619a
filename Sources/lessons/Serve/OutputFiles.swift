import Foundation

/// Serves files of the output folder; HTML pages get a small script that reloads them when
/// the book is rebuilt. A path that leaves the folder — with `..`, a hidden name, or a
/// symbolic link that resolves outside it — is not found.
struct OutputFiles: Sendable {
  /// The output folder with every symbolic link resolved.
  let root: String

  init(root: URL) {
    if let real = realpath(root.path, nil) {
      self.root = String(cString: real)
      free(real)
    } else {
      self.root = root.standardizedFileURL.path
    }
  }

  /// Added before `</body>` of every page served (never written to disk).
  static let reloadScript = """
    <script>new EventSource("/_lessons/events").addEventListener("reload", function () { location.reload(); });</script>
    """

  func respond(_ request: LocalServer.Request) -> LocalServer.Response {
    var path = request.path.removingPercentEncoding ?? request.path
    if path.hasSuffix("/") { path += "index.html" }
    let parts = path.split(separator: "/")
    guard !path.contains("\0"), !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") }),
      let file = resolve(parts.joined(separator: "/"))
    else {
      return .text(404, "Not Found", "Not found: \(path.replacingOccurrences(of: "\0", with: ""))")
    }
    guard var data = FileManager.default.contents(atPath: file) else {
      return .text(404, "Not Found", "Not found: \(path)")
    }
    let fileExtension = URL(fileURLWithPath: file).pathExtension
    if fileExtension == "html", let page = String(data: data, encoding: .utf8),
      let end = page.range(of: "</body>", options: .backwards)
    {
      data = Data(page.replacingCharacters(in: end, with: Self.reloadScript + "</body>").utf8)
    }
    return LocalServer.Response(
      status: 200, reason: "OK",
      headers: [("Content-Type", Self.contentType(fileExtension)), ("Cache-Control", "no-store")],
      body: [UInt8](data))
  }

  /// The real path of the regular file at `relative`, if it is inside the root.
  func resolve(_ relative: String) -> String? {
    guard let real = realpath(root + "/" + relative, nil) else { return nil }
    defer { free(real) }
    let path = String(cString: real)
    guard path.hasPrefix(root == "/" ? "/" : root + "/") else { return nil }
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    return path
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
