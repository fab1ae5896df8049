import VMCtlSupport
/// `vmctl table create`
struct TableCreateCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "create",
        summary: "create a table, with its own partition template",
        discussion: PartitionTemplateFlags.discussion,
        arguments: [TableCommands.database, TableCommands.table],
        flags: PartitionTemplateFlags.all,
        examples: [
            Example("A table partitioned by host, by month", "vmctl table create metrics cpu --template-tag host --template-timeformat '%Y-%m'"),
        ],
        usesProduct: true,
        runner: TableCreateCommand.self)

    var database: String
    var name: String
    var partitionTemplate: [PartitionPart]?

    init(_ parsed: ParsedCommand) throws {
        database = parsed[TableCommands.database]
        name = parsed[TableCommands.table]
        do {
            partitionTemplate = try PartitionTemplateFlags.template(parsed)
        } catch let error as VMCtlError where error.hint == nil {
            throw parsed.usageError(error.message)
        }
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let tables = try context.backend().tables()
        return CommandResult(TablesView.details(try await tables.create(database: database, name: name, partitionTemplate: partitionTemplate)))
    }
}
