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
}

/// An API key just created, with its value.
public struct APIKeyWithSecret: Sendable, Equatable {
    public var key: APIKey
    public var secret: String
}

/// A price tier of the catalog.
public struct Tier: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var type: String
    public var cloudProvider: String
    public var computeCostPerHour: Double
    public var ingestionRate: Int64
    public var activeTimeSeries: Int64
    public var newSeriesOver24h: Int64
    public var datapointsReadRate: Int64
    public var seriesReadPerQuery: Int64
    public var concurrentRequests: Int64
}

/// A region of a cloud provider.
public struct Region: Sendable, Equatable {
    public var cloudProvider: String
    public var name: String
}

/// A cloud provider.
public struct CloudProvider: Sendable, Equatable {
    public var id: String
    public var url: String
}
