import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Files that must never be seen half-written: written to a temporary file in the same directory,
/// synced, then renamed over the target, with SIGINT and SIGTERM held back meanwhile so an interrupt
/// cannot leave the temporary file behind.
public enum AtomicFile {
    /// Writes `contents` to `path` with `mode`, creating the parent directory with `directoryMode` if needed.
    public static func write(_ contents: String, to path: String, mode: mode_t = 0o600, directoryMode: mode_t = 0o700) throws {
        let directory = PathComponents.parent(of: path)
        try createDirectory(directory.isEmpty ? "." : directory, mode: directoryMode)
        let temporary = temporaryPrefix(of: path) + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        // A writer killed mid-write (kill -9 cannot be held back) leaves its temporary file; remove those
        // of writers that are gone.
        removeTemporaries(of: path, onlyOfDeadWriters: true)

        var blocked = sigset_t()
        var previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        sigaddset(&blocked, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }

        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw fileError("cannot create \(temporary)") }
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        let bytes = Array(contents.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let message = fileError("cannot write \(path)")
                close(fd)
                throw message
            }
            offset += n
        }
        // The mode given to open() is filtered by the umask; make it exact.
        fchmod(fd, mode)
        guard fsync(fd) == 0 else {
            let message = fileError("cannot sync \(path)")
            close(fd)
            throw message
        }
        close(fd)
        guard rename(temporary, path) == 0 else { throw fileError("cannot replace \(path)") }
        ok = true
        let dirFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    /// `dir/.name.tmp-`: the start of every temporary file name `write` uses for `path`.
    public static func temporaryPrefix(of path: String) -> String {
        let directory = PathComponents.parent(of: path)
        return (directory.isEmpty ? "." : directory) + "/." + PathComponents.last(of: path) + ".tmp-"
    }

    /// Removes temporary files that `write` left beside `path` (named `.name.tmp-PID-N`). With
    /// `onlyOfDeadWriters`, only those whose writer process no longer exists; without it, all of them,
    /// which is right only for a caller holding the lock every writer of `path` takes.
    public static func removeTemporaries(of path: String, onlyOfDeadWriters: Bool = false) {
        let prefix = temporaryPrefix(of: path)
        let directory = PathComponents.parent(of: prefix)
        let namePrefix = PathComponents.last(of: prefix)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(namePrefix) {
            let rest = name.dropFirst(namePrefix.count).split(separator: "-")
            guard rest.count == 2, let pid = Int32(rest[0]), UInt32(rest[1]) != nil else { continue }
            if onlyOfDeadWriters && (pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH) { continue }
            unlink(directory + "/" + name)
        }
    }

    /// Creates a directory and its parents; new directories get `mode`.
    public static func createDirectory(_ path: String, mode: mode_t) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw VMCtlError.config("\(path) exists and is not a directory")
        }
        let parent = PathComponents.parent(of: path)
        if !parent.isEmpty && parent != path { try createDirectory(parent, mode: mode) }
        if mkdir(path, mode) != 0 && errno != EEXIST { throw fileError("cannot create directory \(path)") }
        chmod(path, mode)
    }

    public static func fileError(_ what: String) -> VMCtlError {
        .config("\(what): \(String(cString: strerror(errno)))")
    }
}

/// An exclusive advisory lock (flock) on a lock file beside the file it protects,
/// so that concurrent read-modify-write cycles run one after another.
public final class FileLock {
    private let fd: Int32

    /// Blocks until the lock on `path` is held. The lock file is created with mode 0600.
    public init(path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw AtomicFile.fileError("cannot open lock file \(path)") }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let error = AtomicFile.fileError("cannot lock \(path)")
            close(fd)
            throw error
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// Runs `body` while holding the lock at `path`.
    public static func withLock<T>(at path: String, _ body: () throws -> T) throws -> T {
        let lock = try FileLock(path: path)
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }
}
