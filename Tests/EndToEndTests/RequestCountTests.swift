import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// Each main command sends the fewest requests the API allows, per product, as the sandbox's request log
/// shows them (IDs written as {uuid} and {id}). A new lookup in any of these paths fails here.
@Suite(.serialized) struct RequestCountTests {
    /// "METHOD /path" with the varying IDs replaced.
    static func normalized(_ log: [String]) -> [String] {
        log.map { line in
            line.replacingOccurrences(of: #"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, with: "{uuid}", options: .regularExpression)
                .replacingOccurrences(of: #"\b[0-9a-f]{16}\b"#, with: "{id}", options: .regularExpression)
        }
    }

    /// Runs `arguments` and returns what vmctl sent, after checking it succeeded.
    static func sent(_ user: VMCtlUser, _ sandbox: SandboxProcess, _ arguments: [String],
                     sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
        _ = try await sandbox.call("DELETE", "/_sandbox/requests")
        let r = try user.vmctl(arguments)
        #expect(r.code == 0, "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
        return normalized(try await sandbox.requestLog())
    }

    static func createdID(_ user: VMCtlUser, _ arguments: [String]) throws -> String {
        let r = try user.vmctl(arguments + ["--format", "json"])
        guard r.code == 0, let id = try JSONParser.parse(r.stdout)["id"]?.stringValue else { throw TestFailure("create failed: \(r.stderr)") }
        return id
    }

    @Test func vmcloud() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        // The profile looks its deployment's name up once, here, and stores the ID.
        _ = try await sandbox.call("DELETE", "/_sandbox/requests")
        try user.createProfile(sandbox: sandbox)
        #expect(Self.normalized(try await sandbox.requestLog()) == ["GET /api/v1/deployments"])

        let tokens = "/api/v1/deployments/{uuid}/access_tokens"
        #expect(try await Self.sent(user, sandbox, ["token", "create", "--read-database", "*", "--write-database", "*", "a"])
                .sorted() == ["GET /api/v1/deployments/{uuid}", "POST \(tokens)"])   // the data URLs need the deployment's endpoint
        let id = try Self.createdID(user, ["token", "create", "--read-database", "*", "b"])
        #expect(try await Self.sent(user, sandbox, ["token", "list"]) == ["GET \(tokens)"])
        // The token's data URLs need the deployment's endpoint, asked for alongside the list: one request more.
        #expect(try await Self.sent(user, sandbox, ["token", "get", id]).sorted() == ["GET /api/v1/deployments/{uuid}", "GET \(tokens)"])
        #expect(try await Self.sent(user, sandbox, ["token", "reveal", id]) == ["GET \(tokens)/{uuid}"])
        #expect(try await Self.sent(user, sandbox, ["token", "list", "--deployment", "prod-cluster"]) == ["GET \(tokens)"])
        #expect(try await Self.sent(user, sandbox, ["token", "list", "--deployment", "dev-single"])
                == ["GET /api/v1/deployments", "GET \(tokens)"])
        #expect(try await Self.sent(user, sandbox, ["token", "revoke", id, "--force"]) == ["DELETE \(tokens)/{uuid}"])
        // A deployment's details, with the catalog's tiers (side by side) for the tier's name.
        #expect(try await Self.sent(user, sandbox, ["deployment", "get"]).sorted() == ["GET /api/v1/deployments/{uuid}", "GET /api/v1/tiers"])
        #expect(try await Self.sent(user, sandbox, ["deployment", "get", "dev-single"]).sorted()
                == ["GET /api/v1/deployments", "GET /api/v1/deployments/{uuid}", "GET /api/v1/tiers"])
        // The tier named after a change: by the catalog read to check a new tier, else by one read beside the
        // PUT. (A deployment named on the command line is looked up by name first.)
        #expect(try await Self.sent(user, sandbox, ["deployment", "update", "prod-cluster", "--storage", "200GB"]).sorted()
                == ["GET /api/v1/deployments", "GET /api/v1/deployments/{uuid}", "GET /api/v1/tiers", "PUT /api/v1/deployments/{uuid}"])
        #expect(try await Self.sent(user, sandbox, ["deployment", "update", "prod-cluster", "--tier", "c.small.a"])
                == ["GET /api/v1/deployments", "GET /api/v1/deployments/{uuid}", "GET /api/v1/tiers", "PUT /api/v1/deployments/{uuid}"])
        #expect(try await Self.sent(user, sandbox, ["rule", "list"]) == ["GET /api/v1/deployments/{uuid}/rule-sets/files"])
        #expect(try await Self.sent(user, sandbox, ["auth", "status"]) == ["GET /api/v1/deployments"])
    }

    @Test(arguments: ["dedicated", "clustered"])
    func influxDB3(product: String) async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        _ = try await sandbox.call("DELETE", "/_sandbox/requests")
        try user.createInfluxDB3Profile("c", product: product, sandbox: sandbox)
        #expect(try await sandbox.requestLog() == [])
        let base = product == "dedicated" ? "/api/v0/accounts/{uuid}/clusters/{uuid}" : "/api/v0"
        #expect(try await Self.sent(user, sandbox, ["database", "create", "db1"]) == ["POST \(base)/databases"])
        // A database named is checked against the cluster's list, asked for beside the create (a warning
        // if it is missing); '*' names none, and nothing is looked up.
        #expect(try await Self.sent(user, sandbox, ["token", "create", "--read-database", "db1", "a"]).sorted()
                == ["GET \(base)/databases", "POST \(base)/tokens"])
        #expect(try await Self.sent(user, sandbox, ["token", "create", "--read-database", "*", "all"]) == ["POST \(base)/tokens"])
        let id = try Self.createdID(user, ["token", "create", "--read-database", "db1", "b"])
        #expect(try await Self.sent(user, sandbox, ["token", "list"]) == ["GET \(base)/tokens"])
        #expect(try await Self.sent(user, sandbox, ["token", "get", id]) == ["GET \(base)/tokens/{uuid}"])
        #expect(try await Self.sent(user, sandbox, ["token", "revoke", id, "--force"]) == ["DELETE \(base)/tokens/{uuid}"])
        #expect(try await Self.sent(user, sandbox, ["database", "list"]) == ["GET \(base)/databases"])
        #expect(try await Self.sent(user, sandbox, ["auth", "status"]) == ["GET \(base)/databases"])
    }

    @Test func influxDB2() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        _ = try await sandbox.call("DELETE", "/_sandbox/requests")
        try user.createInfluxDB2Profile("i", sandbox: sandbox)
        #expect(try await sandbox.requestLog() == [])
        // Lists filter by the org's name; a bucket's answer carries the org's ID, so only creates without one look it up.
        #expect(try await Self.sent(user, sandbox, ["token", "create", "--read-database", "metrics", "a"])
                == ["GET /api/v2/buckets", "POST /api/v2/authorizations"])
        let id = try Self.createdID(user, ["token", "create", "--read-database", "metrics", "b"])
        #expect(try await Self.sent(user, sandbox, ["token", "list"]) == ["GET /api/v2/authorizations"])
        #expect(try await Self.sent(user, sandbox, ["token", "get", id]) == ["GET /api/v2/authorizations/{id}"])
        #expect(try await Self.sent(user, sandbox, ["token", "reveal", id]) == ["GET /api/v2/authorizations/{id}"])
        // The list says whether the token is the profile's own (OSS lists values to their owner): a warning if so.
        #expect(try await Self.sent(user, sandbox, ["token", "revoke", id, "--force"])
                == ["GET /api/v2/authorizations", "DELETE /api/v2/authorizations/{id}"])
        #expect(try await Self.sent(user, sandbox, ["database", "list"]) == ["GET /api/v2/buckets"])
        #expect(try await Self.sent(user, sandbox, ["database", "create", "telegraf"]) == ["GET /api/v2/orgs", "POST /api/v2/buckets"])
        #expect(try await Self.sent(user, sandbox, ["auth", "status"]) == ["GET /api/v2/buckets"])
        #expect(try await Self.sent(user, sandbox, ["token", "create", "--all-access", "c"]).sorted()
                == ["GET /api/v2/me", "GET /api/v2/orgs", "GET /api/v2/resources", "POST /api/v2/authorizations"])
    }
}
