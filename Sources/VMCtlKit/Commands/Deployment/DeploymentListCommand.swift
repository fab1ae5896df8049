import VMCtlSupport
/// `vmctl deployment list`
struct DeploymentListCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list deployments",
        examples: [Example("Names and statuses for a script", "vmctl deployment list --format json | jq -r '.[] | \"\\(.name) \\(.status)\"'")],
        usesProduct: true,
        runner: DeploymentListCommand.self)

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext) async throws -> CommandResult {
        let backend = try context.backend()
        async let tiers = DeploymentView.tierNames(backend)
        let deployments = try await backend.deployments().list(details: true)
        return CommandResult(DeploymentView.list(DeploymentView.named(deployments, tiers: await tiers)))
    }
}
