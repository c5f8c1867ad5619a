/// The chart stylesheet: colours and fonts of every LessonPlot SVG, for light and dark pages.
///
/// The site's single stylesheet includes `PlotStyle.css` verbatim. Charts use CSS classes
/// prefixed `lp-` and the custom properties below; each SVG also carries the light colours
/// as presentation attributes, which any CSS rule overrides, so a standalone SVG file still
/// looks right. A page whose background is not plain white/near-black should set `--lp-bg`
/// to its background (it paints the halo behind labels and the legend box).
///
/// The series palette is Okabe & Ito's colour-blind-safe set ("Color Universal Design",
/// 2008, jfly.uni-koeln.de/color), reordered so the first colours contrast most with white;
/// its black is softened to #1A1A1A and its yellow darkened to #B8A800, which a thin line
/// on white needs. The dark theme uses lighter tints of the same hues so each series keeps
/// its name ("the blue line") in both themes.
public enum PlotStyle {
  static let lightSeries = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#1A1A1A", "#B8A800",
  ]
  static let darkSeries = [
    "#5AA7EB", "#F27D45", "#2FC497", "#E49BC8", "#F2B43C", "#A3DAF7", "#E8E8E8", "#F0E442",
  ]
  static let lightForeground = "#1F2328"
  static let lightMuted = "#6E7781"
  static let lightGrid = "#E6E8EB"
  static let lightAxis = "#8C959F"
  static let lightBackground = "#FFFFFF"
  static let lightLevel = "#2F6EB5"
  static let lightLevelLine = "#57606A"

  /// The CSS for all charts: light defaults plus `prefers-color-scheme: dark` overrides.
  public static let css: String = {
    var light = ""
    var dark = ""
    for i in 0..<8 {
      light += "--lp-series-\(i + 1):\(lightSeries[i]);"
      dark += "--lp-series-\(i + 1):\(darkSeries[i]);"
    }
    var classes = ""
    for i in 1...8 { classes += ".lp-c\(i){color:var(--lp-series-\(i))}\n" }
    return """
      .lp-chart{--lp-fg:\(lightForeground);--lp-muted:\(lightMuted);--lp-grid:\(lightGrid);\
      --lp-axis:\(lightAxis);--lp-bg:\(lightBackground);--lp-level:\(lightLevel);\
      --lp-level-line:\(lightLevelLine);\(light)\
      color:var(--lp-fg);font-family:inherit;max-width:100%;height:auto}
      @media (prefers-color-scheme:dark){.lp-chart{--lp-fg:#E6EDF3;--lp-muted:#8B949E;\
      --lp-grid:#2D333B;--lp-axis:#6E7681;--lp-bg:#0D1117;--lp-level:#79B8FF;\
      --lp-level-line:#9DA7B3;\(dark)}}
      .lp-chart text{font-variant-numeric:tabular-nums}
      \(classes).lp-cfg{color:var(--lp-fg)}
      .lp-cmuted{color:var(--lp-muted)}
      .lp-grid{stroke:var(--lp-grid)}
      .lp-axis{stroke:var(--lp-axis)}
      .lp-halo{stroke:var(--lp-bg)}
      .lp-bg{fill:var(--lp-bg)}
      .lp-level{fill:var(--lp-level)}
      .lp-level-line{stroke:var(--lp-level-line)}

      """
  }()

  /// A standalone SVG document: `svg` with `css` embedded in a `<style>` element, so a file
  /// opened on its own also follows the viewer's light or dark preference.
  public static func standalone(_ svg: String) -> String {
    guard let end = svg.range(of: "</desc>") else { return svg }
    return String(svg[..<end.upperBound]) + "<style>" + css + "</style>"
      + String(svg[end.upperBound...])
  }
}
