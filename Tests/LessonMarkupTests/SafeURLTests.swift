import Testing

@testable import LessonMarkup

@Suite struct SafeURLTests {
  @Test(arguments: [
    ("javascript:alert(1)", "javascript"),
    ("JaVaScRiPt:alert(1)", "javascript"),
    ("java\tscript:alert(1)", "javascript"),
    ("java\nscript:alert(1)", "javascript"),
    (" \u{1}\u{1F}javascript:alert(1)", "javascript"),
    ("javascript&#58;alert(1)", "javascript"),
    ("&#x6A;avascript&colon;alert(1)", "javascript"),
    ("java&Tab;script:alert(1)", "javascript"),
    ("vbscript:msgbox", "vbscript"),
    ("livescript:x", "livescript"),
    ("file:///etc/passwd", "file"),
    ("FILE:///c:/x", "file"),
    ("data:text/html,<script>alert(1)</script>", "data"),
    ("data:image/svg+xml,<svg onload=alert(1)>", "data"),
    ("DATA:image/svg+xml;base64,PHN2Zz4=", "data"),
  ])
  func dangerousSchemes_areRefused(url: String, scheme: String) {
    let safe = SafeURL(url)
    #expect(safe.refusedScheme == scheme)
    #expect(safe.href == "")
  }

  @Test(arguments: [
    "https://example.com/", "mailto:a@b.c", "other.html#part", "#section", "/abs/path",
    "data:image/png;base64,iVBORw0KGgo=", "DATA:image/JPEG;base64,x", "data:image/webp,x",
    "data:image/gif,x", "javascript", "notjavascript:x", "x/javascript:y", "1javascript:x",
  ])
  func otherURLs_areKept(url: String) {
    #expect(SafeURL(url).refusedScheme == nil)
  }

  /// Expected values are what cmark 0.30's `houdini_escape_href` writes (before HTML
  /// escaping): `[a](</my uri>)` renders as `<a href="/my%20uri">`.
  @Test func hrefs_arePercentEncodedLikeCmark() {
    #expect(SafeURL("/my uri").href == "/my%20uri")
    #expect(SafeURL("https://ex.com/?q=β&r=[1]").href == "https://ex.com/?q=%CE%B2&r=%5B1%5D")
    #expect(SafeURL("a\"b<c>d`e{f}|g\\h^i").href == "a%22b%3Cc%3Ed%60e%7Bf%7D%7Cg%5Ch%5Ei")
    // Existing escapes and every reserved character stay as they are.
    #expect(SafeURL("%41%zz-_.+!*'(),#@?=;:/&$~").href == "%41%zz-_.+!*'(),#@?=;:/&$~")
  }
}
