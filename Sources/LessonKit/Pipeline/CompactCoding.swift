import Foundation

/// A compact binary form of `Codable` values for the build cache, about 30× quicker to read
/// than JSON on directive outputs (which are mostly arrays of numbers).
///
/// The form is positional: a value's fields are written in the order its `encode(to:)`
/// writes them and read back in the same order, without their keys. Numbers are their 8
/// bytes (so every bit, NaNs and −0 included, comes back), strings and arrays are prefixed
/// by their length, an optional field by a presence byte, and an enum case by its name (the
/// only key that is written). It is a private format: the cache key holds the binary's build
/// id, so a reader always has the writer's types. Anything malformed is a decoding error,
/// never a crash.
enum CompactCoding {
  static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
    let encoder = CompactEncoder()
    try value.encode(to: encoder)
    return encoder.sink.bytes
  }

  /// Reads a `T` from `bytes`, from `offset` to the end.
  static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], offset: Int = 0) throws
    -> T
  {
    let source = CompactDecoder.Source(bytes)
    source.offset = offset
    let decoder = CompactDecoder(source)
    let value = try T(from: decoder)
    guard decoder.source.offset == bytes.count else {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(codingPath: [], debugDescription: "trailing bytes"))
    }
    return value
  }
}

// MARK: Writing

private final class Sink {
  var bytes: [UInt8] = []

  func word(_ x: UInt64) { withUnsafeBytes(of: x.littleEndian) { bytes.append(contentsOf: $0) } }
  func byte(_ x: UInt8) { bytes.append(x) }
  func string(_ s: String) {
    let utf8 = s.utf8
    word(UInt64(utf8.count))
    bytes.append(contentsOf: utf8)
  }
}

private final class CompactEncoder: Encoder {
  let sink: Sink
  var codingPath: [any CodingKey] = []
  var userInfo: [CodingUserInfoKey: Any] = [:]

  init(_ sink: Sink = Sink()) { self.sink = sink }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    KeyedEncodingContainer(Keyed<Key>(encoder: self))
  }
  func unkeyedContainer() -> any UnkeyedEncodingContainer { Unkeyed(encoder: self) }
  func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: self) }

  func put<T: Encodable>(_ value: T) throws {
    switch value {
    case let x as Double: sink.word(x.bitPattern)
    case let x as Int: sink.word(UInt64(bitPattern: Int64(x)))
    case let x as String: sink.string(x)
    case let x as Bool: sink.byte(x ? 1 : 0)
    // The bytes of a file (a lesson's CSVs, in the cache of its page), as they are.
    case let x as [UInt8]:
      sink.word(UInt64(x.count))
      sink.bytes.append(contentsOf: x)
    // The bulk of an output: series of numbers and rows of table cells, written directly.
    case let x as [Double]:
      sink.word(UInt64(x.count))
      for d in x { sink.word(d.bitPattern) }
    case let x as [Cell]:
      sink.word(UInt64(x.count))
      for cell in x {
        switch cell {
        case .number(let d):
          sink.byte(0)
          sink.word(d.bitPattern)
        case .text(let t):
          sink.byte(1)
          sink.string(t)
        case .empty: sink.byte(2)
        }
      }
    case let x as Float: sink.word(UInt64(x.bitPattern))
    default:
      // Other integers by name: `as? any FixedWidthInteger` would ask the runtime whether
      // every type written conforms, a scan of all conformances the first time for each type.
      if let word = Self.integerWord(value) { sink.word(word) } else { try value.encode(to: self) }
    }
  }

  private static func integerWord<T>(_ value: T) -> UInt64? {
    switch value {
    case let x as UInt64: return x
    case let x as Int64: return UInt64(bitPattern: x)
    case let x as UInt: return UInt64(x)
    case let x as UInt32: return UInt64(x)
    case let x as Int32: return UInt64(truncatingIfNeeded: x)
    case let x as UInt16: return UInt64(x)
    case let x as Int16: return UInt64(truncatingIfNeeded: x)
    case let x as UInt8: return UInt64(x)
    case let x as Int8: return UInt64(truncatingIfNeeded: x)
    default: return nil
    }
  }

  /// An optional field: a presence byte, then the value.
  func optional<T: Encodable>(_ value: T?) throws {
    if let value {
      sink.byte(1)
      try put(value)
    } else {
      sink.byte(0)
    }
  }

  struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: CompactEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws { encoder.sink.byte(0) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
      try encoder.put(value)
    }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    // Every overload, so that none falls back to the default that writes nothing for nil.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws {
      try encoder.optional(value)
    }
    /// Only an enum's case is a nested container: its name is written.
    mutating func nestedContainer<NestedKey: CodingKey>(
      keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
      encoder.sink.string(key.stringValue)
      return encoder.container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
      encoder.sink.string(key.stringValue)
      return encoder.unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { encoder }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
  }

  /// Writes a count slot first and keeps it up to date as elements are added.
  struct Unkeyed: UnkeyedEncodingContainer {
    let encoder: CompactEncoder
    let slot: Int
    var count = 0
    var codingPath: [any CodingKey] { encoder.codingPath }

    init(encoder: CompactEncoder) {
      self.encoder = encoder
      slot = encoder.sink.bytes.count
      encoder.sink.word(0)
    }

    private mutating func added() {
      count += 1
      withUnsafeBytes(of: UInt64(count).littleEndian) { raw in
        for i in 0..<8 { encoder.sink.bytes[slot + i] = raw[i] }
      }
    }

    mutating func encodeNil() throws {
      encoder.sink.byte(0)
      added()
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
      try encoder.put(value)
      added()
    }
    mutating func encode(_ value: Double) throws {
      encoder.sink.word(value.bitPattern)
      added()
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
      -> KeyedEncodingContainer<NestedKey>
    {
      added()
      return encoder.container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
      added()
      return encoder.unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
      added()
      return encoder
    }
  }

  /// A single value is tagged present (1) or nil (0), so that optionals read back.
  struct Single: SingleValueEncodingContainer {
    let encoder: CompactEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.sink.byte(0) }
    mutating func encode<T: Encodable>(_ value: T) throws {
      encoder.sink.byte(1)
      try encoder.put(value)
    }
  }
}

