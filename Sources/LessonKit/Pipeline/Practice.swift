import LessonMarkdown
import LessonMarkup

/// `{exercise}`, `{solution}` and `{choice}`: practice blocks, built into the pipeline
/// because an exercise's answer and a choice's key are computed from the lesson's named
/// values (the expressions `{expect}` accepts), never typed.
///
/// Their bodies are Markdown, as in MyST's sphinx-exercise: `:key: value` option lines, then
/// the question. ```` ```{solution} label ```` holds the worked solution of the exercise (or
/// choice question) with that `:label:`.
enum Practice {
  static let exercise = "exercise"
  static let solution = "solution"
  static let choice = "choice"
  /// The values `{value}` can quote for the exercises' answers: `answers.<label>`.
  static let answers = "answers"
  /// The directives whose bodies the parser reads as Markdown.
  static let contentDirectives: Set<String> = [exercise, solution, choice]

  /// Without `:tolerance:`, an answer within 0.5 % is right (three significant figures).
  static let defaultRelativeTolerance = 0.005
  /// An answer within this many tolerances is "close".
  static let closeFactor = 10.0

  /// The `:key: value` options of a content block, each key checked against `known`.
  static func options(
    of block: DirectiveBlock, known: [String], path: String, diagnostics: inout [Diagnostic]
  ) -> [YAMLEntry] {
    guard let options = block.options, case .mapping(let entries) = options.value else {
      return []
    }
    for entry in entries where !known.contains(entry.key) {
      diagnostics.append(
        .error(
          "{\(block.name)} has no option ':\(entry.key):'", path: path, at: entry.keyLocation,
          length: entry.key.unicodeScalars.count,
          notes: Spelling.didYouMean(entry.key, among: known) { ":\($0):" }
            + ["options are: " + known.map { ":\($0):" }.joined(separator: ", ")]))
    }
    return entries.filter { known.contains($0.key) }
  }

  /// Reads `:label:`: an identifier.
  static func label(
    _ entries: [YAMLEntry], path: String, diagnostics: inout [Diagnostic]
  ) -> String? {
    guard let entry = entries.last(where: { $0.key == "label" }) else { return nil }
    let text = entry.value.scalar ?? ""
    guard Identifier.isValid(text) else {
      diagnostics.append(
        .error(
          "a label is an identifier (a letter, then letters, digits, - or _), not '\(text)'",
          path: path, at: entry.value.location, length: entry.value.length))
      return nil
    }
    return text
  }
}

/// One `{exercise}`: a question, optionally an answer key computed from the lesson's values,
/// hints and a tolerance.
struct ExerciseBlock: Sendable {
  var block: DirectiveBlock
  var label: String?
  /// The answer expression as written, parsed, and where it is.
  var answer: (text: String, expression: Claim.Expression, location: SourceLocation)?
  var tolerance: (value: Claim.Tolerance, location: SourceLocation)?
  /// One line of Markdown each, revealed one by one.
  var hints: [(text: String, location: SourceLocation)] = []

  static let known = ["label", "answer", "tolerance", "hint", "class", "nonumber"]

  init(_ block: DirectiveBlock, path: String, diagnostics: inout [Diagnostic]) {
    self.block = block
    let entries = Practice.options(
      of: block, known: Self.known, path: path, diagnostics: &diagnostics)
    label = Practice.label(entries, path: path, diagnostics: &diagnostics)
    for entry in entries {
      let text = entry.value.scalar ?? ""
      switch entry.key {
      case "answer":
        do throws(Claim.ParseError) {
          answer = (text, try Claim.Expression.parse(text), entry.value.location)
        } catch {
          diagnostics.append(error.diagnostic(path: path, start: entry.value.location))
        }
      case "tolerance":
        var number = Substring(text)
        let relative = number.hasSuffix("%")
        if relative { number = number.dropLast() }
        guard let value = Double(String(number.filter { $0 != " " })), value.isFinite, value >= 0
        else {
          diagnostics.append(
            .error(
              "a tolerance is a number ≥ 0, absolute (0.01) or relative (1%), not '\(text)'",
              path: path, at: entry.value.location, length: entry.value.length))
          continue
        }
        tolerance = (relative ? .relative(value / 100) : .absolute(value), entry.value.location)
      case "hint":
        guard !text.isEmpty else {
          diagnostics.append(
            .error("a hint needs its text", path: path, at: entry.keyLocation))
          continue
        }
        hints.append((text, entry.value.location))
      default: break
      }
    }
    if tolerance != nil, answer == nil {
      diagnostics.append(
        .warning(
          "a tolerance without an answer is never used", path: path, at: tolerance!.location))
    }
  }

