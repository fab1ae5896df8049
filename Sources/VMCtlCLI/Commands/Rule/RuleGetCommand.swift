import VMCtlCore
import VMCtlSupport
/// `vmctl rule get`
struct RuleGetCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "get",
        summary: "print a rule file exactly as stored",
        arguments: [name],
        flags: [SharedFlags.deployment],
        examples: [Example("Save a rule file to edit it", "vmctl rule get alerts.yml > alerts.yml")],
        runner: RuleGetCommand.self)

    static var capability: Capability<any RuleManagement> { .rules }

    static let name = RequiredArgument("NAME", "the file's name, e.g. alerts.yml", completion: .rule)

    var name: String
    var deployment: String?

    init(_ parsed: ParsedCommand) throws {
        name = try ArgumentChecks.nonEmpty(parsed[Self.name], "NAME", parsed: parsed)
        deployment = parsed[SharedFlags.deployment]
    }

    func run(_ context: CommandContext, _ backend: any RuleManagement) async throws -> CommandResult {
        let content = try await backend.rules(in: deployment).get(name)
        return CommandResult(Presentation(json: .obj(["name": .string(name), "content": .string(content)]), table: .raw(content)))
    }
}
