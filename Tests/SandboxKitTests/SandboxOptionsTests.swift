import Foundation
import Testing
@testable import SandboxCore
@testable import SandboxKit
@testable import VMCtlSupport

/// What the options for measuring vmctl do: `--seed-tokens` lengthens a list, `--latency` holds answers back.
@Suite struct SandboxOptionsTests {
    @Test func seededTokensAreListedBeyondTheTierLimit() throws {
        var options = Sandbox.Options(apiKey: testKey)
        options.seedTokens = 300
        let sandbox = try Sandbox(options: options)
        let id = try sandbox.deploymentID("prod-cluster")
        let list = try JSONParser.parse(sandbox.vmcloud("GET", "/api/v1/deployments/\(id)/access_tokens").body).arrayValue ?? []
        #expect(list.count == 301, "the default token and 300 seeded")
        #expect(Set(list.compactMap { $0["id"]?.stringValue }).count == 301)
        #expect(list.last?["description"] == "seeded token 299 for service-3")
        #expect(list.allSatisfy { $0["value"]?.stringValue?.count == 4 }, "lists show 4 characters of a secret, as before")
    }

    @Test func latencyHoldsBackAPIAnswersButNotTheAdminAPI() throws {
        var options = Sandbox.Options(apiKey: testKey)
        options.latency = 0.2
        let sandbox = try Sandbox(options: options)
        #expect(sandbox.vmcloud("GET", "/api/v1/deployments").delay == 0.2)
        #expect(sandbox.vmcloud("GET", "/api/v1/nothing-here").delay == 0.2)
        #expect(sandbox.vmcloud("GET", "/_sandbox/requests").delay == 0)

        // Over HTTP the answer comes no sooner than the latency.
        let started = Date()
        let answer = try LoopbackHTTPClient.send(port: sandbox.server.port, method: "GET", target: "/api/v1/tiers",
                                                 headers: [("X-VM-Cloud-Access", testKey)], body: [])
        #expect(answer.status == 200)
        #expect(Date().timeIntervalSince(started) >= 0.2)
    }
}
