import VMCtlCore
import VMCtlSupport
/// `vmctl deployment delete`
struct DeploymentDeleteCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "delete",
        aliases: ["rm"],
        summary: "delete deployments with all their data, tokens and rule files",
        discussion: """
        Asks for confirmation on a terminal. When stdin is not a terminal it refuses unless --force is given.
        With several deployments it goes on after a failure and exits non-zero if any failed.
        """,
        arguments: [references],
        flags: [SharedFlags.force],
        examples: [Example("Delete a test deployment from a script", "vmctl deployment delete --force scratch")],
        runner: DeploymentDeleteCommand.self)

    static var capability: Capability<any DeploymentManagement> { .deployments }

    static let references = VariadicArgument("DEPLOYMENT", "names or IDs", completion: .deployment)

    var references: [String]
    var force: Bool

    init(_ parsed: ParsedCommand) throws {
        references = try ArgumentChecks.uniqueIDs(parsed[Self.references], parsed: parsed)
        force = parsed[SharedFlags.force]
    }

    func preflight(_ context: CommandContext) throws {
        try context.requireConfirmable(force: force, action: "delete \(BulkOperation.describe(references, noun: "deployment"))")
    }

    func run(_ context: CommandContext, _ backend: any DeploymentManagement) async throws -> CommandResult {
        let what = BulkOperation.describe(references, noun: "deployment")
        return try await BulkOperation.confirmed(
            references, what: what, action: "delete", force: force, context: context,
            service: { backend.deployments() },
            question: { _ in "Delete \(what)? All data, tokens and rule files in it are lost for good." },
            done: { _ in ("Deleted deployment", "deployment") },
            each: { deployments, reference in _ = try await deployments.delete(reference); return nil })
    }
}
