#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole files as bytes, for the build cache's entries and the output writer's manifest.
enum FileBytes {
  /// The bytes of the regular file `name` in the folder `folder` (a path relative to the
  /// working folder with `AT_FDCWD`), not following a link; nil when it cannot be read.
  /// Read straight into one array of the file's size: cache entries are large.
  static func contents(_ name: String, in folder: Int32 = AT_FDCWD) -> [UInt8]? {
    let fd = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    let size = Int(info.st_size)
    var failed = false
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      count = 0
      while count < size {
        let got = read(fd, buffer.baseAddress! + count, size - count)
        if got < 0, errno == EINTR { continue }
        if got < 0 { failed = true }
        guard got > 0 else { break }
        count += got
      }
    }
    // A file that grew since `fstat`: the rest too.
    var more = [UInt8](repeating: 0, count: 65536)
    while !failed {
      let got = more.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if got < 0, errno == EINTR { continue }
      if got < 0 { failed = true }
      guard got > 0 else { break }
      bytes += more[0..<got]
    }
    return failed ? nil : bytes
  }
}
