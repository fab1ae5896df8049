import VMCtlSupport
/// `vmctl table undelete`
struct TableUndeleteCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "undelete",
        summary: "restore a deleted table by its numeric ID",
        discussion: "No live table of the same name may exist. The API takes the table's numeric ID, not its name.",
        arguments: [TableCommands.database, id],
        examples: [Example("Bring back a table deleted by mistake", "vmctl table undelete metrics 12")],
        usesProduct: true,
        runner: TableUndeleteCommand.self)

    static let id = RequiredArgument("TABLE_ID", "the deleted table's numeric ID")

    var database: String
    var id: String

    init(_ parsed: ParsedCommand) throws {
        database = parsed[TableCommands.database]
        id = parsed[Self.id]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let tables = try context.backend().tables()
        return CommandResult(TablesView.details(try await tables.undelete(database: database, id: id)))
    }
}
