import Foundation
import LessonMarkdown
import LessonMarkup

/// The options a directive block explores and the frames they make (`explore:`).
///
/// ```yaml
/// beta: 0.9                 # the frame shown first
/// explore:
///   beta: {from: 0.5, to: 0.995, count: 12, scale: log1m}   # or a list: [0.5, 0.9, 0.98]
/// ```
///
/// Each explored option is an axis; the frames are every combination of their values (the
/// last axis varies fastest). A frame is an ordinary run of the directive with the axes'
/// values in place of the block's own, validated by the options' own declarations.
struct Exploration: Sendable, Equatable {
  /// At most this many explored options per block.
  static let maxAxes = 2
  /// At most this many frames per block: every frame is a run of the directive and a layer
  /// of the page.
  static let maxFrames = 64

  struct Axis: Sendable, Equatable {
    var option: String
    /// The option as written in labels ("β").
    var symbol: String
    /// Each value as YAML, located where the lesson gives it.
    var values: [YAMLNode]
    /// The index of the value shown first.
    var initial: Int
    /// Where `explore:` names the option.
    var keyLocation: SourceLocation

    /// "β = 0.95"
    func label(_ index: Int) -> String {
      let text = values[index].scalar ?? ""
      let shown = Double(text).map { NumberFormat.display($0) } ?? text
      return "\(symbol) = \(shown)"
    }
  }

  var axes: [Axis]

  var frameCount: Int { axes.map(\.values.count).reduce(1, *) }

  /// The value index on each axis of `frame`.
  func indices(of frame: Int) -> [Int] {
    var rest = frame
    var out = Array(repeating: 0, count: axes.count)
    for a in axes.indices.reversed() {
      out[a] = rest % axes[a].values.count
      rest /= axes[a].values.count
    }
    return out
  }

  func frame(at indices: [Int]) -> Int {
    zip(axes, indices).reduce(0) { $0 * $1.0.values.count + $1.1 }
  }

  var initialFrame: Int { frame(at: axes.map(\.initial)) }

  /// "β = 0.95, α = 0.1"
  func label(of frame: Int) -> String {
    zip(axes, indices(of: frame)).map { $0.label($1) }.joined(separator: ", ")
  }

  /// The block's options with the frame's values in place of their own.
  func entries(_ own: [YAMLEntry], frame: Int) -> [YAMLEntry] {
    let explored = Set(axes.map(\.option))
    return own.filter { !explored.contains($0.key) }
      + zip(axes, indices(of: frame)).map { axis, index in
        YAMLEntry(key: axis.option, keyLocation: axis.keyLocation, value: axis.values[index])
      }
  }

  /// Reads `explore:`; problems are appended to `diagnostics` (nil if it cannot be used).
  static func parse(
    _ node: YAMLNode, own: [YAMLEntry], declarations: [OptionDeclaration], directive: String,
    path: String, diagnostics: inout [Diagnostic]
  ) -> Exploration? {
    func fail(_ message: String, at node: YAMLNode, notes: [String] = []) -> Exploration? {
      diagnostics.append(
        .error(message, path: path, at: node.location, length: node.length, notes: notes))
      return nil
    }
    let example = "e.g. 'explore: {beta: [0.5, 0.9, 0.98]}'"
    guard case .mapping(let entries) = node.value, !entries.isEmpty else {
      return fail(
        "'explore' names one or two options, each with the values to explore, \(example)",
        at: node)
    }
    guard entries.count <= maxAxes else {
      return fail(
        "'explore' takes at most \(maxAxes) options, not \(entries.count)",
        at: entries[maxAxes].value)
    }
    var axes: [Axis] = []
    for entry in entries {
      guard let declaration = declarations.first(where: { $0.name == entry.key }) else {
        var notes = Spelling.didYouMean(entry.key, among: declarations.map(\.name))
        notes.append(
          "options of {\(directive)}: \(declarations.map(\.name).joined(separator: ", "))")
        diagnostics.append(
          .error(
            "{\(directive)} has no option '\(entry.key)' to explore", path: path,
            at: entry.keyLocation, length: entry.key.unicodeScalars.count, notes: notes))
        return nil
      }
      guard !axes.contains(where: { $0.option == entry.key }) else {
        return fail("'\(entry.key)' is explored twice", at: entry.value)
      }
      guard var values = values(entry.value, declaration, path: path, &diagnostics) else {
        return nil
      }
      // The value given outside `explore` is shown first; it joins the grid if it is not on it.
      var initial = 0
      if let outside = own.first(where: { $0.key == entry.key })?.value {
        var single = outside
        if case .sequence(let items) = outside.value {
          guard items.count == 1 else {
            return fail(
              "'\(entry.key)' is explored: give it one value here (the frame shown first), not a list of \(items.count)",
              at: outside)
          }
          single = items[0]
        }
        if let index = values.firstIndex(where: { same($0, single) }) {
          initial = index
        } else {
          initial = insertionIndex(of: single, in: values)
          values.insert(single, at: initial)
        }
      } else if let index = values.firstIndex(where: { $0.scalar == declaration.defaultText }) {
        initial = index
      }
      axes.append(
        Axis(
          option: entry.key, symbol: declaration.symbol ?? entry.key, values: values,
          initial: initial, keyLocation: entry.keyLocation))
    }
    let exploration = Exploration(axes: axes)
    guard exploration.frameCount <= maxFrames else {
      return fail(
        "'explore' makes \(axes.map { String($0.values.count) }.joined(separator: " × ")) = \(exploration.frameCount) frames; the limit is \(maxFrames)",
        at: node)
    }
    return exploration
  }

