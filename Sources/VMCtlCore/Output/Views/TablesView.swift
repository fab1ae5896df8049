import VMCtlSupport

/// How tables look in tables (the output kind) and JSON.
public struct TablesView: Sendable {
    public let shape: JSONShape<Table>

    public init(schema: AttributeSchema) {
        shape = Table.shape(schema)
    }

    public func details(_ t: Table) -> Presentation {
        var rows = [TableView.Detail("Name", t.name), TableView.Detail("Database", t.database)]
        if let id = t.id { rows.append(TableView.Detail("ID", id)) }
        if let parts = t.partitionTemplate { rows.append(TableView.Detail("Partitioning", PartitionTemplate.summary(parts))) }
        return Presentation(json: shape.value(of: t), table: .details(rows))
    }
}
