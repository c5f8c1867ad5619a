#if canImport(Darwin)
  import Darwin
#elseif canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A seeded pseudo-random generator: xoshiro256** 1.0 (Blackman & Vigna, 2018), seeded by
/// SplitMix64 as its authors recommend.
///
/// The integer stream is defined by the algorithm alone, so it is bit-identical on every
/// platform and every Swift version; so are `nextUniform()`, `nextInt(below:)`,
/// `permutation(_:)` and `shuffle(_:)`, which are built on it here rather than on the standard
/// library's `random(in:using:)` and `shuffle(using:)`, whose algorithms are unspecified.
/// Normal deviates use Marsaglia's polar method, whose only transcendental call is `log`;
/// they are identical wherever the C library's `log` is correctly rounded (glibc on x86-64
/// and arm64), which covers every machine that builds this project.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64
  /// The second deviate of the last polar-method pair, returned by the next `nextNormal()`.
  private var spareNormal: Double?

  /// A generator whose state is four successive SplitMix64 outputs started at `seed`.
  public init(seed: UInt64) {
    var splitMix = seed
    s0 = Self.splitMix64(&splitMix)
    s1 = Self.splitMix64(&splitMix)
    s2 = Self.splitMix64(&splitMix)
    s3 = Self.splitMix64(&splitMix)
    spareNormal = nil
  }

  /// A generator for a signed seed, as lessons write them (`seed: 7`); the bits are reused.
  public init(seed: Int) { self.init(seed: UInt64(bitPattern: Int64(seed))) }

  /// An independent stream derived from a seed and a stream number (e.g. the epoch).
  ///
  /// The state is seeded from `mix(seed) XOR mix(stream + 0x632BE59BD9B4E019)`, where `mix` is
  /// the SplitMix64 finalizer, so `(seed, stream)` pairs do not collide the way `seed + stream`
  /// would.
  public init(seed: Int, stream: Int) {
    var a = UInt64(bitPattern: Int64(seed))
    var b = UInt64(bitPattern: Int64(stream)) &+ 0x632B_E59B_D9B4_E019
    self.init(seed: Self.splitMix64(&a) ^ Self.splitMix64(&b))
  }

  /// SplitMix64 (Steele, Lea & Flood 2014): advances `state` and returns the mixed value.
  @inline(__always)
  static func splitMix64(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  @inline(__always)
  private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

  /// The next 64 random bits (xoshiro256**).
  @inline(__always)
  public mutating func next() -> UInt64 {
    let result = Self.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = Self.rotl(s3, 45)
    return result
  }

  /// A uniform double in [0, 1): the top 53 bits of `next()` times 2⁻⁵³.
  @inline(__always)
  public mutating func nextUniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform double in [low, high): `low + (high − low) · u`.
  public mutating func nextUniform(_ low: Double, _ high: Double) -> Double {
    low + (high - low) * nextUniform()
  }

  /// An unbiased integer in `0..<bound` (Lemire's multiply-and-reject method, 2019).
  public mutating func nextInt(below bound: Int) -> Int {
    precondition(bound > 0, "bound must be positive")
    let n = UInt64(bound)
    var product = next().multipliedFullWidth(by: n)
    if product.low < n {
      let threshold = (0 &- n) % n
      while product.low < threshold { product = next().multipliedFullWidth(by: n) }
    }
    return Int(product.high)
  }

  /// A standard normal deviate times `standardDeviation`, plus `mean`.
  ///
  /// Marsaglia's polar method: draw u, v uniform in (−1, 1) until s = u² + v² ∈ (0, 1), then
  /// u·√(−2 ln s / s) and v·√(−2 ln s / s) are independent standard normals; the second is kept
  /// for the next call.
  public mutating func nextNormal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
    if let spare = spareNormal {
      spareNormal = nil
      return mean + standardDeviation * spare
    }
    while true {
      let u = 2 * nextUniform() - 1
      let v = 2 * nextUniform() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 {
        let factor = (-2 * log(s) / s).squareRoot()
        spareNormal = v * factor
        return mean + standardDeviation * u * factor
      }
    }
  }

  /// `count` standard normal deviates (scaled and shifted).
  public mutating func normals(_ count: Int, mean: Double = 0, standardDeviation: Double = 1)
    -> [Double]
  {
    (0..<count).map { _ in nextNormal(mean: mean, standardDeviation: standardDeviation) }
  }

  /// A uniformly random permutation of `0..<count` (Fisher–Yates, drawing from the back).
  public mutating func permutation(_ count: Int) -> [Int] {
    var indices = Array(0..<count)
    shuffle(&indices)
    return indices
  }

  /// Shuffles `elements` in place (Fisher–Yates: for i from n−1 down to 1, swap i with a
  /// uniform j ≤ i).
  public mutating func shuffle<T>(_ elements: inout [T]) {
    var i = elements.count - 1
    while i > 0 {
      let j = nextInt(below: i + 1)
      elements.swapAt(i, j)
      i -= 1
    }
  }
}
