import VMCtlSupport
/// The `vmcloud` product: VictoriaMetrics Cloud's management API (api/vmcloud.md).
public struct VMCloudBackend: ProductBackend {
    public let product = ProductKind.vmcloud
    let client: APIClient
    /// The profile's `deployment`, used when a command gets no `--deployment`.
    let defaultDeployment: String?
    /// The ID `profile create`/`update` found for a `defaultDeployment` that is a name, if any.
    let defaultDeploymentID: String?
    let profileName: String

    public init(client: APIClient, defaultDeployment: String?, defaultDeploymentID: String? = nil, profileName: String) {
        self.client = client
        self.defaultDeployment = defaultDeployment
        self.defaultDeploymentID = defaultDeploymentID
        self.profileName = profileName
    }

    /// The flags reduce to one type and tenant here, once; creating the token uses what this worked out.
    public func check(_ request: TokenCreateRequest) throws -> CheckedTokenRequest {
        CheckedTokenRequest(request, plan: try VMCloudTokenMapping.reduce(read: request.read, write: request.write))
    }

    public func tokens(deployment: String?) async throws -> TokenService {
        if let pin = pinned(deployment) { return PinnedTokens(client: client, pin: pin) }
        return VMCloudTokens(client: client, deployment: try await resolve(deployment))
    }

    public func tokenScopes() async throws -> [TokenService] {
        try await VMCloudDeployments(client: client).list(details: false).map { d in
            VMCloudTokens(client: client, deployment: ResolvedDeployment(id: d.id, name: d.name, type: d.type))
        }
    }

    public func dataPlane(deployment: String?) async throws -> DataPlaneService {
        if let pin = pinned(deployment) { return PinnedDataPlane(client: client, pin: pin) }
        return VMCloudDataPlane(client: client, deployment: try await resolve(deployment))
    }

    public func deployments() throws -> DeploymentService {
        VMCloudDeployments(client: client, defaultReference: defaultDeployment,
                           defaultPin: defaultDeploymentID != nil ? pinned(nil) : nil)
    }

    public func apiKeys() throws -> APIKeyService {
        VMCloudAPIKeys(client: client)
    }

    public func rules(deployment: String?) async throws -> RuleService {
        if let pin = pinned(deployment) { return PinnedRules(client: client, pin: pin) }
        return VMCloudRules(client: client, deployment: try await resolve(deployment))
    }

    public func checkAccess() async throws -> String {
        Self.count(try await VMCloudDeployments(client: client).list(details: false).count, "deployment") + " visible"
    }

    public func catalog() throws -> CatalogService {
        VMCloudCatalog(client: client)
    }

    /// The profile's deployment by its stored ID, when the command names no other (or names it by the same
    /// name) and the profile has one.
    private func pinned(_ deployment: String?) -> PinnedDeployment? {
        guard let name = defaultDeployment, deployment == nil || deployment == name, !Identifier.isUUID(name),
              let id = defaultDeploymentID else { return nil }
        return PinnedDeployment(client: client, id: id, name: name, profileName: profileName)
    }

    /// The deployment a command works on: `--deployment`, else the profile's.
    private func resolve(_ deployment: String?) async throws -> ResolvedDeployment {
        guard let reference = deployment ?? defaultDeployment else {
            throw VMCtlError.usage("no deployment given: pass --deployment NAME|ID, or set deployment in profile \"\(profileName)\"",
                                   hint: "run 'vmctl deployment list' to see the deployments")
        }
        return try await VMCloudDeployments(client: client).resolve(reference)
    }
}
