import VMCtlSupport
/// `vmctl database list`
struct DatabaseListCommand: RunnableCommand {
    static let spec = CommandSpec(name: "list", aliases: ["ls"], summary: "list databases",
                                  usesProduct: true, runner: DatabaseListCommand.self)

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext) async throws -> CommandResult {
        let backend = try context.backend()
        return CommandResult(DatabaseView.list(try await backend.databases().list(), product: backend.product))
    }
}
