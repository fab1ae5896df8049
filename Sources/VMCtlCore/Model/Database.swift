import VMCtlSupport

/// One part of a partition template: how a database or table splits its data (by a tag, a tag's hash
/// bucket, or the time).
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

/// A partition template as a value an attribute can hold.
public struct PartitionTemplate: AttributeValue, Equatable {
    public var parts: [PartitionPart]
    public init(_ parts: [PartitionPart]) { self.parts = parts }

    public var json: JSONValue { .array(parts.map(\.json)) }

    public init?(json: JSONValue) {
        guard let items = json.arrayValue else { return nil }
        var parts: [PartitionPart] = []
        for item in items {
            switch item["type"]?.stringValue {
            case "tag": guard let v = item["value"]?.stringValue else { return nil }; parts.append(.tag(v))
            case "time": guard let v = item["value"]?.stringValue else { return nil }; parts.append(.time(v))
            case "bucket":
                guard let t = item["tag_name"]?.stringValue, let n = item["number_of_buckets"]?.intValue, let count = Int(exactly: n) else { return nil }
                parts.append(.bucket(tag: t, count: count))
            default: return nil
            }
        }
        self.parts = parts
    }

    /// `tag:region, time:%Y`, or `default` for none.
    public static func summary(_ parts: [PartitionPart]?) -> String {
        guard let parts, !parts.isEmpty else { return "default" }
        return parts.map(\.summary).joined(separator: ", ")
    }
}

/// A database as vmctl shows it (each product names it its own way: a database, a bucket): what every
/// product has, and in `attributes` what only some have.
public struct Database: Sendable, Equatable, HasAttributes {
    public var name: String
    public var product: ProductKind
    /// The server's ID where it has one.
    public var id: String?
    /// Seconds; 0 means infinite; nil when unknown.
    public var retentionSeconds: Double?
    public var attributes: Attributes

    public init(name: String, product: ProductKind, id: String? = nil, retentionSeconds: Double? = nil, attributes: Attributes = Attributes()) {
        self.name = name
        self.product = product
        self.id = id
        self.retentionSeconds = retentionSeconds
        self.attributes = attributes
    }

    public subscript<Value>(attribute: Attribute<Value>) -> Value? {
        get { attributes[attribute] }
        set { attributes[attribute] = newValue }
    }

    /// The retention in units influxctl takes, unambiguously: `30d`, `1y180d`, `2d12h`, `infinite`.
    public var retentionText: String? {
        retentionSeconds.map { $0 == 0 ? "infinite" : HumanDuration.format(seconds: $0, units: .retentionDisplay) }
    }

    /// The JSON object of a database: the shared keys, then every product's (docs/json.md).
    public static func shape(_ schema: AttributeSchema) -> JSONShape<Database> {
        JSONShape<Database>([
            .string("name") { $0.name },
            .string("product") { $0.product.rawValue },
            .string("id") { $0.id },
            .string("retention_period") { $0.retentionText },
            // A server may send more seconds than Int64 holds (InfluxDB 2 counts them in 64 bits, as Double here).
            .value("retention_period_seconds") { d in
                d.retentionSeconds.map { s in Int64(exactly: s.rounded(.towardZero)).map(JSONValue.int) ?? .double(s) } ?? .null
            },
        ]).appending(attributeMembers(schema))
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
