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
  /// The options the block explores, if any; `frames` holds one directive per frame.
  var exploration: Exploration?
  var frames: [any Directive] = []
  /// The resolved options of the directive, or of each frame of an explored block
  /// (`OptionResolution.values`).
  var optionValues: [[(name: String, value: any OptionValue)]] = []
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

    // The fence line's text after the braces is the caption (```` ```{ewa} A noisy year ````),
    // as MyST's `{table} Title` is the table's.
    if let argument = block.argument { caption = argument }
    // The options every directive has are read here; the rest go to the directive.
    var own: [YAMLEntry] = []
    var explore: YAMLNode?
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
        if entry.key == "caption", let argument = block.argument {
          diagnostics.append(
            .error(
              "{\(block.name)} has a caption on its fence line and a 'caption' option", path: path,
              at: entry.keyLocation, length: "caption".count,
              notes: [
                "the fence line's '\(argument.text)' (line \(argument.location.line), column \(argument.location.column)) is the caption: keep one of the two"
              ]))
        } else if entry.key == "caption" {
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
      case "explore":
        explore = entry.value
      default:
        own.append(entry)
      }
    }

    var (directive, resolution) = OptionResolution.resolve(type, own)
    var problems = resolution.problems
    optionValues = [resolution.values]
    if let explore {
      exploration = Exploration.parse(
        explore, own: own, declarations: resolution.declarations, directive: block.name,
        path: path, diagnostics: &diagnostics)
    }
    if let exploration {
      for axis in exploration.axes {
        optionLocations[axis.option] = axis.values[axis.initial].location
      }
      // Every frame is a directive of its own, its explored values checked like any option's.
      optionValues = []
      for frame in 0..<exploration.frameCount {
        let (frameDirective, frameResolution) = OptionResolution.resolve(
          type, exploration.entries(own, frame: frame))
        frames.append(frameDirective)
        optionValues.append(frameResolution.values)
        for problem in frameResolution.problems
        where !problems.contains(where: {
          $0.message == problem.message && $0.node.location == problem.node.location
        }) {
          problems.append(problem)
        }
      }
      directive = frames[exploration.initialFrame]
    }
    for problem in problems {
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

  /// How many runs the block makes: one per frame of its exploration, or one.
  var frameCount: Int { exploration?.frameCount ?? 1 }

  /// What a run's output depends on, in canonical form: the code (the binary's build id),
  /// the directive, the context it is given (name, caption) and every resolved option of
  /// the run — the frame's, for an explored block — written out exactly (so defaults count,
  /// and `0.1` and `0.10` are one value). Nil when the block cannot run.
  func cacheKey(frame: Int = 0) -> String? {
    guard directive != nil else { return nil }
    return [
      CodeVersion.current, directiveName, name,
      caption.map { "caption " + $0.text.debugDescription } ?? "no caption",
    ].joined(separator: "\n") + "\n" + OptionResolution.cacheText(optionValues[frame])
  }

  /// Runs the directive (one frame of an explored block); a failure becomes a diagnostic at
  /// the option it names, and says which frame failed.
  func run(path: String, frame: Int = 0, jobs: Int = 1) -> Result<DirectiveOutput, Diagnostic>? {
    guard let directive else { return nil }
    let runner = exploration == nil ? directive : frames[frame]
    do throws(DirectiveError) {
      return .success(
        try runner.run(DirectiveContext(name: name, caption: caption?.text, jobs: jobs)))
    } catch {
      var location = error.option.flatMap { optionLocations[$0] } ?? block.nameLocation
      var message = error.message
      if let exploration {
        let indices = exploration.indices(of: frame)
        if let a = exploration.axes.firstIndex(where: { $0.option == error.option }) {
          location = exploration.axes[a].values[indices[a]].location
        }
        message += " (in the frame \(exploration.label(of: frame)))"
      }
      return .failure(.error(message, path: path, at: location))
    }
  }
}
