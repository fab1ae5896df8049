import VMCtlSupport

/// A capability as commands and flags name it: a protocol a product's backend conforms to, with the typed
/// view of the backend it gives. A command declares the capability it needs and asks the context for it
/// (`context.backend(.tokens)`); a product-specific flag declares the capability that honours it. Which
/// products run a command, which honour a flag, help's product lists and every refusal all come from
/// the backends' conformances, through the registry: nothing lists them a second time. (The constants are
/// computed: a generic type holds no stored statics.)
public struct Capability<Backend>: Sendable {
    public let id: CapabilityID
    let view: @Sendable (any ProductBackend) -> Backend?

    public init(_ name: String, provided: @escaping @Sendable (any ProductBackend.Type) -> Bool,
                view: @escaping @Sendable (any ProductBackend) -> Backend?) {
        id = CapabilityID(name: name, provided: provided)
        self.view = view
    }

    /// The backend as this capability sees it; nil when it lacks the capability.
    public func view(of backend: any ProductBackend) -> Backend? { view(backend) }
}

/// A capability without its typed view: what the command tree and the registry compare.
public struct CapabilityID: Sendable, Hashable, CustomStringConvertible {
    /// What the capability is, for messages and tests: "token reveal".
    public let name: String
    let provided: @Sendable (any ProductBackend.Type) -> Bool

    /// Whether backends of `type` have it.
    public func isProvided(by type: any ProductBackend.Type) -> Bool { provided(type) }

    public var description: String { name }
    public static func == (a: CapabilityID, b: CapabilityID) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

extension Capability where Backend == any ProductBackend {
    /// What every product does: talk to its server (`auth status`).
    public static var server: Capability { Capability("server access", provided: { _ in true }, view: { $0 }) }
}

extension Capability where Backend == any TokenAdministration {
    public static var tokens: Capability {
        Capability("token administration", provided: { $0 is any TokenAdministration.Type }, view: { $0 as? any TokenAdministration })
    }
}

extension Capability where Backend == any TokenReveal {
    public static var tokenReveal: Capability {
        Capability("token reveal", provided: { $0 is any TokenReveal.Type }, view: { $0 as? any TokenReveal })
    }
}

extension Capability where Backend == any TokenUpdates {
    public static var tokenUpdates: Capability {
        Capability("token updates", provided: { $0 is any TokenUpdates.Type }, view: { $0 as? any TokenUpdates })
    }
}

extension Capability where Backend == any EveryTokenScope {
    public static var everyTokenScope: Capability {
        Capability("tokens of every deployment", provided: { $0 is any EveryTokenScope.Type }, view: { $0 as? any EveryTokenScope })
    }
}

extension Capability where Backend == any TokenLastUse {
    public static var tokenLastUse: Capability {
        Capability("last use of tokens", provided: { $0 is any TokenLastUse.Type }, view: { $0 as? any TokenLastUse })
    }
}

extension Capability where Backend == any DeploymentScopes {
    public static var deploymentScopes: Capability {
        Capability("deployment scopes", provided: { $0 is any DeploymentScopes.Type }, view: { $0 as? any DeploymentScopes })
    }
}

extension Capability where Backend == any ExpiringTokens {
    public static var expiringTokens: Capability {
        Capability("expiring tokens", provided: { $0 is any ExpiringTokens.Type }, view: { $0 as? any ExpiringTokens })
    }
}

extension Capability where Backend == any OrgWideTokens {
    public static var orgWideTokens: Capability {
        Capability("org-wide tokens", provided: { $0 is any OrgWideTokens.Type }, view: { $0 as? any OrgWideTokens })
    }
}

extension Capability where Backend == any RevokedTokensListed {
    public static var revokedTokensListed: Capability {
        Capability("revoked tokens listed", provided: { $0 is any RevokedTokensListed.Type }, view: { $0 as? any RevokedTokensListed })
    }
}

extension Capability where Backend == any TenantTokens {
    public static var tenantTokens: Capability {
        Capability("tenant tokens", provided: { $0 is any TenantTokens.Type }, view: { $0 as? any TenantTokens })
    }
}

extension Capability where Backend == any TokenPermissionChanges {
    public static var tokenPermissionChanges: Capability {
        Capability("token permission changes", provided: { $0 is any TokenPermissionChanges.Type }, view: { $0 as? any TokenPermissionChanges })
    }
}

extension Capability where Backend == any TokenActivation {
    public static var tokenActivation: Capability {
        Capability("token activation", provided: { $0 is any TokenActivation.Type }, view: { $0 as? any TokenActivation })
    }
}

extension Capability where Backend == any DatabaseManagement {
    public static var databases: Capability {
        Capability("databases", provided: { $0 is any DatabaseManagement.Type }, view: { $0 as? any DatabaseManagement })
    }
}

extension Capability where Backend == any DatabaseAdministration {
    public static var databaseAdministration: Capability {
        Capability("database changes", provided: { $0 is any DatabaseAdministration.Type }, view: { $0 as? any DatabaseAdministration })
    }
}

extension Capability where Backend == any DatabaseLimits {
    public static var databaseLimits: Capability {
        Capability("database limits", provided: { $0 is any DatabaseLimits.Type }, view: { $0 as? any DatabaseLimits })
    }
}

extension Capability where Backend == any PartitionTemplates {
    public static var partitionTemplates: Capability {
        Capability("partition templates", provided: { $0 is any PartitionTemplates.Type }, view: { $0 as? any PartitionTemplates })
    }
}

extension Capability where Backend == any TableManagement {
    public static var tables: Capability {
        Capability("tables", provided: { $0 is any TableManagement.Type }, view: { $0 as? any TableManagement })
    }
}

extension Capability where Backend == any DeploymentManagement {
    public static var deployments: Capability {
        Capability("deployments", provided: { $0 is any DeploymentManagement.Type }, view: { $0 as? any DeploymentManagement })
    }
}

extension Capability where Backend == any APIKeyManagement {
    public static var apiKeys: Capability {
        Capability("API keys", provided: { $0 is any APIKeyManagement.Type }, view: { $0 as? any APIKeyManagement })
    }
}

extension Capability where Backend == any RuleManagement {
    public static var rules: Capability {
        Capability("rule files", provided: { $0 is any RuleManagement.Type }, view: { $0 as? any RuleManagement })
    }
}

extension Capability where Backend == any CatalogAccess {
    public static var catalog: Capability {
        Capability("catalog", provided: { $0 is any CatalogAccess.Type }, view: { $0 as? any CatalogAccess })
    }
}
