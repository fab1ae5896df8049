import VMCtlSupport
import VMCtlCore
import VMCtlSupport

/// `/api/v1/api_keys` — provisional: VictoriaMetrics Cloud has not published an API key endpoint (the
/// console manages keys), so this follows docs/api/vmcloud.md; a server without it answers 404 or 405, which
/// becomes a clear "not offered here" instead of a confusing not-found.
struct VMCloudAPIKeys: APIKeyService {
    let client: APIClient

    static let notOfferedError = VMCtlError.notFound(
        "this API does not offer API key management (no /api/v1/api_keys endpoint)",
        hint: "VictoriaMetrics Cloud manages API keys in its console: https://console.victoriametrics.cloud, under API Keys")
    static let notOffered = MissingEndpoint(notOfferedError)

    func list() async throws -> [APIKey] {
        let keys: [VMCloudWire.ApiKey] = try await client.get("/api/v1/api_keys", missingEndpoint: Self.notOffered)
        return keys.map(Self.key)
    }

    func create(_ request: APIKeyRequest) async throws -> APIKeyWithSecret {
        var ids: [String] = []
        if !request.allDeployments {
            for resolved in try await DeploymentScope.resolveAll(request.deployments, client: client) where !ids.contains(resolved.id) {
                ids.append(resolved.id)
            }
        }
        let body = VMCloudWire.ApiKeyCreate(name: request.name, permission: request.readOnly ? "r" : "rw",
                                            deployment_ids: request.allDeployments ? nil : ids,
                                            all_deployments: request.allDeployments, expires_at: request.expiresAt)
        let created: VMCloudWire.ApiKey = try await client.send("POST", "/api/v1/api_keys", json: body, missingEndpoint: Self.notOffered)
        guard let secret = created.value, !secret.isEmpty else {
            throw VMCtlError.failure("the server created API key \(created.id) but sent no key value",
                                     hint: "delete it with 'vmctl apikey delete \(created.id)' and create another")
        }
        return APIKeyWithSecret(key: Self.key(created), secret: secret)
    }

    func delete(id: String) async throws {
        // A 404 here may be a missing key or a missing endpoint; only 405 says the endpoint is not there.
        try await client.send("DELETE", "/api/v1/api_keys/\(APIClient.segment(id))", notFound: "no API key \(id)",
                              missingEndpoint: MissingEndpoint(Self.notOfferedError, statuses: [405]))
    }

    func resolve(_ references: [String]) async throws -> (ids: [String], known: [APIKey]) {
        guard references.contains(where: { !Identifier.isUUID($0) }) else { return (references, []) }
        let keys = try await list()
        let ids = try references.map { reference -> String in
            if Identifier.isUUID(reference) { return reference }
            guard let key = try IDPrefix.find(reference, in: keys, shape: .uuid, noun: "API key", id: \.id, name: \.name,
                                              label: { "\($0.id) (\($0.name))" }) else {
                var message = IDPrefix.Shape.uuid.couldBePrefix(reference) ? "no API key is named \"\(reference)\" or has an ID starting with it" : "no API key named \"\(reference)\""
                if let close = Suggestion.closest(to: reference, among: keys.map(\.name)) { message += " (did you mean \"\(close)\"?)" }
                throw VMCtlError.notFound(message, hint: "run 'vmctl apikey list' to see the keys")
            }
            return key.id
        }
        return (ids, keys)
    }

    static func key(_ k: VMCloudWire.ApiKey) -> APIKey {
        APIKey(id: k.id, name: k.name ?? "", readOnly: k.permission == "r", deploymentIDs: k.deployment_ids ?? [],
               allDeployments: k.all_deployments ?? false, expiresAt: k.expires_at.map(RFC3339.normalize),
               createdAt: k.created_at.map(RFC3339.normalize))
    }
}
