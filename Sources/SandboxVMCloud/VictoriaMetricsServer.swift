import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SandboxCore
import VMCtlSupport

/// A real single-node `victoria-metrics` process for the sandbox's data plane: on 127.0.0.1 at a port the
/// kernel picks (read back from /proc), with its storage in a temporary directory that `stop()` removes.
/// Where util-linux's `setpriv` exists, the process is started with a parent-death signal, so it dies
/// with the sandbox even when the sandbox is killed outright. Start it from a thread that lives as long
/// as the sandbox (the main thread): Linux sends that signal when the starting thread ends.
public final class VictoriaMetricsServer: @unchecked Sendable {
    public let port: UInt16
    public let executable: String
    private let process: Process
    private let directory: String
    private let stopping = OnceFlag()

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The flags the sandbox runs VictoriaMetrics with, besides the listen address and storage path:
    /// data is queryable as soon as it is written (no 30s latency offset, no result cache), as a user
    /// trying the sandbox expects; memory use kept small.
    static let flags = ["-search.latencyOffset=0s", "-search.disableCache", "-memory.allowedPercent=20", "-loggerLevel=ERROR",
                        "-http.shutdownDelay=0s"]

    /// Starts `executable` and waits (at most `timeout` seconds) until it answers `/health`.
    public init(executable: String, timeout: Double = 30) throws {
        self.executable = executable
        Self.removeAbandonedDirectories()
        directory = NSTemporaryDirectory() + Self.directoryPrefix + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try String(getpid()).write(toFile: directory + "/sandbox.pid", atomically: true, encoding: .utf8)
        let logPath = directory + "/victoria-metrics.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let vmArguments = ["-httpListenAddr=127.0.0.1:0", "-storageDataPath=\(directory)/data"] + Self.flags
        process = Process()
        if let setpriv = ProcessRunner.find("setpriv", path: ProcessInfo.processInfo.environment["PATH"]) {
            process.executableURL = URL(fileURLWithPath: setpriv)
            process.arguments = ["--pdeathsig", "KILL", "--", executable] + vmArguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = vmArguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: logPath)
        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw StartFailure(description: "cannot run \(executable): \(error)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        var found: UInt16?
        var healthy = false
        while Date() < deadline && process.isRunning {
            if found == nil { found = Self.listeningPort(pid: process.processIdentifier) }
            if let port = found,
               let answer = try? LoopbackHTTPClient.send(port: port, method: "GET", target: "/health", headers: [], body: [], timeout: 2),
               answer.status == 200 {
                healthy = true
                break
            }
            usleep(50_000)
        }
        guard healthy, let port = found else {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            let running = process.isRunning
            ChildProcess.stop(process)
            try? FileManager.default.removeItem(atPath: directory)
            let why = running ? "did not answer /health within \(Int(timeout))s" : "exited with status \(process.terminationStatus)"
            throw StartFailure(description: "\(executable) \(why)" + (log.isEmpty ? "" : ":\n" + log.suffix(2000)))
        }
        self.port = port
    }

    deinit { stop() }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// Stops the process (SIGTERM, then SIGKILL after 5s) and removes its storage.
    public func stop() {
        guard stopping.claim() else { return }
        ChildProcess.stop(process)
        try? FileManager.default.removeItem(atPath: directory)
    }

    static let directoryPrefix = "vmctl-sandbox-vm-"

    /// Storage left behind by sandboxes that were killed outright (their VictoriaMetrics died with them).
    private static func removeAbandonedDirectories() {
        let temporary = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix(directoryPrefix) {
            let path = temporary + "/" + name
            guard let text = try? String(contentsOfFile: path + "/sandbox.pid", encoding: .utf8), let pid = Int32(text),
                  kill(pid, 0) != 0 && errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// A /proc file read to its end: they report a size of 0, and are read in pieces.
    static func readProcFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            data += chunk[0..<n]
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The TCP port `pid` listens on, from its socket descriptors and the kernel's table of TCP sockets.
    static func listeningPort(pid: Int32) -> UInt16? {
        guard let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { return nil }
        var inodes = Set<String>()
        for fd in fds {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"),
                  target.hasPrefix("socket:[") else { continue }
            inodes.insert(String(target.dropFirst("socket:[".count).dropLast()))
        }
        guard let table = readProcFile("/proc/\(pid)/net/tcp") else { return nil }
        for line in table.split(separator: "\n").dropFirst() {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            let fields = line.split(separator: " ")
            guard fields.count > 9, fields[3] == "0A", inodes.contains(String(fields[9])) else { continue }
            let local = fields[1].split(separator: ":")
            if local.count == 2, let port = UInt16(local[1], radix: 16) { return port }
        }
        return nil
    }
}
