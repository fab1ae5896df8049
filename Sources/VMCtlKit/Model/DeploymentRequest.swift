import VMCtlSupport
/// A quantity with the unit the VictoriaMetrics Cloud API wants beside it (`10` `GB`, `1` `m`).
public struct UnitValue: Sendable, Equatable, CustomStringConvertible {
    public var value: UInt64
    public var unit: String
    public init(_ value: UInt64, _ unit: String) {
        self.value = value
        self.unit = unit
    }
    public var description: String { "\(value)\(unit)" }
}

/// What `deployment create` asks for, already parsed and checked.
public struct DeploymentSpec: Sendable, Equatable {
    public var name: String
    public var type: String
    public var provider: String
    public var region: String
    /// A tier ID, or a name to look up in the catalog.
    public var tier: String
    public var storage: UnitValue
    public var retention: UnitValue
    public var deduplication: UnitValue
    public var maintenanceWindow: String
}

/// What `deployment update` changes; nil leaves a field as it is.
public struct DeploymentChanges: Sendable, Equatable {
    public var name: String?
    public var tier: String?
    public var storage: UnitValue?
    public var retention: UnitValue?
    public var deduplication: UnitValue?
    public var maintenanceWindow: String?
    public var singleFlags: [String]?
    public var storageFlags: [String]?
    public var selectFlags: [String]?
    public var insertFlags: [String]?

    public init() {}

    public var isEmpty: Bool { self == DeploymentChanges() }
    public var changesFlags: Bool { singleFlags != nil || storageFlags != nil || selectFlags != nil || insertFlags != nil }
}
