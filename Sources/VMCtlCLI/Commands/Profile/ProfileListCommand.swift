import VMCtlCore
import VMCtlSupport
/// `vmctl profile list`
struct ProfileListCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list profiles; * marks the default",
        runner: ProfileListCommand.self)

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext) async throws -> CommandResult {
        let config = try context.config()
        return CommandResult(ProfileView.list(config?.profiles ?? [], defaultName: config?.defaultProfile, path: context.configStore.path, products: context.products))
    }
}
