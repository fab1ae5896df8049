import VMCtlCore
import VMCtlSupport
/// `vmctl database update`
struct DatabaseUpdateCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "update",
        summary: "change a database's retention period or limits (its partition template is fixed)",
        arguments: [DatabaseCommands.name],
        flags: DatabaseCommands.limitFlags,
        examples: [Example("Keep a year, allow more tables", "vmctl database update metrics --retention-period 1y --max-tables 1000")],
        runner: DatabaseUpdateCommand.self)

    static var capability: Capability<any DatabaseAdministration> { .databaseAdministration }

    var name: String
    var changes: DatabaseChanges

    init(_ parsed: ParsedCommand) throws {
        let flags = DatabaseCommands.self
        name = parsed[flags.name]
        do {
            changes = DatabaseChanges(
                retentionSeconds: try parsed[flags.retentionPeriod].map { try DatabaseOptions.retention($0, flag: "--retention-period") },
                maxTables: try DatabaseOptions.limit(parsed[flags.maxTables], flag: "--max-tables"),
                maxColumnsPerTable: try DatabaseOptions.limit(parsed[flags.maxColumns], flag: "--max-columns"))
        } catch let error as VMCtlError where error.hint == nil {
            throw parsed.usageError(error.message)
        }
        if changes == DatabaseChanges() {
            throw parsed.usageError("nothing to change: give --retention-period, --max-tables or --max-columns")
        }
    }

    func run(_ context: CommandContext, _ backend: any DatabaseAdministration) async throws -> CommandResult {
        CommandResult(try context.databaseView().details(try await backend.databases().update(name, changes)))
    }
}
