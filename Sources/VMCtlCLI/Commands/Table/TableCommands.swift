import VMCtlCore
import VMCtlSupport
/// `vmctl table …`
enum TableCommands {
    static let group = CommandSpec(
        name: "table",
        summary: "create, delete, rename and undelete tables of a database (InfluxDB 3)",
        discussion: """
        Tables (measurements) are created by writes; create one yourself to give it its own partition
        template before any data arrives. The API lists no tables and undeletes a table by its numeric ID,
        which rename and undelete show.
        """,
        subcommands: [TableCreateCommand.spec, TableDeleteCommand.spec, TableRenameCommand.spec, TableUndeleteCommand.spec])

    static let database = RequiredArgument("DATABASE", "the database that holds the table", completion: .database)
    static let table = RequiredArgument("TABLE", "the table's name")
}