  /// The values of one explored option: a list, or a range `{from, to, count, scale}`.
  private static func values(
    _ node: YAMLNode, _ declaration: OptionDeclaration, path: String,
    _ diagnostics: inout [Diagnostic]
  ) -> [YAMLNode]? {
    func fail(_ message: String, at node: YAMLNode, notes: [String] = []) -> [YAMLNode]? {
      diagnostics.append(
        .error(message, path: path, at: node.location, length: node.length, notes: notes))
      return nil
    }
    let name = declaration.name
    switch node.value {
    case .sequence(let items):
      guard items.count >= 2 else {
        return fail("explore '\(name)' over at least 2 values", at: node)
      }
      guard items.count <= maxFrames else {
        return fail(
          "explore '\(name)' over at most \(maxFrames) values, not \(items.count)", at: node)
      }
      for item in items where item.scalar == nil || item.isNull {
        return fail(
          "each value of '\(name)' to explore is one value, not \(item.kindDescription)", at: item)
      }
      return items
    case .mapping(let entries):
      let keys = ["from", "to", "count", "scale"]
      for entry in entries where !keys.contains(entry.key) {
        return fail(
          "unknown key '\(entry.key)' in the range of '\(name)'", at: entry.value,
          notes: Spelling.didYouMean(entry.key, among: keys) + [
            "a range has from, to, count and scale"
          ])
      }
      func number(_ key: String) -> Double? {
        guard let value = entries.first(where: { $0.key == key })?.value else {
          diagnostics.append(
            .error(
              "the range of '\(name)' needs '\(key)', e.g. {from: 0.5, to: 0.99, count: 8}",
              path: path, at: node.location))
          return nil
        }
        guard let text = value.scalar, let number = Double(text), number.isFinite else {
          diagnostics.append(
            .error(
              "'\(key)' must be a number, not \(value.kindDescription)", path: path,
              at: value.location, length: value.length))
          return nil
        }
        return number
      }
      guard let from = number("from"), let to = number("to"), let count = number("count") else {
        return nil
      }
      let countNode = entries.first { $0.key == "count" }!.value
      guard count == count.rounded(), (2...Double(maxFrames)).contains(count) else {
        return fail("'count' must be an integer from 2 to \(maxFrames)", at: countNode)
      }
      let scales = ["linear", "log", "log1m"]
      var scale = "linear"
      if let scaleNode = entries.first(where: { $0.key == "scale" })?.value {
        guard let text = scaleNode.scalar, scales.contains(text) else {
          return fail(
            "unknown scale '\(scaleNode.scalar ?? "")'", at: scaleNode,
            notes: Spelling.didYouMean(scaleNode.scalar ?? "", among: scales)
              + [
                "linear: even steps; log: even ratios; log1m: even ratios of 1 − value (for β near 1)"
              ])
        }
        scale = text
      }
      if scale == "log", !(from > 0 && to > 0) {
        return fail("a log range needs from and to above 0", at: node)
      }
      if scale == "log1m", !(from < 1 && to < 1) {
        return fail("a log1m range needs from and to below 1", at: node)
      }
      let n = Int(count)
      var texts: [String] = []
      for i in 0..<n {
        let t = Double(i) / Double(n - 1)
        let text: String
        switch scale {
        case "log":
          text = rounded(exp(log(from) + (log(to) - log(from)) * t), integral: declaration.integral)
        case "log1m":
          let gap = exp(log(1 - from) + (log(1 - to) - log(1 - from)) * t)
          text = oneMinus(gap)
        default: text = rounded(from + (to - from) * t, integral: declaration.integral)
        }
        if !texts.contains(text) { texts.append(text) }
      }
      guard texts.count >= 2 else {
        return fail("the range of '\(name)' gives only one value once rounded", at: node)
      }
      return texts.map {
        YAMLNode(.scalar($0, plain: true), at: node.location, length: node.length)
      }
    default:
      return fail(
        "explore '\(name)' over a list of values or a range {from, to, count, scale}, not \(node.kindDescription)",
        at: node)
    }
  }

