import VMCtlCore
import VMCtlSupport
/// `vmctl profile rename`
struct ProfileRenameCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "rename",
        summary: "rename a connection profile (the default follows it)",
        arguments: [old, new],
        examples: [Example("Rename a profile", "vmctl profile rename staging stage-eu")],
        runner: ProfileRenameCommand.self)

    static let old = RequiredArgument("OLD", "the profile's name now", completion: .profile)
    static let new = RequiredArgument("NEW", "its new name (letters, digits, '.', '_' and '-')")

    var old: String
    var new: String

    init(_ parsed: ParsedCommand) throws {
        old = parsed[Self.old]
        new = parsed[Self.new]
        guard Profile.isValidName(new) else {
            throw parsed.usageError("invalid profile name \"\(new)\": use up to 64 letters, digits, '.', '_' and '-'")
        }
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let store = context.configStore
        guard try store.load() != nil else { throw VMCtlError.config("no config file at \(store.path), so no profile \"\(old)\"") }
        var renamed: Profile?
        let config = try store.update { config in
            guard var profile = config.profile(named: old) else { throw config.noSuchProfile(old) }
            profile.name = new
            try config.replace(named: old, with: profile)
            renamed = profile
        }
        var lines = ["Renamed profile \(old) to \(new)"]
        if config.defaultProfile == new { lines.append("\(new) is the default profile") }
        return CommandResult(Presentation(json: ProfileView.json(renamed!, isDefault: config.defaultProfile == new, products: context.products), table: .lines(lines)))
    }
}
