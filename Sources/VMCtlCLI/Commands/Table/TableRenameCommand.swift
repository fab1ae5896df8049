import VMCtlCore
import VMCtlSupport
/// `vmctl table rename`
struct TableRenameCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "rename",
        summary: "rename a table",
        arguments: [TableCommands.database, TableCommands.table, newName],
        examples: [Example("Rename a table", "vmctl table rename metrics cpu cpu_v1")],
        runner: TableRenameCommand.self)

    static var capability: Capability<any TableManagement> { .tables }

    static let newName = RequiredArgument("NEW_NAME", "its new name")

    var database: String
    var name: String
    var newName: String

    init(_ parsed: ParsedCommand) throws {
        database = parsed[TableCommands.database]
        name = parsed[TableCommands.table]
        newName = parsed[Self.newName]
        if name == newName { throw parsed.usageError("the new name is the same as the old one") }
    }

    func run(_ context: CommandContext, _ backend: any TableManagement) async throws -> CommandResult {
        let tables = backend.tables()
        return CommandResult(context.tablesView.details(try await tables.rename(database: database, name: name, to: newName)))
    }
}
