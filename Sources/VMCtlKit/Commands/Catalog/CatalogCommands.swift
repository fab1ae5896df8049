/// `vmctl tier list`, `vmctl region list`, `vmctl provider list`: what VictoriaMetrics Cloud offers.
enum CatalogCommands {
    static let tier = CommandSpec(name: "tier", summary: "list the price tiers of VictoriaMetrics Cloud", subcommands: [TierListCommand.spec])
    static let region = CommandSpec(name: "region", summary: "list the regions deployments can run in", subcommands: [RegionListCommand.spec])
    static let provider = CommandSpec(name: "provider", summary: "list the cloud providers", subcommands: [ProviderListCommand.spec])
}

/// `vmctl tier list`
struct TierListCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list tiers with their costs and limits",
        flags: [.option("type", "TYPE", "only tiers for single_node or cluster", completion: .choices(VMCloudDeploymentRules.types))],
        products: [.vmcloud],
        runner: TierListCommand.self)

    var type: String?

    init(_ parsed: ParsedCommand) throws {
        type = parsed.value("type")
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let tiers = try await context.backend().catalog().tiers().filter { type == nil || $0.type == type }
        return CommandResult(CatalogView.tiers(tiers))
    }
}

/// `vmctl region list`
struct RegionListCommand: RunnableCommand {
    static let spec = CommandSpec(name: "list", aliases: ["ls"], summary: "list regions", products: [.vmcloud], runner: RegionListCommand.self)

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext) async throws -> CommandResult {
        CommandResult(CatalogView.regions(try await context.backend().catalog().regions()))
    }
}

/// `vmctl provider list`
struct ProviderListCommand: RunnableCommand {
    static let spec = CommandSpec(name: "list", aliases: ["ls"], summary: "list cloud providers", products: [.vmcloud], runner: ProviderListCommand.self)

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext) async throws -> CommandResult {
        CommandResult(CatalogView.providers(try await context.backend().catalog().providers()))
    }
}
