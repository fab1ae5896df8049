/// How databases and buckets look in tables and JSON.
public enum DatabaseView {
    public static func list(_ databases: [Database], product: ProductKind) -> Presentation {
        let table: TableView
        if product == .influxdb2 {
            table = .list(columns: ["NAME", "ID", "RETENTION"],
                          rows: databases.map { [$0.name, $0.id ?? "-", $0.retentionText ?? "-"] })
        } else {
            table = .list(columns: ["NAME", "RETENTION", "MAX TABLES", "MAX COLUMNS", "PARTITION TEMPLATE"],
                          rows: databases.map { d in
                              [d.name, d.retentionText ?? "-", d.maxTables.map(String.init) ?? "-", d.maxColumnsPerTable.map(String.init) ?? "-",
                               template(d.partitionTemplate)]
                          })
        }
        return Presentation(json: .array(databases.map(\.json)), table: table,
                            emptyMessage: product == .influxdb2 ? "No buckets" : "No databases")
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
