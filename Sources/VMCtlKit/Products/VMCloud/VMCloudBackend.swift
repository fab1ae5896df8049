/// The `vmcloud` product: VictoriaMetrics Cloud's management API (api/vmcloud.md).
public struct VMCloudBackend: ProductBackend {
    public let product = ProductKind.vmcloud
    let client: APIClient
    /// The profile's `deployment`, used when a command gets no `--deployment`.
    let defaultDeployment: String?
    let profileName: String

    public init(client: APIClient, defaultDeployment: String?, profileName: String) {
        self.client = client
        self.defaultDeployment = defaultDeployment
        self.profileName = profileName
    }

    public func validate(_ request: TokenCreateRequest) throws {
        if request.expiresAt != nil {
            throw VMCtlError.usage("VictoriaMetrics Cloud tokens do not expire, so --expires-at and --expires-in do not apply",
                                   hint: "revoke the token when it is no longer needed: vmctl token revoke ID")
        }
        if request.allAccess || request.operatorAccess {
            throw VMCtlError.usage("--\(request.allAccess ? "all-access" : "operator") is for product \"influxdb2\", not \"vmcloud\"",
                                   hint: "for a token on the whole deployment use --read-database '*' --write-database '*'")
        }
        _ = try VMCloudTokenMapping.reduce(read: request.read, write: request.write)
    }

    public func tokens(deployment: String?) async throws -> TokenService {
        guard let reference = deployment ?? defaultDeployment else {
            throw VMCtlError.usage("no deployment given: pass --deployment NAME|ID, or set deployment in profile \"\(profileName)\"",
                                   hint: "run 'vmctl deployment list' to see the deployments")
        }
        let resolved = try await VMCloudDeployments(client: client).resolve(reference)
        return VMCloudTokens(client: client, deployment: resolved)
    }

    public func deployments() throws -> DeploymentService {
        VMCloudDeployments(client: client)
    }
}

/// A deployment reference resolved to its ID; name and type are known when a lookup was needed anyway.
struct ResolvedDeployment: Sendable {
    var id: String
    var name: String?
    var type: String?

    var description: String {
        name.map { "deployment \"\($0)\" (\(id))" } ?? "deployment \(id)"
    }
}

/// `/api/v1/deployments`.
struct VMCloudDeployments: DeploymentService {
    let client: APIClient

    func list() async throws -> [Deployment] {
        let summaries: [VMCloudWire.Deployment] = try await client.get("/api/v1/deployments")
        return summaries.map { Self.deployment($0, details: false) }
    }

    func get(_ reference: String) async throws -> Deployment {
        let resolved = try await resolve(reference)
        let info: VMCloudWire.Deployment = try await client.get(
            "/api/v1/deployments/\(APIClient.segment(resolved.id))", notFound: "no \(resolved.description)")
        return Self.deployment(info, details: true)
    }

    /// A UUID is taken as it is; anything else is looked up by name in the deployment list.
    func resolve(_ reference: String) async throws -> ResolvedDeployment {
        if Identifier.isUUID(reference) { return ResolvedDeployment(id: reference.lowercased()) }
        let summaries: [VMCloudWire.Deployment] = try await client.get("/api/v1/deployments")
        let matches = summaries.filter { $0.name == reference }
        if matches.count > 1 {
            throw VMCtlError.usage("\(matches.count) deployments are named \"\(reference)\"; name one by its ID",
                                   hint: "IDs: \(matches.map(\.id).joined(separator: ", "))")
        }
        guard let match = matches.first else {
            var message = "no deployment named \"\(reference)\""
            if let close = Suggestion.closest(to: reference, among: summaries.compactMap(\.name)) {
                message += " (did you mean \"\(close)\"?)"
            }
            throw VMCtlError.notFound(message, hint: "run 'vmctl deployment list' to see the deployments")
        }
        return ResolvedDeployment(id: match.id, name: match.name, type: match.type)
    }

