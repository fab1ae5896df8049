import VMCtlSupport
/// How databases and buckets look in tables and JSON; the product's descriptor names the columns.
public enum DatabaseView {
    public static func list(_ databases: [Database], product: ProductKind) -> Presentation {
        let descriptor = product.descriptor
        let columns = descriptor.databaseColumns
        let table = TableView.list(columns: columns.map(\.column), rows: databases.map { d in columns.map { $0.value(d) ?? "-" } })
        return Presentation(json: .array(databases.map(\.json)), table: table, emptyMessage: "No \(descriptor.databaseNoun)s")
    }

    public static func details(_ d: Database) -> Presentation {
        var rows = [TableView.Detail("Name", d.name)]
        func add(_ label: String, _ value: String?) {
            if let value { rows.append(TableView.Detail(label, value)) }
        }
        add("ID", d.id)
        add("Retention", d.retentionText)
        add("Max tables", d.maxTables.map(String.init))
        add("Max columns", d.maxColumnsPerTable.map(String.init))
        if let parts = d.partitionTemplate { add("Partitioning", template(parts)) }
        return Presentation(json: d.json, table: .details(rows))
    }

    static func template(_ parts: [PartitionPart]?) -> String {
        guard let parts, !parts.isEmpty else { return "default" }
        return parts.map(\.summary).joined(separator: ", ")
    }
}
