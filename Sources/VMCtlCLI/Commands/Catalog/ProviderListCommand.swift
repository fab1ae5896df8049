import VMCtlCore
import VMCtlSupport
/// `vmctl provider list`
struct ProviderListCommand: ProductCommand {
    static let spec = CommandSpec(name: "list", aliases: ["ls"], summary: "list cloud providers", runner: ProviderListCommand.self)

    static var capability: Capability<any CatalogAccess> { .catalog }

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext, _ backend: any CatalogAccess) async throws -> CommandResult {
        CommandResult(CatalogView.providers(try await backend.catalog().providers()))
    }
}
