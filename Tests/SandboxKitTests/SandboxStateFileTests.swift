import Foundation
import Testing
@testable import SandboxCore
@testable import SandboxKit
@testable import VMCtlSupport

/// The `--state` file: written in the background and at stop, one JSON object holding every emulator's
/// state, and files of older sandboxes still load.
@Suite struct SandboxStateFileTests {
    @Test func stateIsSavedInTheBackgroundAndAtStop() throws {
        let dir = NSTemporaryDirectory() + "vmctl-sandbox-state-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/state.json"
        let sandbox = try Sandbox(options: .init(apiKey: testKey, statePath: path))
        let id = try sandbox.deploymentID("prod-cluster")
        var created: [String] = []
        for i in 0..<5 {
            let answer = sandbox.vmcloud("POST", "/api/v1/deployments/\(id)/access_tokens", body: #"{"type":"r","description":"burst \#(i)"}"#)
            #expect(answer.status == 200)
            created.append(try #require(try JSONParser.parse(answer.body)["id"]?.stringValue))
        }
        // Written soon after the burst, without waiting for the stop.
        var saved = ""
        for _ in 0..<100 {
            saved = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if created.allSatisfy(saved.contains) { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(created.allSatisfy(saved.contains))
        #expect(sandbox.vmcloud("DELETE", "/api/v1/deployments/\(id)/access_tokens/\(created[0])").status == 200)
        sandbox.stop()
        saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!saved.contains(created[0]) && saved.contains(created[4]), "the last change is saved at stop")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["state.json"])
        let reloaded = try Sandbox(options: .init(apiKey: testKey, statePath: path))
        let list = try JSONParser.parse(reloaded.vmcloud("GET", "/api/v1/deployments/\(id)/access_tokens").body).arrayValue ?? []
        #expect(list.count == 5)
    }

    @Test func everyEmulatorsStateIsMembersOfTheOneObjectAsBefore() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(SandboxState.seeded(now: Date()))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object.keys.sorted() == ["apiKeys", "clustered", "dedicated", "dedicatedAccountID", "dedicatedClusterID", "deployments",
                                         "influxdb2", "ruleFiles", "tokens"])
        let decoded = try JSONDecoder().decode(SandboxState.self, from: data)
        #expect(decoded.vmcloud.deployments.map(\.name) == ["dev-single", "prod-cluster"])
        #expect(try encoder.encode(decoded) == data, "read back and written again, the file is the same")
    }

    @Test func filesOfOlderSandboxesLoadWithWhatTheyLackFilledIn() throws {
        let old = #"{"deployments":[],"dedicated":{"tokens":[],"databases":[{"name":"old","maxTables":1,"maxColumnsPerTable":1,"retentionPeriod":0}],"deletedDatabases":[]}}"#
        let state = try JSONDecoder().decode(SandboxState.self, from: Data(old.utf8))
        #expect(state.vmcloud.deployments.isEmpty && state.vmcloud.tokens.isEmpty && state.vmcloud.apiKeys.isEmpty)
        #expect(state.influxdb3.dedicated.databases.map(\.id) == [1], "a database without an ID gets one")
        #expect(state.influxdb3.clustered.databases.isEmpty && !state.influxdb3.dedicatedAccountID.isEmpty)
        #expect(state.influxdb2.orgs.map(\.name) == ["sandbox-org"])
    }
}
