import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// A profile that names its deployment keeps the ID it resolved to (`deployment_id`), so commands need no
/// lookup; a stale ID is looked up again once.
@Suite struct StoredDeploymentIDTests {
    static let newID = "22222222-3333-4444-8555-666666666666"

    static func pinnedConfig(id: String = prodID) -> String {
        """
        default_profile = "test"

        [[profile]]
        name = "test"
        product = "vmcloud"
        url = "http://127.0.0.1:9"
        deployment = "prod-cluster"
        deployment_id = "\(id)"
        api_key = "\(sandboxKey)"
        """
    }

    @Test func aStoredIDSavesTheLookup() async {
        let stub = StubTransport().expect("GET", "/api/v1/deployments/\(prodID)/access_tokens", json: "[]")
        let r = await runVMCtl(["token", "list", "--format", "json"], config: Self.pinnedConfig(), stub: stub)
        #expect(r.code == 0)
        #expect(r.stdout == "[]\n")
        #expect(stub.requests.count == 1)
    }

    @Test func aStaleIDIsLookedUpAgainOnceAndTheCallRepeated() async {
        let stub = StubTransport()
            .expect("GET", "/api/v1/deployments/\(prodID)/access_tokens", status: 404, json: #"{"message":"deployment not found"}"#)
            .expect("GET", "/api/v1/deployments", json: #"[{"id":"\#(Self.newID)","name":"prod-cluster","type":"cluster"}]"#)
            .expect("GET", "/api/v1/deployments/\(Self.newID)/access_tokens", json: "[]")
        let r = await runVMCtl(["token", "list"], config: Self.pinnedConfig(), stub: stub)
        #expect(r.code == 0)
        #expect(r.stderr.contains("Warning: profile \"test\" stored ID \(prodID) for deployment \"prod-cluster\", which now has ID \(Self.newID); run 'vmctl profile update test --deployment prod-cluster' to store it"))
    }

    @Test func aMissingThingUnderAValidIDIsNotRetried() async {
        // The token is what is missing: the name still has the same ID, so the first answer stands.
        let stub = StubTransport()
            .expect("DELETE", "/api/v1/deployments/\(prodID)/access_tokens/\(singleID)", status: 404, json: #"{"message":"not found"}"#)
            .expect("GET", "/api/v1/deployments", json: #"[{"id":"\#(prodID)","name":"prod-cluster"}]"#)
        let r = await runVMCtl(["token", "revoke", singleID, "--force"], config: Self.pinnedConfig(), stub: stub)
        #expect(r.code == 5)
        #expect(r.stderr.hasPrefix("Error: no token \(singleID) in deployment \"prod-cluster\" (\(prodID))"))
        #expect(!r.stderr.contains("Warning"))
    }

    @Test func aDeletedDeploymentSaysSoByName() async {
        let stub = StubTransport()
            .expect("GET", "/api/v1/deployments/\(prodID)/access_tokens", status: 404, json: #"{"message":"not found"}"#)
            .expect("GET", "/api/v1/deployments", json: "[]")
        let r = await runVMCtl(["token", "list"], config: Self.pinnedConfig(), stub: stub)
        #expect(r.code == 5)
        #expect(r.stderr.hasPrefix("Error: no deployment named \"prod-cluster\"\n"))
    }

    @Test func anotherDeploymentOnTheCommandLineIsLookedUpAsAlways() async {
        let stub = StubTransport()
            .expect("GET", "/api/v1/deployments", json: #"[{"id":"\#(singleID)","name":"dev"}]"#)
            .expect("GET", "/api/v1/deployments/\(singleID)/access_tokens", json: "[]")
        let r = await runVMCtl(["token", "list", "--deployment", "dev"], config: Self.pinnedConfig(), stub: stub)
        #expect(r.code == 0)
    }

    @Test func profileUpdateOfTheDeploymentStoresTheNewID() async throws {
        let dir = TemporaryDirectory()
        let stub = StubTransport().expect("GET", "/api/v1/deployments", json: #"[{"id":"\#(singleID)","name":"dev"}]"#)
        let r = await runVMCtl(["profile", "update", "test", "--deployment", "dev"], config: Self.pinnedConfig(), stub: stub, directory: dir)
        #expect(r.code == 0)
        let text = try #require(dir.read("config.toml"))
        #expect(text.contains("deployment = \"dev\"\ndeployment_id = \"\(singleID)\"\n"))
        // A UUID needs no lookup, and keeps no separate ID.
        let byID = await runVMCtl(["profile", "update", "test", "--deployment", prodID], config: nil, directory: dir)
        #expect(byID.code == 0)
        #expect(dir.read("config.toml")?.contains("deployment_id") == false)
        // Removing the deployment removes its ID too.
        _ = await runVMCtl(["profile", "update", "test", "--deployment", "dev"], config: nil,
                           stub: StubTransport().expect("GET", "/api/v1/deployments", json: #"[{"id":"\#(singleID)","name":"dev"}]"#), directory: dir)
        let removed = await runVMCtl(["profile", "update", "test", "--deployment", ""], config: nil, directory: dir)
        #expect(removed.code == 0)
        #expect(dir.read("config.toml")?.contains("deployment") == false)
    }

    @Test func aKeyChangeKeepsTheStoredID() async throws {
        let dir = TemporaryDirectory()
        let r = await runVMCtl(["profile", "update", "test", "--api-key-env", "OTHER_KEY"], config: Self.pinnedConfig(), directory: dir)
        #expect(r.code == 0)
        #expect(dir.read("config.toml")?.contains("deployment_id = \"\(prodID)\"") == true)
    }

    @Test func anUnreachableServerLeavesTheNameToBeLookedUpLater() async throws {
        let dir = TemporaryDirectory()
        let stub = StubTransport().expect("GET", "/api/v1/deployments", failure: .cannotConnect("connection refused"))
        let r = await runVMCtl(["profile", "create", "p", "--product", "vmcloud", "--url", "http://127.0.0.1:9", "--deployment", "prod-cluster",
                                "--api-key-stdin"], config: nil, stub: stub, stdin: "k\n", directory: dir)
        #expect(r.code == 0)
        #expect(r.stderr.contains("Warning: could not look up the deployment of profile p now ("))
        #expect(dir.read("config.toml")?.contains("deployment = \"prod-cluster\"") == true)
        #expect(dir.read("config.toml")?.contains("deployment_id") == false)
    }

    @Test func anIDWithoutItsNameIsAConfigError() async {
        let config = vmcloudConfig().replacingOccurrences(of: "deployment = \"\(prodID)\"", with: "deployment_id = \"\(prodID)\"")
        let r = await runVMCtl(["token", "list"], config: config)
        #expect(r.code == 3)
        #expect(r.stderr.contains("deployment_id is written by vmctl from deployment, which is not set"))
    }
}
