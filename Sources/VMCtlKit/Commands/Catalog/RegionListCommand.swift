import VMCtlSupport
/// `vmctl region list`
struct RegionListCommand: RunnableCommand {
    static let spec = CommandSpec(name: "list", aliases: ["ls"], summary: "list regions", usesProduct: true, runner: RegionListCommand.self)

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext) async throws -> CommandResult {
        CommandResult(CatalogView.regions(try await context.backend().catalog().regions()))
    }
}
