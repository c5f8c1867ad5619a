import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What a build keeps for the next one: each directive's outputs, each lesson's page, and
/// the facts other lessons need from it. Every entry is a pure function of its key, so an
/// entry whose key is unchanged need not be made again.
///
/// - Directive outputs (`.output`): the key is the directive's name, the block's name and
///   caption, every resolved option of the run (explored frames included) in canonical form.
/// - A lesson's facts (`.facts`, `LessonFacts`): keyed by its file and source text.
/// - A lesson's page content (`.page`, `LessonContent`): keyed by its file, its source text and
///   a digest of what it reads from the rest of the book (`BookContext`).
/// - A lesson's charts and CSVs as its last render made them (`.renders`, `RenderMemo`): keyed
///   by its file; each text inside is keyed by everything it is made from.
///
/// Every key includes the build id of the running binary: any change to the code makes a new
/// key, so an entry is never stale. On disk (given a folder) each entry is one file named by
/// a hash of its key, holding the whole key and the value (`CompactCoding`); an entry that
/// cannot be read, is truncated or holds another key is ignored, recomputed and replaced.
/// Entries are kept in a folder per build id (`entryFolder`). When a new binary makes its
/// folder, the folders of all but the most recent other binary are removed (one may be the
/// debug and the other the release build): the cache holds at most two binaries' entries,
/// not every build's since it was created. A lesson's facts, page and render memo are kept
/// in a slot per lesson file (`slot:`): storing one replaces the lesson's last, so editing a
/// lesson all day keeps one page of it, not one per save.
/// `lessons serve` also keeps entries in memory; a one-off build does not, so its memory does
/// not grow with the book.
public final class BuildCache: @unchecked Sendable {
  private let lock = NSLock()
  /// In memory: each entry's key and value, by kind and key (or slot).
  private var entries: [String: (key: String, value: any Sendable)] = [:]
  /// Where entries are kept between processes; nil: only in memory.
  public let folder: URL?
  /// Whether entries are also kept in memory (always, without a folder).
  public let keepsInMemory: Bool
  private var folderReady = false

  public init(folder: URL? = nil, keepsInMemory: Bool = false) {
    self.folder = folder
    self.keepsInMemory = keepsInMemory || folder == nil
  }

  /// The folder a build keeps its cache in by default: `.lessons-cache` beside the output
  /// folder (not inside it, which is the site, nor in the lessons, which are sources).
  public static func defaultFolder(output: URL) -> URL {
    output.standardizedFileURL.deletingLastPathComponent().appendingPathComponent(
      ".lessons-cache")
  }

  /// The kinds of entry, each with its file extension on disk.
  enum Kind: String {
    case output, facts, page, text, renders
  }

  /// The entry of `kind` for `key`, from memory or the folder; nil when there is none or it
  /// cannot be read. `slot`: where the entry is kept, when not under its key (one per slot).
  func value<T: Codable & Sendable>(
    _ type: T.Type, _ kind: Kind, forKey key: String, slot: String? = nil
  ) -> T? {
    let memoryKey = kind.rawValue + "\n" + (slot ?? key)
    if keepsInMemory {
      lock.lock()
      let known = entries[memoryKey]
      lock.unlock()
      if let known, known.key == key, let value = known.value as? T { return value }
    }
    guard let url = entryURL(slot ?? key, kind), let bytes = FileBytes.contents(url.path),
      let value = Self.decode(T.self, from: bytes, key: key)
    else { return nil }
    if keepsInMemory {
      lock.lock()
      entries[memoryKey] = (key, value)
      lock.unlock()
    }
    return value
  }

  /// Keeps `value` for `key`; in `slot`, replacing what the slot held.
  func store<T: Codable & Sendable>(
    _ value: T, _ kind: Kind, forKey key: String, slot: String? = nil
  ) {
    if keepsInMemory {
      lock.lock()
      entries[kind.rawValue + "\n" + (slot ?? key)] = (key, value)
      lock.unlock()
    }
    guard let url = entryURL(slot ?? key, kind), let data = Self.encode(value, key: key) else {
      return
    }
    write(data, to: url)
  }

