import Foundation
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

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
        let revoked = try user.vmctl(["token", "revoke", "--force", id, "00000000-0000-4000-8000-000000000000"])
        #expect(revoked.code == 5)
        // Token IDs are UUIDs: anything else is refused before it is sent.
        #expect(try user.vmctl(["token", "revoke", "--force", "no-such-token"]).code == 2)
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

    /// What the API allows but a user may not mean is said, with the same words everywhere: a token for a
    /// database the cluster does not have, the tokens that name a renamed or deleted database, and an
    /// absent expiry ("never" in the list and in the details).
    @Test(arguments: ["dedicated", "clustered"])
    func warningsAndWordsAboutDatabasesAndExpiry(product: String) async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createInfluxDB3Profile("p", product: product, sandbox: sandbox)
        #expect(try user.vmctl(["database", "create", "metrics"]).code == 0)

        let known = try user.vmctl(["token", "create", "--read-database", "metrics", "--format", "json", "reader"])
        #expect(known.code == 0 && !known.stderr.contains("does not exist"), "\(known.stderr)")
        let typo = try user.vmctl(["token", "create", "--read-database", "metrics", "--write-database", "metricz", "writer"])
        #expect(typo.code == 0)
        #expect(typo.lastLine.hasPrefix("apiv1_"))
        #expect(typo.stderr.contains("Warning: database \"metricz\" does not exist in the cluster (did you mean \"metrics\"?); the token will cover a database of that name once one is created\n"))
        let stored = Self.clusterState(try await sandbox.state(), product)["tokens"]!.arrayValue!.first { $0["description"] == .string("writer") }
        #expect(stored?["permissions"]?.arrayValue?.count == 2)

        // An absent expiry reads the same in the list's column and in the details.
        let id = try JSONParser.parse(known.stdout)["id"]!.stringValue!
        let list = try user.vmctl(["token", "list"])
        let row = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix(id) })
        #expect(row.split(separator: " ").contains("never"), "\(list.stdout)")
        #expect(!row.split(separator: " ").contains("-"))
        #expect(try user.vmctl(["token", "get", id]).stdout.contains("\nEXPIRES       never\n"))

        // Rename and delete warn of the tokens that name the database, in the same words.
        let renamed = try user.vmctl(["database", "rename", "metrics", "metrics_v1"])
        #expect(renamed.stderr == "Warning: tokens that name metrics do not cover metrics_v1; update them with 'vmctl token update'\n")
        let deleted = try user.vmctl(["database", "delete", "--force", "metrics_v1"])
        #expect(deleted.code == 0 && deleted.stdout == "Deleted database metrics_v1\n")
        #expect(deleted.stderr.hasPrefix("Warning: tokens that name metrics_v1 keep naming it, and will cover a new database of that name; update or revoke them ('vmctl token list' shows them)\n"),
                "\(deleted.stderr)")
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
        // Delete prints the numeric ID that undelete takes, as the API's path does.
        let deleted = try user.vmctl(["database", "delete", "--force", "logs_v2"])
        #expect(deleted.stdout == "Deleted database logs_v2\n")
        let id = try #require(deleted.stderr.split(separator: " ").drop { $0 != "ID" }.dropFirst().first.map { String($0.dropLast()) })
        #expect(Int(id) != nil, "\(deleted.stderr)")
        #expect(!(try user.vmctl(["database", "list"]).stdout.contains("logs_v2")))
        #expect(try user.vmctl(["database", "create", "logs_v2"]).code == 0)
        // The description's undelete answers no 409: a name in use is a 400, which vmctl reports as a failure.
        let blocked = try user.vmctl(["database", "undelete", id])
        #expect(blocked.code == 1 && blocked.stderr.contains("exists; it cannot be undeleted (HTTP 400)"), "\(blocked.stderr)")
        #expect(try user.vmctl(["database", "delete", "--force", "logs_v2"]).code == 0)
        let restored = try user.vmctl(["database", "undelete", id, "--format", "json"])
        #expect(restored.code == 0, "\(restored.stderr)")
        let back = try JSONParser.parse(restored.stdout)
        #expect(back["retention_period"] == .string("30d") && back["name"] == .string("logs_v2") && back["id"] == .string(id))
        #expect(try user.vmctl(["database", "undelete", "987654321"]).code == 5)
        #expect(try user.vmctl(["database", "undelete", "never-existed"]).code == 2)

        // Tables: created with their own template, renamed (the answer carries the ID), deleted, undeleted by ID.
        #expect(try user.vmctl(["table", "create", "metrics", "cpu", "--template-tag", "host"]).code == 0)
        let renamed = try JSONParser.parse(try user.vmctl(["table", "rename", "metrics", "cpu", "cpu_v1", "--format", "json"]).stdout)
        let tableID = try #require(renamed["id"]?.stringValue)
        #expect(try user.vmctl(["table", "delete", "--force", "metrics", "cpu_v1"]).stdout == "Deleted table cpu_v1\n")
        #expect(try user.vmctl(["table", "delete", "--force", "metrics", "cpu_v1"]).code == 5)
        let undeleted = try user.vmctl(["table", "undelete", "metrics", tableID])
        let lines = undeleted.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(undeleted.code == 0 && lines.contains("NAME cpu_v1") && lines.contains("ID \(tableID)")
                && lines.contains("PARTITIONING tag:host, time:%Y-%m-%d"), "\(undeleted.stdout) \(undeleted.stderr)")
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
