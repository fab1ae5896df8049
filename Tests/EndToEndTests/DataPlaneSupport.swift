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

/// Where a sandbox's data endpoints are, from `GET /_sandbox/data-plane`.
struct DataPlaneURLs {
    /// Every vmcloud deployment's access endpoint (the gateway); nil without `--data-plane`.
    var accessEndpoint: String?
    /// The real VictoriaMetrics behind the gateway, for looking under it.
    var victoriaMetrics: String?
    /// InfluxDB 2's data endpoints are on the sandbox's own URL.
    var influxdb2: String
    var dedicated: String
    var clustered: String
}

/// An HTTP answer as a client sees it.
struct HTTPAnswer {
    var status: Int
    var body: String
    var json: JSONValue? { try? JSONParser.parse(body) }
}

/// Tests that run real VictoriaMetrics components (Debian's victoria-metrics package: victoria-metrics,
/// vmagent). Where `VMCTL_REQUIRE_TOOLS=1` (CI) they run, and fail, without them.
enum VictoriaMetricsTools {
    static var available: Bool { Tools.available("victoria-metrics") && Tools.available("vmagent") }
    static let reason: Comment = "needs victoria-metrics and vmagent (Debian package victoria-metrics)"
}

extension SandboxProcess {
    /// A sandbox running the VictoriaMetrics Cloud data plane: a real victoria-metrics behind the
    /// sandbox's gateway, which every deployment's `access_endpoint` then is.
    static func withDataPlane(arguments: [String] = []) throws -> SandboxProcess {
        try SandboxProcess(arguments: ["--data-plane"] + arguments)
    }

    func dataPlane() async throws -> DataPlaneURLs {
        let json = try await call("GET", "/_sandbox/data-plane")
        return DataPlaneURLs(accessEndpoint: json["vmcloud"]?["access_endpoint"]?.stringValue,
                             victoriaMetrics: json["vmcloud"]?["victoria_metrics"]?.stringValue,
                             influxdb2: json["influxdb2"]!["url"]!.stringValue!,
                             dedicated: json["dedicated"]!["data_url"]!.stringValue!,
                             clustered: json["clustered"]!["data_url"]!.stringValue!)
    }

    /// Calls the VictoriaMetrics Cloud management API with the sandbox's key.
    func vmcloud(_ method: String, _ path: String, body: String? = nil) async throws -> HTTPAnswer {
        try await httpExchange(method, url + "/api/v1" + path, headers: ["X-VM-Cloud-Access": apiKey], body: body.map { Data($0.utf8) })
    }

    /// Creates an access token on a deployment (by name) through the management API: its ID and secret.
    func createAccessToken(deployment: String, type: String, tenant: String? = nil, description: String = "data plane test") async throws
        -> (id: String, secret: String) {
        let id = try await deploymentID(deployment)
        var body = "{\"type\":\"\(type)\",\"description\":\"\(description)\""
        if let tenant { body += ",\"tenant_id\":\"\(tenant)\"" }
        let answer = try await vmcloud("POST", "/deployments/\(id)/access_tokens", body: body + "}")
        guard answer.status == 200, let json = answer.json else { throw TestFailure("token create: \(answer.status) \(answer.body)") }
        return (json["id"]!.stringValue!, json["value"]!.stringValue!)
    }

    /// Calls the InfluxDB 3 management API of the sandbox's Dedicated or Clustered cluster.
    func influxdb3(_ product: String, _ method: String, _ path: String, body: String? = nil) async throws -> HTTPAnswer {
        let base = product == "dedicated"
            ? url + "/api/v0/accounts/\(dedicatedIDs.account)/clusters/\(dedicatedIDs.cluster)" : url + "/api/v0"
        return try await httpExchange(method, base + path, headers: ["Authorization": "Bearer \(apiKey)"], body: body.map { Data($0.utf8) })
    }
}

/// One request with URLSession: the status and body, whatever the status.
func httpExchange(_ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil) async throws -> HTTPAnswer {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    request.timeoutInterval = 30
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    if let body { request.httpBody = body }
    let (data, response) = try await URLSession.shared.data(for: request)
    return HTTPAnswer(status: (response as! HTTPURLResponse).statusCode, body: String(decoding: data, as: UTF8.self))
}

/// A bearer-token request to a data endpoint.
func dataRequest(_ method: String, _ url: String, token: String, body: Data? = nil, headers: [String: String] = [:]) async throws -> HTTPAnswer {
    try await httpExchange(method, url, headers: headers.merging(["Authorization": "Bearer \(token)"]) { $1 }, body: body)
}

