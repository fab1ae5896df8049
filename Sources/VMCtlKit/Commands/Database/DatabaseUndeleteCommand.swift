/// `vmctl database undelete`
struct DatabaseUndeleteCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "undelete",
        summary: "restore a deleted database (within the cluster's grace period, about 7 days on Dedicated)",
        arguments: [name],
        examples: [Example("Bring back a database deleted by mistake", "vmctl database undelete metrics")],
        usesProduct: true,
        runner: DatabaseUndeleteCommand.self)

    static let name = RequiredArgument("NAME", "the deleted database's name; no live database may have it")

    var name: String

    init(_ parsed: ParsedCommand) throws {
        name = parsed[Self.name]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        CommandResult(DatabaseView.details(try await context.backend().databases().undelete(name)))
    }
}
