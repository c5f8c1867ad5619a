import LessonMarkdown
import LessonMarkup

/// A directive block after resolution: a validated directive ready to run, or the reasons
/// it cannot run.
struct Invocation: Sendable {
  var block: DirectiveBlock
  /// The block's name (given or generated): unique in its lesson.
  var name: String
  var directiveName: String
  var directive: (any Directive)?
  var caption: (text: String, location: SourceLocation)?
  var alt: String?
  /// Where each option's value is, to point at it when a run fails.
  var optionLocations: [String: SourceLocation]
  /// Problems found while resolving; the directive does not run if any is an error.
  var diagnostics: [Diagnostic]

  /// Resolves `block` against `registry`. `defaultName` is used when the block has no `name`.
  init(_ block: DirectiveBlock, registry: DirectiveRegistry, path: String, defaultName: String) {
    self.block = block
    name = defaultName
    directiveName = block.name
    optionLocations = [:]
    diagnostics = []

    guard let type = registry.directive(named: block.name) else {
      var notes = Spelling.didYouMean(block.name, among: registry.names) { "{\($0)}" }
      notes.append("directives are: \(registry.names.joined(separator: ", "))")
      diagnostics.append(
        .error(
          "unknown directive '{\(block.name)}'", path: path, at: block.nameLocation,
          length: block.name.unicodeScalars.count, notes: notes))
      return
    }

    var entries: [YAMLEntry] = []
    if let options = block.options, !options.isNull {
      guard case .mapping(let mapping) = options.value else {
        diagnostics.append(
          .error(
            "the options of {\(block.name)} must be 'key: value' lines, not \(options.kindDescription)",
            path: path, at: options.location))
        return
      }
      entries = mapping
    }

    // The options every directive has are read here; the rest go to the directive.
    var own: [YAMLEntry] = []
    for entry in entries {
      optionLocations[entry.key] = entry.value.location
      switch entry.key {
      case "name":
        if let text = entry.value.scalar, Identifier.isValid(text) {
          name = text
        } else {
          diagnostics.append(
            .error(
              "'name' must be an identifier (a letter, then letters, digits, - or _), not \(entry.value.kindDescription)",
              path: path, at: entry.value.location, length: entry.value.length))
        }
      case "caption", "alt":
        guard let text = entry.value.scalar, !entry.value.isNull else {
          diagnostics.append(
            .error(
              "'\(entry.key)' must be text, not \(entry.value.kindDescription)", path: path,
              at: entry.value.location))
          continue
        }
        if entry.key == "caption" {
          // A quoted caption starts one column after its opening quote.
          let quoted: Bool
          if case .scalar(_, let plain) = entry.value.value {
            quoted = !plain
          } else {
            quoted = false
          }
          var location = entry.value.location
          if quoted { location.column += 1 }
          caption = (text, location)
        } else {
          alt = text
        }
      default:
        own.append(entry)
      }
    }

    let resolution = OptionResolution(entries: own)
    let directive = OptionResolution.$current.withValue(resolution) { type.init() }
    for problem in resolution.problems {
      diagnostics.append(
        .error(
          problem.message, path: path, at: problem.node.location, length: problem.node.length,
          notes: problem.notes))
    }
    let declared = resolution.declarations.map(\.name)
    for entry in own where !declared.contains(entry.key) {
      let known = DirectiveRegistry.commonOptions.map(\.name) + declared
      var notes = Spelling.didYouMean(entry.key, among: known)
      notes.append("options of {\(block.name)}: \(known.joined(separator: ", "))")
      diagnostics.append(
        .error(
          "unknown option '\(entry.key)' for {\(block.name)}", path: path, at: entry.keyLocation,
          length: entry.key.unicodeScalars.count, notes: notes))
    }
    if !diagnostics.contains(where: { $0.severity == .error }) { self.directive = directive }
  }

  /// Runs the directive; a failure becomes a diagnostic at the option it names.
  func run(path: String) -> Result<DirectiveOutput, Diagnostic>? {
    guard let directive else { return nil }
    do throws(DirectiveError) {
      return .success(
        try directive.run(DirectiveContext(name: name, caption: caption?.text)))
    } catch {
      let location = error.option.flatMap { optionLocations[$0] } ?? block.nameLocation
      return .failure(.error(error.message, path: path, at: location))
    }
  }
}
