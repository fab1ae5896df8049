import VMCtlCore
import VMCtlSupport

extension ProductKind {
    public static let vmcloud = ProductKind(rawValue: "vmcloud")
}

/// What a VictoriaMetrics Cloud token may do: the API's `type`.
public enum VMCloudAccess: String, Sendable, AttributeValue {
    case read = "r", write = "w", readWrite = "rw"

    public var canRead: Bool { self != .write }
    public var canWrite: Bool { self != .read }

    public var json: JSONValue { .string(rawValue) }
    public init?(json: JSONValue) {
        guard let text = json.stringValue else { return nil }
        self.init(rawValue: text)
    }
}

/// What only VictoriaMetrics Cloud tokens have: the deployment they belong to, their type, their tenant.
public enum VMCloudToken {
    public static let deploymentID = Attribute<String>("deployment_id")
    /// The deployment's name, where it was looked up (`token list --all-deployments`).
    public static let deploymentName = Attribute<String>("deployment_name")
    /// `<accountID>` or `<accountID>:<projectID>`; absent for every tenant.
    public static let tenant = Attribute<String>("tenant_id")
    public static let access = Attribute<VMCloudAccess>("type")

    static let attributes = [deploymentID, deploymentName, tenant].map(\.erased) + [access.erased]

    static let typeColumn = TokenColumn("Type") { $0[access]?.rawValue }
    static let tenantColumn = TokenColumn("Tenant") { $0[tenant] ?? "* (all tenants)" }
    static let deploymentColumn = TokenColumn("Deployment") { $0[deploymentID] }
    /// The deployment by name where it is known, else by ID.
    static let deploymentNameColumn = TokenColumn("Deployment") { $0[deploymentName] ?? $0[deploymentID] }
}

/// What the `vmcloud` product is: VictoriaMetrics Cloud's management API (docs/api/vmcloud.md).
public enum VMCloudProduct {
    public static let descriptor = ProductDescriptor(
        kind: .vmcloud,
        displayName: "VictoriaMetrics Cloud",
        aliases: ["victoriametrics-cloud", "vmc"],
        defaultURL: "https://api.victoriametrics.cloud",
        profileKeys: [
            ProfileKey("deployment", flag: "deployment", valueName: "NAME|ID", help: "default deployment"),
            ProfileKey("deployment_id", flag: "deployment-id", valueName: "ID", help: "the ID the default deployment's name had when the profile was saved",
                       format: .uuid, derivedFrom: "deployment"),
        ],
        credential: Credential(header: "X-VM-Cloud-Access"),
        tokenLayout: TokenLayout(columns: [.lastUsed],
                                 details: [VMCloudToken.typeColumn, VMCloudToken.tenantColumn, VMCloudToken.deploymentColumn,
                                           .status, .created, .createdBy, .lastUsed]),
        tokenAttributes: VMCloudToken.attributes,
        notes: [
            .tokenCreate: """
                the flags must reduce to one tenant (<accountID> or <accountID>:<projectID>) or '*', and a mode: read \
                only makes a read token, write only a write token, both a read/write token. Tenants exist only on \
                cluster deployments.
                """,
            .tokenGet: "this reads the token list, so it is not a reveal and is not audit-logged as one.",
            .tokenReveal: "each reveal is audit-logged by VictoriaMetrics Cloud.",
            .tokenDelete: "the token is revoked and leaves the list.",
        ],
        lacking: [
            Capability.expiringTokens.id: "VictoriaMetrics Cloud tokens do not expire: revoke the token when it is no longer needed (vmctl token revoke ID)",
            Capability.orgWideTokens.id: "for a token on the whole deployment use --read-database '*' --write-database '*'",
            Capability.tokenUpdates.id: "VictoriaMetrics Cloud tokens cannot change: create a token with what is wanted, then revoke this one",
        ],
        scope: { $0.setting("deployment").map { "deployment \($0)" } ?? "-" },
        deriveSettings: { profile, client in
            // A deployment named in the profile is looked up once here, not on every command.
            guard let reference = profile.setting("deployment"), !Identifier.isUUID(reference) else { return [:] }
            return ["deployment_id": try await DeploymentScope.resolve(reference, client: client).id]
        },
        backend: VMCloudBackend.self,
        makeBackend: { profile, client in
            VMCloudBackend(client: client, defaultDeployment: profile.setting("deployment"),
                           defaultDeploymentID: profile.setting("deployment_id"), profileName: profile.name)
        })
}
