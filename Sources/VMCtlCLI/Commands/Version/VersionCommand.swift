import VMCtlCore
import VMCtlSupport
/// `vmctl version`
struct VersionCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "version",
        summary: "print vmctl's version",
        runner: VersionCommand.self)

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext) async throws -> CommandResult {
        CommandResult(Presentation(json: .obj(["version": .string(VMCtlVersion.current), "user_agent": .string(VMCtlVersion.userAgent)]),
                                   table: .lines([VMCtlVersion.line])))
    }
}
