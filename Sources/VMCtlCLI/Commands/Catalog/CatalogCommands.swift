import VMCtlCore
import VMCtlSupport
/// `vmctl tier list`, `vmctl region list`, `vmctl provider list`: what VictoriaMetrics Cloud offers.
enum CatalogCommands {
    static let tier = CommandSpec(name: "tier", summary: "list the price tiers of VictoriaMetrics Cloud", subcommands: [TierListCommand.spec])
    static let region = CommandSpec(name: "region", summary: "list the regions deployments can run in", subcommands: [RegionListCommand.spec])
    static let provider = CommandSpec(name: "provider", summary: "list the cloud providers", subcommands: [ProviderListCommand.spec])
}
