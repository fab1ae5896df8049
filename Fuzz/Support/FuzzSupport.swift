@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport
import Foundation
import Dispatch

// Shared by every fuzz target (scripts/fuzz.sh compiles this folder with each target).
// A target calls `fuzzFail` when a property it checks does not hold: that stops libFuzzer with the
// input saved, exactly like a crash, because a broken property is a bug too.

/// The fuzz input as bytes.
func fuzzBytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// Stops the run: the input is written out by libFuzzer as a crash.
func fuzzFail(_ message: String) -> Never {
    fatalError("fuzz property broken: \(message)")
}

/// The input split on NUL bytes: argv words, or bodies of successive answers.
func fuzzSplit(_ bytes: some Collection<UInt8>) -> [String] {
    bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
}

/// Holds the result of async work for a synchronous caller.
final class FuzzBox<T>: @unchecked Sendable {
    var value: T?
}

/// Runs async work to completion from libFuzzer's synchronous callback.
func fuzzBlocking<T>(_ body: @escaping @Sendable () async -> T) -> T {
    let box = FuzzBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        box.value = await body()
        done.signal()
    }
    done.wait()
    return box.value!
}

/// Every exit code docs/contract.md (exit codes) documents for a run that was not interrupted.
let documentedExitCodes: Set<Int32> = [0, 1, 2, 3, 4, 5, 6, 7]

// MARK: - Server answers

/// A server that answers the n-th request with the n-th body (the last one again after that), all with
/// one status. It counts requests, so a command that never stops asking is caught.
final class ScriptedServer: HTTPTransport, @unchecked Sendable {
    static let requestLimit = 50_000
    private let lock = NSLock()
    private let bodies: [Data]
    private let status: Int
    private let headers: [String: String]
    private(set) var requests = 0

    init(bodies: [Data], status: Int, headers: [String: String]) {
        self.bodies = bodies.isEmpty ? [Data()] : bodies
        self.status = status
        self.headers = headers
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let n = lock.withLock { requests += 1; return requests }
        if n > Self.requestLimit { fuzzFail("\(request.method) \(request.url.path): more than \(Self.requestLimit) requests for one command") }
        return HTTPResponse(status: status, headers: headers, body: bodies[min(n - 1, bodies.count - 1)])
    }
}

/// A clock that moves only when vmctl sleeps, so waits and retries cost no time.
final class VirtualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var elapsed = 0.0
    func sleep(_ seconds: Double) { lock.withLock { elapsed += max(0, seconds) } }
    func now() -> Date { Date(timeIntervalSince1970: 1_795_000_000 + lock.withLock { elapsed }) }
}

/// The profiles the response targets use, one per product and way of naming things; each target writes
/// the ones it needs (reading the config is most of the cost of a run), once per process, to a private file.
enum FuzzConfig {
    static let apiKey = "vmc-fuzz-key-6f1d0c2b9a8e7f60"
    static let deploymentID = "0f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
    static let profiles: KeyValuePairs<String, String> = [
        "vmc": """
        product = "vmcloud"
        url = "http://127.0.0.1:9"
        deployment = "\(deploymentID)"
        """,
        "vmc-by-name": """
        product = "vmcloud"
        url = "http://127.0.0.1:9"
        deployment = "prod-cluster"
        """,
        "dedicated": """
        product = "dedicated"
        url = "http://127.0.0.1:9/api/v0"
        account_id = "11111111-2222-4333-8444-555555555555"
        cluster_id = "66666666-7777-4888-8999-aaaaaaaaaaaa"
        """,
        "clustered": """
        product = "clustered"
        url = "http://127.0.0.1:9"
        """,
        "influx2": """
        product = "influxdb2"
        url = "http://127.0.0.1:9"
        org_id = "0a1b2c3d4e5f6071"
        """,
        "influx2-by-name": """
        product = "influxdb2"
        url = "http://127.0.0.1:9"
        org = "sandbox-org"
        """,
    ]

