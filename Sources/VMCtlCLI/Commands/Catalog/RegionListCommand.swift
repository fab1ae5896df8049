import VMCtlCore
import VMCtlSupport
/// `vmctl region list`
struct RegionListCommand: ProductCommand {
    static let spec = CommandSpec(name: "list", aliases: ["ls"], summary: "list regions", runner: RegionListCommand.self)

    static var capability: Capability<any CatalogAccess> { .catalog }

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext, _ backend: any CatalogAccess) async throws -> CommandResult {
        CommandResult(CatalogView.regions(try await backend.catalog().regions()))
    }
}
