import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion, stdin inherited, stdout and stderr captured, within limits:
/// at most `outputBytes` from each stream and, when given, at most `seconds` of run time. A program
/// that goes past a limit is killed with its whole process group (it runs in a group of its own), so
/// nothing it started is left running.
public enum ProcessRunner {
    public typealias Result = (status: Int32, stdout: String, stderr: String)

    /// How much a program may print and how long it may run.
    public struct Limits: Sendable, Equatable {
        /// The most read from stdout, and separately from stderr.
        public var outputBytes: Int
        /// Run time in seconds; nil for no limit.
        public var seconds: Double?

        public init(outputBytes: Int, seconds: Double?) {
            self.outputBytes = outputBytes
            self.seconds = seconds
        }

        /// For helper programs such as vmalert: their output is read whole up to 16 MiB, no time limit.
        public static let helper = Limits(outputBytes: 16 << 20, seconds: nil)
    }

    /// Why a program gave no result.
    public enum Failure: Error, Equatable, Sendable {
        case cannotStart(String)
        /// It printed more than the limit on `stream` ("stdout" or "stderr"); it was killed.
        case outputLimit(stream: String, bytes: Int)
        /// It ran longer than the limit; it was killed.
        case timeLimit(seconds: Double)
    }

    public static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        try run(executable, arguments, limits: .helper)
    }

    public static func run(_ executable: String, _ arguments: [String], limits: Limits) throws -> Result {
        let deadline = limits.seconds.map { monotonicNow() + $0 }
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard makePipe(&outPipe) else { throw Failure.cannotStart(errnoText()) }
        guard makePipe(&errPipe) else {
            close(outPipe[0]); close(outPipe[1])
            throw Failure.cannotStart(errnoText())
        }
        var readEnds = [outPipe[0], errPipe[0]]
        defer { for fd in readEnds where fd >= 0 { close(fd) } }

        let pid: pid_t
        do {
            pid = try spawn(executable, arguments, stdout: outPipe[1], stderr: errPipe[1])
        } catch {
            close(outPipe[1]); close(errPipe[1])
            throw error
        }
        close(outPipe[1]); close(errPipe[1])
        let terminal = ForegroundTerminal(handingTo: pid)

        var output = [[UInt8](), [UInt8]()]
        var failure: Failure?
        var buffer = [UInt8](repeating: 0, count: 16384)
        while failure == nil, readEnds.contains(where: { $0 >= 0 }) {
            var fds = readEnds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let wait = deadline.map { max(0, Int32((($0 - monotonicNow()) * 1000).rounded(.up))) } ?? -1
            if wait == 0 { failure = .timeLimit(seconds: limits.seconds ?? 0); break }
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 { if errno == EINTR { continue }; failure = .cannotStart(errnoText()); break }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let room = limits.outputBytes + 1 - output[index].count
                let n = buffer.withUnsafeMutableBytes { Glibc.read(fds[index].fd, $0.baseAddress!, min($0.count, room)) }
                if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                if n <= 0 {
                    close(readEnds[index])
                    readEnds[index] = -1
                    continue
                }
                output[index] += buffer[0..<n]
                if output[index].count > limits.outputBytes {
                    failure = .outputLimit(stream: index == 0 ? "stdout" : "stderr", bytes: limits.outputBytes)
                    break
                }
            }
        }

        // Both pipes are closed (or a limit was hit): wait for the exit, within what is left of the deadline.
        var status: Int32 = 0
        while failure == nil {
            let r = waitpid(pid, &status, deadline == nil ? 0 : WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { failure = .cannotStart(errnoText()); break }
            if let deadline, monotonicNow() >= deadline { failure = .timeLimit(seconds: limits.seconds ?? 0); break }
            if r == 0 { usleep(10_000) }
        }
        if let failure {
            // The group first, so that grandchildren holding the pipes die too, then the child itself.
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            terminal.restore()
            throw failure
        }
        terminal.restore()
        // Killed by Ctrl-C at the terminal it was given: vmctl is interrupted too.
        if status & 0x7f == SIGINT { kill(getpid(), SIGINT) }
        let code: Int32 = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, String(decoding: output[0], as: UTF8.self), String(decoding: output[1], as: UTF8.self))
    }

    /// Starts `executable` in a process group of its own, stdin inherited, stdout and stderr to the given fds,
    /// with default signal handling and nothing blocked.
    private static func spawn(_ executable: String, _ arguments: [String], stdout: Int32, stderr: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT, SIGTTIN, SIGTTOU] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = (argv + [nil]).withUnsafeBufferPointer { args in
            posix_spawn(&pid, executable, &actions, &attributes, args.baseAddress!, environ)
        }
        guard result == 0 else { throw Failure.cannotStart("\(executable): \(String(cString: strerror(result)))") }
        return pid
    }

    /// A pipe whose ends are not inherited by programs started later (the child gets copies on fds 1 and 2).
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// The first executable called `name` on `path` (a PATH value), or nil.
    public static func find(_ name: String, path: String?) -> String? {
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public static func monotonicNow() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// When stdin is the terminal vmctl runs in the foreground of, the child's process group gets the
/// terminal while it runs (so a password prompt can read it, and Ctrl-C reaches it), and vmctl takes it back after.
private struct ForegroundTerminal {
    private let active: Bool

    init(handingTo pid: pid_t) {
        guard isatty(0) == 1, tcgetpgrp(0) == getpgrp() else { active = false; return }
        active = Self.withTTOUBlocked { tcsetpgrp(0, pid) == 0 }
        // A child that read the terminal before it was handed over was stopped (SIGTTIN): wake it.
        if active { kill(-pid, SIGCONT) }
    }

    func restore() {
        guard active else { return }
        _ = Self.withTTOUBlocked { tcsetpgrp(0, getpgrp()) == 0 }
    }

    /// tcsetpgrp from a group that is not (or no longer) in the foreground raises SIGTTOU.
    private static func withTTOUBlocked(_ body: () -> Bool) -> Bool {
        var blocked = sigset_t(), previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTTOU)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return body()
    }
}
