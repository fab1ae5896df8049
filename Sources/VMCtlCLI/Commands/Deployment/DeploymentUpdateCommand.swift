import VMCtlCore
import VMCtlSupport
/// `vmctl deployment update`
struct DeploymentUpdateCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "update",
        summary: "change a deployment's name, tier, storage, retention, deduplication, maintenance window or flags",
        discussion: """
        Only what is given changes; vmctl reads the current settings and sends them back with the changes.
        Storage can grow but never shrink. Type, provider and region cannot change: create another deployment.
        Component flags replace the component's whole list (give --single-flag= to clear it); changing
        flags restarts the deployment.
        """,
        arguments: [deployment],
        flags: [name] + DeploymentSettingFlags.all + [singleFlag, storageFlag, selectFlag, insertFlag] + fixed + DeploymentWaiter.flags,
        examples: [
            Example("Grow the disk and keep data for three months", "vmctl deployment update prod-cluster --storage 200GB --retention 3m"),
            Example("Raise a query limit on vmselect (restarts the deployment)", "vmctl deployment update prod-cluster --select-flag=-search.maxQueryDuration=60s --wait"),
        ],
        runner: DeploymentUpdateCommand.self)

    static var capability: Capability<any DeploymentManagement> { .deployments }

    static let deployment = RequiredArgument("DEPLOYMENT", "name or ID", completion: .deployment)
    static let name = ValueFlag("name", "NAME", "new name")
    static let singleFlag = RepeatedFlag("single-flag", "FLAG", "a vmsingle command-line flag, e.g. -search.maxUniqueTimeseries=1e6")
    static let storageFlag = RepeatedFlag("storage-flag", "FLAG", "a vmstorage flag (cluster)")
    static let selectFlag = RepeatedFlag("select-flag", "FLAG", "a vmselect flag (cluster)")
    static let insertFlag = RepeatedFlag("insert-flag", "FLAG", "a vminsert flag (cluster)")
    /// Settings that cannot change, declared so that giving one is explained rather than called unknown.
    static let fixed = ["type", "region", "provider"].map { ValueFlag($0, $0.uppercased(), "cannot change", hidden: true) }

    var reference: String
    var changes = DeploymentChanges()
    var waitTimeout: Double?

    init(_ parsed: ParsedCommand) throws {
        reference = try ArgumentChecks.nonEmpty(parsed[Self.deployment], "DEPLOYMENT", parsed: parsed)
        for fixed in Self.fixed where parsed.given(fixed) {
            throw parsed.usageError("a deployment's \(fixed.spec.name) cannot change; create a new deployment instead")
        }
        let settings = DeploymentSettingFlags.self
        changes.name = parsed[Self.name]
        changes.tier = parsed[settings.tier]
        changes.storage = parsed[settings.storage]
        changes.retention = parsed[settings.retention]
        changes.deduplication = parsed[settings.deduplication]
        changes.maintenanceWindow = parsed[settings.maintenanceWindow]
        func flags(_ flag: RepeatedFlag) -> [String]? {
            guard parsed.given(flag) else { return nil }
            return parsed[flag].filter { !$0.isEmpty }
        }
        changes.singleFlags = flags(Self.singleFlag)
        changes.storageFlags = flags(Self.storageFlag)
        changes.selectFlags = flags(Self.selectFlag)
        changes.insertFlags = flags(Self.insertFlag)
        if changes.isEmpty {
            throw parsed.usageError("nothing to change: give at least one of --name, --tier, --storage, --retention, --deduplication, --maintenance-window or a component flag")
        }
        waitTimeout = try DeploymentWaiter.timeout(parsed)
    }

    func run(_ context: CommandContext, _ backend: any DeploymentManagement) async throws -> CommandResult {
        let deployments = backend.deployments()
        // The product's rules for the values given are checked before anything is sent.
        try context.withUsageHint { try deployments.check(changes) }
        var (deployment, warnings) = try await deployments.update(reference, changes)
        if let waitTimeout {
            warnings.forEach(context.notices.warning)
            warnings = []
            deployment = try await DeploymentWaiter(service: deployments, context: context, timeout: waitTimeout).wait(for: deployment)
        }
        return CommandResult(DeploymentView.details(deployment), warnings: warnings)
    }
}
