import Foundation
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// Layer 3: InfluxDB 2, the built vmctl against the sandbox.
@Suite struct InfluxDB2EndToEndTests {
    /// Every resource type of an org, as InfluxDB 2's documentation lists them (docs/api/influxdb2.md, token kinds).
    static let documentedTypes: Set<String> = [
        "authorizations", "buckets", "dashboards", "orgs", "sources", "tasks", "telegrafs", "users", "variables", "scrapers",
        "secrets", "labels", "views", "documents", "notificationRules", "notificationEndpoints", "checks", "dbrp", "notebooks",
        "annotations", "remotes", "replications",
    ]

    func storedPermissions(_ sandbox: SandboxProcess, _ id: String) async throws -> [JSONValue] {
        let auths = try await sandbox.state()["influxdb2"]!["authorizations"]!.arrayValue!
        return auths.first { $0["id"] == .string(id) }!["permissions"]!.arrayValue!
    }

    /// The three kinds of token: created, listed, deactivated and deleted; permissions exactly as documented.
    @Test func theThreeTokenKinds() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createInfluxDB2Profile("i2", sandbox: sandbox)
        let org = try await sandbox.state()["influxdb2"]!["orgs"]!.arrayValue![0]["id"]!.stringValue!
        let metrics = try await sandbox.state()["influxdb2"]!["buckets"]!.arrayValue!.first { $0["name"] == .string("metrics") }!["id"]!.stringValue!

        var ids: [String: String] = [:]
        for (kind, flags) in [("operator", ["--operator"]), ("all-access", ["--all-access"]),
                              ("read/write", ["--read-database", "metrics", "--write-database", "metrics"])] {
            let r = try user.vmctl(["token", "create"] + flags + ["--format", "json", kind])
            #expect(r.code == 0, "\(kind): \(r.stderr)")
            let json = try JSONParser.parse(r.stdout)
            ids[kind] = json["id"]!.stringValue!
            #expect(json["token"]?.stringValue?.isEmpty == false)
        }

