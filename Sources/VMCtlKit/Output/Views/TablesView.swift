import VMCtlSupport
/// How tables look in tables (the output kind) and JSON.
public enum TablesView {
    public static func details(_ t: Table) -> Presentation {
        var rows = [TableView.Detail("Name", t.name), TableView.Detail("Database", t.database)]
        if let id = t.id { rows.append(TableView.Detail("ID", id)) }
        if let parts = t.partitionTemplate { rows.append(TableView.Detail("Partitioning", DatabaseView.template(parts))) }
        return Presentation(json: t.json, table: .details(rows))
    }
}
