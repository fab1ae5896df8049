/// `/api/v1/api_keys` — provisional: VictoriaMetrics Cloud has not published an API key endpoint yet,
/// so this follows api/vmcloud.md until it does.
struct VMCloudAPIKeys: APIKeyService {
    let client: APIClient

    func list() async throws -> [APIKey] {
        let keys: [VMCloudWire.ApiKey] = try await client.get("/api/v1/api_keys")
        return keys.map(Self.key)
    }

    func create(_ request: APIKeyRequest) async throws -> APIKeyWithSecret {
        var ids: [String] = []
        if !request.allDeployments {
            let deployments = VMCloudDeployments(client: client)
            for reference in request.deployments {
                let id = try await deployments.resolve(reference).id
                if !ids.contains(id) { ids.append(id) }
            }
        }
        let body = VMCloudWire.ApiKeyCreate(name: request.name, permission: request.readOnly ? "r" : "rw",
                                            deployment_ids: request.allDeployments ? nil : ids,
                                            all_deployments: request.allDeployments, expires_at: request.expiresAt)
        let created: VMCloudWire.ApiKey = try await client.send("POST", "/api/v1/api_keys", json: body)
        guard let secret = created.value, !secret.isEmpty else {
            throw VMCtlError.failure("the server created API key \(created.id) but sent no key value",
                                     hint: "delete it with 'vmctl apikey delete \(created.id)' and create another")
        }
        return APIKeyWithSecret(key: Self.key(created), secret: secret)
    }

    func delete(id: String) async throws {
        try await client.send("DELETE", "/api/v1/api_keys/\(APIClient.segment(id))", notFound: "no API key \(id)")
    }

    static func key(_ k: VMCloudWire.ApiKey) -> APIKey {
        APIKey(id: k.id, name: k.name ?? "", readOnly: k.permission == "r", deploymentIDs: k.deployment_ids ?? [],
               allDeployments: k.all_deployments ?? false, expiresAt: k.expires_at.map(RFC3339.normalize),
               createdAt: k.created_at.map(RFC3339.normalize))
    }
}
