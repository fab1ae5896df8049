import VMCtlCore
import VMCtlSupport
/// `vmctl tier list`
struct TierListCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list tiers with their costs and limits",
        flags: [type],
        runner: TierListCommand.self)

    static var capability: Capability<any CatalogAccess> { .catalog }

    static let type = ValueFlag("type", "TYPE", "only tiers for single_node or cluster", completion: .choices(DeploymentSpec.types))

    var type: String?

    init(_ parsed: ParsedCommand) throws {
        type = parsed[Self.type]
    }

    func run(_ context: CommandContext, _ backend: any CatalogAccess) async throws -> CommandResult {
        let tiers = try await backend.catalog().tiers().filter { type == nil || $0.type == type }
        return CommandResult(CatalogView.tiers(tiers))
    }
}
