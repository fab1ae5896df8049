import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Somewhere text can be written: the process's stdout/stderr, or memory in tests.
public protocol TextSink: Sendable {
    func write(_ text: String)
    /// Writes UTF-8 text given as bytes (long output, made as bytes, is not turned into a String first).
    func write(bytes: [UInt8])
}

extension TextSink {
    public func write(bytes: [UInt8]) { write(String(decoding: bytes, as: UTF8.self)) }
}

/// Somewhere lines can be read from: the process's stdin, or a string in tests.
public protocol LineSource: Sendable {
    /// Reads one line without its newline; nil at end of input. With `echo` false on a terminal,
    /// the typed characters are not shown (for secrets).
    func readLine(echo: Bool) -> String?
    /// Reads everything that is left.
    func readAll() -> String
}

/// The standard streams of one vmctl run, with what is known about each (gh's IOStreams).
public struct IOStreams: Sendable {
    public var stdin: LineSource
    public var stdout: TextSink
    public var stderr: TextSink
    public var stdinIsTTY: Bool
    public var stdoutIsTTY: Bool
    public var stderrIsTTY: Bool
    /// Columns of the terminal stdout is on; nil when stdout is not a terminal.
    public var terminalWidth: Int?

    public init(stdin: LineSource, stdout: TextSink, stderr: TextSink,
                stdinIsTTY: Bool = false, stdoutIsTTY: Bool = false, stderrIsTTY: Bool = false,
                terminalWidth: Int? = nil) {
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.stdinIsTTY = stdinIsTTY
        self.stdoutIsTTY = stdoutIsTTY
        self.stderrIsTTY = stderrIsTTY
        self.terminalWidth = terminalWidth
    }

    /// The real standard streams of this process.
    public static func system() -> IOStreams {
        let outTTY = isatty(1) == 1
        return IOStreams(stdin: FileDescriptorSource(fd: 0), stdout: FileDescriptorSink(fd: 1), stderr: FileDescriptorSink(fd: 2),
                         stdinIsTTY: isatty(0) == 1, stdoutIsTTY: outTTY, stderrIsTTY: isatty(2) == 1,
                         terminalWidth: outTTY ? Terminal.width(fd: 1, columns: getenv("COLUMNS").map { String(cString: $0) }) : nil)
    }
}

/// Writes straight to a file descriptor, retrying short writes; a closed pipe ends the write quietly.
/// One call is one whole piece of output: the writes of a process to the same descriptor are made one
/// after the other, so lines written from concurrent tasks (retry notices of a bulk revoke) never interleave,
/// however long they are and however the kernel splits them.
public struct FileDescriptorSink: TextSink {
    public let fd: Int32
    public init(fd: Int32) { self.fd = fd }

    /// One lock for stdout, one for stderr, one for every other descriptor.
    private static let locks = [Locked(()), Locked(()), Locked(())]

    public func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    public func write(bytes: [UInt8]) {
        Self.locks[fd == 1 ? 0 : fd == 2 ? 1 : 2].withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { buf in
                    Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}

/// Reads lines from a file descriptor, byte by byte so nothing past the line is consumed
/// (a later reader, such as a confirmation prompt after a secret, still sees its input).
public struct FileDescriptorSource: LineSource {
    public let fd: Int32
    public init(fd: Int32) { self.fd = fd }

    public func readLine(echo: Bool) -> String? {
        let restore = echo ? nil : Terminal.disableEcho(fd: fd)
        defer {
            if let restore {
                Terminal.restore(fd: fd, restore)
                // The user's Enter was not echoed either: end the prompt's line on the terminal ourselves.
                // A stderr that is not a terminal showed no one the line, and a log of JSON lines gets no empty one.
                if isatty(2) == 1 { FileDescriptorSink(fd: 2).write("\n") }
            }
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = Glibc.read(fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func readAll() -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// An in-memory sink, for tests and for capturing output.
public final class MemorySink: TextSink, @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""
    public init() {}
    public func write(_ text: String) { lock.withLock { buffer += text } }
    public var text: String { lock.withLock { buffer } }
}

/// An in-memory line source, for tests.
public final class MemorySource: LineSource, @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: Substring
    public init(_ text: String = "") { remaining = Substring(text) }

    public func readLine(echo: Bool) -> String? {
        lock.withLock {
            guard !remaining.isEmpty else { return nil }
            if let newline = remaining.firstIndex(of: "\n") {
                let line = remaining[..<newline]
                remaining = remaining[remaining.index(after: newline)...]
                return String(line)
            }
            defer { remaining = "" }
            return String(remaining)
        }
    }

    public func readAll() -> String {
        lock.withLock {
            defer { remaining = "" }
            return String(remaining)
        }
    }
}
