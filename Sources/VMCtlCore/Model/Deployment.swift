import VMCtlSupport
/// A VictoriaMetrics Cloud deployment as vmctl shows it.
public struct Deployment: Sendable, Equatable {
    public var id: String
    public var name: String
    /// `single_node` or `cluster`.
    public var type: String
    public var status: String
    public var tier: Int64?
    /// The tier's name from the catalog, where it was looked up (`s.starter.a`).
    public var tierName: String?
    public var version: String?
    public var cloudProvider: String?
    public var region: String?
    public var createdAt: String?
    /// Present when the deployment was fetched on its own (not from the list).
    public var details: Details?

    public struct Details: Sendable, Equatable {
        public var retentionValue: Int64?
        public var retentionUnit: String?
        public var deduplicationValue: Int64?
        public var deduplicationUnit: String?
        public var storageSizeGB: Int64?
        public var maintenanceWindow: String?
        public var computeCost: Double?
        public var storageCost: Double?
        public var totalCost: Double?
        public var accessEndpoint: String?
        public var singleFlags: [String]?
        public var storageFlags: [String]?
        public var selectFlags: [String]?
        public var insertFlags: [String]?

        public init() {}
    }

    public init(id: String, name: String, type: String, status: String, tier: Int64? = nil, version: String? = nil,
                cloudProvider: String? = nil, region: String? = nil, createdAt: String? = nil, details: Details? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.status = status
        self.tier = tier
        self.version = version
        self.cloudProvider = cloudProvider
        self.region = region
        self.createdAt = createdAt
        self.details = details
    }

    public var isCluster: Bool { type == "cluster" }

    /// The JSON form (docs/json.md). Detail keys are present, null, when the list gave no details.
    public var json: JSONValue {
        func int(_ v: Int64?) -> JSONValue { v.map(JSONValue.int) ?? .null }
        func double(_ v: Double?) -> JSONValue { v.map(JSONValue.double) ?? .null }
        func strings(_ v: [String]?) -> JSONValue { v.map { .array($0.map(JSONValue.string)) } ?? .null }
        let d = details
        return .obj([
            "id": .string(id), "name": .string(name), "type": .string(type), "status": .string(status),
            "tier": int(tier), "tier_name": .optional(tierName), "version": .optional(version), "cloud_provider": .optional(cloudProvider),
            "region": .optional(region), "created_at": .optional(createdAt),
            "retention_value": int(d?.retentionValue), "retention_unit": .optional(d?.retentionUnit),
            "deduplication_value": int(d?.deduplicationValue), "deduplication_unit": .optional(d?.deduplicationUnit),
            "storage_size_gb": int(d?.storageSizeGB), "maintenance_window": .optional(d?.maintenanceWindow),
            "price": d.map { d in .obj(["compute_cost": double(d.computeCost), "storage_cost": double(d.storageCost),
                                        "total_cost": double(d.totalCost)]) } ?? .null,
            "access_endpoint": .optional(d?.accessEndpoint),
            "flags": d.map { d in .obj(["single": strings(d.singleFlags), "storage": strings(d.storageFlags),
                                        "select": strings(d.selectFlags), "insert": strings(d.insertFlags)]) } ?? .null,
        ])
    }
}
