import VMCtlSupport
/// `vmctl apikey list`
struct APIKeyListCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list management API keys (never their values)",
        usesProduct: true,
        runner: APIKeyListCommand.self)

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext) async throws -> CommandResult {
        let backend = try context.backend()
        let keys = try await backend.apiKeys().list()
        let names = await APIKeyView.deploymentNames(backend)
        return CommandResult(APIKeyView.list(keys, names: names, now: context.dependencies.now()))
    }
}