// MARK: Reading

private final class CompactDecoder: Decoder {
  final class Source {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func fail(_ what: String) -> DecodingError {
      .dataCorrupted(
        DecodingError.Context(codingPath: [], debugDescription: "\(what) at byte \(offset)"))
    }

    func byte() throws -> UInt8 {
      guard offset < bytes.count else { throw fail("truncated") }
      defer { offset += 1 }
      return bytes[offset]
    }

    func peek() throws -> UInt8 {
      guard offset < bytes.count else { throw fail("truncated") }
      return bytes[offset]
    }

    func word() throws -> UInt64 {
      guard offset + 8 <= bytes.count else { throw fail("truncated") }
      var x: UInt64 = 0
      for i in (0..<8).reversed() { x = x << 8 | UInt64(bytes[offset + i]) }
      offset += 8
      return x
    }

    func count() throws -> Int {
      let n = try word()
      guard n <= UInt64(bytes.count - offset) else { throw fail("a length past the end") }
      return Int(n)
    }

    func string() throws -> String {
      let n = try count()
      defer { offset += n }
      return String(decoding: bytes[offset..<(offset + n)], as: UTF8.self)
    }

    func presence() throws -> Bool {
      switch try byte() {
      case 0: return false
      case 1: return true
      default: throw fail("a bad presence byte")
      }
    }
  }

  let source: Source
  var codingPath: [any CodingKey] = []
  var userInfo: [CodingUserInfoKey: Any] = [:]

