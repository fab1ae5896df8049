import VMCtlCore
import VMCtlSupport
/// `vmctl table undelete`
struct TableUndeleteCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "undelete",
        summary: "restore a deleted table by its numeric ID",
        discussion: "No live table of the same name may exist. The API takes the table's numeric ID, not its name.",
        arguments: [TableCommands.database, id],
        examples: [Example("Bring back a table deleted by mistake", "vmctl table undelete metrics 12")],
        runner: TableUndeleteCommand.self)

    static var capability: Capability<any TableManagement> { .tables }

    static let id = RequiredArgument("TABLE_ID", "the deleted table's numeric ID")

    var database: String
    var id: String

    init(_ parsed: ParsedCommand) throws {
        database = parsed[TableCommands.database]
        id = parsed[Self.id]
    }

    func run(_ context: CommandContext, _ backend: any TableManagement) async throws -> CommandResult {
        let tables = backend.tables()
        return CommandResult(context.tablesView.details(try await tables.undelete(database: database, id: id)))
    }
}
