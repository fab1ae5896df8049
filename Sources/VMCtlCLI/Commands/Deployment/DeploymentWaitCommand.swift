import VMCtlCore
import VMCtlSupport
/// `vmctl deployment wait`
struct DeploymentWaitCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "wait",
        summary: "wait until a deployment is running, or deleted",
        discussion: """
        For scripts that created or deleted a deployment without --wait. Shows progress on stderr; exits 0 when
        the state is reached, 1 when the deployment fails or the time is up.
        """,
        arguments: [reference],
        flags: [target, DeploymentWaiter.waitTimeoutFlag],
        examples: [
            Example("Wait for a new deployment", "vmctl deployment wait dev"),
            Example("Wait until a deletion is done, at most 5 minutes", "vmctl deployment wait dev --for deleted --wait-timeout 5m"),
        ],
        runner: DeploymentWaitCommand.self)

    static var capability: Capability<any DeploymentManagement> { .deployments }

    enum Target: String, CaseIterable, Sendable { case running, deleted }

    static let reference = RequiredArgument("DEPLOYMENT", "name or ID", completion: .deployment)
    static let target = ChoiceFlag<Target>("for", "STATE", "running (default) or deleted")

    var reference: String
    var target: Target
    var timeout: Double

    init(_ parsed: ParsedCommand) throws {
        reference = try ArgumentChecks.nonEmpty(parsed[Self.reference], "DEPLOYMENT", parsed: parsed)
        target = parsed[Self.target] ?? .running
        timeout = try DeploymentWaiter.parseTimeout(parsed)
    }

    func run(_ context: CommandContext, _ backend: any DeploymentManagement) async throws -> CommandResult {
        let deployments = backend.deployments()
        let waiter = DeploymentWaiter(service: deployments, context: context, timeout: timeout)
        switch target {
        case .running:
            // The tier is named as 'deployment get' names it, from the catalog read beside the first poll.
            async let tiers = NameLookups.tierNames(backend)
            let found = try await deployments.get(reference)
            return CommandResult(DeploymentView.details(try await waiter.wait(for: DeploymentView.named([found], tiers: await tiers)[0])))
        case .deleted:
            let name = try await waiter.waitUntilDeleted(reference)
            return CommandResult(Presentation(json: .obj(["deployment": .string(name), "deleted": .bool(true)]), table: .none))
        }
    }
}
