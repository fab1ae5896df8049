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
    /// The last non-empty stdout line (where vmctl prints a secret).
    var lastLine: String { stdout.split(separator: "\n").last.map(String.init) ?? "" }
}

/// Runs a program to completion with the given stdin, killing it after `timeout` seconds.
func runProcess(_ path: String, _ arguments: [String], environment: [String: String], stdin: String? = nil,
                stdinHandle: FileHandle? = nil, interruptAfter: Double? = nil, directory: String? = nil,
                timeout: Double = 60) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.environment = environment
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    if let stdinHandle {
        process.standardInput = stdinHandle
    } else {
        process.standardInput = input
    }
    try process.run()
    if stdinHandle == nil {
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
    }
    // Both pipes are read here, on this thread, with poll(2): no thread pool to wait for, so a busy
    // machine running many tests at once makes a run slower, never stuck.
    let start = Date()
    var interruptAt = interruptAfter.map { start.addingTimeInterval($0) }
    let deadline = start.addingTimeInterval(timeout)
    var outputs = [Data(), Data()]
    var fds = [pollfd(fd: out.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0),
               pollfd(fd: err.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)]
    var buffer = [UInt8](repeating: 0, count: 65536)
    while fds.contains(where: { $0.fd >= 0 }) {
        let now = Date()
        if let at = interruptAt, now >= at {
            kill(process.processIdentifier, SIGINT)
            interruptAt = nil
        }
        if now >= deadline {
            process.terminate()
            throw TestFailure("\(path) \(arguments) did not finish within \(timeout)s")
        }
        let until = min(deadline, interruptAt ?? deadline)
        let wait = Int32(max(1, min(1000, until.timeIntervalSince(now) * 1000)))
        if poll(&fds, nfds_t(fds.count), wait) < 0 {
            if errno == EINTR { continue }
            throw TestFailure("poll failed: errno \(errno)")
        }
        for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
            let count = read(fds[index].fd, &buffer, buffer.count)
            if count > 0 {
                outputs[index].append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR && errno != EAGAIN {
                fds[index].fd = -1
            }
        }
    }
    while process.isRunning {
        if Date() >= deadline {
            process.terminate()
            throw TestFailure("\(path) \(arguments) closed its output but did not exit within \(timeout)s")
        }
        usleep(2000)
    }
    return ProcessResult(code: process.terminationStatus, stdout: String(decoding: outputs[0], as: UTF8.self),
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
        process.arguments = ["--port", "0"] + arguments
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
    func vmctl(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:]) throws -> ProcessResult {
        try runProcess(vmctlPath, arguments, environment: environment.merging(extra) { $1 }, stdin: stdin)
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
