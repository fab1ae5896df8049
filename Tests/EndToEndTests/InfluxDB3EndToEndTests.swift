import Foundation
import Testing
import VMCtlKit

/// Layer 3: InfluxDB 3 Cloud Dedicated and Clustered, the built vmctl against the sandbox, both products.
@Suite struct InfluxDB3EndToEndTests {
    /// The examples of InfluxData's "create a database token" guide, each one vmctl command, with the
    /// permissions the server stores for it.
    static let guideExamples: [(flags: [String], permissions: [[String]])] = [
        (["--read-database", "mydb", "--write-database", "mydb"], [["read", "mydb"], ["write", "mydb"]]),
        (["--read-database", "*", "--write-database", "*"], [["read", "*"], ["write", "*"]]),
        (["--read-database", "mydb"], [["read", "mydb"]]),
        (["--read-database", "mydb1", "--read-database", "mydb2"], [["read", "mydb1"], ["read", "mydb2"]]),
        (["--read-database", "mydb1", "--write-database", "mydb2"], [["read", "mydb1"], ["write", "mydb2"]]),
    ]

    static func clusterState(_ state: JSONValue, _ product: String) -> JSONValue { state[product]! }

    @Test(arguments: ["dedicated", "clustered"])
    func guideExamplesInTableAndJSON(product: String) async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createInfluxDB3Profile("p", product: product, sandbox: sandbox)
        for (i, example) in Self.guideExamples.enumerated() {
            for format in ["table", "json"] {
                let description = "example \(i + 1) \(format)"
                let r = try user.vmctl(["token", "create"] + example.flags + ["--format", format, description])
                #expect(r.code == 0, "\(description): \(r.stderr)")
                let secret: String
                if format == "json" {
                    let json = try JSONParser.parse(r.stdout)
                    secret = json["token"]!.stringValue!
                    #expect(json["permissions"]?.arrayValue?.map { [$0["action"]!.stringValue!, $0["database"]!.stringValue!] } == example.permissions)
                    #expect(json["product"] == .string(product))
                } else {
                    secret = r.lastLine
                    #expect(r.stdout.contains("PERMISSIONS   \(example.permissions.map { "\($0[0]):\($0[1])" }.joined(separator: ", "))\n"))
                }
                #expect(secret.hasPrefix("apiv1_") && secret.count >= 64)
                let stored = Self.clusterState(try await sandbox.state(), product)["tokens"]!.arrayValue!
                    .first { $0["description"] == .string(description) }!
                #expect(stored["accessToken"] == .string(secret))
                #expect(stored["permissions"]?.arrayValue?.map { [$0["action"]!.stringValue!, $0["resource"]!.stringValue!] } == example.permissions)
            }
        }
    }

    @Test(arguments: ["dedicated", "clustered"])
    func tokenLifecycle(product: String) async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createInfluxDB3Profile("p", product: product, sandbox: sandbox)

        let created = try user.vmctl(["token", "create", "--read-database", "metrics", "--expires-in", "7d", "--format", "json", "grafana"])
        let id = try JSONParser.parse(created.stdout)["id"]!.stringValue!
        #expect(try JSONParser.parse(created.stdout)["expires_at"] != .null)

        let none = try user.vmctl(["token", "create", "nothing"])
        #expect(none.code == 0 && none.stderr.contains("has no permissions, so it cannot read or write anything"))

        let updated = try user.vmctl(["token", "update", id, "--write-database", "metrics", "--description", "grafana writer"])
        #expect(updated.code == 0)
        #expect(updated.stderr.contains("now has exactly these permissions: write:metrics"))
        #expect(updated.stdout.contains("DESCRIPTION   grafana writer\n"))

        #expect(try user.vmctl(["token", "get", id]).stdout.contains("PERMISSIONS   write:metrics\n"))
        #expect(try user.vmctl(["token", "reveal", id]).code == 2)
        #expect(try user.vmctl(["token", "revoke", id]).code == 2)
        let revoked = try user.vmctl(["token", "revoke", "--force", id, "no-such-token"])
        #expect(revoked.code == 5)
        #expect(revoked.stdout == "Revoked token \(id)\n")
        let stored = Self.clusterState(try await sandbox.state(), product)["tokens"]!.arrayValue!.first { $0["id"] == .string(id) }!
        #expect(stored["revokedAt"] != nil)

        #expect(!(try user.vmctl(["token", "list"]).stdout.contains(id)))
        #expect(try user.vmctl(["token", "list", "--include-revoked"]).stdout.contains(id))
        let get = try user.vmctl(["token", "get", id])
        #expect(get.code == 5 && get.stderr.contains("was revoked at"))
        #expect(try user.vmctl(["token", "get", id, "--include-revoked"]).code == 0)
        let again = try user.vmctl(["token", "update", id, "--description", "x"])
        #expect(again.code == 1 && again.stderr.contains("is revoked (HTTP 400)"))
    }

    @Test(arguments: ["dedicated", "clustered"])
    func databases(product: String) async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createInfluxDB3Profile("p", product: product, sandbox: sandbox)

        let created = try user.vmctl(["database", "create", "metrics", "--retention-period", "1y6mo", "--max-tables", "100",
                                      "--template-tag", "region", "--template-tag-bucket", "host,64", "--template-timeformat", "%Y-%m"])
        #expect(created.code == 0, "\(created.stderr)")
        #expect(created.stdout.contains("RETENTION      1y180d\n") && created.stdout.contains("PARTITIONING   tag:region, bucket:host/64, time:%Y-%m\n"))
        #expect(try user.vmctl(["database", "create", "logs"]).code == 0)
        let duplicate = try user.vmctl(["database", "create", "logs"])
        #expect(duplicate.code == 6 && duplicate.stderr == "Error: conflict: database logs already exists (HTTP 409)\n")

        let list = try JSONParser.parse(try user.vmctl(["database", "list", "--format", "json"]).stdout).arrayValue!
        #expect(list.map { $0["name"]!.stringValue! } == ["metrics", "logs"])
        #expect(list[1]["max_tables"] == .int(500) && list[1]["max_columns_per_table"] == .int(200) && list[1]["retention_period"] == .string("infinite"))

        #expect(try user.vmctl(["database", "update", "logs", "--retention-period", "30d", "--max-columns", "500"]).stdout.contains("RETENTION     30d\n"))
        let stored = Self.clusterState(try await sandbox.state(), product)["databases"]!.arrayValue!.first { $0["name"] == .string("logs") }!
        #expect(stored["retentionPeriod"] == .int(2_592_000_000_000_000) && stored["maxColumnsPerTable"] == .int(500))

        #expect(try user.vmctl(["database", "rename", "logs", "logs_v2"]).code == 0)
        #expect(try user.vmctl(["database", "rename", "logs", "x"]).code == 5)
        #expect(try user.vmctl(["database", "delete", "logs_v2"]).code == 2)
        #expect(try user.vmctl(["database", "delete", "--force", "logs_v2"]).stdout == "Deleted database logs_v2\n")
        #expect(!(try user.vmctl(["database", "list"]).stdout.contains("logs_v2")))
        #expect(try user.vmctl(["database", "create", "logs_v2"]).code == 0)
        // The description's undelete path takes the numeric database ID; vmctl sends the name, which the
        // sandbox now refuses (400) as the real API does. Remove the wrapper when vmctl undeletes by ID
        // (issue 11, item 4); the known issue fails the test once it no longer happens.
        withKnownIssue("vmctl database undelete sends the name where the API takes the numeric database ID") {
            let blocked = try user.vmctl(["database", "undelete", "logs_v2"])
            #expect(blocked.code == 6)
            #expect(try user.vmctl(["database", "delete", "--force", "logs_v2"]).code == 0)
            let restored = try user.vmctl(["database", "undelete", "logs_v2", "--format", "json"])
            #expect(restored.code == 0)
            #expect(try JSONParser.parse(restored.stdout)["retention_period"] == .string("infinite"))
            #expect(try user.vmctl(["database", "undelete", "never-existed"]).code == 5)
        }
    }

    @Test func dedicatedErrors() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createInfluxDB3Profile("good", product: "dedicated", sandbox: sandbox)
        try user.createInfluxDB3Profile("badkey", product: "dedicated", sandbox: sandbox, key: "not-the-management-token")
        let denied = try user.vmctl(["token", "list", "--profile", "badkey"])
        #expect(denied.code == 4 && denied.stderr.hasPrefix("Error: authentication failed: invalid management token (HTTP 401)"))

        // Another cluster of the account: 404 from the API, exit 5.
        let other = "00000000-0000-4000-8000-000000000000"
        let (account, _) = sandbox.dedicatedIDs
        let created = try user.vmctl(["profile", "create", "other", "--product", "dedicated", "--url", sandbox.url + "/api/v0",
                                      "--account-id", account, "--cluster-id", other, "--api-key-stdin"], stdin: sandbox.apiKey + "\n")
        #expect(created.code == 0)
        let missing = try user.vmctl(["database", "list", "--profile", "other"])
        #expect(missing.code == 5 && missing.stderr.contains("has no cluster \(other)"))

        try await sandbox.call("DELETE", "/_sandbox/requests")
        _ = try user.vmctl(["database", "list", "--profile", "good"])
        let (a, c) = sandbox.dedicatedIDs
        #expect(try await sandbox.requestLog() == ["GET /api/v0/accounts/\(a)/clusters/\(c)/databases"])
    }
}
