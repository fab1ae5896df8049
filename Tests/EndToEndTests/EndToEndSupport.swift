import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import SandboxCore
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// Where the executables under test are: `VMCTL_BIN_DIR` when set (e.g. `.build-static/release`, to run the
/// suite against the static build, as .ci/run does), else where `swift build` put them, beside the test bundle.
let productsDirectory: URL = {
    if let directory = ProcessInfo.processInfo.environment["VMCTL_BIN_DIR"], !directory.isEmpty {
        return URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
    }
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        return bundle.bundleURL.deletingLastPathComponent()
    }
    return Bundle.main.bundleURL
}()

let vmctlPath = productsDirectory.appendingPathComponent("vmctl").path
let sandboxPath = productsDirectory.appendingPathComponent("vmctl-sandbox").path

/// What a finished process printed and returned.
struct ProcessResult {
    var code: Int32
    var stdout: String
    var stderr: String
    /// vmctl's peak resident memory in KiB, when measured (`VMCtlUser.vmctlMeasuringMemory`).
    var peakKiB = 0
    /// The last non-empty stdout line (where vmctl prints a secret).
    var lastLine: String { stdout.split(separator: "\n").last.map(String.init) ?? "" }
}

/// Runs a program to completion with the given stdin, killing it after `timeout` seconds.
///
/// Spawned with posix_spawn, not Foundation's Process, because many tests spawn at once: Foundation's pipes
/// and the socket it watches a child's end by are not close-on-exec, so a long-lived child another test
/// starts at the same moment (a sandbox, a VictoriaMetrics) inherits them, and this child then looks
/// "running" and its output unfinished until that one ends. Here every descriptor is close-on-exec, the
/// child is waited for by its PID, and its output is read with poll(2) on this thread (no thread pool).
func runProcess(_ path: String, _ arguments: [String], environment: [String: String], stdin: String? = nil,
                stdinHandle: FileHandle? = nil, interruptAfter: Double? = nil, directory: String? = nil,
                timeout: Double = 60) throws -> ProcessResult {
    // glibc's GNU extensions, which the Glibc module does not import.
    func gnu<Function>(_ name: String, as type: Function.Type) throws -> Function {
        guard let symbol = dlsym(nil, name) else { throw TestFailure("glibc has no \(name)") }
        return unsafeBitCast(symbol, to: type)
    }
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    let pipe2 = try gnu("pipe2", as: Pipe2.self)
    /// Created close-on-exec in one step, so that no child spawned meanwhile by another thread inherits it.
    func closeOnExecPipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe2(&fds, O_CLOEXEC) == 0 else { throw TestFailure("pipe2 failed: errno \(errno)") }
        return (fds[0], fds[1])
    }
    let out = try closeOnExecPipe(), err = try closeOnExecPipe(), input = try closeOnExecPipe()
    var parentEnds: Set<Int32> = [out.read, out.write, err.read, err.write, input.read, input.write]
    defer { for fd in parentEnds { close(fd) } }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, stdinHandle?.fileDescriptor ?? input.read, 0)
    posix_spawn_file_actions_adddup2(&actions, out.write, 1)
    posix_spawn_file_actions_adddup2(&actions, err.write, 2)
    if let directory {
        typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        _ = try gnu("posix_spawn_file_actions_addchdir_np", as: AddChdir.self)(&actions, directory)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t(), defaults = sigset_t()
    sigemptyset(&noSignals)
    sigemptyset(&defaults)
    for signal in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup($0.key + "=" + $0.value) } + [nil]
    defer { for pointer in argv + envp { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    guard spawned == 0 else { throw TestFailure("cannot run \(path): errno \(spawned)") }
    for fd in [out.write, err.write, input.read] { close(fd); parentEnds.remove(fd) }

    if stdinHandle == nil, let stdin {
        let bytes = Array(stdin.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(input.write, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; break }
            written += n
        }
    }
    close(input.write)
    parentEnds.remove(input.write)

    let start = Date()
    var interruptAt = interruptAfter.map { start.addingTimeInterval($0) }
    let deadline = start.addingTimeInterval(timeout)
    var outputs = [Data(), Data()]
    var fds = [pollfd(fd: out.read, events: Int16(POLLIN), revents: 0), pollfd(fd: err.read, events: Int16(POLLIN), revents: 0)]
    for entry in fds { _ = fcntl(entry.fd, F_SETFL, fcntl(entry.fd, F_GETFL) | O_NONBLOCK) }
    var buffer = [UInt8](repeating: 0, count: 65536)
    /// Reads what is there now; false once the pipe is at its end.
    func drain(_ index: Int) -> Bool {
        while true {
            let count = read(fds[index].fd, &buffer, buffer.count)
            if count > 0 { outputs[index].append(contentsOf: buffer[0..<count]); continue }
            return count < 0 && (errno == EAGAIN || errno == EINTR)
        }
    }
    var status: Int32 = 0
    while true {
        let waited = waitpid(pid, &status, WNOHANG)
        if waited == pid || waited < 0 && errno != EINTR {
            // Everything the child wrote is in the pipes now; what it started may hold them open longer.
            for index in fds.indices where fds[index].fd >= 0 { _ = drain(index) }
            break
        }
        let now = Date()
        if let at = interruptAt, now >= at {
            kill(pid, SIGINT)
            interruptAt = nil
        }
        if now >= deadline {
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            throw TestFailure("\(path) \(arguments) did not finish within \(timeout)s")
        }
        let until = min(deadline, interruptAt ?? deadline)
        let wait = Int32(max(1, min(20, until.timeIntervalSince(now) * 1000)))
        if poll(&fds, nfds_t(fds.count), wait) < 0 && errno != EINTR {
            throw TestFailure("poll failed: errno \(errno)")
        }
        for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
            // At its end the descriptor stays open (closed by the defer) but leaves the poll set.
            if !drain(index) { fds[index].fd = -1 }
        }
    }
    // As Foundation's terminationStatus: the exit code, or the number of the signal that ended it.
    let code = status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
    return ProcessResult(code: code, stdout: String(decoding: outputs[0], as: UTF8.self),
                         stderr: String(decoding: outputs[1], as: UTF8.self))
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A running vmctl-sandbox on a free loopback port, stopped (SIGTERM) when the value goes away.
final class SandboxProcess {
    let process = Process()
    let url: String
    let apiKey: String
    private let output: Pipe

    /// Lines the sandbox printed at start, after the key (the product hints).
    let banner: String

    /// With `VMCTL_EXCHANGE_LOG_DIR` set, every sandbox logs its exchanges to a file of its own there,
    /// for Tests/Contract/validate.py (see ContractTests).
    init(arguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: sandboxPath)
        var arguments = arguments
        if let directory = ProcessInfo.processInfo.environment["VMCTL_EXCHANGE_LOG_DIR"], !directory.isEmpty,
           !arguments.contains("--exchange-log") {
            arguments += ["--exchange-log", directory + "/sandbox-" + UUID().uuidString + ".jsonl"]
        }
        process.arguments = ["--port", "0", "--parent-pid", String(getpid())] + arguments
        output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        // A sandbox that never finishes its banner is killed, which ends the read below.
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
        defer { watchdog.cancel() }
        while !(text.contains("\nTry: ") && text.hasSuffix("\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw TestFailure("sandbox did not start: \(text)") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let lines = text.split(separator: "\n").map(String.init)
        guard lines[0].hasPrefix("vmctl-sandbox listening on http://127.0.0.1:"), lines[1].hasPrefix("API key: ") else {
            throw TestFailure("unexpected sandbox banner: \(text)")
        }
        url = String(lines[0].dropFirst("vmctl-sandbox listening on ".count))
        apiKey = String(lines[1].dropFirst("API key: ".count))
        banner = text
    }

    /// The Dedicated account and cluster IDs the sandbox printed (in its Dedicated profile command).
    var dedicatedIDs: (account: String, cluster: String) {
        let line = banner.split(separator: "\n").first { $0.contains("--account-id ") }!
        let words = line.split(separator: " ").map(String.init)
        return (words[words.firstIndex(of: "--account-id")! + 1], words[words.firstIndex(of: "--cluster-id")! + 1])
    }

    /// Sends SIGTERM and waits (SIGKILL after 30s, past the sandbox's own stop of its VictoriaMetrics);
    /// returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        ChildProcess.stop(process, grace: 30)
        return process.terminationStatus
    }

    deinit { stop() }

    /// Calls the sandbox's admin API (or any path) with URLSession, independent of vmctl. Its answer may be
    /// dropped: an admin call that fails to parse still throws.
    @discardableResult
    func call(_ method: String, _ path: String, body: String? = nil) async throws -> JSONValue {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.utf8) }
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONParser.parse(String(decoding: data, as: UTF8.self))
    }

    func injectFault(_ json: String) async throws { _ = try await call("POST", "/_sandbox/faults", body: json) }

    /// Calls the InfluxDB 2 API directly with the sandbox's operator token.
    func influx(_ method: String, _ path: String, body: String? = nil) async throws -> JSONValue {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = method
        request.setValue("Token \(apiKey)", forHTTPHeaderField: "Authorization")
        if let body { request.httpBody = Data(body.utf8) }
        let (data, _) = try await URLSession.shared.data(for: request)
        return data.isEmpty ? .null : try JSONParser.parse(String(decoding: data, as: UTF8.self))
    }

    /// The requests the emulated APIs received, as "METHOD /path".
    func requestLog() async throws -> [String] {
        try await call("GET", "/_sandbox/requests").arrayValue!.map { "\($0["method"]!.stringValue!) \($0["path"]!.stringValue!)" }
    }

    func state() async throws -> JSONValue { try await call("GET", "/_sandbox/state") }

    /// The ID of a seeded deployment by name.
    func deploymentID(_ name: String) async throws -> String {
        try await state()["deployments"]!.arrayValue!.first { $0["name"]?.stringValue == name }!["id"]!.stringValue!
    }

    /// Secrets of the tokens of a deployment, by token ID.
    func tokenSecrets(_ deploymentID: String) async throws -> [String: String] {
        let tokens = try await state()["tokens"]?[deploymentID]?.arrayValue ?? []
        return Dictionary(uniqueKeysWithValues: tokens.map { ($0["id"]!.stringValue!, $0["value"]!.stringValue!) })
    }
}