  /// `x` to 3 significant digits (integers for an integer option), as a lesson writes it.
  static func rounded(_ x: Double, integral: Bool) -> String {
    if integral { return String(Int(x.rounded())) }
    return trimmed(String(format: "%.\(decimals(x))f", x))
  }

  /// 1 − `gap`, where `gap` is rounded to 2 significant digits: 0.5, 0.906, 0.995.
  static func oneMinus(_ gap: Double) -> String {
    let gap = Double(String(format: "%.2g", gap))!
    return trimmed(String(format: "%.\(decimals(gap, digits: 2))f", 1 - gap))
  }

  private static func decimals(_ x: Double, digits: Int = 3) -> Int {
    x == 0 ? 0 : max(0, digits - 1 - Int(floor(log10(abs(x)))))
  }

  private static func trimmed(_ text: String) -> String {
    guard text.contains(".") else { return text }
    var text = Substring(text)
    while text.hasSuffix("0") { text = text.dropLast() }
    if text.hasSuffix(".") { text = text.dropLast() }
    return text == "-0" ? "0" : String(text)
  }

  private static func same(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
    guard let x = a.scalar, let y = b.scalar else { return false }
    if let p = Double(x), let q = Double(y) { return abs(p - q) <= 1e-12 * max(abs(p), abs(q)) }
    return x == y
  }

  /// Where `value` goes in `values`: in order if they are ascending numbers, else first.
  private static func insertionIndex(of value: YAMLNode, in values: [YAMLNode]) -> Int {
    let numbers = values.compactMap { $0.scalar.flatMap(Double.init) }
    guard let v = value.scalar.flatMap(Double.init), numbers.count == values.count,
      zip(numbers, numbers.dropFirst()).allSatisfy({ $0 < $1 })
    else { return 0 }
    return numbers.firstIndex { $0 > v } ?? numbers.count
  }
}

extension DataTable {
  /// Every frame's table in one, in long form: a column per explored option first, then the
  /// frames' columns (the union, in order, when frames name them differently).
  init(longForm tables: [DataTable], _ exploration: Exploration) {
    let shared = Self.sharedColumns(tables)
    var columns = shared ?? []
    if shared == nil {
      for table in tables {
        for column in table.columns where !columns.contains(column) { columns.append(column) }
      }
    }
    var rows: [[Cell]] = []
    for (frame, table) in tables.enumerated() {
      let options = zip(exploration.axes, exploration.indices(of: frame)).map { axis, i in
        let text = axis.values[i].scalar ?? ""
        return Double(text).map(Cell.number) ?? .text(text)
      }
      let positions =
        shared != nil
        ? Array(table.columns.indices) : table.columns.map { columns.firstIndex(of: $0)! }
      for row in table.rows {
        var cells = Array(repeating: Cell.empty, count: columns.count)
        for (position, cell) in zip(positions, row) { cells[position] = cell }
        rows.append(options + cells)
      }
    }
    self.init(columns: exploration.axes.map(\.option) + columns, rows: rows)
  }

  /// The frames' column names when they name the same columns, a column's name given with
  /// the explored value in it ("ewa beta=0.9") written without it ("ewa beta"); nil when the
  /// frames' columns differ otherwise.
  private static func sharedColumns(_ tables: [DataTable]) -> [String]? {
    let first = tables[0].columns
    guard tables.allSatisfy({ $0.columns.count == first.count }) else { return nil }
    let varying = Set("0123456789.=-+ ,[]()")
    var names: [String] = []
    for i in first.indices {
      let names_i = tables.map { $0.columns[i] }
      if names_i.allSatisfy({ $0 == first[i] }) {
        names.append(first[i])
        continue
      }
      var prefix = Substring(first[i])
      for name in names_i { prefix = prefix.commonPrefix(with: name)[...] }
      while let last = prefix.last, varying.contains(last) { prefix = prefix.dropLast() }
      guard !prefix.isEmpty else { return nil }
      names.append(String(prefix))
    }
    return Set(names).count == names.count ? names : nil
  }
}
