import VMCtlCore
import VMCtlSupport

/// `/api/v1/deployments/{id}/access_tokens` of one deployment.
public struct VMCloudTokens: RevealingTokenService {
    let client: APIClient
    let deployment: DeploymentScope

    public var scopeDescription: String { deployment.description }
    public var dataPlane: VMCloudDataPlane { VMCloudDataPlane(client: client, deployment: deployment) }
    public var secretWarning: String {
        "copy the token now and keep it secret; 'vmctl token reveal ID' can show it again, and each reveal is audit-logged"
    }
    public var revealWarning: String { "the token's secret is printed below; keep it secret (this reveal is audit-logged)" }
    /// The API's word: a revoked token is gone from the list.
    public static var removal: TokenRemoval { .revoke }
    public var idShape: IDPrefix.Shape { .uuid }
    /// The API does not say which token a request came with.
    public var recognizesProfileToken: Bool { false }

    private static func base(_ id: String) -> String { "\(DeploymentScope.path(id))/access_tokens" }

    public func list(includeRevoked: Bool) async throws -> [Token] {
        var tokens: [Token] = []
        try await list(includeRevoked: includeRevoked, into: ListSink(restart: { tokens = [] }, add: { tokens.append($0) }))
        return tokens
    }

    /// Each token is made as it is read and handed on: a long list is never held here.
    public func list(includeRevoked: Bool, into sink: ListSink<Token>) async throws {
        try await deployment.call { id in
            let known = deployment.known
            let tokens = ListSink<VMCloudWire.AccessToken>(restart: sink.restart, add: { try sink.add(token($0, known)) })
            try await client.getList(Self.base(id), of: VMCloudWire.AccessToken.self, notFound: "no \(deployment.description)", into: tokens)
        }
    }

    /// Served from the list, so that looking at a token is not a reveal.
    public func get(id: String, includeRevoked: Bool) async throws -> Token {
        try token(matching: id, in: try await list(includeRevoked: true))
    }

    /// A tenant token needs a cluster: the deployment's type comes from the lookup that found it, or from
    /// its details (fetched once, and shared with the new token's URLs).
    public func create(_ plan: VMCloudTokenPlan) async throws -> TokenWithSecret {
        if let tenant = plan.tenant {
            var known = deployment.known.type
            if known == nil { known = try await deployment.details().type }
            let type = known ?? ""
            if type != "cluster" {
                throw VMCtlError.usage("tenant \(tenant) needs a cluster deployment, but \(deployment.description) is \(type.isEmpty ? "not a cluster" : type)",
                                       hint: "a single-node deployment has no tenants: use --read-database '*' / --write-database '*'")
            }
        }
        let body = VMCloudWire.AccessTokenCreate(type: plan.access.rawValue, description: plan.description, tenant_id: plan.tenant)
        let created: VMCloudWire.AccessToken = try await deployment.call { id in
            try await client.send("POST", Self.base(id), json: body, notFound: "no \(deployment.description)")
        }
        guard let secret = created.value, !secret.isEmpty else {
            throw VMCtlError.failure("the server created token \(created.id) but sent no secret",
                                     hint: "run 'vmctl token reveal \(created.id)' to fetch it")
        }
        return TokenWithSecret(token: token(created, deployment.known), secret: secret)
    }

    public func reveal(id reference: String) async throws -> TokenWithSecret {
        let id = try await resolveID(reference)
        let revealed: VMCloudWire.AccessToken = try await deployment.call { deploymentID in
            try await client.get("\(Self.base(deploymentID))/\(APIClient.segment(id))", notFound: "no token \(id) in \(deployment.description)")
        }
        guard let secret = revealed.value, !secret.isEmpty else {
            throw VMCtlError.failure("the server sent no secret for token \(id)")
        }
        return TokenWithSecret(token: token(revealed, deployment.known), secret: secret)
    }

    public func delete(id reference: String) async throws {
        let id = try await resolveID(reference)
        try await deployment.call { deploymentID in
            _ = try await client.send("DELETE", "\(Self.base(deploymentID))/\(APIClient.segment(id))", notFound: "no token \(id) in \(deployment.description)")
        }
    }

    /// A token's one tenant (or `*`) and type, asked for again.
    public func replacement(for token: Token, description: String) throws -> TokenCreateRequest {
        try replacingDatabases(of: token, description: description)
    }

    /// vmctl's token, in `known` (the deployment as this command knows it).
    private func token(_ t: VMCloudWire.AccessToken, _ known: DeploymentScope.Known) -> Token {
        let access = t.type.flatMap(VMCloudAccess.init(rawValue:))
        return Token(id: t.id, description: t.description ?? "", product: .vmcloud, status: "active",
                     permissions: VMCloudTokenPlan.permissions(access, tenant: t.tenant_id),
                     createdAt: t.created_at.map(RFC3339.normalize), createdBy: t.created_by,
                     lastUsedAt: t.last_used_at.map(RFC3339.normalize),
                     attributes: Attributes([VMCloudToken.deploymentID.erased: .string(known.id),
                                             VMCloudToken.deploymentName.erased: known.name.map(JSONValue.string),
                                             VMCloudToken.tenant.erased: t.tenant_id.map(JSONValue.string),
                                             VMCloudToken.access.erased: access?.json]))
    }
}
