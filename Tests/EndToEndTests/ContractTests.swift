import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// The contract layer: vmctl's requests and the sandbox's answers, logged by `vmctl-sandbox --exchange-log`,
/// validated by Tests/Contract/validate.py (openapi-core) against the published API descriptions that
/// docs/api/*.md name under Sources, found in $VMCTL_API_DIR (and, for VictoriaMetrics Cloud,
/// Tests/Contract/vmcloud-openapi.yml).
@Suite struct ContractTests {
    /// python3 with openapi-core, and the published descriptions ($VMCTL_API_DIR, by default a `shared/api`
    /// folder beside the repository's); with
    /// `VMCTL_REQUIRE_TOOLS=1` the tests run (and fail) without them.
    static let validatorAvailable: Bool = {
        if ProcessInfo.processInfo.environment["VMCTL_REQUIRE_TOOLS"] == "1" { return true }
        let apiDirectory = ProcessInfo.processInfo.environment["VMCTL_API_DIR"]
            ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/api").path
        guard FileManager.default.fileExists(atPath: apiDirectory) else { return false }
        guard let python = ProcessRunner.find("python3", path: ProcessInfo.processInfo.environment["PATH"]) else { return false }
        let probe = try? runProcess(python, ["-c", "import openapi_core"], environment: ProcessInfo.processInfo.environment, timeout: 60)
        return probe?.code == 0
    }()

    static let validator = repositoryRoot.appendingPathComponent("Tests/Contract/validate.py").path

    /// Runs the validator on `logs`; its exit status and report.
    static func validate(_ logs: [String], extra: [String] = []) throws -> ProcessResult {
        let environment = ProcessInfo.processInfo.environment
        guard let python = ProcessRunner.find("python3", path: environment["PATH"]) else {
            throw TestFailure("python3 is not on PATH; install it and run: pip install -r Tests/Contract/requirements.txt")
        }
        let r = try runProcess(python, [validator] + extra + logs, environment: environment, timeout: 300)
        if r.code == 3 || r.code == 2 { throw TestFailure("the contract validator could not run (exit \(r.code)): \(r.stderr)") }
        return r
    }