  /// The answer's value and the tolerance around it; errors are located at the option.
  func key(_ values: [String: [NamedValue]], path: String) -> Result<
    (value: Double, allowed: Double), Diagnostic
  > {
    guard let answer else {
      return .failure(.error("no answer", path: path, at: block.nameLocation))
    }
    let value: Double
    do throws(Claim.ParseError) {
      value = try answer.expression.evaluate(values)
    } catch {
      return .failure(error.diagnostic(path: path, start: answer.location))
    }
    guard value.isFinite else {
      return .failure(
        .error(
          "the answer '\(answer.text)' is \(NumberFormat.ascii(value)), not a number a reader can type",
          path: path, at: answer.location, length: answer.text.unicodeScalars.count))
    }
    let allowed: Double
    switch tolerance?.value {
    case .absolute(let t): allowed = t
    case .relative(let t): allowed = t * abs(value)
    case nil: allowed = value == 0 ? 1e-9 : Practice.defaultRelativeTolerance * abs(value)
    }
    if value != 0, abs(value) <= allowed {
      return .failure(
        .error(
          "the tolerance \(NumberFormat.ascii(allowed)) is so wide that 0 would pass for the answer \(NumberFormat.ascii(value, .significant(6)))",
          path: path, at: tolerance?.location ?? answer.location,
          notes: ["make the tolerance smaller than the answer"]))
    }
    return .success((value, allowed))
  }
}

/// One `{solution} label`: the worked solution of the exercise or question with that label.
struct SolutionBlock: Sendable {
  var block: DirectiveBlock
  var label: String?
  var labelLocation: SourceLocation

  init(_ block: DirectiveBlock, path: String, diagnostics: inout [Diagnostic]) {
    self.block = block
    _ = Practice.options(
      of: block, known: ["label", "class"], path: path, diagnostics: &diagnostics)
    labelLocation = block.argument?.location ?? block.nameLocation
    guard let argument = block.argument?.text else {
      diagnostics.append(
        .error(
          "{solution} names the exercise it solves, e.g. ```{solution} ewa-v3", path: path,
          at: block.nameLocation, length: Practice.solution.unicodeScalars.count))
      return
    }
    label = argument
  }
}

/// One `{choice}` question: Markdown, then a list of options each starting with `[x]`
/// (correct), `[ ]` (wrong) or `[claim: …]` (correct exactly when the claim holds); the rest
/// of an option's item is its explanation, shown after answering.
struct ChoiceBlock: Sendable {
  enum Truth: Sendable {
    case fixed(Bool)
    case claim(Claim)
  }

  struct Option: Sendable {
    var truth: Truth
    var content: [Inline]
    var explanation: [Block]
  }

  var block: DirectiveBlock
  var label: String?
  var question: [Block]
  var options: [Option] = []

  init(_ block: DirectiveBlock, path: String, diagnostics: inout [Diagnostic]) {
    self.block = block
    let entries = Practice.options(
      of: block, known: ["label", "class"], path: path, diagnostics: &diagnostics)
    label = Practice.label(entries, path: path, diagnostics: &diagnostics)
    var blocks = block.content ?? []
    // The options are the last list of the body.
    guard let index = blocks.lastIndex(where: { if case .list = $0 { true } else { false } }),
      case .list(let list) = blocks[index]
    else {
      question = blocks
      diagnostics.append(
        .error(
          "a {choice} question ends with a list of options, each starting with [x] (correct) or [ ] (wrong)",
          path: path, at: block.nameLocation, length: Practice.choice.unicodeScalars.count))
      return
    }
    blocks.remove(at: index)
    question = blocks
    for (index, item) in list.items.enumerated() {
      // `[x]` and `[ ]` are GFM task boxes, which the parser has already read.
      if let checked = list.tasks[index], case .paragraph(let inlines, _) = item.first {
        options.append(
          Option(truth: .fixed(checked), content: inlines, explanation: Array(item.dropFirst())))
        continue
      }
      guard case .paragraph(let inlines, let location) = item.first,
        let (marker, rest) = Self.marker(inlines)
      else {
        let location = item.first.flatMap(Self.location) ?? block.nameLocation
        diagnostics.append(
          .error(
            "an option starts with [x] (correct), [ ] (wrong) or [claim: …]", path: path,
            at: location))
        continue
      }
      let truth: Truth
      switch marker {
      case "x", "X": truth = .fixed(true)
      case " ", "": truth = .fixed(false)
      default:
        guard marker.hasPrefix("claim:") else {
          diagnostics.append(
            .error(
              "unknown option marker '[\(marker)]'; write [x], [ ] or [claim: …]", path: path,
              at: location, length: marker.unicodeScalars.count + 2))
          continue
        }
        let text = String(marker.dropFirst("claim:".count))
        let spaces = text.prefix { $0 == " " }.count
        let start = SourceLocation(
          line: location.line, column: location.column + 1 + "claim:".count + spaces)
        do throws(Claim.ParseError) {
          truth = .claim(try Claim(String(text.dropFirst(spaces)), at: start))
        } catch {
          diagnostics.append(error.diagnostic(path: path, start: start))
          continue
        }
      }
      options.append(Option(truth: truth, content: rest, explanation: Array(item.dropFirst())))
    }
    let fixed = options.compactMap { if case .fixed(let t) = $0.truth { t } else { nil } }
    if options.count == fixed.count, !fixed.contains(true) {
      diagnostics.append(
        .error(
          "no option of this question is marked correct with [x]", path: path,
          at: block.nameLocation, length: Practice.choice.unicodeScalars.count))
    }
  }

