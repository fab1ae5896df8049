import VMCtlSupport
/// A table (measurement) of an InfluxDB 3 database, as vmctl shows it.
public struct Table: Sendable, Equatable {
    public var name: String
    public var database: String
    /// The server's numeric ID, in rename and undelete answers: what undelete takes.
    public var id: String?
    public var partitionTemplate: [PartitionPart]?
    public var accountID: String?
    public var clusterID: String?

    public init(name: String, database: String, id: String? = nil, partitionTemplate: [PartitionPart]? = nil,
                accountID: String? = nil, clusterID: String? = nil) {
        self.name = name
        self.database = database
        self.id = id
        self.partitionTemplate = partitionTemplate
        self.accountID = accountID
        self.clusterID = clusterID
    }

    public var json: JSONValue {
        .obj([
            "name": .string(name), "database": .string(database), "id": .optional(id),
            "partition_template": partitionTemplate.map { .array($0.map(\.json)) } ?? .null,
            "account_id": .optional(accountID), "cluster_id": .optional(clusterID),
        ])
    }
}
