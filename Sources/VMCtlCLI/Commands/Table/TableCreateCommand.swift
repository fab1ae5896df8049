import VMCtlCore
import VMCtlSupport
/// `vmctl table create`
struct TableCreateCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "create",
        summary: "create a table, with its own partition template",
        discussion: PartitionTemplateFlags.discussion,
        arguments: [TableCommands.database, TableCommands.table],
        flags: PartitionTemplateFlags.all,
        examples: [
            Example("A table partitioned by host, by month", "vmctl table create metrics cpu --template-tag host --template-timeformat '%Y-%m'"),
        ],
        runner: TableCreateCommand.self)

    static var capability: Capability<any TableManagement> { .tables }

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

    func run(_ context: CommandContext, _ backend: any TableManagement) async throws -> CommandResult {
        let tables = backend.tables()
        return CommandResult(context.tablesView.details(try await tables.create(database: database, name: name, partitionTemplate: partitionTemplate)))
    }
}
