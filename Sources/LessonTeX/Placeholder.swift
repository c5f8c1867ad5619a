// Temporary stand-in until the TeX converter lands: shows the TeX source as text.
import LessonMarkup

public struct TeXError: Error, Equatable, Sendable {
  public var offset: Int
  public var length: Int
  public var message: String
}

public enum TeX {
  public static func mathML(_ source: String, display: Bool) -> Result<String, TeXError> {
    .success(
      Element(
        "math", [Attribute("display", display ? "block" : "inline")],
        [.element(Element("mtext", text: source))]
      ).render(.xml))
  }
}
