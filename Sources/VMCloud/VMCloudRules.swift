import Foundation
import VMCtlCore
import VMCtlSupport

/// `/api/v1/deployments/{id}/rule-sets/files`: rule files stored as raw YAML.
struct VMCloudRules: RuleService {
    let client: APIClient
    let deployment: DeploymentScope

    var scopeDescription: String { deployment.description }
    private static func base(_ id: String) -> String { "\(DeploymentScope.path(id))/rule-sets/files" }

    func list() async throws -> [String] {
        try await deployment.call { id in try await client.get(Self.base(id), notFound: "no \(deployment.description)") }
    }

    func get(_ name: String) async throws -> String {
        // The answer is YAML: ask for no particular type, as the official client does.
        let response = try await deployment.call { id in try await client.send("GET", "\(Self.base(id))/\(APIClient.segment(name))",
                                             notFound: "no rule file \(name) in \(deployment.description)", accept: nil) }
        guard let text = String(data: response.body, encoding: .utf8) else {
            throw VMCtlError.failure("rule file \(name) is not UTF-8 text")
        }
        return text
    }

    func upload(_ name: String, content: String) async throws {
        // Creating or replacing the same file twice is harmless, so a failed upload may be retried.
        try await deployment.call { id in
            _ = try await client.send("POST", "\(Self.base(id))/\(APIClient.segment(name))", body: Data(content.utf8),
                                  contentType: "application/yaml", idempotent: true, notFound: "no \(deployment.description)")
        }
    }

    func delete(_ name: String) async throws {
        try await deployment.call { id in
            _ = try await client.send("DELETE", "\(Self.base(id))/\(APIClient.segment(name))", notFound: "no rule file \(name) in \(deployment.description)")
        }
    }
}
