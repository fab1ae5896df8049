import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SandboxCore
import SandboxInfluxDB2
import SandboxInfluxDB3
import SandboxVMCloud
import VMCtlSupport

/// The sandbox: the emulated APIs behind one HTTP server, plus a test-only admin API under `/_sandbox`
/// to inject faults, read the request log and inspect the state.
public final class Sandbox: @unchecked Sendable {
    public struct Options: Sendable {
        public var port: UInt16 = 0
        /// The API key to accept; a random one when nil.
        public var apiKey: String?
        /// Keep state in this file across restarts.
        public var statePath: String?
        /// Seconds a new deployment stays PROVISIONING.
        public var provisioningDelay: Double = 3
        /// Append one JSON line per HTTP exchange to this file (see `ExchangeLog`).
        public var exchangeLogPath: String?
        /// Serve the provisional API-key endpoints (see `VMCloudEmulator.servesAPIKeys`).
        public var apiKeyEndpoint = true
        /// Run the VictoriaMetrics Cloud data plane: this `victoria-metrics` executable behind the gateway
        /// (see `SandboxDataPlane`); nil: none, and access endpoints lead nowhere.
        public var victoriaMetricsPath: String?
        /// Ports of the InfluxDB 3 clusters' data URLs; 0 picks a free one.
        public var dedicatedDataPort: UInt16 = 0
        public var clusteredDataPort: UInt16 = 0
        /// Seconds every API answer is held back, as a real API's round trip (not the admin API's).
        public var latency: Double = 0
        /// Access tokens added to the cluster deployment at start, beyond its tier's limit.
        public var seedTokens = 0
        /// Stop when this process is gone (checked every second): the test run that started the sandbox.
        public var parentPID: pid_t?

        public init(port: UInt16 = 0, apiKey: String? = nil, statePath: String? = nil, provisioningDelay: Double = 3,
                    exchangeLogPath: String? = nil, apiKeyEndpoint: Bool = true) {
            self.port = port
            self.apiKey = apiKey
            self.statePath = statePath
            self.provisioningDelay = provisioningDelay
            self.exchangeLogPath = exchangeLogPath
            self.apiKeyEndpoint = apiKeyEndpoint
        }
    }

    /// A fault to act out instead of answering matching requests.
    struct Fault {
        var method: String?
        var path: String?
        var pathPrefix: String?
        var status: Int?
        var retryAfter: String?
        var drop: Bool
        var delay: Double
        var remaining: Int

        func matches(_ r: SandboxRequest) -> Bool {
            (method == nil || method == r.method) && (path == nil || path == r.path)
                && (pathPrefix == nil || r.path.hasPrefix(pathPrefix!))
        }
    }

    struct LoggedRequest {
        var method: String
        var path: String
        var status: Int
        var userAgent: String?
        var authenticated: Bool
    }

    public let apiKey: String
    public private(set) var server: HTTPServer!
    private let options: Options
    let lock = NSLock()
    var state: SandboxState
    private var faults: [Fault] = []
    private var log: [LoggedRequest] = []
    private let vmcloud: VMCloudEmulator
    private let influxdb3: InfluxDB3Emulator
    private let influxdb2 = InfluxDB2Emulator()
    /// The data endpoints: InfluxDB 2's on this server, the others on listeners of their own.
    let dataPlane: SandboxDataPlane
    private let exchangeLog: ExchangeLog?
    /// Where state files are written, one after another, away from the threads that answer requests.
    private let saves: DispatchQueue
    /// A save is due (with `lock` held); `stopped`: no more saves after the last one at stop.
    private var saveDue = false
    private var stopped = false

    public init(options: Options) throws {
        self.options = options
        apiKey = options.apiKey ?? "vmc-sandbox-" + Random.secret(length: 32)
        if let path = options.statePath, let saved = try SandboxState.load(path: path) {
            state = saved
        } else {
            state = SandboxState.seeded(now: Date())
        }
        state.influxdb2.ensureOperator(token: apiKey)
        if options.seedTokens > 0 { state.vmcloud.seedTokens(options.seedTokens, now: Date()) }
        let dataPlane = try SandboxDataPlane(options: options)
        var vmcloud = VMCloudEmulator(apiKey: apiKey, provisioningDelay: options.provisioningDelay, servesAPIKeys: options.apiKeyEndpoint)
        vmcloud.accessEndpointOverride = dataPlane.accessEndpoint
        self.vmcloud = vmcloud
        self.dataPlane = dataPlane
        influxdb3 = InfluxDB3Emulator(apiKey: apiKey)
        exchangeLog = try options.exchangeLogPath.map(ExchangeLog.init(path:))
        if let path = options.statePath { try state.save(path: path) }
        saves = DispatchQueue(label: "sandbox-state-saves")
        server = try HTTPServer(port: options.port) { [unowned self] request in self.handle(request) }
        dataPlane.attach(self)
    }

