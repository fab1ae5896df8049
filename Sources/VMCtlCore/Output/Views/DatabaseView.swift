import VMCtlSupport

/// How databases look in tables and JSON; the product's layout names the columns, the registry's schema the
/// JSON keys.
public struct DatabaseView: Sendable {
    public let layout: DatabaseLayout
    public let shape: JSONShape<Database>

    public init(layout: DatabaseLayout, schema: AttributeSchema) {
        self.layout = layout
        shape = Database.shape(schema)
    }

    public func list(_ databases: [Database]) -> Presentation {
        let columns = layout.columns
        let table = TableView.list(columns: columns.map(\.column), rows: databases.map { d in columns.map { $0.value(d) ?? "-" } })
        return Presentation(json: .array(databases.map(shape.value(of:))), table: table, emptyMessage: "No \(layout.noun)s")
    }

    public func details(_ d: Database) -> Presentation {
        var rows = [TableView.Detail("Name", d.name)]
        func add(_ label: String, _ value: String?) {
            if let value { rows.append(TableView.Detail(label, value)) }
        }
        add("ID", d.id)
        add("Retention", d.retentionText)
        for detail in layout.details { add(detail.label, detail.value(d)) }
        return Presentation(json: shape.value(of: d), table: .details(rows))
    }
}
