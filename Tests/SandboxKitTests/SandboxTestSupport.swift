import Foundation
import Testing
@testable import SandboxCore
@testable import SandboxKit
@testable import VMCtlSupport

/// The API key the tests' sandboxes accept.
let testKey = "key-1234567890"

extension Sandbox {
    /// A VictoriaMetrics Cloud management request with `key` (the tests' key unless told), answered by the
    /// sandbox's handler directly.
    func vmcloud(_ method: String, _ path: String, body: String = "", key: String? = testKey) -> SandboxResponse {
        var headers: [String: String] = [:]
        if let key { headers["x-vm-cloud-access"] = key }
        return handle(SandboxRequest(method: method, path: path, headers: headers, body: Array(body.utf8)))
    }

    /// The ID of the deployment named `name` (one of the seeded `dev-single` and `prod-cluster`).
    func deploymentID(_ name: String) throws -> String {
        let deployments = try JSONParser.parse(vmcloud("GET", "/api/v1/deployments").body).arrayValue ?? []
        return try #require(deployments.first { $0["name"] == .string(name) }?["id"]?.stringValue)
    }
}