    deinit {
        server?.stop()
        dataPlane.stop()
    }

    public var url: String { "http://127.0.0.1:\(server.port)" }

    /// Stops the server and writes the state one last time.
    public func stop() {
        server.stop()
        dataPlane.stop()
        guard let path = options.statePath else { return }
        let last: SandboxState? = lock.withLock {
            guard !stopped else { return nil }
            stopped = true
            return state
        }
        saves.sync { if let last { write(last, to: path) } }
    }

    func handle(_ request: SandboxRequest) -> SandboxResponse {
        if request.path.hasPrefix("/_sandbox/data-plane") { return dataPlane.admin(request) }
        if request.path.hasPrefix("/_sandbox/") { return admin(request) }
        var response = answerHoldingLock(request)
        // Held back by the connection's own thread after the lock is released: other requests go on.
        response.delay += options.latency
        return response
    }

    private func answerHoldingLock(_ request: SandboxRequest) -> SandboxResponse {
        lock.withLock {
            if state.vmcloud.advance(now: Date()) { persist() }
            var response: SandboxResponse
            var product: String?
            var faulted = false
            if let index = faults.firstIndex(where: { $0.matches(request) }) {
                let fault = faults[index]
                faults[index].remaining -= 1
                if faults[index].remaining <= 0 { faults.remove(at: index) }
                if let status = fault.status {
                    response = Reply.error(status, "injected fault")
                    if let retryAfter = fault.retryAfter { response.headers.append(("Retry-After", retryAfter)) }
                    faulted = true
                } else {
                    (response, product) = answer(request)
                }
                response.dropConnection = fault.drop
                response.delay = fault.delay
                faulted = faulted || fault.drop
            } else {
                (response, product) = answer(request)
            }
            exchangeLog?.record(request, response, product: product, fault: faulted)
            let key = request.header("X-VM-Cloud-Access") ?? request.header("Authorization").map { String($0.drop { $0 != " " }.dropFirst()) }
            log.append(LoggedRequest(method: request.method, path: request.path, status: response.dropConnection ? 0 : response.status,
                                     userAgent: request.header("User-Agent"),
                                     authenticated: key == apiKey || state.vmcloud.apiKeys.contains { $0.value == key }
                                         || state.influxdb2.authorizations.contains { $0.token == key }))
            return response
        }
    }

    /// The emulated API's answer and the product that gave it (nil: none claimed the path); state
    /// changes are saved. Called with the lock held.
    private func answer(_ request: SandboxRequest) -> (SandboxResponse, String?) {
        let now = Date()
        let (response, product): (SandboxResponse, String?)
        if let r = vmcloud.handle(request, state: &state.vmcloud, now: now) {
            (response, product) = (r, "vmcloud")
        } else if let (r, flavor) = influxdb3.handle(request, state: &state.influxdb3, now: now) {
            (response, product) = (r, flavor.name)
        } else if let r = dataPlane.influxdb2.handle(request, state: state.influxdb2, now: now) {
            (response, product) = (r, "influxdb2")
        } else if let r = influxdb2.handle(request, state: &state.influxdb2, now: now) {
            (response, product) = (r, "influxdb2")
        } else {
            (response, product) = (Reply.error(404, "no such endpoint: \(request.method) \(request.path)"), nil)
        }
        if request.method != "GET" && (200..<300).contains(response.status) { persist() }
        return (response, product)
    }

    /// The environment variable the printed commands read the API key from: the key never goes on a
    /// command line (docs/contract.md, secrets).
    public static let keyVariable = "SANDBOX_KEY"

    /// A `vmctl profile create` command per product, complete and runnable as printed once `keyVariable`
    /// is set: the URLs, IDs, default deployment and org of this sandbox, and each InfluxDB 3 cluster's data
    /// URL (where `token check` and the examples go). Each profile is named for its product.
    public var profileCommands: [(product: String, command: String)] {
        let (account, cluster, org) = lock.withLock {
            (state.influxdb3.dedicatedAccountID, state.influxdb3.dedicatedClusterID, state.influxdb2.orgs.first?.name)
        }
        return [
            ("vmcloud", vmcloudProfileCommand(name: "vmcloud")),
            ("dedicated", Self.profileCommand("dedicated", "dedicated", ["--url", url + "/api/v0", "--account-id", account,
                                                                         "--cluster-id", cluster, "--data-url", dataPlane.dataURL(.dedicated)])),
            ("clustered", Self.profileCommand("clustered", "clustered", ["--url", url, "--data-url", dataPlane.dataURL(.clustered)])),
            ("influxdb2", Self.profileCommand("influxdb2", "influxdb2", ["--url", url] + (org.map { ["--org", $0] } ?? []))),
        ]
    }

