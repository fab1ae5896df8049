/// `vmctl deployment …`
enum DeploymentCommands {
    static let group = CommandSpec(
        name: "deployment",
        summary: "create, inspect, change and delete VictoriaMetrics Cloud deployments",
        subcommands: [DeploymentListCommand.spec, DeploymentGetCommand.spec, DeploymentCreateCommand.spec,
                      DeploymentUpdateCommand.spec, DeploymentDeleteCommand.spec])

    /// The settings shared by create and update.
    static let settingFlags: [FlagSpec] = [
        .option("tier", "TIER", "price tier, by ID or name (see 'vmctl tier list')"),
        .option("storage", "SIZE", "disk size, e.g. 10GB or 2TB (at least 10GB; single node at most 16TB)"),
        .option("retention", "DURATION", "how long data is kept: days or months, e.g. 30d or 1m (m means months)"),
        .option("deduplication", "DURATION", "deduplication interval, e.g. 30s or 500ms; 0 for none"),
        .option("maintenance-window", "WINDOW", "weekend (Sat-Sun 3-4am) or business (Mon-Fri 4-5am)",
                completion: .suggestions(["weekend", "business"])),
    ]
}

/// `vmctl deployment list`
struct DeploymentListCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list deployments",
        examples: [Example("Names and statuses for a script", "vmctl deployment list --format json | jq -r '.[] | \"\\(.name) \\(.status)\"'")],
        products: [.vmcloud],
        runner: DeploymentListCommand.self)

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext) async throws -> CommandResult {
        CommandResult(DeploymentView.list(try await context.backend().deployments().list()))
    }
}

/// `vmctl deployment get`
struct DeploymentGetCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "get",
        summary: "show one deployment with its settings, price and access endpoint",
        arguments: [ArgumentSpec("DEPLOYMENT", "name or ID; default: the profile's deployment", arity: .optional, completion: .deployment)],
        examples: [Example("Show a deployment by name", "vmctl deployment get prod-cluster")],
        products: [.vmcloud],
        runner: DeploymentGetCommand.self)

    var reference: String?

    init(_ parsed: ParsedCommand) throws {
        reference = parsed.argument("DEPLOYMENT")
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let backend = try context.backend()
        let profileDeployment = try context.activeProfile().deployment
        guard let reference = reference ?? profileDeployment else {
            throw VMCtlError.usage("no deployment given: name one, or set deployment in the profile",
                                   hint: "run 'vmctl deployment list' to see the deployments")
        }
        return CommandResult(DeploymentView.details(try await backend.deployments().get(reference)))
    }
}
