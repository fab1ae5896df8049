import Foundation
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// InfluxData's official Python client (`influxdb-client`, pinned in .ci/run) against the sandbox's
/// InfluxDB 2 API: Tests/Contract/influxdb2_client_test.py does the calls and checks.
@Suite struct InfluxDB2ClientTests {
    static let script = repositoryRoot.appendingPathComponent("Tests/Contract/influxdb2_client_test.py").path

    /// python3, when it can import the client.
    static let python: String? = {
        guard let python = ProcessRunner.find("python3", path: ProcessInfo.processInfo.environment["PATH"]) else { return nil }
        let probe = try? runProcess(python, ["-c", "import influxdb_client"], environment: ProcessInfo.processInfo.environment, timeout: 30)
        return probe?.code == 0 ? python : nil
    }()

    /// Runs where the client is installed; where `VMCTL_REQUIRE_TOOLS=1` (CI) it runs anyway, and fails.
    static var runs: Bool { ProcessInfo.processInfo.environment["VMCTL_REQUIRE_TOOLS"] == "1" || python != nil }

    @Test(.enabled(if: runs, "python3 with influxdb-client is not installed (pip install influxdb-client==1.50.0)"))
    func officialPythonClient() async throws {
        let python = try #require(Self.python, "python3 with influxdb-client is required: pip install influxdb-client==1.50.0")
        let sandbox = try SandboxProcess()
        let org = try await sandbox.state()["influxdb2"]!["orgs"]!.arrayValue![0]["id"]!.stringValue!
        // Enough buckets that every listing takes several pages.
        for i in 0..<40 {
            _ = try await sandbox.influx("POST", "/api/v2/buckets", body: #"{"orgID":"\#(org)","name":"seeded-\#(i)"}"#)
        }
        let run = try runProcess(python, [Self.script, "--url", sandbox.url, "--token", sandbox.apiKey, "--org", "sandbox-org", "--buckets", "43"],
                                 environment: ProcessInfo.processInfo.environment, timeout: 180)
        #expect(run.code == 0, "\(run.stdout.split(separator: "\n").filter { !$0.hasPrefix("ok ") }.joined(separator: "\n"))\n\(run.stderr)")
        #expect(run.stdout.hasSuffix("all passed\n"))
        #expect(run.stdout.contains("ok   find_buckets_iter(org_id, limit=7) returns every bucket once"))

        // The client listed the buckets page by page (the request log keeps no query strings).
        let pages = try await sandbox.requestLog().filter { $0.hasPrefix("GET /api/v2/buckets") }
        #expect(pages.count > 10)
    }
}
