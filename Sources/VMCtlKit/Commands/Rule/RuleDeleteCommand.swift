/// `vmctl rule delete`
struct RuleDeleteCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "delete",
        aliases: ["rm"],
        summary: "delete rule files",
        discussion: "Asks for confirmation on a terminal; refuses without --force when stdin is not a terminal. Goes on after a failure.",
        arguments: [names],
        flags: [SharedFlags.deployment, SharedFlags.force],
        examples: [Example("Delete a rule file from a script", "vmctl rule delete --force old-alerts.yml")],
        usesProduct: true,
        runner: RuleDeleteCommand.self)

    static let names = VariadicArgument("NAME", "the files to delete", completion: .rule)

    var names: [String]
    var deployment: String?
    var force: Bool

    init(_ parsed: ParsedCommand) throws {
        names = try ArgumentChecks.uniqueIDs(parsed[Self.names], parsed: parsed)
        deployment = parsed[SharedFlags.deployment]
        force = parsed[SharedFlags.force]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let what = BulkOperation.describe(names, noun: "rule file")
        try context.requireConfirmable(force: force, action: "delete \(what)")
        let rules = try await context.backend().rules(deployment: deployment)
        try context.confirm("Delete \(what) from \(rules.scopeDescription)?", force: force)
        return await BulkOperation.run(names, verb: "Deleted rule file", noun: "rule file") { name in try await rules.delete(name) }
    }
}
