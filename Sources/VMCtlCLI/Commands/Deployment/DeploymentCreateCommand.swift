import VMCtlCore
import VMCtlSupport
/// `vmctl deployment create`
struct DeploymentCreateCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "create",
        summary: "create a deployment",
        discussion: """
        Sizes and durations are given the way people write them and sent as the API's value and unit.
        Before sending, vmctl checks the API's rules: storage at least 10GB, a single node at most 16TB,
        a retention above 0, a tier that exists and suits the type, a region the provider offers.
        A new deployment is PROVISIONING for a while; --wait waits until it is RUNNING.
        """,
        arguments: [name],
        flags: [type, provider, region] + DeploymentSettingFlags.all + DeploymentWaiter.flags,
        examples: [
            Example("A small single-node deployment, waiting until it runs",
                    "vmctl deployment create dev --type single_node --region us-east-1 --tier s.starter.a --storage 10GB --retention 1m --wait"),
            Example("A cluster keeping a year of data, maintained on weekdays",
                    "vmctl deployment create prod --type cluster --region eu-central-1 --tier c.medium.a --storage 2TB --retention 12m --deduplication 30s --maintenance-window business"),
        ],
        runner: DeploymentCreateCommand.self)

    static var capability: Capability<any DeploymentManagement> { .deployments }

    static let name = RequiredArgument("NAME", "the deployment's name")
    static let type = ValueFlag("type", "TYPE", "single_node or cluster", completion: .choices(DeploymentSpec.types))
    static let provider = ValueFlag("provider", "PROVIDER", "cloud provider (default aws; see 'vmctl provider list')", completion: .provider)
    static let region = ValueFlag("region", "REGION", "region, e.g. us-east-1 (see 'vmctl region list')", completion: .region)

    var spec: DeploymentSpec
    var waitTimeout: Double?

    init(_ parsed: ParsedCommand) throws {
        let name = try ArgumentChecks.nonEmpty(parsed[Self.name], "NAME", parsed: parsed)
        func required(_ flag: ValueFlag) throws -> String {
            guard let value = parsed[flag] else { throw parsed.usageError("--\(flag.spec.name) is required") }
            return value
        }
        let settings = DeploymentSettingFlags.self
        spec = DeploymentSpec(
            name: name, type: try required(Self.type), provider: parsed[Self.provider], region: try required(Self.region),
            tier: try required(settings.tier), storage: try required(settings.storage), retention: try required(settings.retention),
            deduplication: parsed[settings.deduplication], maintenanceWindow: parsed[settings.maintenanceWindow])
        waitTimeout = try DeploymentWaiter.timeout(parsed)
    }

    func run(_ context: CommandContext, _ backend: any DeploymentManagement) async throws -> CommandResult {
        let deployments = backend.deployments()
        // The product's rules for the values given are checked before anything is sent.
        try context.withUsageHint { try deployments.check(spec) }
        var deployment = try await deployments.create(spec)
        var notes: [String] = []
        if let waitTimeout {
            deployment = try await DeploymentWaiter(service: deployments, context: context, timeout: waitTimeout).wait(for: deployment)
        } else if deployment.status != "RUNNING" {
            notes.append("Deployment \(deployment.name) is \(deployment.status); 'vmctl deployment get \(deployment.name)' shows when it is RUNNING")
        }
        return CommandResult(DeploymentView.details(deployment), notes: notes)
    }
}
