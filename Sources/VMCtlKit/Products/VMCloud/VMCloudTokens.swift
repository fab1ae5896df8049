import VMCtlSupport
/// `/api/v1/deployments/{id}/access_tokens` of one deployment.
struct VMCloudTokens: TokenService {
    let client: APIClient
    let deployment: ResolvedDeployment

    var scopeDescription: String { deployment.description }
    var dataPlane: DataPlaneService? { VMCloudDataPlane(client: client, deployment: deployment) }
    var secretWarning: String {
        "copy the token now and keep it secret; 'vmctl token reveal ID' can show it again, and each reveal is audit-logged"
    }

    private var base: String { "/api/v1/deployments/\(APIClient.segment(deployment.id))/access_tokens" }

    func list(includeRevoked: Bool) async throws -> [Token] {
        let tokens: [VMCloudWire.AccessToken] = try await deployment.call(client) {
            try await client.getList(base, notFound: "no \(deployment.description)")
        }
        return tokens.map(token)
    }

    /// Served from the list, so that looking at a token is not a reveal.
    func get(id: String, includeRevoked: Bool) async throws -> Token {
        try token(matching: id, in: try await list(includeRevoked: true))
    }

    func create(_ checked: CheckedTokenRequest) async throws -> TokenWithSecret {
        guard let mapping = checked.plan as? VMCloudTokenMapping.Result else {
            throw VMCtlError.failure("internal error: the token request was not checked for VictoriaMetrics Cloud")
        }
        let request = checked.request
        if let tenant = mapping.tenant {
            let type: String
            if let known = deployment.type {
                type = known
            } else {
                type = try await deployment.info(client).type ?? ""
            }
            if type != "cluster" {
                throw VMCtlError.usage("tenant \(tenant) needs a cluster deployment, but \(deployment.description) is \(type.isEmpty ? "not a cluster" : type)",
                                       hint: "a single-node deployment has no tenants: use --read-database '*' / --write-database '*'")
            }
        }
        let body = VMCloudWire.AccessTokenCreate(type: mapping.type, description: request.description, tenant_id: mapping.tenant)
        let created: VMCloudWire.AccessToken = try await deployment.call(client) {
            try await client.send("POST", base, json: body, notFound: "no \(deployment.description)")
        }
        guard let secret = created.value, !secret.isEmpty else {
            throw VMCtlError.failure("the server created token \(created.id) but sent no secret",
                                     hint: "run 'vmctl token reveal \(created.id)' to fetch it")
        }
        return TokenWithSecret(token: token(created), secret: secret)
    }

    func reveal(id reference: String) async throws -> TokenWithSecret {
        let id = try await resolveID(reference)
        let revealed: VMCloudWire.AccessToken = try await deployment.call(client) {
            try await client.get("\(base)/\(APIClient.segment(id))", notFound: "no token \(id) in \(deployment.description)")
        }
        guard let secret = revealed.value, !secret.isEmpty else {
            throw VMCtlError.failure("the server sent no secret for token \(id)")
        }
        return TokenWithSecret(token: token(revealed), secret: secret)
    }

    func delete(id reference: String) async throws {
        let id = try await resolveID(reference)
        try await deployment.call(client) {
            try await client.send("DELETE", "\(base)/\(APIClient.segment(id))", notFound: "no token \(id) in \(deployment.description)")
        }
    }

    private func token(_ t: VMCloudWire.AccessToken) -> Token {
        Token(id: t.id, description: t.description ?? "", product: .vmcloud, status: "active",
              permissions: VMCloudTokenMapping.permissions(type: t.type, tenant: t.tenant_id),
              createdAt: t.created_at.map(RFC3339.normalize), createdBy: t.created_by,
              lastUsedAt: t.last_used_at.map(RFC3339.normalize), deploymentID: deployment.id,
              tenantID: t.tenant_id, type: t.type, deploymentName: deployment.name)
    }
}
