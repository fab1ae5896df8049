import VMCtlCore
import VMCtlSupport

/// The views of the active profile's product: its layouts, with the registry's JSON schemas.
extension CommandContext {
    func tokenView() throws -> TokenView {
        TokenView(layout: try activeProfile().descriptor.tokenLayout, schema: products.tokenSchema)
    }

    func databaseView() throws -> DatabaseView {
        DatabaseView(layout: try activeProfile().descriptor.databaseLayout, schema: products.databaseSchema)
    }

    var tablesView: TablesView { TablesView(schema: products.tableSchema) }
}
