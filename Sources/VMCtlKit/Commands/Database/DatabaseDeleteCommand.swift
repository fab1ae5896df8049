/// `vmctl database delete`
struct DatabaseDeleteCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "delete",
        aliases: ["rm"],
        summary: "delete databases",
        discussion: """
        Asks for confirmation on a terminal; refuses without --force when stdin is not a terminal. Goes on
        after a failure. InfluxDB 3 keeps a deleted database for a while ('vmctl database undelete');
        tokens that name it keep naming it, and cover a new database of the same name.
        """,
        arguments: [names],
        flags: [SharedFlags.force],
        examples: [Example("Delete two databases from a script", "vmctl database delete --force scratch1 scratch2")],
        usesProduct: true,
        runner: DatabaseDeleteCommand.self)

    static let names = VariadicArgument("NAME", "the databases to delete", completion: .database)

    var names: [String]
    var force: Bool

    init(_ parsed: ParsedCommand) throws {
        names = try ArgumentChecks.uniqueIDs(parsed[Self.names], parsed: parsed)
        force = parsed[SharedFlags.force]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let what = BulkOperation.describe(names, noun: "database")
        try context.requireConfirmable(force: force, action: "delete \(what)")
        let databases = try await context.backend().databases()
        let noun = databases.noun
        try context.confirm("Delete \(BulkOperation.describe(names, noun: noun)) and all data in \(names.count == 1 ? "it" : "them")?", force: force)
        return await BulkOperation.run(names, verb: "Deleted \(noun)", noun: noun) { name in try await databases.delete(name) }
    }
}
