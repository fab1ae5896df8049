import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// A transport that answers from a script of expected requests and records everything. Requests to the
/// same method and path are answered in the script's order; requests to different ones may come in any
/// order (vmctl sends some side by side). It verifies itself: when the test lets go of it, a request that was not the next expected one, or an
/// expected request that was never sent, fails the test that made it (at the line that made it).
final class StubTransport: HTTPTransport, @unchecked Sendable {
    struct Expectation {
        var method: String
        var path: String
        var outcome: Result<HTTPResponse, TransportError>
    }

    private let lock = NSLock()
    private var expectations: [Expectation] = []
    private var recorded: [HTTPRequest] = []
    private var surprises: [String] = []
    private let createdAt: SourceLocation
    /// Whether unexpected requests are only recorded (and refused as a network failure), not test failures.
    private let permissive: Bool

    /// - Parameter permissive: requests nobody scripted are recorded and fail as a network error, without
    ///   failing the test (for tests that only ask whether a request was sent at all).
    init(permissive: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        self.permissive = permissive
        createdAt = sourceLocation
    }

    deinit {
        if !surprises.isEmpty && !permissive {
            Issue.record("the stub got requests it did not expect: \(surprises.joined(separator: ", "))", sourceLocation: createdAt)
        }
        if !expectations.isEmpty {
            let missing = expectations.map { "\($0.method) \($0.path)" }.joined(separator: ", ")
            Issue.record("the stub expected requests that were never sent: \(missing)", sourceLocation: createdAt)
        }
    }

    @discardableResult
    func expect(_ method: String, _ path: String, status: Int = 200, json: String = "{}", headers: [String: String] = [:]) -> Self {
        var all = headers
        all["Content-Type"] = all["Content-Type"] ?? "application/json"
        lock.withLock {
            expectations.append(Expectation(method: method, path: path,
                                            outcome: .success(HTTPResponse(status: status, headers: all, body: Data(json.utf8)))))
        }
        return self
    }

    /// A body of any bytes, UTF-8 or not.
    @discardableResult
    func expect(_ method: String, _ path: String, status: Int = 200, bytes: [UInt8]) -> Self {
        lock.withLock {
            expectations.append(Expectation(method: method, path: path,
                                            outcome: .success(HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(bytes)))))
        }
        return self
    }

    @discardableResult
    func expect(_ method: String, _ path: String, failure: TransportError) -> Self {
        lock.withLock { expectations.append(Expectation(method: method, path: path, outcome: .failure(failure))) }
        return self
    }

    var requests: [HTTPRequest] { lock.withLock { recorded } }
    var unexpected: [String] { lock.withLock { surprises } }
    var remaining: [String] { lock.withLock { expectations.map { "\($0.method) \($0.path)" } } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let next: Expectation? = lock.withLock {
            recorded.append(request)
            let target = request.url.path + (request.url.query.map { "?\($0)" } ?? "")
            guard let index = expectations.firstIndex(where: { $0.method == request.method && $0.path == target }) else {
                surprises.append("\(request.method) \(target)")
                return nil
            }
            return expectations.remove(at: index)
        }
        guard let next else {
            if permissive { throw TransportError.cannotConnect("no server in this test") }
            throw TransportError.other("unexpected request \(request.method) \(request.url.path)")
        }
        return try next.outcome.get()
    }
}

/// What one in-process run of vmctl printed and returned.
struct RunOutput {
    var code: Int32
    var stdout: String
    var stderr: String
    /// The sleeps the retry logic asked for.
    var sleeps: [Double]
    /// The CA files the run made the process trust (`Dependencies.trustCertificateAuthority`), nil for the
    /// system's, in order.
    var trusted: [String?] = []
}

/// Records what `Dependencies.trustCertificateAuthority` was asked, and refuses a file when told to (as a
/// program without vmctl's libcurl hook does).
final class TrustRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String?] = []
    let hookInstalled: Bool
    init(hookInstalled: Bool = true) { self.hookInstalled = hookInstalled }
    func trust(_ path: String?) throws {
        lock.withLock { values.append(path) }
        if path != nil && !hookInstalled { throw TrustedCertificateAuthority.HookNotInstalled() }
    }
    var all: [String?] { lock.withLock { values } }
}

/// Records sleeps instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double] = []
    func record(_ s: Double) { lock.withLock { values.append(s) } }
    var all: [Double] { lock.withLock { values } }
    /// A clock that moves only when something sleeps.
    func now() -> Date { Date(timeIntervalSince1970: 1_795_000_000 + lock.withLock { values.reduce(0, +) }) }
}

/// A temporary directory removed when the value goes away.
final class TemporaryDirectory {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "vmctl-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String, mode: Int = 0o600) -> String {
        let file = path + "/" + name
        #expect(FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: mode]), "cannot write \(file)")
        return file
    }

    func read(_ name: String) -> String? { try? String(contentsOfFile: path + "/" + name, encoding: .utf8) }
}

