import VMCtlCore
import VMCtlSupport
/// `vmctl apikey list`
struct APIKeyListCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list management API keys (never their values)",
        runner: APIKeyListCommand.self)

    static var capability: Capability<any APIKeyManagement> { .apiKeys }

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext, _ backend: any APIKeyManagement) async throws -> CommandResult {
        let keys = try await backend.apiKeys().list()
        let names = await NameLookups.deploymentNames(backend)
        return CommandResult(APIKeyView.list(keys, names: names, now: context.dependencies.now()))
    }
}
