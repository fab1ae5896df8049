import VMCtlCore
import VMCtlSupport
/// `vmctl profile delete`
struct ProfileDeleteCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "delete",
        aliases: ["rm"],
        summary: "delete a profile from the config file",
        arguments: [name],
        examples: [Example("Forget the staging profile", "vmctl profile delete staging")],
        runner: ProfileDeleteCommand.self)

    static let name = RequiredArgument("NAME", "the profile to delete", completion: .profile)

    var name: String

    init(_ parsed: ParsedCommand) throws {
        name = parsed[Self.name]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let store = context.configStore
        guard try store.load() != nil else { throw VMCtlError.config("no config file at \(store.path), so no profile \"\(name)\"") }
        var wasDefault = false
        try store.update { config in
            wasDefault = config.defaultProfile == name
            try config.remove(named: name)
        }
        var lines = ["Deleted profile \(name)"]
        if wasDefault { lines.append("There is no default profile now; pick one with 'vmctl profile use NAME'") }
        return CommandResult(Presentation(json: .obj(["deleted": .string(name)]), table: .lines(lines)))
    }
}