let sandboxKey = "vmc-test-key-0123456789abcdef"
let prodID = "0f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
let singleID = "11111111-2222-4333-8444-555555555555"

/// A config with one vmcloud profile on loopback, named "test", deployment given by ID.
func vmcloudConfig(deployment: String = prodID, url: String = "http://127.0.0.1:9") -> String {
    """
    default_profile = "test"

    [[profile]]
    name = "test"
    product = "vmcloud"
    url = "\(url)"
    deployment = "\(deployment)"
    api_key = "\(sandboxKey)"
    """
}

/// Runs vmctl in-process with a stub transport, in-memory streams and a config in a temporary directory.
func runVMCtl(_ arguments: [String], config: String? = vmcloudConfig(), stub: StubTransport = StubTransport(),
              environment: [String: String] = [:], stdin: String = "", stdinTTY: Bool = false,
              stdoutTTY: Bool = false, stderrTTY: Bool = false, width: Int? = nil, directory: TemporaryDirectory = TemporaryDirectory(),
              runProgram: @escaping @Sendable (String, [String]) throws -> ProcessRunner.Result = ProcessRunner.run,
              trust: TrustRecorder = TrustRecorder()) async -> RunOutput {
    var env = environment
    if env["VMCTL_CONFIG"] == nil {
        env["VMCTL_CONFIG"] = directory.path + "/config.toml"
        if let config { _ = directory.write("config.toml", config) }
    }
    env["HOME"] = env["HOME"] ?? directory.path
    let out = MemorySink(), err = MemorySink()
    let io = IOStreams(stdin: MemorySource(stdin), stdout: out, stderr: err, stdinIsTTY: stdinTTY, stdoutIsTTY: stdoutTTY,
                       stderrIsTTY: stderrTTY, terminalWidth: width)
    let sleeps = SleepRecorder()
    let dependencies = Dependencies(transport: { stub }, sleep: { sleeps.record($0) }, random: { 0.5 },
                                    now: { sleeps.now() }, runProgram: runProgram, trustCertificateAuthority: { try trust.trust($0) })
    let code = await VMCtl.main(arguments: arguments, environment: env, io: io, dependencies: dependencies)
    return RunOutput(code: code, stdout: out.text, stderr: err.text, sleeps: sleeps.all, trusted: trust.all)
}

/// Parses argv with the real command tree.
func parse(_ arguments: [String]) throws -> Invocation {
    try Parser(root: CommandTree.root(for: Products.registry), products: Products.registry).parse(arguments)
}

/// The parsed command when argv runs one; nil for help or the version.
func parsedRun(_ arguments: [String]) throws -> ParsedCommand? {
    if case .run(let parsed) = try parse(arguments) { return parsed }
    return nil
}

/// Parses argv and builds the leaf command's typed options.
func command<C: RunnableCommand>(_ type: C.Type, _ arguments: [String]) throws -> C {
    guard case .run(let parsed) = try parse(arguments) else { throw VMCtlError.failure("not a run") }
    guard parsed.spec.runner == C.self else { throw VMCtlError.failure("parsed as \(parsed.commandLine)") }
    return try C(parsed)
}

/// The usage error a parse produces, or nil.
func usageError(_ arguments: [String]) -> VMCtlError? {
    do {
        switch try parse(arguments) {
        case .run(let parsed):
            _ = try parsed.spec.runner!.init(parsed)
            return nil
        default:
            return nil
        }
    } catch let error as VMCtlError {
        return error
    } catch {
        return nil
    }
}

/// `GET /deployments/{prodID}`: what `token create` asks, alongside the create, for the new token's URLs.
let prodInfoPath = "/api/v1/deployments/\(prodID)"
let prodInfoJSON = #"{"id":"\#(prodID)","name":"prod","type":"cluster","status":"RUNNING","access_endpoint":"https://gw.example.com"}"#

let tokenListJSON = """
[{"id":"tok-1","value":"abcd****","type":"rw","description":"default","created_by":"system","created_at":"2026-01-02T03:04:05Z"},
 {"id":"tok-2","value":"efgh****","type":"r","description":"grafana team 12","created_by":"alice","created_at":"2026-02-03T04:05:06Z","tenant_id":"12:0","last_used_at":"2026-11-20T00:00:00Z"}]
"""

/// The products as vmctl registers them, for tests that build configs, parsers and views by hand.
let products = Products.registry

extension ProductDescriptor {
    static var vmcloud: ProductDescriptor { VMCloudProduct.descriptor }
    static var dedicated: ProductDescriptor { InfluxDB3Product.dedicated }
    static var clustered: ProductDescriptor { InfluxDB3Product.clustered }
    static var influxdb2: ProductDescriptor { InfluxDB2Product.descriptor }
}
