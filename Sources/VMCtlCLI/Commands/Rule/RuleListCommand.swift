import VMCtlCore
import VMCtlSupport
/// `vmctl rule list`
struct RuleListCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list rule files",
        flags: [SharedFlags.deployment],
        runner: RuleListCommand.self)

    static var capability: Capability<any RuleManagement> { .rules }

    var deployment: String?

    init(_ parsed: ParsedCommand) throws {
        deployment = parsed[SharedFlags.deployment]
    }

    func run(_ context: CommandContext, _ backend: any RuleManagement) async throws -> CommandResult {
        let rules = try await backend.rules(in: deployment)
        let names = try await rules.list()
        return CommandResult(Presentation(json: .array(names.map { .obj(["name": .string($0)]) }),
                                          table: .list(columns: ["NAME"], rows: names.map { [$0] }),
                                          emptyMessage: "No rule files in \(rules.scopeDescription)"))
    }
}
