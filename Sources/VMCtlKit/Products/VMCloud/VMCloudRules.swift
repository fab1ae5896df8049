import Foundation
import VMCtlSupport

/// `/api/v1/deployments/{id}/rule-sets/files`: rule files stored as raw YAML.
struct VMCloudRules: RuleService {
    let client: APIClient
    let deployment: ResolvedDeployment

    var scopeDescription: String { deployment.description }
    private var base: String { "/api/v1/deployments/\(APIClient.segment(deployment.id))/rule-sets/files" }

    func list() async throws -> [String] {
        try await deployment.call(client) { try await client.get(base, notFound: "no \(deployment.description)") }
    }

    func get(_ name: String) async throws -> String {
        // The answer is YAML: ask for no particular type, as the official client does.
        let response = try await deployment.call(client) { try await client.send("GET", "\(base)/\(APIClient.segment(name))",
                                             notFound: "no rule file \(name) in \(deployment.description)", accept: nil) }
        guard let text = String(data: response.body, encoding: .utf8) else {
            throw VMCtlError.failure("rule file \(name) is not UTF-8 text")
        }
        return text
    }

    func upload(_ name: String, content: String) async throws {
        // Creating or replacing the same file twice is harmless, so a failed upload may be retried.
        try await deployment.call(client) {
            try await client.send("POST", "\(base)/\(APIClient.segment(name))", body: Data(content.utf8),
                                  contentType: "application/yaml", idempotent: true, notFound: "no \(deployment.description)")
        }
    }

    func delete(_ name: String) async throws {
        try await deployment.call(client) {
            try await client.send("DELETE", "\(base)/\(APIClient.segment(name))", notFound: "no rule file \(name) in \(deployment.description)")
        }
    }
}
