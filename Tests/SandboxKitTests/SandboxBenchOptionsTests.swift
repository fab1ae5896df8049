import Foundation
import Testing
@testable import VMCtlSupport
@testable import SandboxCore
@testable import SandboxInfluxDB2
@testable import SandboxInfluxDB3
@testable import SandboxKit

/// The sandbox options for benchmarks (`--latency`, `--seed-tokens`) and how it saves state.
@Suite struct SandboxBenchOptionsTests {
    static let key = "key-1234567890"

    static func call(_ sandbox: Sandbox, _ method: String, _ path: String, body: String = "") -> SandboxResponse {
        sandbox.handle(SandboxRequest(method: method, path: path, headers: ["x-vm-cloud-access": key], body: Array(body.utf8)))
    }

    static func clusterID(_ sandbox: Sandbox) throws -> String {
        let deployments = try JSONParser.parse(call(sandbox, "GET", "/api/v1/deployments").body).arrayValue ?? []
        return try #require(deployments.first { $0["name"] == "prod-cluster" }?["id"]?.stringValue)
    }

    @Test func parsesLatencyAndSeedTokens() {
        let out = MemorySink(), err = MemorySink()
        guard case .success(let options) = SandboxCommand.parse(["--latency", "50ms", "--seed-tokens=10000"], stdout: out, stderr: err) else {
            Issue.record("parse failed: \(err.text)")
            return
        }
        #expect(options.latency == 0.05 && options.seedTokens == 10000)
        guard case .failure(let bad) = SandboxCommand.parse(["--latency", "soon"], stdout: out, stderr: err),
              case .failure(let negative) = SandboxCommand.parse(["--seed-tokens", "-1"], stdout: out, stderr: err) else {
            Issue.record("bad values accepted")
            return
        }
        #expect(bad.code == 2 && negative.code == 2)
        #expect(err.text == "Error: invalid --latency \"soon\": use a duration such as 50ms\n"
            + "Error: invalid --seed-tokens \"-1\": use a number from 0 to 1000000\n")
    }

    @Test func seededTokensAreListedBeyondTheTierLimit() throws {
        var options = Sandbox.Options(apiKey: Self.key)
        options.seedTokens = 300
        let sandbox = try Sandbox(options: options)
        let id = try Self.clusterID(sandbox)
        let list = try JSONParser.parse(Self.call(sandbox, "GET", "/api/v1/deployments/\(id)/access_tokens").body).arrayValue ?? []
        #expect(list.count == 301, "the default token and 300 seeded")
        #expect(Set(list.compactMap { $0["id"]?.stringValue }).count == 301)
        #expect(list.last?["description"] == "seeded token 299 for service-3")
        #expect(list.allSatisfy { $0["value"]?.stringValue?.count == 4 }, "lists show 4 characters of a secret, as before")
    }

    @Test func latencyHoldsBackAPIAnswersButNotTheAdminAPI() throws {
        var options = Sandbox.Options(apiKey: Self.key)
        options.latency = 0.2
        let sandbox = try Sandbox(options: options)
        #expect(Self.call(sandbox, "GET", "/api/v1/deployments").delay == 0.2)
        #expect(Self.call(sandbox, "GET", "/api/v1/nothing-here").delay == 0.2)
        #expect(Self.call(sandbox, "GET", "/_sandbox/requests").delay == 0)

        // Over HTTP the answer comes no sooner than the latency.
        let started = Date()
        let answer = try LoopbackHTTPClient.send(port: sandbox.server.port, method: "GET", target: "/api/v1/tiers",
                                                 headers: [("X-VM-Cloud-Access", Self.key)], body: [])
        #expect(answer.status == 200)
        #expect(Date().timeIntervalSince(started) >= 0.2)
    }

    @Test func stateIsSavedInTheBackgroundAndAtStop() throws {
        let dir = NSTemporaryDirectory() + "vmctl-sandbox-state-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/state.json"
        let sandbox = try Sandbox(options: .init(apiKey: Self.key, statePath: path))
        let id = try Self.clusterID(sandbox)
        var created: [String] = []
        for i in 0..<5 {
            let answer = Self.call(sandbox, "POST", "/api/v1/deployments/\(id)/access_tokens", body: #"{"type":"r","description":"burst \#(i)"}"#)
            #expect(answer.status == 200)
            created.append(try #require(try JSONParser.parse(answer.body)["id"]?.stringValue))
        }
        // Written soon after the burst, without waiting for the stop.
        var saved = ""
        for _ in 0..<100 {
            saved = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if created.allSatisfy(saved.contains) { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(created.allSatisfy(saved.contains))
        #expect(Self.call(sandbox, "DELETE", "/api/v1/deployments/\(id)/access_tokens/\(created[0])").status == 200)
        sandbox.stop()
        saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!saved.contains(created[0]) && saved.contains(created[4]), "the last change is saved at stop")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["state.json"])
        let reloaded = try Sandbox(options: .init(apiKey: Self.key, statePath: path))
        let list = try JSONParser.parse(Self.call(reloaded, "GET", "/api/v1/deployments/\(id)/access_tokens").body).arrayValue ?? []
        #expect(list.count == 5)
    }
}
