import VMCtlCore
import VMCtlSupport
/// `vmctl table delete`
struct TableDeleteCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "delete",
        aliases: ["rm"],
        summary: "delete tables of a database",
        discussion: """
        Asks for confirmation on a terminal; refuses without --force when stdin is not a terminal. Goes on
        after a failure. A deleted table can be undeleted for a while, by its numeric ID.
        """,
        arguments: [TableCommands.database, names],
        flags: [SharedFlags.force],
        examples: [Example("Delete a table from a script", "vmctl table delete --force metrics scratch")],
        runner: TableDeleteCommand.self)

    static var capability: Capability<any TableManagement> { .tables }

    static let names = VariadicArgument("TABLE", "the tables to delete")

    var database: String
    var names: [String]
    var force: Bool

    init(_ parsed: ParsedCommand) throws {
        database = parsed[TableCommands.database]
        names = try ArgumentChecks.uniqueIDs(parsed[Self.names], parsed: parsed)
        force = parsed[SharedFlags.force]
    }

    func preflight(_ context: CommandContext) throws {
        try context.requireConfirmable(force: force, action: "delete \(BulkOperation.describe(names, noun: "table"))")
    }

    func run(_ context: CommandContext, _ backend: any TableManagement) async throws -> CommandResult {
        let what = BulkOperation.describe(names, noun: "table")
        return try await BulkOperation.confirmed(
            names, what: what, action: "delete", force: force, context: context,
            service: { backend.tables() },
            question: { _ in "Delete \(what) of database \(database) and all data in \(names.count == 1 ? "it" : "them")?" },
            done: { _ in ("Deleted table", "table") },
            each: { tables, name in try await tables.delete(database: database, name: name); return nil })
    }
}
