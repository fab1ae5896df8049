import VMCtlSupport
/// `vmctl provider list`
struct ProviderListCommand: RunnableCommand {
    static let spec = CommandSpec(name: "list", aliases: ["ls"], summary: "list cloud providers", usesProduct: true, runner: ProviderListCommand.self)

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext) async throws -> CommandResult {
        CommandResult(CatalogView.providers(try await context.backend().catalog().providers()))
    }
}