  func output(forKey key: String) -> DirectiveOutput? {
    value(DirectiveOutput.self, .output, forKey: key)
  }

  func store(_ output: DirectiveOutput, forKey key: String) {
    store(output, .output, forKey: key)
  }

  /// A text that depends on `key` alone (the chart gallery): read from the cache, or made
  /// and kept.
  func text(forKey key: String, _ make: () -> String) -> String {
    if let known = value(String.self, .text, forKey: key) { return known }
    let text = make()
    store(text, .text, forKey: key)
    return text
  }

  /// Where this binary's entries are: `folder/<build id>`.
  public var entryFolder: URL? { folder?.appendingPathComponent(CodeVersion.current) }

  /// Writes under a temporary name and renames: a reader never sees half an entry.
  private func write(_ data: Data, to url: URL) {
    guard let folder = entryFolder else { return }
    lock.lock()
    if !folderReady {
      let isNew = !FileManager.default.fileExists(atPath: folder.path)
      folderReady =
        (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true))
        != nil
      if isNew && folderReady { removeOlderBinaries() }
    }
    lock.unlock()
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    guard FileManager.default.createFile(atPath: temporary.path, contents: data) else { return }
    if rename(temporary.path, url.path) != 0 { unlink(temporary.path) }
  }

  /// The file of the entry under `name` (its key or slot).
  private func entryURL(_ name: String, _ kind: Kind) -> URL? {
    entryFolder?.appendingPathComponent(Self.hash(name) + "." + kind.rawValue)
  }

  /// Removes the entries of every binary but this one and the most recent other (by the
  /// time its folder last changed), and the entry files of the layout before folders per
  /// binary. Only what the cache made is touched — a folder named like a build id that holds
  /// nothing but entries, and entry files — so `--cache` given a folder with other things in
  /// it never loses them.
  private func removeOlderBinaries() {
    guard let folder else { return }
    let manager = FileManager.default
    let keys: [URLResourceKey] = [.isDirectoryKey, .isSymbolicLinkKey, .contentModificationDateKey]
    guard let items = try? manager.contentsOfDirectory(at: folder, includingPropertiesForKeys: keys)
    else { return }
    var others: [(url: URL, modified: Date)] = []
    for url in items where url.lastPathComponent != CodeVersion.current {
      let values = try? url.resourceValues(forKeys: Set(keys))
      guard values?.isSymbolicLink != true else { continue }
      if values?.isDirectory == true {
        guard Self.isBinaryFolderName(url.lastPathComponent),
          let entries = try? manager.contentsOfDirectory(atPath: url.path),
          entries.allSatisfy(Self.isEntryFileName)
        else { continue }
        others.append((url, values?.contentModificationDate ?? .distantPast))
      } else if Self.isEntryFileName(url.lastPathComponent) {
        try? manager.removeItem(at: url)
      }
    }
    others.sort { $0.modified > $1.modified }
    for old in others.dropFirst() { try? manager.removeItem(at: old.url) }
  }

  /// A build id in hex, or the name a binary without one uses.
  static func isBinaryFolderName(_ name: String) -> Bool {
    return (isLowercaseHex(Substring(name)) && (16...128).contains(name.utf8.count))
      || (name.hasPrefix("unversioned-")
        && name.dropFirst(12).allSatisfy { $0.isASCII && $0.isNumber })
  }

  /// An entry (`hash.kind`) or one being written (`.hash.kind.tmp-pid`).
  static func isEntryFileName(_ name: String) -> Bool {
    var name = Substring(name)
    if name.hasPrefix("."), let tmp = name.range(of: ".tmp-") {
      name = name[name.index(after: name.startIndex)..<tmp.lowerBound]
    }
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 2 && parts[0].utf8.count == 32 && isLowercaseHex(parts[0])
      && Kind(rawValue: String(parts[1])) != nil
  }

  /// Digits and a–f only, as `hash` and build ids are written.
  private static func isLowercaseHex(_ text: Substring) -> Bool {
    text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }

  static let magic = "lessons-cache 3\n"

  /// The entry: a first line naming the format, the key's length in bytes and the key, then
  /// the value in `CompactCoding`'s form.
  static func encode<T: Encodable>(_ value: T, key: String) -> Data? {
    guard let body = try? CompactCoding.encode(value) else { return nil }
    var data = Data((magic + "\(key.utf8.count)\n" + key).utf8)
    data.append(contentsOf: body)
    return data
  }

  static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], key: String) -> T? {
    let header = Array((magic + "\(key.utf8.count)\n" + key).utf8)
    guard bytes.count > header.count, memcmp(bytes, header, header.count) == 0 else {
      return nil
    }
    return try? CompactCoding.decode(T.self, from: bytes, offset: header.count)
  }

  /// 128-bit FNV-1a of the key, as 32 hex digits (a name for the file; the key inside is
  /// what is checked).
  static func hash(_ key: String) -> String {
    var a: UInt64 = 0xcbf2_9ce4_8422_2325
    var b: UInt64 = 0x6c62_272e_07bb_0142
    for byte in key.utf8 {
      a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
      b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 ^ (b >> 29)
    }
    return hex(a) + hex(b)
  }

  private static func hex(_ x: UInt64) -> String {
    let digits = String(x, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}

/// The running binary's identity: its GNU build id (a hash of the linked code, the same for
/// the same sources and compiler), read from the loaded program's notes. Every cache key
/// includes it, so a change to any directive's code — or to the renderer's data types —
/// never reuses an output of the old code.
enum CodeVersion {
  static let current: String =
    buildID() ?? "unversioned-\(ProcessInfo.processInfo.processIdentifier)"

  /// The build id note of `/proc/self/exe` (ELF64, little-endian): found through the program
  /// headers' `PT_NOTE` segments, a few hundred bytes read.
  private static func buildID() -> String? {
    let fd = open("/proc/self/exe", O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    func bytes(_ offset: Int, _ count: Int) -> [UInt8]? {
      guard count > 0, count < 1 << 20 else { return nil }
      var buffer = [UInt8](repeating: 0, count: count)
      let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
      return got == count ? buffer : nil
    }
    func integer(_ b: [UInt8], _ at: Int, _ size: Int) -> Int {
      (0..<size).reversed().reduce(0) { $0 << 8 | Int(b[at + $1]) }
    }
    // "\x7fELF", 64-bit, little-endian.
    guard let header = bytes(0, 64), header[0..<4] == [0x7f, 0x45, 0x4c, 0x46], header[4] == 2,
      header[5] == 1
    else { return nil }
    let tableOffset = integer(header, 32, 8)
    let entrySize = integer(header, 54, 2)
    let count = integer(header, 56, 2)
    guard entrySize >= 56, let table = bytes(tableOffset, entrySize * count) else { return nil }
    for index in 0..<count where integer(table, index * entrySize, 4) == 4 {  // PT_NOTE
      let entry = index * entrySize
      guard let notes = bytes(integer(table, entry + 8, 8), integer(table, entry + 32, 8)) else {
        continue
      }
      var at = 0
      while at + 12 <= notes.count {
        let nameSize = integer(notes, at, 4)
        let descriptionSize = integer(notes, at + 4, 4)
        let type = integer(notes, at + 8, 4)
        let descriptionStart = at + 12 + (nameSize + 3) & ~3
        let next = descriptionStart + (descriptionSize + 3) & ~3
        guard next <= notes.count else { break }
        // NT_GNU_BUILD_ID, owner "GNU\0".
        if type == 3, nameSize == 4, notes[(at + 12)..<(at + 16)] == [0x47, 0x4e, 0x55, 0] {
          return notes[descriptionStart..<(descriptionStart + descriptionSize)].map {
            ($0 < 16 ? "0" : "") + String($0, radix: 16)
          }.joined()
        }
        at = next
      }
    }
    return nil
  }
}
