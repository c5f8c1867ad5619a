/// Math alphabets: `\mathbf`, `\mathbb`, `\mathcal`, … as Unicode characters.
///
/// MathML Core supports only `mathvariant="normal"`; every other style is written with the
/// Mathematical Alphanumeric Symbols block (U+1D400–U+1D7FF) and the older letterlike symbols
/// that fill its holes (ℝ, ℬ, ℎ, …), as the Unicode standard (UTR #25) prescribes.
enum Font: Sendable, Equatable {
  /// `\mathrm`, `\operatorname`: upright letters and Greek.
  case roman
  /// `\mathbf`: bold upright Latin letters, digits and capital Greek; lowercase Greek stays
  /// italic, as in TeX.
  case bold
  /// `\mathit`: italic Latin and Greek.
  case italic
  /// `\boldsymbol`, `\bm`: bold italic letters and lowercase Greek, bold upright capital Greek
  /// and digits.
  case boldSymbol
  /// `\mathbb`: ℝ, ℕ, 𝔼, 𝟙.
  case doubleStruck
  /// `\mathcal`, `\mathscr`: 𝒩, ℒ.
  case script
  /// `\mathfrak`: 𝔤.
  case fraktur
  /// `\mathsf`: 𝖠.
  case sansSerif
  /// `\mathtt`: 𝚊.
  case monospace

  /// The styled form of a Latin letter, digit or Greek letter, or nil when this font leaves
  /// it as it is (then the caller writes the plain character).
  func map(_ c: Unicode.Scalar) -> Unicode.Scalar? {
    let v = c.value
    switch v {
    case 0x41...0x5A: return latin(capital: true, index: v - 0x41)
    case 0x61...0x7A: return latin(capital: false, index: v - 0x61)
    case 0x30...0x39: return digit(v - 0x30)
    default:
      guard let index = Font.greekIndex(c) else { return nil }
      return greek(index: index)
    }
  }

  private func latin(capital: Bool, index: UInt32) -> Unicode.Scalar? {
    let base: UInt32
    switch self {
    case .roman: return nil
    case .bold: base = capital ? 0x1D400 : 0x1D41A
    case .italic:
      if !capital && index == 7 { return "\u{210E}" }  // ℎ, the Planck constant
      base = capital ? 0x1D434 : 0x1D44E
    case .boldSymbol: base = capital ? 0x1D468 : 0x1D482
    case .doubleStruck:
      if capital, let hole = Font.doubleStruckHoles[index] { return hole }
      base = capital ? 0x1D538 : 0x1D552
    case .script:
      if capital, let hole = Font.scriptCapitalHoles[index] { return hole }
      if !capital, let hole = Font.scriptSmallHoles[index] { return hole }
      base = capital ? 0x1D49C : 0x1D4B6
    case .fraktur:
      if capital, let hole = Font.frakturHoles[index] { return hole }
      base = capital ? 0x1D504 : 0x1D51E
    case .sansSerif: base = capital ? 0x1D5A0 : 0x1D5BA
    case .monospace: base = capital ? 0x1D670 : 0x1D68A
    }
    return Unicode.Scalar(base + index)
  }

  private func digit(_ index: UInt32) -> Unicode.Scalar? {
    switch self {
    case .bold, .boldSymbol: return Unicode.Scalar(0x1D7CE + index)
    case .doubleStruck: return Unicode.Scalar(0x1D7D8 + index)
    case .sansSerif: return Unicode.Scalar(0x1D7E2 + index)
    case .monospace: return Unicode.Scalar(0x1D7F6 + index)
    default: return nil
    }
  }

  private func greek(index: UInt32) -> Unicode.Scalar? {
    let isCapital = index <= 25  // capitals, ϴ and ∇
    switch self {
    case .bold: return isCapital ? Unicode.Scalar(0x1D6A8 + index) : nil
    case .italic: return Unicode.Scalar(0x1D6E2 + index)
    case .boldSymbol:
      return Unicode.Scalar((isCapital ? 0x1D6A8 : 0x1D71C) + index)
    default: return nil
    }
  }

  /// Position of a Greek letter (or ∇, ∂) in each 58-character Greek alphabet of the
  /// Mathematical Alphanumeric Symbols block: Α…Ω with ϴ in Ρ's slot, ∇, α…ω with ς, ∂,
  /// then ϵ ϑ ϰ ϕ ϱ ϖ.
  static func greekIndex(_ c: Unicode.Scalar) -> UInt32? {
    let v = c.value
    switch v {
    case 0x391...0x3A9 where v != 0x3A2: return v - 0x391
    case 0x3F4: return 17  // ϴ
    case 0x2207: return 25  // ∇
    case 0x3B1...0x3C9: return 26 + v - 0x3B1
    case 0x2202: return 51  // ∂
    case 0x3F5: return 52  // ϵ
    case 0x3D1: return 53  // ϑ
    case 0x3F0: return 54  // ϰ
    case 0x3D5: return 55  // ϕ
    case 0x3F1: return 56  // ϱ
    case 0x3D6: return 57  // ϖ
    default: return nil
    }
  }

  // Letters that Unicode encoded before the math block, indexed by position in the alphabet.
  private static let doubleStruckHoles: [UInt32: Unicode.Scalar] = [
    2: "\u{2102}", 7: "\u{210D}", 13: "\u{2115}", 15: "\u{2119}", 16: "\u{211A}",
    17: "\u{211D}", 25: "\u{2124}",
  ]
  private static let scriptCapitalHoles: [UInt32: Unicode.Scalar] = [
    1: "\u{212C}", 4: "\u{2130}", 5: "\u{2131}", 7: "\u{210B}", 8: "\u{2110}",
    11: "\u{2112}", 12: "\u{2133}", 17: "\u{211B}",
  ]
  private static let scriptSmallHoles: [UInt32: Unicode.Scalar] = [
    4: "\u{212F}", 6: "\u{210A}", 14: "\u{2134}",
  ]
  private static let frakturHoles: [UInt32: Unicode.Scalar] = [
    2: "\u{212D}", 7: "\u{210C}", 8: "\u{2111}", 17: "\u{211C}", 25: "\u{2128}",
  ]
}

/// Whether a browser would slant this character in a one-character `<mi>` (MathML's automatic
/// italic: Latin letters, dotless i and j, Greek, ∂ and ∇). Such a character needs
/// `mathvariant="normal"` to stay upright.
func isAutoItalic(_ c: Unicode.Scalar) -> Bool {
  switch c.value {
  case 0x41...0x5A, 0x61...0x7A, 0x131, 0x237: return true
  default: return Font.greekIndex(c) != nil
  }
}
