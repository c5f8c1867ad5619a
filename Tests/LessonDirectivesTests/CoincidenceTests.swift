import Testing

@testable import LessonDirectives

/// Series drawn on top of each other are named in the caption (issue 12).
@Suite struct CoincidenceTests {
  @Test func identicalCurves_areNoted_distinctOnesAreNot() {
    let x = (0..<20).map(Double.init)
    let a = x.map { 1 / (1 + $0) }
    let b = a.map { $0 * 1.001 }
    let c = a.map { $0 * 2 }
    #expect(
      Coincidence.note([("GD", a), ("momentum", b), ("Adam", c)], x: x, unit: "step")
        == "GD and momentum lie on top of each other (their curves differ by less than 1%).")
    #expect(Coincidence.note([("GD", a), ("Adam", c)], x: x, unit: "step") == nil)
  }

  @Test func curvesThatPartOnlyLater_areNotedUpToWhereTheyPart() {
    let x = (0..<100).map(Double.init)
    let constant = x.map { 1 / (1 + $0) }
    let staircase = x.map { $0 < 30 ? 1 / (1 + $0) : 2 / (1 + $0) }
    #expect(
      Coincidence.note([("constant", constant), ("staircase", staircase)], x: x, unit: "epoch")
        == "Constant and staircase lie on top of each other up to epoch 29 (their curves differ by less than 1%)."
    )
    // A stretch shorter than a tenth of the curve is not worth a sentence.
    let early = x.map { $0 < 5 ? 1 / (1 + $0) : 3 / (1 + $0) }
    #expect(
      Coincidence.note([("constant", constant), ("early", early)], x: x, unit: "epoch") == nil)
  }

  @Test func optimizerCaptions_nameRunsThatEndTogether() throws {
    let output = try run(
      "optimizers", "methods: [gd, momentum]\nlr: 0.4\nbeta: 0.5\nsteps: 20")
    guard case .figure(let paths) = output.items[0] else {
      Issue.record("no figure")
      return
    }
    #expect(paths.caption.contains("end at the same point, so their end markers lie on top"))
  }
}
