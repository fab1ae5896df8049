import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VMCtlSupport

/// A small text file read whole, within the config file's size limit: vmctl's config, and the files of the
/// programs `profile import` reads profiles from.
public enum SmallTextFile {
    /// The file's text and mode, or nil when there is none. `what` names the kind of file in messages
    /// ("a config file"); `hint` says where the right file is given. Every problem is a config error.
    public static func read(_ path: String, what: String, hint: String) throws -> (text: String, mode: mode_t)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw AtomicFile.fileError("cannot read \(path)")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw AtomicFile.fileError("cannot read \(path)") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw VMCtlError.config("\(path) is a directory, not \(what)") }
        // Read at most one byte past the limit: enough to tell a file that is too large (or endless,
        // like /dev/zero) without ever holding more than the limit.
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while bytes.count <= Limits.configFileBytes {
            let want = min(buffer.count, Limits.configFileBytes + 1 - bytes.count)
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, want) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw AtomicFile.fileError("cannot read \(path)") }
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        if bytes.count > Limits.configFileBytes {
            throw VMCtlError.config("\(path) is larger than \(Limits.describe(bytes: Limits.configFileBytes)), the limit for \(what)", hint: hint)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw VMCtlError.config("\(path) is not UTF-8 text")
        }
        return (text, info.st_mode)
    }
}