    /// The validator itself catches a request vmctl must not send and an answer the sandbox must not give,
    /// and lets a conforming exchange through: without this, a silent validator would pass everything.
    @Test(.enabled(if: validatorAvailable, "needs python3 with openapi-core (pip install -r Tests/Contract/requirements.txt) and the published descriptions in $VMCTL_API_DIR"))
    func validatorCatchesViolations() throws {
        let directory = NSTemporaryDirectory() + "vmctl-contract-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let deployment = "0ba4a862-2234-42b5-9371-bbfde860a2a0"
        func line(_ method: String, _ path: String, body: String = "", status: Int, answer: String) -> String {
            JSONValue.obj(["product": "vmcloud", "method": .string(method), "path": .string(path), "query": "",
                           "request_headers": .obj(["accept": "application/json", "content-type": "application/json", "user-agent": "vmctl/test"]),
                           "auth": "X-VM-Cloud-Access", "request_body": .string(body), "status": .int(Int64(status)),
                           "response_content_type": "application/json", "response_body": .string(answer), "fault": .bool(false)])
                .serialized(pretty: false)
        }
        let token = #"{"id":"t1","value":"%@","type":"rw","description":"d","created_by":"u","created_at":"2026-01-02T03:04:05Z"}"#
        let good = line("GET", "/api/v1/deployments/\(deployment)/access_tokens", status: 200,
                        answer: "[" + token.replacingOccurrences(of: "%@", with: "abcd") + "]")
        let goodLog = directory + "/good.jsonl"
        try (good + "\n").write(toFile: goodLog, atomically: true, encoding: .utf8)
        let passed = try Self.validate([goodLog], extra: ["--products", "vmcloud"])
        #expect(passed.code == 0, "a conforming exchange was refused:\n\(passed.stdout)")
        #expect(passed.stdout.contains("used      GET    /deployments/{deploymentId}/access_tokens"))

        let badLog = directory + "/bad.jsonl"
        let bad = [
            // The list shows the whole secret instead of its first 4 characters.
            line("GET", "/api/v1/deployments/\(deployment)/access_tokens", status: 200,
                 answer: "[" + token.replacingOccurrences(of: "%@", with: "abcdefghij") + "]"),
            // An access type the API does not have.
            line("POST", "/api/v1/deployments/\(deployment)/access_tokens", body: #"{"type":"admin","description":"x"}"#, status: 400,
                 answer: #"{"message":"bad type"}"#),
            // A deployment ID that is no UUID, and a path the API does not have.
            line("GET", "/api/v1/deployments/prod", status: 404, answer: "{}"),
            line("GET", "/api/v1/deployments/\(deployment)/secrets", status: 404, answer: "{}"),
        ].joined(separator: "\n") + "\n"
        try bad.write(toFile: badLog, atomically: true, encoding: .utf8)
        let failed = try Self.validate([badLog], extra: ["--products", "vmcloud"])
        #expect(failed.code == 1)
        #expect(failed.stdout.contains("'abcdefghij' is too long"), "\(failed.stdout)")
        #expect(failed.stdout.contains("'admin' is not one of ['r', 'w', 'rw']"), "\(failed.stdout)")
        #expect(failed.stdout.contains("deploymentId"), "\(failed.stdout)")
        #expect(failed.stdout.contains("request: no operation GET /api/v1/deployments/{id}/secrets"), "\(failed.stdout)")
    }

    /// The sandbox's table endpoints (vmctl has no table commands yet), driven directly on both InfluxDB 3
    /// products: the answers, errors included, must follow the descriptions.
    @Test(.enabled(if: validatorAvailable, "needs python3 with openapi-core (pip install -r Tests/Contract/requirements.txt) and the published descriptions in $VMCTL_API_DIR"))
    func sandboxTablesFollowTheDescriptions() async throws {
        let directory = NSTemporaryDirectory() + "vmctl-contract-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/exchanges.jsonl"
        let sandbox = try SandboxProcess(arguments: ["--exchange-log", log])
        /// A request as a client following the description sends it; `probe` marks one that breaks the
        /// description on purpose, whose answer alone is checked.
        func send(_ method: String, _ path: String, _ body: String? = nil, probe: Bool = false) async throws -> (Int, JSONValue?) {
            var request = URLRequest(url: URL(string: sandbox.url + path)!)
            request.httpMethod = method
            request.setValue("Bearer \(sandbox.apiKey)", forHTTPHeaderField: "Authorization")
            request.setValue(probe ? "probe/1" : "vmctl-contract/1", forHTTPHeaderField: "User-Agent")
            request.setValue("application/json", forHTTPHeaderField: "Accept")
            if let body {
                request.httpBody = Data(body.utf8)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as! HTTPURLResponse).statusCode, data.isEmpty ? nil : try JSONParser.parse(String(decoding: data, as: UTF8.self)))
        }
        let (account, cluster) = sandbox.dedicatedIDs
        for base in ["/api/v0/accounts/\(account)/clusters/\(cluster)", "/api/v0"] {
            #expect(try await send("POST", base + "/databases", #"{"name":"db","partitionTemplate":[{"type":"tag","value":"host"}]}"#).0 == 200)
            let (created, table) = try await send("POST", base + "/databases/db/tables", #"{"name":"cpu"}"#)
            #expect(created == 200 && table?["databaseName"] == .string("db"))
            #expect(table?["partitionTemplate"]?.arrayValue?.count == 1, "a table takes its database's template")
            #expect(try await send("POST", base + "/databases/db/tables", #"{"name":"cpu"}"#).0 == 409)
            #expect(try await send("POST", base + "/databases/nodb/tables", #"{"name":"cpu"}"#).0 == 404)
            let (renamed, after) = try await send("PUT", base + "/databases/db/tables/cpu/rename", #"{"name":"cpu2"}"#)
            #expect(renamed == 200 && after?["name"] == .string("cpu2"))
            let id = try #require(after?["id"]?.intValue)
            #expect(try await send("DELETE", base + "/databases/db/tables/cpu2").0 == 204)
            #expect(try await send("DELETE", base + "/databases/db/tables/cpu2").0 == 404)
            #expect(try await send("PUT", base + "/databases/db/tables/cpu2/undelete", probe: true).0 == 400)
            let (restored, back) = try await send("PUT", base + "/databases/db/tables/\(id)/undelete")
            #expect(restored == 200 && back?["name"] == .string("cpu2") && back?["id"] == .int(id))
            #expect(try await send("PUT", base + "/databases/db/tables/\(id)/undelete").0 == 404)
        }
        sandbox.stop()
        let report = try Self.validate([log], extra: ["--products", "dedicated,clustered"])
        #expect(report.code == 0, "the contract check failed:\n\(report.stdout)\(report.stderr)")
        #expect(report.stdout.contains("exchanges validated (dedicated 10, clustered 10)"), "\(report.stdout)")
    }

    /// The main flows of all four products, driven through vmctl against a logging sandbox; every
    /// request and answer must follow the published descriptions (known vmctl defects aside, listed
    /// with their reasons in validate.py).
    @Test(.enabled(if: validatorAvailable, "needs python3 with openapi-core (pip install -r Tests/Contract/requirements.txt) and the published descriptions in $VMCTL_API_DIR"))
    func mainFlowsFollowTheDescriptions() async throws {
        let directory = NSTemporaryDirectory() + "vmctl-contract-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/exchanges.jsonl"
        let sandbox = try SandboxProcess(arguments: ["--provisioning-delay", "0", "--exchange-log", log])
        let user = VMCtlUser()

        /// Runs vmctl and insists on the exit code, so that a flow that stops early cannot pass unseen.
        @discardableResult
        func run(_ arguments: [String], _ code: Int32 = 0, stdin: String? = nil) throws -> ProcessResult {
            let r = try user.vmctl(arguments, stdin: stdin)
            #expect(r.code == code, "vmctl \(arguments.joined(separator: " ")) exited \(r.code): \(r.stderr)")
            return r
        }
        func json(_ r: ProcessResult) throws -> JSONValue { try JSONParser.parse(r.stdout) }

        // VictoriaMetrics Cloud: catalog, deployments, tokens, rule files, API keys.
        try user.createProfile("vmc", sandbox: sandbox)
        for noun in ["tier", "region", "provider"] { try run([noun, "list", "--profile", "vmc"]) }
        try run(["deployment", "list", "--profile", "vmc"])
        try run(["deployment", "get", "prod-cluster", "--profile", "vmc"])
        try run(["deployment", "create", "contract", "--profile", "vmc", "--type", "single_node", "--region", "eu-west-1",
                 "--tier", "s.starter.a", "--storage", "20GB", "--retention", "30d", "--wait"])
        try run(["deployment", "update", "contract", "--profile", "vmc", "--storage", "40GB", "--name", "contract2"])
        let tenantToken = try json(try run(["token", "create", "--profile", "vmc", "--read-database", "7:3", "--format", "json", "tenant reader"]))
        let tokenID = try #require(tenantToken["id"]?.stringValue)
        try run(["token", "create", "--profile", "vmc", "--write-database", "*", "writer"])
        try run(["token", "list", "--profile", "vmc"])
        try run(["token", "get", tokenID, "--profile", "vmc"])
        try run(["token", "reveal", tokenID, "--profile", "vmc"])
        try run(["token", "delete", "--force", tokenID, "--profile", "vmc"])
        try run(["token", "get", tokenID, "--profile", "vmc"], 5)
        let rules = directory + "/alerts.yml"
        try "groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n".write(toFile: rules, atomically: true, encoding: .utf8)
        try run(["rule", "upload", rules, "--profile", "vmc"])
        try run(["rule", "list", "--profile", "vmc"])
        try run(["rule", "get", "alerts.yml", "--profile", "vmc"])
        try run(["rule", "delete", "--force", "alerts.yml", "--profile", "vmc"])
        let key = try json(try run(["apikey", "create", "reader", "--profile", "vmc", "--deployment", "prod-cluster", "--format", "json"]))
        try run(["apikey", "list", "--profile", "vmc"])
        try run(["apikey", "delete", "--force", try #require(key["id"]?.stringValue), "--profile", "vmc"])
        try run(["deployment", "delete", "--force", "contract2", "--profile", "vmc"])
        try run(["deployment", "get", "contract2", "--profile", "vmc"], 5)

        // InfluxDB 3 Cloud Dedicated and Clustered: tokens and databases.
        for product in ["dedicated", "clustered"] {
            try user.createInfluxDB3Profile(product, product: product, sandbox: sandbox)
            let p = ["--profile", product]
            try run(["database", "create", "metrics", "--retention-period", "30d", "--max-tables", "100"] + p)
            try run(["database", "create", "metrics"] + p, 6)
            try run(["database", "list"] + p)
            try run(["database", "update", "metrics", "--max-columns", "300"] + p)
            try run(["database", "rename", "metrics", "metrics_v2"] + p)
            try run(["database", "delete", "--force", "metrics_v2"] + p)
            _ = try user.vmctl(["database", "undelete", "metrics_v2"] + p)
            let created = try json(try run(["token", "create", "--read-database", "metrics_v2", "--expires-in", "7d", "--format", "json"] + p + ["grafana"]))
            let id = try #require(created["id"]?.stringValue)
            try run(["token", "list"] + p)
            try run(["token", "get", id] + p)
            try run(["token", "update", id, "--write-database", "*", "--description", "writer"] + p)
            try run(["token", "delete", "--force", id] + p)
            try run(["token", "list", "--include-revoked"] + p)
        }

        // InfluxDB 2: buckets and authorizations.
        try user.createInfluxDB2Profile("influx", sandbox: sandbox)
        let p = ["--profile", "influx"]
        try run(["database", "create", "telegraf", "--retention", "90d"] + p)
        try run(["database", "list"] + p)
        let influxToken = try json(try run(["token", "create", "--read-database", "telegraf", "--write-database", "metrics", "--format", "json"] + p + ["agent"]))
        let influxID = try #require(influxToken["id"]?.stringValue)
        try run(["token", "list"] + p)
        try run(["token", "get", influxID] + p)
        try run(["token", "update", influxID, "--inactive"] + p)
        try run(["token", "update", influxID, "--description", "agent, paused"] + p)
        try run(["token", "delete", "--force", influxID] + p)
        try run(["token", "create", "--all-access"] + p + ["admin"])
        try run(["database", "delete", "--force", "telegraf"] + p)
        sandbox.stop()

        let report = try Self.validate([log])
        #expect(report.code == 0, "the contract check failed:\n\(report.stdout)\(report.stderr)")
        // Every product was exercised and checked.
        for product in ["vmcloud", "dedicated", "clustered", "influxdb2"] {
            #expect(report.stdout.range(of: "\n\(product) \\(.*\\): [1-9][0-9]* of", options: .regularExpression) != nil,
                    "no \(product) operation was checked:\n\(report.stdout)")
        }
    }
}
