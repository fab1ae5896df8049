import VMCtlSupport
/// A VictoriaMetrics Cloud management API key as vmctl shows it; the key value is never part of it.
public struct APIKey: Sendable, Equatable {
    public var id: String
    public var name: String
    public var readOnly: Bool
    /// Empty when `allDeployments` is true.
    public var deploymentIDs: [String]
    /// All deployments, including ones created later.
    public var allDeployments: Bool
    public var expiresAt: String?
    public var createdAt: String?

    public init(id: String, name: String, readOnly: Bool, deploymentIDs: [String], allDeployments: Bool,
                expiresAt: String? = nil, createdAt: String? = nil) {
        self.id = id
        self.name = name
        self.readOnly = readOnly
        self.deploymentIDs = deploymentIDs
        self.allDeployments = allDeployments
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }
}

/// What `apikey create` asks for.
public struct APIKeyRequest: Sendable, Equatable {
    public var name: String
    public var readOnly: Bool
    /// Deployment names or IDs, resolved to IDs before sending; empty with `allDeployments`.
    public var deployments: [String]
    public var allDeployments: Bool
    public var expiresAt: String?

    public init(name: String, readOnly: Bool, deployments: [String], allDeployments: Bool, expiresAt: String? = nil) {
        self.name = name
        self.readOnly = readOnly
        self.deployments = deployments
        self.allDeployments = allDeployments
        self.expiresAt = expiresAt
    }
}

/// An API key just created, with its value.
public struct APIKeyWithSecret: Sendable, Equatable {
    public var key: APIKey
    public var secret: String

    public init(key: APIKey, secret: String) {
        self.key = key
        self.secret = secret
    }
}