  init(_ source: Source) { self.source = source }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    KeyedDecodingContainer(Keyed<Key>(decoder: self))
  }
  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    try Unkeyed(decoder: self)
  }
  func singleValueContainer() throws -> any SingleValueDecodingContainer {
    Single(decoder: self)
  }

  func take<T: Decodable>(_ type: T.Type) throws -> T {
    if type == Double.self { return Double(bitPattern: try source.word()) as! T }
    if type == Int.self { return Int(Int64(bitPattern: try source.word())) as! T }
    if type == String.self { return try source.string() as! T }
    if type == Bool.self { return try source.presence() as! T }
    if type == [UInt8].self {
      let n = try source.count()
      defer { source.offset += n }
      return Array(source.bytes[source.offset..<(source.offset + n)]) as! T
    }
    if type == [Double].self {
      let n = try source.count()
      guard n * 8 <= source.bytes.count - source.offset else { throw source.fail("truncated") }
      var values = [Double]()
      values.reserveCapacity(n)
      for _ in 0..<n { values.append(Double(bitPattern: try source.word())) }
      return values as! T
    }
    if type == [Cell].self {
      let n = try source.count()
      var cells = [Cell]()
      cells.reserveCapacity(n)
      for _ in 0..<n {
        switch try source.byte() {
        case 0: cells.append(.number(Double(bitPattern: try source.word())))
        case 1: cells.append(.text(try source.string()))
        case 2: cells.append(.empty)
        default: throw source.fail("a bad cell")
        }
      }
      return cells as! T
    }
    if type == Float.self {
      return Float(bitPattern: UInt32(truncatingIfNeeded: try source.word())) as! T
    }
    // Other integers by name, as `CompactEncoder.put` writes them.
    switch type {
    case is UInt64.Type: return try source.word() as! T
    case is Int64.Type: return Int64(bitPattern: try source.word()) as! T
    case is UInt.Type: return UInt(truncatingIfNeeded: try source.word()) as! T
    case is UInt32.Type: return UInt32(truncatingIfNeeded: try source.word()) as! T
    case is Int32.Type: return Int32(truncatingIfNeeded: try source.word()) as! T
    case is UInt16.Type: return UInt16(truncatingIfNeeded: try source.word()) as! T
    case is Int16.Type: return Int16(truncatingIfNeeded: try source.word()) as! T
    case is UInt8.Type: return UInt8(truncatingIfNeeded: try source.word()) as! T
    case is Int8.Type: return Int8(truncatingIfNeeded: try source.word()) as! T
    default: return try T(from: self)
    }
  }

  struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: CompactDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    /// The case name an enum's container holds next (read, not consumed).
    var allKeys: [Key] {
      let start = decoder.source.offset
      defer { decoder.source.offset = start }
      guard let name = try? decoder.source.string(), let key = Key(stringValue: name) else {
        return []
      }
      return [key]
    }
    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool {
      if try decoder.source.peek() == 0 {
        decoder.source.offset += 1
        return true
      }
      return false
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
      try decoder.take(type)
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    // Every overload, matching the encoder's presence byte.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
      try decoder.source.presence() ? try decoder.take(type) : nil
    }
    func nestedContainer<NestedKey: CodingKey>(
      keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
      guard try decoder.source.string() == key.stringValue else {
        throw decoder.source.fail("another case than '\(key.stringValue)'")
      }
      return try decoder.container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
      guard try decoder.source.string() == key.stringValue else {
        throw decoder.source.fail("another case than '\(key.stringValue)'")
      }
      return try decoder.unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder }
  }

  struct Unkeyed: UnkeyedDecodingContainer {
    let decoder: CompactDecoder
    let total: Int
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { total }
    var isAtEnd: Bool { currentIndex >= total }

    init(decoder: CompactDecoder) throws {
      self.decoder = decoder
      total = try decoder.source.count()
    }

    private mutating func next() throws {
      guard !isAtEnd else { throw decoder.source.fail("past the end of a list") }
      currentIndex += 1
    }

    mutating func decodeNil() throws -> Bool {
      guard !isAtEnd, try decoder.source.peek() == 0 else { return false }
      decoder.source.offset += 1
      currentIndex += 1
      return true
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
      try next()
      return try decoder.take(type)
    }
    mutating func decode(_ type: Double.Type) throws -> Double {
      try next()
      return Double(bitPattern: try decoder.source.word())
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
      -> KeyedDecodingContainer<NestedKey>
    {
      try next()
      return try decoder.container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
      try next()
      return try decoder.unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder {
      try next()
      return decoder
    }
  }

  struct Single: SingleValueDecodingContainer {
    let decoder: CompactDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
      guard (try? decoder.source.peek()) == 0 else { return false }
      decoder.source.offset += 1
      return true
    }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
      guard try decoder.source.presence() else { throw decoder.source.fail("a missing value") }
      return try decoder.take(type)
    }
  }
}