/// A user's world for vmctl: a temporary HOME and config path, and a clean environment.
final class VMCtlUser {
    let home: String
    var environment: [String: String]
    var configPath: String { home + "/.config/vmctl/config.toml" }

    init() {
        home = NSTemporaryDirectory() + "vmctl-e2e-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        environment = ["HOME": home, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8"]
    }

    deinit { try? FileManager.default.removeItem(atPath: home) }

    @discardableResult
    func vmctl(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:], timeout: Double = 60) throws -> ProcessResult {
        try runProcess(vmctlPath, arguments, environment: environment.merging(extra) { $1 }, stdin: stdin, timeout: timeout)
    }

    /// Runs vmctl and measures its own peak resident memory (`peakKiB`). Not by wait4 from this process:
    /// posix_spawn starts a child in this process's memory (vfork), and Linux counts this process's peak
    /// as the child's when it execs, so a test process that has grown large would see any child as large.
    /// A small python3 forks (a copy of itself, ~10 MB) and execs vmctl, and reports wait4's figure.
    func vmctlMeasuringMemory(_ arguments: [String], timeout: Double = 60) throws -> ProcessResult {
        guard let python = ProcessRunner.find("python3", path: ProcessInfo.processInfo.environment["PATH"]) else {
            throw TestFailure("python3 is needed to measure vmctl's memory")
        }
        let report = home + "/peak-\(UUID().uuidString)"
        let script = """
            import os, sys
            pid = os.fork()
            if pid == 0:
                os.execv(sys.argv[1], sys.argv[1:])
            _, status, usage = os.wait4(pid, 0)
            open(os.environ["VMCTL_TEST_PEAK_FILE"], "w").write(str(usage.ru_maxrss))
            sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
            """
        var result = try runProcess(python, ["-c", script, vmctlPath] + arguments,
                                    environment: environment.merging(["VMCTL_TEST_PEAK_FILE": report]) { $1 }, timeout: timeout)
        defer { try? FileManager.default.removeItem(atPath: report) }
        result.peakKiB = Int((try? String(contentsOfFile: report, encoding: .utf8)) ?? "") ?? 0
        return result
    }

    /// Creates profile `name` for one of the sandbox's InfluxDB 3 clusters.
    func createInfluxDB3Profile(_ name: String, product: String, sandbox: SandboxProcess, key: String? = nil) throws {
        var args = ["profile", "create", name, "--product", product, "--api-key-stdin"]
        if product == "dedicated" {
            let (account, cluster) = sandbox.dedicatedIDs
            args += ["--url", sandbox.url + "/api/v0", "--account-id", account, "--cluster-id", cluster]
        } else {
            // The cluster's host, as the README shows: vmctl adds the API's base path, /api/v0.
            args += ["--url", sandbox.url]
        }
        let r = try vmctl(args, stdin: (key ?? sandbox.apiKey) + "\n")
        guard r.code == 0 else { throw TestFailure("profile create failed: \(r.stderr)") }
    }

    /// Creates an influxdb2 profile for the sandbox's InfluxDB 2 org.
    func createInfluxDB2Profile(_ name: String, sandbox: SandboxProcess, key: String? = nil, org: [String] = ["--org", "sandbox-org"]) throws {
        let r = try vmctl(["profile", "create", name, "--product", "influxdb2", "--url", sandbox.url, "--api-key-stdin"] + org,
                          stdin: (key ?? sandbox.apiKey) + "\n")
        guard r.code == 0 else { throw TestFailure("profile create failed: \(r.stderr)") }
    }

    /// Creates profile `name` for the sandbox with the key piped on stdin.
    func createProfile(_ name: String = "sandbox", sandbox: SandboxProcess, key: String? = nil, deployment: String? = "prod-cluster") throws {
        var args = ["profile", "create", name, "--product", "vmcloud", "--url", sandbox.url, "--api-key-stdin"]
        if let deployment { args += ["--deployment", deployment] }
        let r = try vmctl(args, stdin: (key ?? sandbox.apiKey) + "\n")
        guard r.code == 0 else { throw TestFailure("profile create failed: \(r.stderr)") }
    }
}

/// External tools some tests need. Where `VMCTL_REQUIRE_TOOLS=1` (CI), a missing tool fails those tests
/// instead of skipping them.
enum Tools {
    static func available(_ name: String) -> Bool {
        if ProcessInfo.processInfo.environment["VMCTL_REQUIRE_TOOLS"] == "1" { return true }
        return ProcessRunner.find(name, path: ProcessInfo.processInfo.environment["PATH"]) != nil
    }
}

/// The repository's root, from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
