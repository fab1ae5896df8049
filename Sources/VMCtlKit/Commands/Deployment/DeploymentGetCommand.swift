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
        CommandResult(DeploymentView.details(try await context.backend().deployments().get(reference)))
    }
}
