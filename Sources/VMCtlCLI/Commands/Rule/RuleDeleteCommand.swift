import VMCtlCore
import VMCtlSupport
/// `vmctl rule delete`
struct RuleDeleteCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "delete",
        aliases: ["rm"],
        summary: "delete rule files",
        discussion: "Asks for confirmation on a terminal; refuses without --force when stdin is not a terminal. Goes on after a failure.",
        arguments: [names],
        flags: [SharedFlags.deployment, SharedFlags.force],
        examples: [Example("Delete a rule file from a script", "vmctl rule delete --force old-alerts.yml")],
        runner: RuleDeleteCommand.self)

    static var capability: Capability<any RuleManagement> { .rules }

    static let names = VariadicArgument("NAME", "the files to delete", completion: .rule)

    var names: [String]
    var deployment: String?
    var force: Bool

    init(_ parsed: ParsedCommand) throws {
        names = try ArgumentChecks.uniqueIDs(parsed[Self.names], parsed: parsed)
        deployment = parsed[SharedFlags.deployment]
        force = parsed[SharedFlags.force]
    }

    func preflight(_ context: CommandContext) throws {
        try context.requireConfirmable(force: force, action: "delete \(BulkOperation.describe(names, noun: "rule file"))")
    }

    func run(_ context: CommandContext, _ backend: any RuleManagement) async throws -> CommandResult {
        let what = BulkOperation.describe(names, noun: "rule file")
        return try await BulkOperation.confirmed(
            names, what: what, action: "delete", force: force, context: context,
            service: { try await backend.rules(in: deployment) },
            question: { "Delete \(what) from \($0.scopeDescription)?" },
            done: { _ in ("Deleted rule file", "rule file") },
            each: { rules, name in try await rules.delete(name); return nil })
    }
}