    /// Writes a config holding `names` (the first is the default) and returns its path.
    static func write(_ names: [String]) -> String {
        var text = "default_profile = \"\(names[0])\"\n"
        for name in names {
            guard let body = profiles.first(where: { $0.key == name })?.value else { fatalError("no fuzz profile \(name)") }
            text += "\n[[profile]]\nname = \"\(name)\"\n\(body)\napi_key = \"\(apiKey)\"\n"
        }
        let directory = NSTemporaryDirectory() + "vmctl-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let file = directory + "/config.toml"
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            fatalError("cannot write \(file)")
        }
        atexit { try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "vmctl-fuzz-\(getpid())") }
        return file
    }
}

/// A command run against scripted answers. The first byte of the input picks the command, the second the
/// output format, `--debug`, a terminal, and the status; the rest, split on NUL, are the bodies of the
/// answers in order.
struct ResponseFuzzCase {
    var arguments: [String]
    var bodies: [Data]
    var status: Int
    var json: Bool
    var debug: Bool
    var terminalWidth: Int?

    static let statuses = [200, 200, 200, 200, 200, 200, 200, 200, 201, 204, 302, 400, 401, 404, 409, 503]

    init?(_ bytes: [UInt8], commands: [[String]]) {
        guard bytes.count >= 2 else { return nil }
        let options = bytes[1]
        arguments = commands[Int(bytes[0]) % commands.count]
        json = options & 1 != 0
        debug = options & 2 != 0
        terminalWidth = options & 4 != 0 ? (options & 8 != 0 ? 40 : 120) : nil
        status = Self.statuses[Int(options >> 4)]
        bodies = bytes.dropFirst(2).split(separator: 0, omittingEmptySubsequences: false).map { Data($0) }
        if json { arguments += ["--format", "json"] }
        if debug { arguments.append("--debug") }
    }

    /// Runs vmctl in-process and checks what every run must satisfy, whatever the server said.
    func run(config: String) {
        let server = ScriptedServer(bodies: bodies, status: status, headers: ["Content-Type": "application/json", "Retry-After": "1"])
        let clock = VirtualClock()
        let out = MemorySink(), err = MemorySink()
        let io = IOStreams(stdin: MemorySource(), stdout: out, stderr: err, stdinIsTTY: false, stdoutIsTTY: terminalWidth != nil,
                           stderrIsTTY: false, terminalWidth: terminalWidth)
        let dependencies = Dependencies(transport: { server }, sleep: { clock.sleep($0) }, random: { 0.5 }, now: { clock.now() },
                                        runCommand: { _, _ in fuzzFail("no command may run") },
                                        runProgram: { _, _ in fuzzFail("no program may run") })
        let environment = ["VMCTL_CONFIG": config, "HOME": "/nonexistent", "NO_COLOR": "1"]
        let arguments = self.arguments
        let code = fuzzBlocking { await VMCtl.main(arguments: arguments, environment: environment, io: io, dependencies: dependencies) }
        let stdout = out.text, stderr = err.text
        if ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil {
            print("$ vmctl \(arguments.joined(separator: " ")) [HTTP \(status), \(server.requests) requests] → exit \(code)\n\(stdout)\(stderr)")
        }
        guard documentedExitCodes.contains(code) else { fuzzFail("exit code \(code) for \(arguments)") }
        if json {
            if !stdout.isEmpty, (try? JSONParser.parse(stdout)) == nil { fuzzFail("--format json printed invalid JSON: \(stdout)") }
            // stderr is JSON lines, one of them the error object of a failed run (docs/json.md, stderr);
            // --debug adds its exchange lines, whose bodies may be anything.
            let objects = stderr.split(separator: "\n").map { (line: $0, value: try? JSONParser.parse(String($0))) }
            if !debug, let bad = objects.first(where: { $0.value == nil }) { fuzzFail("a line on stderr that is not JSON: \(bad.line)") }
            let errors = objects.compactMap { $0.value?["error"] }
            if code != 0 && !errors.contains(where: { $0["exit_code"] == .int(Int64(code)) }) {
                fuzzFail("exit code \(code) without its JSON error object on stderr for \(arguments): \(stderr)")
            }
        } else if code != 0 && !stderr.contains("Error: ") {
            fuzzFail("exit code \(code) without an Error: line for \(arguments)")
        }
    }
}
