import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Directive outputs kept between builds: a directive is a pure function of its options,
/// so a block whose key is unchanged need not run again.
///
/// In memory (`lessons serve`) and, given a folder, on disk: one file per output, named by a
/// hash of its key, holding the whole key and the output (`CompactCoding`). The key is the directive's
/// name, the block's name and caption, every resolved option of the run (explored frames
/// included) in canonical form, and the build id of the running binary: any change to the
/// code makes a new key, so an entry is never stale. An entry that cannot be read, is
/// truncated or holds another key is ignored, recomputed and replaced.
public final class DirectiveCache: @unchecked Sendable {
  private let lock = NSLock()
  private var outputs: [String: DirectiveOutput] = [:]
  private var texts: [String: String] = [:]
  /// Where outputs are kept between processes; nil: only in memory.
  public let folder: URL?
  private var folderReady = false

  public init(folder: URL? = nil) {
    self.folder = folder
  }

  /// The folder a build keeps its cache in by default: `.lessons-cache` beside the output
  /// folder (not inside it, which is the site, nor in the lessons, which are sources).
  public static func defaultFolder(output: URL) -> URL {
    output.standardizedFileURL.deletingLastPathComponent().appendingPathComponent(
      ".lessons-cache")
  }

  func output(forKey key: String) -> DirectiveOutput? {
    lock.lock()
    if let output = outputs[key] {
      lock.unlock()
      return output
    }
    lock.unlock()
    guard let url = entryURL(key), let data = FileManager.default.contents(atPath: url.path),
      let output = Self.decode(data, key: key)
    else { return nil }
    lock.lock()
    outputs[key] = output
    lock.unlock()
    return output
  }

  func store(_ output: DirectiveOutput, forKey key: String) {
    lock.lock()
    outputs[key] = output
    lock.unlock()
    guard let url = entryURL(key), let data = Self.encode(output, key: key) else { return }
    write(data, to: url)
  }

  /// A text that depends on `key` alone (the chart gallery): kept in memory, read from the
  /// folder, or made and kept in both.
  func text(forKey key: String, _ make: () -> String) -> String {
    lock.lock()
    let known = texts[key]
    lock.unlock()
    if let known { return known }
    let header = Data((Self.magic + "text \(key.utf8.count)\n" + key).utf8)
    let url = folder?.appendingPathComponent(Self.hash(key) + ".text")
    let text: String
    if let url, let data = FileManager.default.contents(atPath: url.path),
      data.count >= header.count, data.prefix(header.count) == header
    {
      text = String(decoding: data.dropFirst(header.count), as: UTF8.self)
    } else {
      text = make()
      if let url { write(header + Data(text.utf8), to: url) }
    }
    lock.lock()
    texts[key] = text
    lock.unlock()
    return text
  }

  /// Writes under a temporary name and renames: a reader never sees half an entry.
  private func write(_ data: Data, to url: URL) {
    guard let folder else { return }
    lock.lock()
    if !folderReady {
      folderReady =
        (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true))
        != nil
    }
    lock.unlock()
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    guard FileManager.default.createFile(atPath: temporary.path, contents: data) else { return }
    if rename(temporary.path, url.path) != 0 { unlink(temporary.path) }
  }

  private func entryURL(_ key: String) -> URL? {
    folder?.appendingPathComponent(Self.hash(key) + ".output")
  }

  static let magic = "lessons-cache 2\n"

  /// The entry: a first line naming the format, the key's length in bytes and the key, then
  /// the output in `CompactCoding`'s form.
  static func encode(_ output: DirectiveOutput, key: String) -> Data? {
    guard let body = try? CompactCoding.encode(output) else { return nil }
    var data = Data((magic + "\(key.utf8.count)\n" + key).utf8)
    data.append(contentsOf: body)
    return data
  }

  static func decode(_ data: Data, key: String) -> DirectiveOutput? {
    let header = Data((magic + "\(key.utf8.count)\n" + key).utf8)
    guard data.count > header.count, data.prefix(header.count) == header else { return nil }
    return try? CompactCoding.decode(
      DirectiveOutput.self, from: [UInt8](data.dropFirst(header.count)))
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
