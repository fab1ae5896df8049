import VMCtlSupport

/// A table (measurement) of a database, as vmctl shows it.
public struct Table: Sendable, Equatable, HasAttributes {
    public var name: String
    public var database: String
    /// The server's numeric ID, in rename and undelete answers: what undelete takes.
    public var id: String?
    public var partitionTemplate: [PartitionPart]?
    /// What only some products say about a table.
    public var attributes: Attributes

    public init(name: String, database: String, id: String? = nil, partitionTemplate: [PartitionPart]? = nil,
                attributes: Attributes = Attributes()) {
        self.name = name
        self.database = database
        self.id = id
        self.partitionTemplate = partitionTemplate
        self.attributes = attributes
    }

    /// The JSON object of a table: the shared keys, then every product's (docs/json.md).
    public static func shape(_ schema: AttributeSchema) -> JSONShape<Table> {
        JSONShape<Table>([
            .string("name") { $0.name },
            .string("database") { $0.database },
            .string("id") { $0.id },
            .value("partition_template") { $0.partitionTemplate.map { .array($0.map(\.json)) } ?? .null },
        ]).appending(attributeMembers(schema))
    }
}