    /// vmctl's deployment from the wire; `details` when it came from the single-deployment endpoint.
    static func deployment(_ i: VMCloudWire.Deployment, details withDetails: Bool) -> Deployment {
        var details: Deployment.Details?
        if withDetails {
            var d = Deployment.Details()
            d.retentionValue = i.retention_value
            d.retentionUnit = i.retention_unit
            d.deduplicationValue = i.deduplication_value
            d.deduplicationUnit = i.deduplication_unit
            d.storageSizeGB = i.storage_size_gb
            d.maintenanceWindow = i.maintenance_window
            d.computeCost = i.price?.compute_cost
            d.storageCost = i.price?.storage_cost
            d.totalCost = i.price?.total_cost
            d.accessEndpoint = i.access_endpoint
            d.singleFlags = i.vmsingle_settings
            d.storageFlags = i.vmstorage_settings
            d.selectFlags = i.vmselect_settings
            d.insertFlags = i.vminsert_settings
            details = d
        }
        return Deployment(id: i.id, name: i.name ?? "", type: i.type ?? "", status: i.status ?? "", tier: i.tier,
                          version: i.version, cloudProvider: i.cloud_provider, region: i.region,
                          createdAt: i.created_at.map(RFC3339.normalize), details: details)
    }
}

/// `/api/v1/deployments/{id}/access_tokens` of one deployment.
struct VMCloudTokens: TokenService {
    let client: APIClient
    let deployment: ResolvedDeployment

    var scopeDescription: String { deployment.description }
    var secretWarning: String {
        "copy the token now and keep it secret; 'vmctl token reveal ID' can show it again, and each reveal is audit-logged"
    }

    private var base: String { "/api/v1/deployments/\(APIClient.segment(deployment.id))/access_tokens" }

    func list(includeRevoked: Bool) async throws -> [Token] {
        let tokens: [VMCloudWire.AccessToken] = try await client.get(base, notFound: "no \(deployment.description)")
        return tokens.map(token)
    }

    /// Served from the list, so that looking at a token is not a reveal.
    func get(id: String, includeRevoked: Bool) async throws -> Token {
        guard let found = try await list(includeRevoked: true).first(where: { $0.id == id }) else {
            throw VMCtlError.notFound("no token \(id) in \(deployment.description)", hint: "run 'vmctl token list' to see the tokens")
        }
        return found
    }

    func create(_ request: TokenCreateRequest) async throws -> TokenWithSecret {
        let mapping = try VMCloudTokenMapping.reduce(read: request.read, write: request.write)
        if let tenant = mapping.tenant {
            let type: String
            if let known = deployment.type {
                type = known
            } else {
                let info: VMCloudWire.Deployment = try await client.get(
                    "/api/v1/deployments/\(APIClient.segment(deployment.id))", notFound: "no \(deployment.description)")
                type = info.type ?? ""
            }
            if type != "cluster" {
                throw VMCtlError.usage("tenant \(tenant) needs a cluster deployment, but \(deployment.description) is \(type.isEmpty ? "not a cluster" : type)",
                                       hint: "a single-node deployment has no tenants: use --read-database '*' / --write-database '*'")
            }
        }
        let body = VMCloudWire.AccessTokenCreate(type: mapping.type, description: request.description, tenant_id: mapping.tenant)
        let created: VMCloudWire.AccessToken = try await client.send("POST", base, json: body, notFound: "no \(deployment.description)")
        guard let secret = created.value, !secret.isEmpty else {
            throw VMCtlError.failure("the server created token \(created.id) but sent no secret",
                                     hint: "run 'vmctl token reveal \(created.id)' to fetch it")
        }
        return TokenWithSecret(token: token(created), secret: secret)
    }

    func reveal(id: String) async throws -> TokenWithSecret {
        let revealed: VMCloudWire.AccessToken = try await client.get("\(base)/\(APIClient.segment(id))",
                                                                     notFound: "no token \(id) in \(deployment.description)")
        guard let secret = revealed.value, !secret.isEmpty else {
            throw VMCtlError.failure("the server sent no secret for token \(id)")
        }
        return TokenWithSecret(token: token(revealed), secret: secret)
    }

    func delete(id: String) async throws {
        try await client.send("DELETE", "\(base)/\(APIClient.segment(id))", notFound: "no token \(id) in \(deployment.description)")
    }

    private func token(_ t: VMCloudWire.AccessToken) -> Token {
        Token(id: t.id, description: t.description ?? "", product: .vmcloud, status: "active",
              permissions: VMCloudTokenMapping.permissions(type: t.type, tenant: t.tenant_id),
              createdAt: t.created_at.map(RFC3339.normalize), createdBy: t.created_by,
              lastUsedAt: t.last_used_at.map(RFC3339.normalize), deploymentID: deployment.id,
              tenantID: t.tenant_id, type: t.type)
    }
}