  private static func location(_ block: Block) -> SourceLocation? {
    switch block {
    case .paragraph(_, let location), .heading(_, _, let location): return location
    default: return nil
    }
  }

  /// Splits `[marker] text` into the marker and the rest of the inlines. cmark may split the
  /// brackets into text nodes of their own, and a claim such as `[claim: r.x[gd@0.6] > 0]` may
  /// be read as an autolink: the leading text and links are read as written until the `]`
  /// that closes the marker.
  static func marker(_ inlines: [Inline]) -> (String, [Inline])? {
    var marker = ""
    var depth = 0
    for (index, inline) in inlines.enumerated() {
      let text: String
      switch inline {
      case .text(let t): text = t
      case .link: text = inline.plainText
      default: return nil
      }
      for (offset, character) in text.enumerated() {
        if index == 0, offset == 0 {
          guard character == "[" else { return nil }
          depth = 1
          continue
        }
        if character == "[" { depth += 1 }
        if character == "]" {
          depth -= 1
          if depth == 0 {
            let rest = String(text.dropFirst(offset + 1).drop { $0 == " " })
            return (
              marker, (rest.isEmpty ? [] : [Inline.text(rest)]) + inlines.dropFirst(index + 1)
            )
          }
        }
        marker.append(character)
      }
    }
    return nil
  }
}

/// A lesson's practice blocks, by the location of their fences.
struct PracticeBlocks: Sendable {
  var exercises: [SourceLocation: ExerciseBlock] = [:]
  var solutions: [SourceLocation: SolutionBlock] = [:]
  var choices: [SourceLocation: ChoiceBlock] = [:]

  var isEmpty: Bool { exercises.isEmpty && choices.isEmpty && solutions.isEmpty }

  /// Reads one block; false when it is not a practice block.
  mutating func read(_ block: DirectiveBlock, path: String, diagnostics: inout [Diagnostic])
    -> Bool
  {
    switch block.name {
    case Practice.exercise:
      exercises[block.location] = ExerciseBlock(block, path: path, diagnostics: &diagnostics)
    case Practice.solution:
      solutions[block.location] = SolutionBlock(block, path: path, diagnostics: &diagnostics)
    case Practice.choice:
      choices[block.location] = ChoiceBlock(block, path: path, diagnostics: &diagnostics)
    default: return false
    }
    return true
  }

  /// Exercises and questions in page order with their numbers and labels.
  var numbered: [(location: SourceLocation, number: Int, label: String?)] {
    let all =
      exercises.map { ($0.key, $0.value.label) } + choices.map { ($0.key, $0.value.label) }
    return all.sorted { $0.0 < $1.0 }.enumerated().map { ($1.0, $0 + 1, $1.1) }
  }

  /// Checks labels: unique, and every solution's label names an exercise or question.
  func check(path: String, diagnostics: inout [Diagnostic]) {
    var seen: [String: SourceLocation] = [:]
    let labelled =
      exercises.values.compactMap { e in e.label.map { ($0, e.block) } }
      + choices.values.compactMap { c in c.label.map { ($0, c.block) } }
    for (label, block) in labelled.sorted(by: { $0.1.location < $1.1.location }) {
      if let first = seen[label] {
        diagnostics.append(
          .error(
            "the label '\(label)' is already used on line \(first.line)", path: path,
            at: block.nameLocation))
      } else {
        seen[label] = block.location
      }
    }
    var solved: Set<String> = []
    for solution in solutions.values.sorted(by: { $0.block.location < $1.block.location }) {
      guard let label = solution.label else { continue }
      guard seen[label] != nil else {
        diagnostics.append(
          .error(
            "no exercise labelled '\(label)' in this lesson", path: path,
            at: solution.labelLocation, length: label.unicodeScalars.count,
            notes: Spelling.didYouMean(label, among: seen.keys.sorted())))
        continue
      }
      if !solved.insert(label).inserted {
        diagnostics.append(
          .error(
            "exercise '\(label)' already has a solution", path: path, at: solution.labelLocation))
      }
    }
  }
}
