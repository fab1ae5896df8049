import VMCtlCore
import VMCtlSupport
/// `vmctl database delete`
struct DatabaseDeleteCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "delete",
        aliases: ["rm"],
        summary: "delete databases",
        discussion: """
        Asks for confirmation on a terminal; refuses without --force when stdin is not a terminal. Goes on
        after a failure. InfluxDB 3 keeps a deleted database for a while ('vmctl database undelete');
        tokens that name it keep naming it, and cover a new database of the same name: a warning says so.
        """,
        arguments: [names],
        flags: [SharedFlags.force],
        examples: [Example("Delete two databases from a script", "vmctl database delete --force scratch1 scratch2")],
        runner: DatabaseDeleteCommand.self)

    static var capability: Capability<any DatabaseManagement> { .databases }

    static let names = VariadicArgument("NAME", "the databases to delete", completion: .database)

    var names: [String]
    var force: Bool

    init(_ parsed: ParsedCommand) throws {
        names = try ArgumentChecks.uniqueIDs(parsed[Self.names], parsed: parsed)
        force = parsed[SharedFlags.force]
    }

    func preflight(_ context: CommandContext) throws {
        try context.requireConfirmable(force: force, action: "delete \(BulkOperation.describe(names, noun: "database"))")
    }

    func run(_ context: CommandContext, _ backend: any DatabaseManagement) async throws -> CommandResult {
        try await BulkOperation.confirmed(
            names, what: BulkOperation.describe(names, noun: "database"), action: "delete", force: force, context: context,
            service: { try await backend.databases() },
            question: { "Delete \(BulkOperation.describe(names, noun: $0.noun)) and all data in \(names.count == 1 ? "it" : "them")?" },
            done: { ("Deleted \($0.noun)", $0.noun) },
            warning: { databases, name in databases.tokensNaming(name, after: .deleted) },
            each: { databases, name in try await databases.delete(name) })
    }
}
