import VMCtlSupport

/// What `deployment create` asks for, as the user gave it: sizes and durations the way people write them
/// (`10GB`, `30d`, `weekend`); the product reads and checks them before anything is sent.
public struct DeploymentSpec: Sendable, Equatable {
    /// The deployment types there are (`Deployment.type`).
    public static let types = ["single_node", "cluster"]

    public var name: String
    public var type: String
    /// nil for the product's default.
    public var provider: String?
    public var region: String
    /// A tier ID, or a name to look up in the catalog.
    public var tier: String
    public var storage: String
    public var retention: String
    /// nil for none.
    public var deduplication: String?
    /// nil for the product's default.
    public var maintenanceWindow: String?

    public init(name: String, type: String, provider: String?, region: String, tier: String, storage: String, retention: String,
                deduplication: String?, maintenanceWindow: String?) {
        self.name = name
        self.type = type
        self.provider = provider
        self.region = region
        self.tier = tier
        self.storage = storage
        self.retention = retention
        self.deduplication = deduplication
        self.maintenanceWindow = maintenanceWindow
    }
}

/// What `deployment update` changes, as the user gave it; nil leaves a field as it is.
public struct DeploymentChanges: Sendable, Equatable {
    public var name: String?
    public var tier: String?
    public var storage: String?
    public var retention: String?
    public var deduplication: String?
    public var maintenanceWindow: String?
    public var singleFlags: [String]?
    public var storageFlags: [String]?
    public var selectFlags: [String]?
    public var insertFlags: [String]?

    public init() {}

    public var isEmpty: Bool { self == DeploymentChanges() }
    public var changesFlags: Bool { singleFlags != nil || storageFlags != nil || selectFlags != nil || insertFlags != nil }
}
