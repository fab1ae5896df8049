import VMCtlCore
import VMCtlSupport
/// `vmctl deployment list`
struct DeploymentListCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list deployments",
        examples: [Example("Names and statuses for a script", "vmctl deployment list --format json | jq -r '.[] | \"\\(.name) \\(.status)\"'")],
        runner: DeploymentListCommand.self)

    static var capability: Capability<any DeploymentManagement> { .deployments }

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext, _ backend: any DeploymentManagement) async throws -> CommandResult {
        async let tiers = NameLookups.tierNames(backend)
        let deployments = try await backend.deployments().list(details: true)
        return CommandResult(DeploymentView.list(DeploymentView.named(deployments, tiers: await tiers)))
    }
}
