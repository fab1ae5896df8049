import VMCtlCore
import VMCtlSupport
/// `vmctl deployment get`
struct DeploymentGetCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "get",
        summary: "show one deployment with its settings, price and access endpoint",
        arguments: [reference],
        examples: [Example("Show a deployment by name", "vmctl deployment get prod-cluster")],
        runner: DeploymentGetCommand.self)

    static var capability: Capability<any DeploymentManagement> { .deployments }

    static let reference = OptionalArgument("DEPLOYMENT", "name or ID; default: the profile's deployment", completion: .deployment)

    var reference: String?

    init(_ parsed: ParsedCommand) throws {
        reference = parsed[Self.reference]
    }

    func run(_ context: CommandContext, _ backend: any DeploymentManagement) async throws -> CommandResult {
        async let tiers = NameLookups.tierNames(backend)
        let deployment = try await backend.deployments().get(reference)
        return CommandResult(DeploymentView.details(DeploymentView.named([deployment], tiers: await tiers)[0]))
    }
}
