import VMCtlSupport
/// `vmctl deployment get`
struct DeploymentGetCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "get",
        summary: "show one deployment with its settings, price and access endpoint",
        arguments: [reference],
        examples: [Example("Show a deployment by name", "vmctl deployment get prod-cluster")],
        usesProduct: true,
        runner: DeploymentGetCommand.self)

    static let reference = OptionalArgument("DEPLOYMENT", "name or ID; default: the profile's deployment", completion: .deployment)

    var reference: String?

    init(_ parsed: ParsedCommand) throws {
        reference = parsed[Self.reference]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let backend = try context.backend()
        async let tiers = DeploymentView.tierNames(backend)
        let deployment = try await backend.deployments().get(reference)
        return CommandResult(DeploymentView.details(DeploymentView.named([deployment], tiers: await tiers)[0]))
    }
}
