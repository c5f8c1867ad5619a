/// Everything that can be wrong with a formula; the one place where messages are written.
enum Problem: Equatable {
  case unknownCommand(String, suggestion: String?)
  case unknownCommandInText(String, suggestion: String?)
  case unknownEnvironment(String, suggestion: String?)
  case unclosedGroup
  case unopenedGroup
  case unclosedLeft
  case rightWithoutLeft
  case middleWithoutLeft
  case unclosedEnvironment(String)
  case endWithoutBegin
  case mismatchedEnd(begin: String, end: String)
  case unclosedOptionalArgument
  case unclosedTextMath
  case misplacedAmpersand
  case misplacedNewline
  case missingArgument(command: String, usage: String)
  case missingScript(Character)
  case doubleScript(Character)
  case notADelimiter(after: String)
  case missingEnvironmentName(String)
  case badArrayColumns
  case badOperatorName
  case badDimension
  case misplacedLimits
  case forbiddenCharacter(Character)
  case loneBackslash
  case tooDeep(Int)
  case numberingInline(String)
  case secondLabel(String, first: String)
  case unknownLabel(String, suggestion: String?)
  case literalArgumentExpected(String)
  case badColor(String)
  case misplacedHorizontalLine

  var message: String {
    switch self {
    case .unknownCommand(let name, let suggestion):
      return "unknown command '\\\(name)'" + Problem.didYouMean(suggestion.map { "\\" + $0 })
    case .unknownCommandInText(let name, let suggestion):
      return "unknown command '\\\(name)' in text"
        + Problem.didYouMean(suggestion.map { "\\" + $0 })
    case .unknownEnvironment(let name, let suggestion):
      if let suggestion { return "unknown environment '\(name)'; did you mean '\(suggestion)'?" }
      return "unknown environment '\(name)'; known: " + Environment.names.joined(separator: ", ")
    case .unclosedGroup: return "unbalanced '{': no matching '}'"
    case .unopenedGroup: return "unbalanced '}': no matching '{'"
    case .unclosedLeft: return "'\\left' without a matching '\\right'"
    case .rightWithoutLeft: return "'\\right' without a matching '\\left'"
    case .middleWithoutLeft: return "'\\middle' outside '\\left … \\right'"
    case .unclosedEnvironment(let name):
      return "'\\begin{\(name)}' without a matching '\\end{\(name)}'"
    case .endWithoutBegin: return "'\\end' without a matching '\\begin'"
    case .mismatchedEnd(let begin, let end):
      return "'\\end{\(end)}' does not match '\\begin{\(begin)}'"
    case .unclosedOptionalArgument: return "'[' without a matching ']'"
    case .unclosedTextMath: return "'$' inside text without a matching '$'"
    case .misplacedAmpersand:
      return "'&' outside an environment; use it in \\begin{aligned} or a matrix"
    case .misplacedNewline:
      return "'\\\\' outside an environment; use it in \\begin{aligned} or a matrix"
    case .missingArgument(let command, let usage):
      return "missing argument for '\\\(command)' (usage: \(usage))"
    case .missingScript(let mark):
      return "missing \(mark == "^" ? "superscript" : "subscript") after '\(mark)'"
    case .doubleScript(let mark):
      let what = mark == "_" ? "subscript" : "superscript"
      return "double \(what); use braces, e.g. x\(mark){a\(mark)b}"
    case .notADelimiter(let command):
      return "'\\\(command)' must be followed by a delimiter such as ( ) [ ] \\{ \\} | \\| "
        + "\\langle \\rangle \\lfloor \\rfloor or ."
    case .missingEnvironmentName(let command):
      return "missing environment name after '\\\(command)' (usage: \\\(command){pmatrix})"
    case .badArrayColumns:
      return "array columns must be a list of l, c and r, with | for rules,"
        + " e.g. \\begin{array}{c|cc}"
    case .badOperatorName:
      return "'\\operatorname' accepts letters, digits, '-', '*' and spaces only"
    case .badDimension: return "expected a length such as [2pt] or [0.5em]"
    case .misplacedLimits:
      return "'\\limits' and '\\nolimits' must follow a large operator such as \\sum"
    case .forbiddenCharacter(let character):
      if character == "$" { return "unexpected '$' inside math; write \\$ for a dollar sign" }
      return "unexpected '\(character)' in math; write \\\(character) for the character"
    case .loneBackslash: return "'\\' at the end of the formula"
    case .tooDeep(let limit): return "formula nested more than \(limit) levels deep"
    case .numberingInline(let command):
      return "'\\\(command)' numbers a display equation; use it in $$…$$ or a {math} block"
    case .secondLabel(let label, let first):
      return "a display equation has one number; '\\label{\(label)}' is its second label"
        + " (the first is '\(first)')"
    case .unknownLabel(let label, let suggestion):
      return "no equation is labelled '\(label)'" + Problem.didYouMean(suggestion)
    case .literalArgumentExpected(let command):
      return "the argument of '\\\(command)' is plain text, without commands or braces"
    case .badColor(let text):
      return "'\(text)' is not a colour; use a name such as red or a hex colour such as #1f77b4"
    case .misplacedHorizontalLine:
      return "'\\hline' outside an environment; use it in \\begin{array} or a matrix"
    }
  }

  private static func didYouMean(_ suggestion: String?) -> String {
    guard let suggestion else { return "" }
    return "; did you mean '\(suggestion)'?"
  }
}

extension TeXError {
  init(_ problem: Problem, at offset: Int, length: Int) {
    self.init(offset: offset, length: length, message: problem.message)
  }
}
