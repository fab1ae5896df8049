import VMCtlSupport
/// `vmctl rule get`
struct RuleGetCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "get",
        summary: "print a rule file exactly as stored",
        arguments: [name],
        flags: [SharedFlags.deployment],
        examples: [Example("Save a rule file to edit it", "vmctl rule get alerts.yml > alerts.yml")],
        usesProduct: true,
        runner: RuleGetCommand.self)

    static let name = RequiredArgument("NAME", "the file's name, e.g. alerts.yml", completion: .rule)

    var name: String
    var deployment: String?

    init(_ parsed: ParsedCommand) throws {
        name = try ArgumentChecks.nonEmpty(parsed[Self.name], "NAME", parsed: parsed)
        deployment = parsed[SharedFlags.deployment]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let content = try await context.backend().rules(deployment: deployment).get(name)
        return CommandResult(Presentation(json: .obj(["name": .string(name), "content": .string(content)]), table: .raw(content)))
    }
}
