/// `vmctl apikey delete`
struct APIKeyDeleteCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "delete",
        aliases: ["revoke", "rm"],
        summary: "delete management API keys",
        discussion: "Asks for confirmation on a terminal; refuses without --force when stdin is not a terminal. Goes on after a failure.",
        arguments: [ids],
        flags: [SharedFlags.force],
        examples: [Example("Delete a key from a script", "vmctl apikey delete --force 8d1f2c3a-0b4e-4f6a-9c7d-1e2f3a4b5c6d")],
        usesProduct: true,
        runner: APIKeyDeleteCommand.self)

    static let ids = VariadicArgument("ID", "the IDs of the keys to delete")

    var ids: [String]
    var force: Bool

    init(_ parsed: ParsedCommand) throws {
        ids = try ArgumentChecks.uniqueIDs(parsed[Self.ids], parsed: parsed)
        force = parsed[SharedFlags.force]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let what = BulkOperation.describe(ids, noun: "API key")
        return try await BulkOperation.confirmed(
            ids, what: what, action: "delete", force: force, context: context,
            service: { try context.backend().apiKeys() },
            question: { _ in "Delete \(what)? Tools using it lose access at once." },
            done: { _ in ("Deleted API key", "API key") },
            each: { keys, id in try await keys.delete(id: id); return nil })
    }
}
