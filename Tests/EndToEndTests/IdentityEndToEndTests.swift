import Foundation
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// Layer 3: addressing resources by name and ID prefix, access reviews, and revoking the profile's own token,
/// the built vmctl against the sandbox.
@Suite struct IdentityEndToEndTests {
    /// Resources are addressable the way they are shown.
    @Test func prefixesNamesAndTierNames() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        let prod = try await sandbox.deploymentID("prod-cluster")

        let created = try user.vmctl(["token", "create", "--read-database", "*", "grafana", "--format", "json"])
        let id = try #require(try JSONParser.parse(created.stdout)["id"]?.stringValue)
        let get = try user.vmctl(["token", "get", String(id.prefix(8)), "--format", "json"])
        #expect(get.code == 0, "\(get.stderr)")
        #expect(try JSONParser.parse(get.stdout)["id"]?.stringValue == id)
        // The deployment by a prefix of its ID; its tier by name.
        let deployment = try user.vmctl(["deployment", "get", String(prod.prefix(6)), "--format", "json"])
        #expect(deployment.code == 0, "\(deployment.stderr)")
        let info = try JSONParser.parse(deployment.stdout)
        #expect(info["id"]?.stringValue == prod)
        #expect(info["tier_name"]?.stringValue?.hasPrefix("c.") == true)
        #expect(try user.vmctl(["deployment", "list"]).stdout.contains(info["tier_name"]!.stringValue!))

        let revoked = try user.vmctl(["token", "revoke", "--force", String(id.prefix(5))])
        #expect(revoked.code == 0 && revoked.stdout == "Revoked token \(id)\n", "\(revoked.stderr)")
        #expect(try await sandbox.tokenSecrets(prod)[id] == nil)

        // API keys by name.
        let key = try user.vmctl(["apikey", "create", "ci-key", "--all-deployments"])
        #expect(key.code == 0)
        let deleted = try user.vmctl(["apikey", "delete", "--force", "ci-key"])
        #expect(deleted.code == 0 && deleted.stdout.hasPrefix("Deleted API key "), "\(deleted.stderr)")
        #expect(try user.vmctl(["apikey", "delete", "--force", "ci-key"]).code == 5)
    }

    /// One command for a quarterly review of every deployment's tokens.
    @Test func allDeploymentsWithFilters() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox, deployment: nil)
        let all = try user.vmctl(["token", "list", "--all-deployments", "--format", "json"])
        #expect(all.code == 0, "\(all.stderr)")
        let tokens = try #require(try JSONParser.parse(all.stdout).arrayValue)
        #expect(Set(tokens.compactMap { $0["deployment_name"]?.stringValue }) == ["dev-single", "prod-cluster"])
        let table = try user.vmctl(["token", "list", "--all-deployments"])
        #expect(table.stdout.hasPrefix("DEPLOYMENT "))
        // The seeded cluster's default token was used two hours ago; the single node's never.
        let unused = try JSONParser.parse(try user.vmctl(["token", "list", "--all-deployments", "--unused-for", "1d", "--format", "json"]).stdout)
        #expect(unused.arrayValue?.compactMap { $0["deployment_name"]?.stringValue } == ["dev-single"])
        let old = try user.vmctl(["token", "list", "--all-deployments", "--created-before", "2000-01-01"])
        #expect(old.code == 0 && old.stdout.isEmpty)
    }

    /// The InfluxDB 2 profile's own token (the sandbox's operator token) is named before it is deleted.
    @Test func revokingTheProfilesOwnInfluxDB2Token() async throws {
        let sandbox = try SandboxProcess()
        let user = VMCtlUser()
        try user.createInfluxDB2Profile("influx", sandbox: sandbox)
        let tokens = try #require(try JSONParser.parse(try user.vmctl(["token", "list", "--profile", "influx", "--format", "json"]).stdout).arrayValue)
        let own = try #require(tokens.first { $0["description"]?.stringValue == "sandbox operator token" }?["id"]?.stringValue)
        let r = try user.vmctl(["token", "revoke", "--force", "--profile", "influx", own])
        #expect(r.code == 0)
        #expect(r.stderr.contains("token \(own) is the one profile \"influx\" uses: once it is deleted, the profile stops working"))
        #expect(r.stdout == "Deleted token \(own)\n")
        #expect(try user.vmctl(["token", "list", "--profile", "influx"]).code == 4)
    }
}
