import VMCtlSupport
/// One part of an InfluxDB 3 partition template.
public enum PartitionPart: Sendable, Equatable {
    case tag(String)
    case bucket(tag: String, count: Int)
    case time(String)

    public var json: JSONValue {
        switch self {
        case .tag(let t): return .obj(["type": "tag", "value": .string(t)])
        case .bucket(let t, let n): return .obj(["type": "bucket", "tag_name": .string(t), "number_of_buckets": .int(Int64(n))])
        case .time(let f): return .obj(["type": "time", "value": .string(f)])
        }
    }

    /// `tag:region`, `bucket:host/10`, `time:%Y-%m-%d`.
    public var summary: String {
        switch self {
        case .tag(let t): return "tag:\(t)"
        case .bucket(let t, let n): return "bucket:\(t)/\(n)"
        case .time(let f): return "time:\(f)"
        }
    }
}

/// A database (InfluxDB 3) or bucket (InfluxDB 2) as vmctl shows it.
public struct Database: Sendable, Equatable {
    public var name: String
    public var product: ProductKind
    /// The server's ID where it has one (InfluxDB 2 buckets).
    public var id: String?
    /// Seconds; 0 means infinite; nil when unknown.
    public var retentionSeconds: Double?
    public var maxTables: Int64?
    public var maxColumnsPerTable: Int64?
    public var partitionTemplate: [PartitionPart]?
    public var accountID: String?
    public var clusterID: String?
    public var orgID: String?

    public init(name: String, product: ProductKind, id: String? = nil, retentionSeconds: Double? = nil, maxTables: Int64? = nil,
                maxColumnsPerTable: Int64? = nil, partitionTemplate: [PartitionPart]? = nil, accountID: String? = nil,
                clusterID: String? = nil, orgID: String? = nil) {
        self.name = name
        self.product = product
        self.id = id
        self.retentionSeconds = retentionSeconds
        self.maxTables = maxTables
        self.maxColumnsPerTable = maxColumnsPerTable
        self.partitionTemplate = partitionTemplate
        self.accountID = accountID
        self.clusterID = clusterID
        self.orgID = orgID
    }

    /// The retention in units influxctl takes, unambiguously: `30d`, `1y180d`, `2d12h`, `infinite`.
    public var retentionText: String? {
        retentionSeconds.map { $0 == 0 ? "infinite" : HumanDuration.format(seconds: $0, units: .retentionDisplay) }
    }

    public var json: JSONValue {
        func int(_ v: Int64?) -> JSONValue { v.map(JSONValue.int) ?? .null }
        return .obj([
            "name": .string(name), "product": .string(product.rawValue), "id": .optional(id),
            "retention_period": .optional(retentionText),
            // A server may send more seconds than Int64 holds (InfluxDB 2 counts them in 64 bits, as Double here).
            "retention_period_seconds": retentionSeconds.map { s in Int64(exactly: s.rounded(.towardZero)).map(JSONValue.int) ?? .double(s) } ?? .null,
            "max_tables": int(maxTables), "max_columns_per_table": int(maxColumnsPerTable),
            "partition_template": partitionTemplate.map { .array($0.map(\.json)) } ?? .null,
            "account_id": .optional(accountID), "cluster_id": .optional(clusterID), "org_id": .optional(orgID),
        ])
    }
}

/// What `database create` asks for.
public struct DatabaseSpec: Sendable, Equatable {
    public var name: String
    /// Seconds; 0 for infinite; nil for the server's default.
    public var retentionSeconds: Double?
    public var maxTables: Int64?
    public var maxColumnsPerTable: Int64?
    public var partitionTemplate: [PartitionPart]?

    public init(name: String, retentionSeconds: Double? = nil, maxTables: Int64? = nil, maxColumnsPerTable: Int64? = nil,
                partitionTemplate: [PartitionPart]? = nil) {
        self.name = name
        self.retentionSeconds = retentionSeconds
        self.maxTables = maxTables
        self.maxColumnsPerTable = maxColumnsPerTable
        self.partitionTemplate = partitionTemplate
    }
}

/// What `database update` changes; nil leaves it.
public struct DatabaseChanges: Sendable, Equatable {
    public var retentionSeconds: Double?
    public var maxTables: Int64?
    public var maxColumnsPerTable: Int64?
    public init(retentionSeconds: Double? = nil, maxTables: Int64? = nil, maxColumnsPerTable: Int64? = nil) {
        self.retentionSeconds = retentionSeconds
        self.maxTables = maxTables
        self.maxColumnsPerTable = maxColumnsPerTable
    }
}
