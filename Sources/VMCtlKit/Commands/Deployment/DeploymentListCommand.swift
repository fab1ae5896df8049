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
        CommandResult(DeploymentView.list(try await context.backend().deployments().list(details: true)))
    }
}