    /// A vmcloud profile on the sandbox with a default deployment (its first cluster deployment), so that
    /// token commands work without `--deployment`: the banner's `Try:` line.
    public func vmcloudProfileCommand(name: String) -> String {
        let deployment = lock.withLock { (state.vmcloud.deployments.first { $0.type == "cluster" } ?? state.vmcloud.deployments.first)?.name }
        return Self.profileCommand(name, "vmcloud", ["--url", url] + (deployment.map { ["--deployment", $0] } ?? []))
    }

    private static func profileCommand(_ name: String, _ product: String, _ flags: [String]) -> String {
        ShellQuote.line(["vmctl", "profile", "create", name, "--product", product] + flags + ["--api-key-env", keyVariable])
    }

    /// How to set `keyVariable` in a POSIX shell (a builtin: the key is in no process's arguments).
    public var keyExport: String { "export \(Self.keyVariable)=\(ShellQuote.word(apiKey))" }

    /// The banner's lines on profiles: how to set the key's variable, then one command per product.
    public var productHints: String {
        var lines = ["Profiles, one per product; each reads the API key above from \(Self.keyVariable), which the first line sets"
                     + " (the key is also InfluxDB 2's operator token):",
                     "  " + keyExport]
        lines += profileCommands.map { "  " + $0.command }
        return lines.joined(separator: "\n")
    }

    /// Schedules a save of the state after a change (called with the lock held). Nothing is written without
    /// `--state`; with it, changes within 50 ms share one write, made in the background from a snapshot,
    /// so a request never waits for the file.
    private func persist() {
        guard let path = options.statePath, !saveDue, !stopped else { return }
        saveDue = true
        saves.asyncAfter(deadline: .now() + 0.05) { [weak self] in
            guard let self else { return }
            let snapshot: SandboxState? = self.lock.withLock {
                self.saveDue = false
                return self.stopped ? nil : self.state
            }
            if let snapshot { self.write(snapshot, to: path) }
        }
    }

    private func write(_ snapshot: SandboxState, to path: String) {
        do {
            try snapshot.save(path: path)
        } catch {
            FileDescriptorSink(fd: 2).write("vmctl-sandbox: cannot save state to \(path): \(error)\n")
        }
    }

    // MARK: - Admin API (tests only)

    private func admin(_ request: SandboxRequest) -> SandboxResponse {
        switch (request.method, request.path) {
        case ("POST", "/_sandbox/faults"):
            guard case .success(let body) = Reply.jsonObject(request) else { return Reply.error(400, "body must be a JSON object") }
            let fault = Fault(method: body["method"]?.stringValue, path: body["path"]?.stringValue,
                              pathPrefix: body["path_prefix"]?.stringValue, status: body["status"]?.intValue.map(Int.init),
                              retryAfter: body["retry_after"]?.stringValue, drop: body["drop"]?.boolValue ?? false,
                              delay: Double(body["delay_ms"]?.intValue ?? 0) / 1000, remaining: Int(body["times"]?.intValue ?? 1))
            lock.withLock { faults.append(fault) }
            return .json(200, .obj(["ok": .bool(true)]))
        case ("DELETE", "/_sandbox/faults"):
            lock.withLock { faults.removeAll() }
            return .json(200, .obj(["ok": .bool(true)]))
        case ("GET", "/_sandbox/requests"):
            let entries = lock.withLock { log }
            return .json(200, .array(entries.map { e in
                .obj(["method": .string(e.method), "path": .string(e.path), "status": .int(Int64(e.status)),
                      "user_agent": .optional(e.userAgent), "authenticated": .bool(e.authenticated)])
            }))
        case ("GET", "/_sandbox/metrics"):
            return dataPlane.metrics(managementRequests: lock.withLock { log.count })
        case ("DELETE", "/_sandbox/requests"):
            lock.withLock { log.removeAll() }
            return .json(200, .obj(["ok": .bool(true)]))
        case ("POST", _) where request.path.hasPrefix("/_sandbox/deployments/") && request.path.hasSuffix("/status"):
            // Sets a deployment's status, e.g. ERROR, to exercise `--wait`.
            let id = String(request.path.dropFirst("/_sandbox/deployments/".count).dropLast("/status".count))
            guard case .success(let body) = Reply.jsonObject(request), let status = body["status"]?.stringValue else {
                return Reply.error(400, "body must be {\"status\": \"...\"}")
            }
            return lock.withLock {
                guard state.vmcloud.setStatus(status, ofDeployment: id) else { return Reply.error(404, "no deployment \(id)") }
                persist()
                return .json(200, .obj(["ok": .bool(true)]))
            }
        case ("GET", "/_sandbox/state"):
            let snapshot = lock.withLock { state }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = (try? encoder.encode(snapshot)) ?? Data("{}".utf8)
            return SandboxResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(data))
        default:
            return Reply.error(404, "unknown sandbox admin endpoint \(request.method) \(request.path)")
        }
    }
}