        // Operator: read and write on every type the server lists but `instance`, with no org (as influx-cli).
        let op = try await storedPermissions(sandbox, ids["operator"]!)
        #expect(op.count == 44)
        #expect(Set(op.map { "\($0["action"]!.stringValue!) \($0["resource"]!["type"]!.stringValue!)" })
                == Set(Self.documentedTypes.flatMap { ["read \($0)", "write \($0)"] }))
        #expect(op.allSatisfy { $0["resource"]!["orgID"] == nil && $0["resource"]!["id"] == nil })

        // All-access, as influx-cli grants it: read and write on every type of the org; the org itself
        // read-only by its ID; `users` read and write for the owner only, by ID.
        let all = try await storedPermissions(sandbox, ids["all-access"]!)
        #expect(all.count == 43)
        #expect(Set(all.map { $0["resource"]!["type"]!.stringValue! }) == Self.documentedTypes)
        for p in all {
            switch p["resource"]!["type"]!.stringValue! {
            case "orgs":
                #expect(p["action"] == "read" && p["resource"]!["id"] == .string(org) && p["resource"]!["orgID"] == nil)
            case "users":
                #expect(p["resource"]!["id"]?.stringValue != nil && p["resource"]!["orgID"] == nil)
            default:
                #expect(p["resource"]!["orgID"] == .string(org) && p["resource"]!["id"] == nil)
            }
        }

        // Read/write on a chosen bucket: exactly two bucket permissions.
        let rw = try await storedPermissions(sandbox, ids["read/write"]!)
        // (The sandbox's state is written with sorted keys.)
        #expect(rw == [.obj(["action": "read", "resource": .obj(["id": .string(metrics), "orgID": .string(org), "type": "buckets"])]),
                       .obj(["action": "write", "resource": .obj(["id": .string(metrics), "orgID": .string(org), "type": "buckets"])])])

        // Listed with status, owner and readable permissions; never with their values.
        let list = try user.vmctl(["token", "list"])
        #expect(list.stdout.contains("operator: everything in every org"))
        #expect(list.stdout.contains("all access in org sandbox-org"))
        #expect(list.stdout.contains("read:metrics, write:metrics"))
        #expect(list.stdout.contains("   active   admin\n"))
        let values = try await sandbox.state()["influxdb2"]!["authorizations"]!.arrayValue!.map { $0["token"]!.stringValue! }
        let listJSON = try user.vmctl(["token", "list", "--format", "json"])
        #expect(values.allSatisfy { !list.stdout.contains($0) && !listJSON.stdout.contains($0) })
        #expect(try JSONParser.parse(listJSON.stdout).arrayValue?.compactMap { $0["access"]?.stringValue }.sorted() == ["all-access", "operator", "operator"])

        // Deactivated, then deleted.
        for (kind, id) in ids {
            let off = try user.vmctl(["token", "update", id, "--inactive"])
            #expect(off.code == 0 && off.stdout.contains("STATUS        inactive\n"), "\(kind)")
            #expect(try user.vmctl(["token", "get", id, "--format", "json"]).stdout.contains("\"status\": \"inactive\""))
            #expect(try user.vmctl(["token", "delete", "--force", id]).code == 0)
            #expect(try user.vmctl(["token", "get", id]).code == 5)
        }
    }

    /// InfluxDB 2 shows a token's value again (OSS, to its owner): `token reveal` prints the one `token create`
    /// printed. Its API deletes a token rather than revoking it, and vmctl says so: the success lines and
    /// rotate's note say "Deleted", and nothing says "revoked".
    @Test func revealAndTheWordForDelete() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createInfluxDB2Profile("i2", sandbox: sandbox)
        let created = try JSONParser.parse(try user.vmctl(["token", "create", "--read-database", "metrics", "--format", "json", "grafana"]).stdout)
        let id = created["id"]!.stringValue!
        let revealed = try user.vmctl(["token", "reveal", id])
        #expect(revealed.code == 0, "\(revealed.stderr)")
        #expect(revealed.lastLine == created["token"]!.stringValue!)
        #expect(revealed.stderr == "Warning: the token's secret is printed below; keep it secret\n")

        let rotated = try user.vmctl(["token", "rotate", "--revoke-old", "--force", "--format", "json", id])
        #expect(rotated.code == 0, "\(rotated.stderr)")
        let json = try JSONParser.parse(rotated.stdout)
        #expect(json["old_revoked"] == .bool(true) && json["rotated_from"] == .string(id))
        #expect(rotated.stderr.contains(#"{"note":"Deleted old token \#(id)"}"# + "\n"))
        let newID = json["id"]!.stringValue!
        let deleted = try user.vmctl(["token", "delete", "--force", newID])
        #expect(deleted.stdout == "Deleted token \(newID)\n")
        // (JSON keeps `old_revoked`, the key every product has: docs/json.md.)
        #expect(!(rotated.stderr + deleted.stdout + deleted.stderr).lowercased().contains("revoke"))
        #expect(try user.vmctl(["token", "reveal", newID]).code == 5)
    }

    @Test func tokensAreEnforcedOnTheManagementCalls() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createInfluxDB2Profile("op", sandbox: sandbox)
        let org = try await sandbox.state()["influxdb2"]!["orgs"]!.arrayValue![0]["id"]!.stringValue!

        func tokenProfile(_ name: String, _ flags: [String]) throws -> String {
            let r = try user.vmctl(["token", "create", "--profile", "op"] + flags + [name])
            #expect(r.code == 0, "\(r.stderr)")
            try user.createInfluxDB2Profile(name, sandbox: sandbox, key: r.lastLine, org: ["--org-id", org])
            return r.stdout.split(separator: "\n").first!.split(separator: " ").last.map(String.init)!
        }
        _ = try tokenProfile("reader", ["--read-database", "metrics"])
        let adminID = try tokenProfile("admin", ["--all-access"])

        // A read-only bucket token cannot create tokens: OSS answers 401 naming the missing permission.
        let denied = try user.vmctl(["token", "create", "--profile", "reader", "--read-database", "metrics", "x"])
        #expect(denied.code == 4)
        #expect(denied.stderr.contains("write:orgs/\(org)/authorizations is unauthorized (HTTP 401)"), "\(denied.stderr)")
        // OSS filters lists by what the token may read: the reader's token list is empty, not refused.
        let readerTokens = try user.vmctl(["token", "list", "--profile", "reader", "--format", "json"])
        #expect(readerTokens.code == 0 && (try? JSONParser.parse(readerTokens.stdout)) == .array([]), "\(readerTokens.stderr)")
        // ... but sees the bucket it may read.
        #expect(try user.vmctl(["database", "list", "--profile", "reader"]).stdout.contains("metrics"))

        // An all-access token manages the org's tokens (it holds write on its owner, which OSS checks), but
        // only an operator makes operator tokens: OSS refuses the escalation with 403.
        let allAccessCreate = try user.vmctl(["token", "create", "--profile", "admin", "--read-database", "*", "ok"])
        #expect(allAccessCreate.code == 0, "\(allAccessCreate.stderr)")
        let escalate = try user.vmctl(["token", "create", "--profile", "admin", "--operator", "no"])
        #expect(escalate.code == 4)
        #expect(escalate.stderr.contains("is not allowed"), "\(escalate.stderr)")

        // An inactive token gets 401 where a permission is checked; lists, which OSS filters, come back empty.
        #expect(try user.vmctl(["token", "update", "--profile", "op", adminID, "--inactive"]).code == 0)
        let inactive = try user.vmctl(["database", "create", "--profile", "admin", "refused"])
        #expect(inactive.code == 4 && inactive.stderr.contains("token is inactive (HTTP 401)"), "\(inactive.stderr)")
        let hidden = try user.vmctl(["database", "list", "--profile", "admin", "--format", "json"])
        #expect(hidden.code == 0 && (try? JSONParser.parse(hidden.stdout)) == .array([]), "\(hidden.stderr)")
        #expect(try user.vmctl(["token", "update", "--profile", "op", adminID, "--active"]).code == 0)
        #expect(try user.vmctl(["database", "list", "--profile", "admin"]).code == 0)
    }

    @Test func bucketsPastTheFirstPage() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createInfluxDB2Profile("i2", sandbox: sandbox)
        let org = try await sandbox.state()["influxdb2"]!["orgs"]!.arrayValue![0]["id"]!.stringValue!
        for i in 0..<120 {
            _ = try await sandbox.influx("POST", "/api/v2/buckets", body: #"{"orgID":"\#(org)","name":"bulk-\#(i)","retentionRules":[]}"#)
        }
        try await sandbox.call("DELETE", "/_sandbox/requests")
        let list = try JSONParser.parse(try user.vmctl(["database", "list", "--format", "json"]).stdout).arrayValue!
        #expect(list.count == 123)
        // OSS lists an org's buckets in name order (byte order), not in creation order.
        #expect(list.compactMap { $0["name"]?.stringValue } == ["_monitoring", "_tasks"] + (0..<120).map { "bulk-\($0)" }.sorted() + ["metrics"])
        let pages = try await sandbox.requestLog().filter { $0.hasPrefix("GET /api/v2/buckets") }
        #expect(pages.count == 2)

        let token = try user.vmctl(["token", "create", "--write-database", "bulk-119", "--format", "json", "late bucket"])
        #expect(token.code == 0)
        #expect(try JSONParser.parse(token.stdout)["permissions"]?.arrayValue?.first?["database"] == .string("bulk-119"))

        let created = try user.vmctl(["database", "create", "telegraf", "--retention", "90d"])
        #expect(created.code == 0 && created.stdout.contains("RETENTION   90d\n"))
        // OSS answers a duplicate name with 422 and code "conflict": the code decides, so this is exit 6.
        let duplicate = try user.vmctl(["database", "create", "telegraf"])
        #expect(duplicate.stderr.contains("bucket with name telegraf already exists"), "\(duplicate.stderr)")
        #expect(duplicate.code == 6)
        let short = try user.vmctl(["database", "create", "brief", "--retention", "30m"])
        #expect(short.code == 1 && short.stderr.contains("at least 1h"))
        #expect(try user.vmctl(["database", "delete", "telegraf"]).code == 2)
        #expect(try user.vmctl(["database", "delete", "--force", "telegraf", "nope"]).code == 5)
        #expect(!(try user.vmctl(["database", "list"]).stdout.contains("telegraf")))
    }
}
