import VMCtlSupport
/// `vmctl tier list`
struct TierListCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list tiers with their costs and limits",
        flags: [type],
        usesProduct: true,
        runner: TierListCommand.self)

    static let type = ValueFlag("type", "TYPE", "only tiers for single_node or cluster", completion: .choices(VMCloudDeploymentRules.types))

    var type: String?

    init(_ parsed: ParsedCommand) throws {
        type = parsed[Self.type]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let tiers = try await context.backend().catalog().tiers().filter { type == nil || $0.type == type }
        return CommandResult(CatalogView.tiers(tiers))
    }
}
