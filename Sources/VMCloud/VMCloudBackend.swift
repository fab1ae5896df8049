import VMCtlCore
import VMCtlSupport

/// The `vmcloud` product: VictoriaMetrics Cloud's management API (docs/api/vmcloud.md). What it can do is
/// what it conforms to.
public struct VMCloudBackend: TokenReveal, EveryTokenScope, TokenLastUse, TenantTokens, DeploymentScopes,
                              APIKeyManagement, RuleManagement, CatalogAccess {
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

    /// The API tracks a token's last use for the past 7 days.
    public static let lastUseWindow: Double? = 7 * 86400

    /// The flags reduce to one type and tenant here, once; creating the token uses what this worked out.
    public func plan(_ request: TokenCreateRequest) throws -> VMCloudTokenPlan {
        try VMCloudTokenPlan(request)
    }

    public func tokens(in scope: String?) async throws -> VMCloudTokens {
        VMCloudTokens(client: client, deployment: try await deployment(scope))
    }

    public func everyScope() async throws -> [VMCloudTokens] {
        let summaries: [VMCloudWire.Deployment] = try await client.get("/api/v1/deployments")
        return summaries.map { VMCloudTokens(client: client, deployment: DeploymentScope.listed($0, client: client)) }
    }

    public var scopeColumn: TokenColumn { VMCloudToken.deploymentNameColumn }

    public func deployments() -> any DeploymentService {
        VMCloudDeployments(client: client, defaultReference: defaultDeployment, defaultScope: stored(nil))
    }

    public func apiKeys() -> any APIKeyService {
        VMCloudAPIKeys(client: client)
    }

    public func rules(in scope: String?) async throws -> any RuleService {
        VMCloudRules(client: client, deployment: try await deployment(scope))
    }

    public func catalog() -> any CatalogService {
        VMCloudCatalog(client: client)
    }

    public func checkAccess() async throws -> String {
        let deployments: [VMCloudWire.Deployment] = try await client.get("/api/v1/deployments")
        return Self.count(deployments.count, "deployment") + " visible"
    }

    /// The profile's deployment by its stored ID, when the command names no other (or names it by the same
    /// name) and the profile has one.
    private func stored(_ reference: String?) -> DeploymentScope? {
        guard let name = defaultDeployment, reference == nil || reference == name, !Identifier.isUUID(name),
              let id = defaultDeploymentID else { return nil }
        return DeploymentScope.stored(id: id, name: name, profileName: profileName, client: client)
    }

    /// The deployment a command works on: `--deployment`, else the profile's.
    private func deployment(_ reference: String?) async throws -> DeploymentScope {
        if let stored = stored(reference) { return stored }
        guard let reference = reference ?? defaultDeployment else {
            throw VMCtlError.usage("no deployment given: pass --deployment NAME|ID, or set deployment in profile \"\(profileName)\"",
                                   hint: "run 'vmctl deployment list' to see the deployments")
        }
        return try await DeploymentScope.resolve(reference, client: client)
    }
}