/// Runs a Prometheus instant query through a read base URL (as Grafana takes it) until `done` accepts
/// the result list or `timeout` seconds pass: VictoriaMetrics makes new series searchable within a
/// second or two. `parameters` are further query parameters, not encoded. Returns the last result list.
@discardableResult
func pollQuery(_ readBase: String, token: String, query: String, parameters: [(String, String)] = [], timeout: Double = 20,
               until done: ([JSONValue]) -> Bool = { !$0.isEmpty }) async throws -> [JSONValue] {
    let deadline = Date().addingTimeInterval(timeout)
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    func encode(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: allowed)! }
    let url = readBase + "/api/v1/query?" + ([("query", query)] + parameters).map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    while true {
        // The deadline is checked against when the query went out, not when this task resumed: on a
        // machine busy with other tests a resumption can come late, and the answer it brings is then old.
        let sent = Date()
        let answer = try await dataRequest("GET", url, token: token)
        guard answer.status == 200, let result = answer.json?["data"]?["result"]?.arrayValue else {
            throw TestFailure("query \(query) at \(readBase): \(answer.status) \(answer.body)")
        }
        if done(result) || sent > deadline { return result }
        try await Task.sleep(nanoseconds: 300_000_000)
    }
}

/// A temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "vmctl-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A real vmagent on loopback (its own HTTP port picked by the kernel), logging to a file, killed
/// (SIGTERM, then SIGKILL) when stopped or when the value goes away.
final class VMAgentProcess {
    let process = Process()
    let directory: TemporaryDirectory
    var log: String { (try? String(contentsOfFile: directory.path + "/vmagent.log", encoding: .utf8)) ?? "" }

    /// Starts vmagent with the scrape config `scrapeConfig` (YAML) and these extra flags, in a directory
    /// holding `files` (name to content, mode 0600: bearer token files the flags name).
    init(scrapeConfig: String, flags: [String], files: [String: String] = [:]) throws {
        directory = try TemporaryDirectory()
        let configPath = directory.path + "/scrape.yml"
        try scrapeConfig.write(toFile: configPath, atomically: true, encoding: .utf8)
        for (name, content) in files {
            let path = directory.path + "/" + name
            guard FileManager.default.createFile(atPath: path, contents: Data(content.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw TestFailure("cannot create \(path)")
            }
        }
        let logPath = directory.path + "/vmagent.log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else { throw TestFailure("cannot create \(logPath)") }
        guard let vmagent = ProcessRunner.find("vmagent", path: ProcessInfo.processInfo.environment["PATH"]) else {
            throw TestFailure("vmagent is not on PATH: install Debian's victoria-metrics package")
        }
        process.executableURL = URL(fileURLWithPath: vmagent)
        process.arguments = ["-httpListenAddr=127.0.0.1:0", "-promscrape.config=\(configPath)", "-remoteWrite.tmpDataPath=\(directory.path)/queue",
                             "-remoteWrite.flushInterval=1s"] + flags
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        process.standardInput = FileHandle.nullDevice
        // One handle for both streams, so that neither writes over the other's lines.
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    /// The scrape config of a vmagent scraping the sandbox's own counters every second
    /// (`/_sandbox/metrics`, job `sandbox`).
    static func sandboxScrapeConfig(port: Int) -> String {
        """
        scrape_configs:
          - job_name: sandbox
            scrape_interval: 1s
            metrics_path: /_sandbox/metrics
            static_configs:
              - targets: ["127.0.0.1:\(port)"]
        """
    }

    /// A vmagent scraping the sandbox's own counters every second.
    static func scrapingSandbox(port: Int, flags: [String], files: [String: String] = [:]) throws -> VMAgentProcess {
        try VMAgentProcess(scrapeConfig: sandboxScrapeConfig(port: port), flags: flags, files: files)
    }

    func stop() { ChildProcess.stop(process) }

    deinit { stop() }
}

/// A printed example run in the background exactly as a shell runs it (with `exec`, so that stopping it
/// stops the program), in a directory of its own, logging there; stopped when the value goes away.
final class ExampleProcess {
    let process = Process()
    let directory: String
    var log: String { (try? String(contentsOfFile: directory + "/example.log", encoding: .utf8)) ?? "" }

    /// - Parameter extra: words appended to the example's command line (test-only flags: a free port, a
    ///   short interval), already quoted for the shell.
    init(_ example: String, extra: String = "", in directory: String) throws {
        self.directory = directory
        let logPath = directory + "/example.log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else { throw TestFailure("cannot create \(logPath)") }
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec " + example + (extra.isEmpty ? "" : " " + extra)]
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        // One handle for both streams, so that neither writes over the other's lines.
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    func stop() { ChildProcess.stop(process) }

    deinit { stop() }
}
