import Foundation

/// A map from [0, 1] to colours, for heatmaps.
///
/// The theme maps tint the page background with a palette colour, so a matrix of mostly
/// zeros stays the colour of the page in light and dark mode alike; the fixed maps
/// (viridis, Blues, RdBu) are the same on every page.
public enum ColorMap: Sendable, Equatable, Codable {
  /// The page background tinted towards palette colour 1 as the value grows (light to deep
  /// blue on a light page, dark to light blue on a dark one): counts, probabilities.
  case themeSequential
  /// Palette colour 1 (blue) for negative values and colour 2 (vermillion) for positive ones,
  /// deeper with magnitude, the page background at the middle: signed values around zero.
  case themeDiverging
  /// matplotlib's viridis (van der Walt & Smith, 2015): perceptually uniform, colour-blind
  /// safe, readable in grey. Stops are matplotlib's values at 0, 0.1, …, 1.
  case viridis
  /// ColorBrewer "Blues" (Brewer, colorbrewer2.org), light to dark.
  case blues
  /// ColorBrewer "RdBu" reversed: blue for negative, near-white at the middle, red for
  /// positive; for signed values centred on zero (a Jacobian).
  case diverging

  /// The deepest tint of the theme maps. Text in the page's text colour keeps a contrast of
  /// at least 4.5:1 (WCAG AA) on it in both themes: e.g. #E6EDF3 on 62 % #5AA7EB over
  /// #0D1117, #1F2328 on 62 % #D55E00 over white.
  static let deepestTint = 0.62

  /// For the theme maps: the palette colour and its opacity at t; nil for the fixed maps.
  func tint(at t: Double) -> (color: PlotColor, opacity: Double)? {
    let t = t.isNaN ? 0.5 : max(0, min(1, t))
    switch self {
    case .themeSequential: return (.series(1), ColorMap.deepestTint * t)
    case .themeDiverging:
      let s = 2 * t - 1
      return (s < 0 ? .series(1) : .series(2), ColorMap.deepestTint * abs(s))
    default: return nil
    }
  }

  var stops: [String] {
    switch self {
    case .themeSequential: return ["#FFFFFF", PlotStyle.lightSeries[0]]
    case .themeDiverging: return [PlotStyle.lightSeries[0], "#FFFFFF", PlotStyle.lightSeries[1]]
    case .viridis:
      return [
        "#440154", "#482475", "#414487", "#355F8D", "#2A788E", "#21918C", "#22A884", "#44BF70",
        "#7AD151", "#BDDF26", "#FDE725",
      ]
    case .blues:
      return [
        "#F7FBFF", "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C",
        "#08306B",
      ]
    case .diverging:
      return [
        "#2166AC", "#4393C3", "#92C5DE", "#D1E5F0", "#F7F7F7", "#FDDBC7", "#F4A582", "#D6604D",
        "#B2182B",
      ]
    }
  }

  /// The colour at t ∈ [0, 1] (clamped; NaN gives the middle), as `#RRGGBB`.
  public func color(at t: Double) -> String {
    let rgb = components(at: t)
    return RGB.hex(rgb)
  }

  func components(at t: Double) -> (Double, Double, Double) {
    let stops = self.stops.map(RGB.parse)
    let t = t.isNaN ? 0.5 : max(0, min(1, t))
    let f = t * Double(stops.count - 1)
    let i = min(Int(f), stops.count - 2)
    let u = f - Double(i)
    let a = stops[i]
    let b = stops[i + 1]
    return (a.0 + (b.0 - a.0) * u, a.1 + (b.1 - a.1) * u, a.2 + (b.2 - a.2) * u)
  }

  /// Whether text on the colour at t should be light (the colour is dark).
  func wantsLightText(at t: Double) -> Bool {
    let (r, g, b) = components(at: t)
    // Relative luminance (WCAG 2.1), channels linearized from sRGB.
    func lin(_ c: Double) -> Double {
      let c = c / 255
      return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
    let luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    // Contrast with white vs with near-black text (#1F2328, luminance ≈ 0.016).
    return (1.05 / (luminance + 0.05)) > ((luminance + 0.05) / 0.066)
  }
}

enum RGB {
  static func parse(_ hex: String) -> (Double, Double, Double) {
    let digits = Array(hex.utf8.dropFirst())
    func byte(_ k: Int) -> Double {
      func nibble(_ c: UInt8) -> Int {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(c - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(c - UInt8(ascii: "A")) + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(c - UInt8(ascii: "a")) + 10
        default: return 0
        }
      }
      return Double(nibble(digits[2 * k]) * 16 + nibble(digits[2 * k + 1]))
    }
    return (byte(0), byte(1), byte(2))
  }

  static func hex(_ rgb: (Double, Double, Double)) -> String {
    let digits = Array("0123456789ABCDEF")
    var out = "#"
    for c in [rgb.0, rgb.1, rgb.2] {
      let v = Int(max(0, min(255, c.rounded())))
      out.append(digits[v / 16])
      out.append(digits[v % 16])
    }
    return out
  }
}
