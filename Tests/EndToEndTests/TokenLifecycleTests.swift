import Foundation
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// Layer 3: the built vmctl against vmctl-sandbox on loopback — the whole token lifecycle.
@Suite struct TokenLifecycleTests {
    @Test func createListGetRevealRevoke() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        let prod = try await sandbox.deploymentID("prod-cluster")

        let deployments = try user.vmctl(["deployment", "list", "--format", "json"])
        #expect(deployments.code == 0)
        #expect(try JSONParser.parse(deployments.stdout).arrayValue?.compactMap { $0["name"]?.stringValue }.sorted() == ["dev-single", "prod-cluster"])

        // Create: table, then the secret alone on the last line; the warning on stderr.
        let created = try user.vmctl(["token", "create", "--read-database", "*", "--write-database", "*", "vmagent prod"])
        #expect(created.code == 0)
        #expect(created.stderr.hasPrefix("Warning: copy the token now"))
        let secret = created.lastLine
        let id = try #require(created.stdout.split(separator: "\n").first { $0.hasPrefix("ID ") }?.split(separator: " ").last.map(String.init))
        #expect(try await sandbox.tokenSecrets(prod)[id] == secret)
        #expect(!created.stderr.contains(secret))

        // List: the new token is there, its secret is not.
        let list = try user.vmctl(["token", "list"])
        #expect(list.code == 0)
        #expect(list.stdout.contains(id) && list.stdout.contains("vmagent prod"))
        #expect(!list.stdout.contains(secret) && !list.stdout.contains("****"))
        let listJSON = try JSONParser.parse(try user.vmctl(["token", "list", "--format", "json"]).stdout)
        let entry = try #require(listJSON.arrayValue?.first { $0["id"]?.stringValue == id })
        #expect(entry["type"] == .string("rw"))
        #expect(entry["tenant_id"] == .null)
        #expect(entry["token"] == nil)

        // Get: from the list, no reveal call, and no lookup of the deployment's name (the profile stored its
        // ID); beside the list, the deployment's endpoint for the token's URLs.
        try await sandbox.call("DELETE", "/_sandbox/requests")
        let get = try user.vmctl(["token", "get", id])
        #expect(get.code == 0)
        #expect(!get.stdout.contains(secret))
        #expect(try await sandbox.requestLog().sorted() == ["GET /api/v1/deployments/\(prod)", "GET /api/v1/deployments/\(prod)/access_tokens"])

        // Reveal: the secret again, by the reveal endpoint.
        let reveal = try user.vmctl(["token", "reveal", id, "--format", "json"])
        #expect(try JSONParser.parse(reveal.stdout)["token"] == .string(secret))

        // Revoke: gone from the server.
        let revoke = try user.vmctl(["token", "revoke", id, "--force"])
        #expect(revoke.code == 0)
        #expect(revoke.stdout == "Revoked token \(id)\n")
        #expect(try await sandbox.tokenSecrets(prod)[id] == nil)
        #expect(!(try user.vmctl(["token", "list"]).stdout.contains(id)))
    }

    @Test func tenantTokensOnClusterAndRefusalOnSingleNode() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        let created = try user.vmctl(["token", "create", "--read-database", "12:3", "--format", "json", "grafana team 12"])
        #expect(created.code == 0)
        let json = try JSONParser.parse(created.stdout)
        #expect(json["tenant_id"] == .string("12:3"))
        #expect(json["type"] == .string("r"))

        let before = try await sandbox.requestLog().filter { $0.hasPrefix("POST") }.count
        let refused = try user.vmctl(["token", "create", "--deployment", "dev-single", "--write-database", "5", "x"])
        #expect(refused.code == 2)
        #expect(refused.stderr.contains("needs a cluster deployment"))
        #expect(try await sandbox.requestLog().filter { $0.hasPrefix("POST") }.count == before)
    }

    @Test func tokenLimitOfTheTierIsReported() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox, deployment: "dev-single")
        // dev-single's tier allows 10 tokens and starts with its default one.
        for i in 1...9 {
            #expect(try user.vmctl(["token", "create", "--read-database", "*", "t\(i)"]).code == 0)
        }
        let full = try user.vmctl(["token", "create", "--read-database", "*", "one too many"])
        #expect(full.code == 1)
        #expect(full.stderr.hasPrefix("Error: request failed: access token limit reached: tier allows 10 tokens per deployment (HTTP 400)\n"))
    }

    @Test func sandboxReceivesVMCtlsUserAgentAndKey() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        try await sandbox.call("DELETE", "/_sandbox/requests")
        _ = try user.vmctl(["deployment", "get", "prod-cluster"])
        let log = try await sandbox.call("GET", "/_sandbox/requests").arrayValue!
        // The deployment (the profile stored its ID), and the catalog's tiers for the tier's name.
        #expect(log.count == 2)
        #expect(log.allSatisfy { $0["user_agent"] == .string("vmctl/\(VMCtlVersion.current)") && $0["authenticated"] == .bool(true) })
    }
}
