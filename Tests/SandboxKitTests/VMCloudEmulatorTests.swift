import Foundation
import Testing
@testable import SandboxCore
@testable import SandboxKit
@testable import VMCtlSupport

/// The VictoriaMetrics Cloud emulator's answers, through the sandbox's handler (no sockets involved
/// beyond the idle listener).
@Suite struct VMCloudEmulatorTests {
    let sandbox: Sandbox

    init() throws {
        sandbox = try Sandbox(options: .init(apiKey: testKey))
    }

    func call(_ method: String, _ path: String, body: String = "", key: String? = testKey) -> (Int, JSONValue?) {
        let response = sandbox.vmcloud(method, path, body: body, key: key)
        return (response.status, try? JSONParser.parse(response.body))
    }

    func deploymentID(_ name: String) -> String { try! sandbox.deploymentID(name) }

    @Test func requestsWithoutAValidAPIKeyAre401() {
        #expect(call("GET", "/api/v1/deployments", key: nil).0 == 401)
        #expect(call("GET", "/api/v1/deployments", key: "wrong").0 == 401)
        #expect(call("GET", "/api/v1/deployments").0 == 200)
    }

    @Test func listsMaskSecretsAndCreateAndRevealShowThem() throws {
        let id = deploymentID("prod-cluster")
        let (status, created) = call("POST", "/api/v1/deployments/\(id)/access_tokens", body: #"{"type":"rw","description":"d","tenant_id":"1:2"}"#)
        #expect(status == 200)
        let secret = try #require(created?["value"]?.stringValue)
        #expect(secret.count == 40)
        let listed = call("GET", "/api/v1/deployments/\(id)/access_tokens").1!.arrayValue!
        let entry = try #require(listed.first { $0["id"] == created?["id"] })
        #expect(entry["value"] == .string(String(secret.prefix(4))))
        #expect(entry["tenant_id"] == .string("1:2"))
        let revealed = call("GET", "/api/v1/deployments/\(id)/access_tokens/\(created!["id"]!.stringValue!)").1
        #expect(revealed?["value"] == .string(secret))
    }

    @Test(arguments: [
        (#"{"type":"x","description":"d"}"#, "type must be one of r, w, rw"),
        (#"{"type":"r","description":" "}"#, "description must not be empty"),
        (#"{"type":"r","description":"d","tenant_id":"abc"}"#, "tenant_id must be <accountID> or <accountID>:<projectID> with 32-bit decimal numbers"),
        (#"{"type":"r","description":"d","tenant_id":"4294967296"}"#, "tenant_id must be <accountID> or <accountID>:<projectID> with 32-bit decimal numbers"),
        ("not json", "request body must be a JSON object"),
    ] as [(String, String)])
    func tokenCreationRefusesBadTypesDescriptionsTenantsAndBodies(body: String, message: String) {
        let (status, json) = call("POST", "/api/v1/deployments/\(deploymentID("prod-cluster"))/access_tokens", body: body)
        #expect(status == 400)
        #expect(json?["message"] == .string(message))
    }

    @Test func absurdSizesAreRefusedNotOverflowed() {
        let body = #"{"name":"x","type":"cluster","provider":"aws","region":"us-east-1","tier":31,"storage_size":9000000000000000000,"storage_size_unit":"TB","retention":1,"retention_unit":"m","deduplication":0,"deduplication_unit":"s","maintenance_window":"Sat-Sun 3-4am"}"#
        #expect(call("POST", "/api/v1/deployments", body: body).0 == 400)
    }

    @Test func tenantTokensAreRefusedOnSingleNodeDeployments() {
        let (status, json) = call("POST", "/api/v1/deployments/\(deploymentID("dev-single"))/access_tokens", body: #"{"type":"r","description":"d","tenant_id":"1"}"#)
        #expect(status == 400)
        #expect(json?["message"] == .string("tenant_id is only supported for cluster deployments"))
    }

    @Test func unknownPathsAndIDsAre404AndOtherMethodsOnAKnownPath405() {
        #expect(call("GET", "/api/v1/deployments/nope").0 == 404)
        #expect(call("GET", "/api/v1/deployments/\(deploymentID("dev-single"))/access_tokens/nope").0 == 404)
        #expect(call("DELETE", "/api/v1/deployments/\(deploymentID("dev-single"))/access_tokens/nope").0 == 404)
        #expect(call("GET", "/api/v1/nothing").0 == 404)
        #expect(call("PATCH", "/api/v1/deployments").0 == 405)
    }

    @Test func catalogOffersAWSWithItsRegionsAndFourTiers() {
        #expect(call("GET", "/api/v1/tiers").1?.arrayValue?.count == 4)
        #expect(call("GET", "/api/v1/regions").1?.arrayValue?.first?["cloud_provider"] == .string("aws"))
        #expect(call("GET", "/api/v1/cloud_providers").1 == .array([.obj(["id": "aws", "url": "https://aws.amazon.com"])]))
    }

    @Test func ruleFileNamesNeedNoExtension() {
        let files = "/api/v1/deployments/\(deploymentID("prod-cluster"))/rule-sets/files"
        #expect(call("POST", files + "/testing-rules", body: "groups: []\n").0 == 200)
        #expect(call("GET", files).1 == .array(["testing-rules"]))
        #expect(call("POST", files + "/", body: "groups: []\n").0 == 405)
    }

    @Test func withoutTheAPIKeyEndpointKeysAre404LikeTheRealService() throws {
        let real = try Sandbox(options: .init(apiKey: testKey, apiKeyEndpoint: false))
        func status(_ method: String, _ path: String) -> Int { real.vmcloud(method, path).status }
        #expect(status("GET", "/api/v1/api_keys") == 404 && status("POST", "/api/v1/api_keys") == 404)
        #expect(status("DELETE", "/api/v1/api_keys/k") == 404)
        #expect(status("GET", "/api/v1/tiers") == 200)
        #expect(call("GET", "/api/v1/api_keys").0 == 200, "served by default")
    }
}
