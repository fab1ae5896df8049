/// `vmctl deployment update`
struct DeploymentUpdateCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "update",
        summary: "change a deployment's name, tier, storage, retention, deduplication, maintenance window or flags",
        discussion: """
        Only what is given changes; vmctl reads the current settings and sends them back with the changes.
        Storage can grow but never shrink. Type, provider and region cannot change: create another deployment.
        Component flags replace the component's whole list (give --single-flag= to clear it); changing
        flags restarts the deployment.
        """,
        arguments: [ArgumentSpec("DEPLOYMENT", "name or ID", completion: .deployment)],
        flags: [.option("name", "NAME", "new name")] + DeploymentCommands.settingFlags + [
            .option("single-flag", "FLAG", "a vmsingle command-line flag, e.g. -search.maxUniqueTimeseries=1e6", repeatable: true),
            .option("storage-flag", "FLAG", "a vmstorage flag (cluster)", repeatable: true),
            .option("select-flag", "FLAG", "a vmselect flag (cluster)", repeatable: true),
            .option("insert-flag", "FLAG", "a vminsert flag (cluster)", repeatable: true),
            .option("type", "TYPE", "cannot change", hidden: true),
            .option("region", "REGION", "cannot change", hidden: true),
            .option("provider", "PROVIDER", "cannot change", hidden: true),
        ] + DeploymentWaiter.flags,
        examples: [
            Example("Grow the disk and keep data for three months", "vmctl deployment update prod-cluster --storage 200GB --retention 3m"),
            Example("Raise a query limit on vmselect (restarts the deployment)", "vmctl deployment update prod-cluster --select-flag=-search.maxQueryDuration=60s --wait"),
        ],
        products: [.vmcloud],
        runner: DeploymentUpdateCommand.self)

    var reference: String
    var changes = DeploymentChanges()
    var waitTimeout: Double?

    init(_ parsed: ParsedCommand) throws {
        reference = try ArgumentChecks.nonEmpty(parsed.argument("DEPLOYMENT"), "DEPLOYMENT", parsed: parsed)
        for fixed in ["type", "region", "provider"] where parsed.has(fixed) {
            throw parsed.usageError("a deployment's \(fixed) cannot change; create a new deployment instead")
        }
        do {
            changes.name = parsed.value("name")
            changes.tier = parsed.value("tier")
            changes.storage = try parsed.value("storage").map { try VMCloudDeploymentRules.storage($0) }
            changes.retention = try parsed.value("retention").map { try VMCloudDeploymentRules.retention($0) }
            if let retention = changes.retention { try VMCloudDeploymentRules.checkRetention(retention) }
            changes.deduplication = try parsed.value("deduplication").map { try VMCloudDeploymentRules.deduplication($0) }
            changes.maintenanceWindow = try parsed.value("maintenance-window").map { try VMCloudDeploymentRules.maintenanceWindow($0) }
        } catch let error as VMCtlError where error.hint == nil {
            throw parsed.usageError(error.message)
        }
        func flags(_ name: String) -> [String]? {
            guard parsed.has(name) else { return nil }
            return parsed.values(name).filter { !$0.isEmpty }
        }
        changes.singleFlags = flags("single-flag")
        changes.storageFlags = flags("storage-flag")
        changes.selectFlags = flags("select-flag")
        changes.insertFlags = flags("insert-flag")
        if changes.isEmpty {
            throw parsed.usageError("nothing to change: give at least one of --name, --tier, --storage, --retention, --deduplication, --maintenance-window or a component flag")
        }
        waitTimeout = try DeploymentWaiter.timeout(parsed)
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let deployments = try context.backend().deployments()
        var (deployment, warnings) = try await deployments.update(reference, changes)
        if let waitTimeout {
            warnings.forEach(context.warnNow)
            warnings = []
            deployment = try await DeploymentWaiter(service: deployments, context: context, timeout: waitTimeout).wait(for: deployment)
        }
        return CommandResult(DeploymentView.details(deployment), warnings: warnings)
    }
}
