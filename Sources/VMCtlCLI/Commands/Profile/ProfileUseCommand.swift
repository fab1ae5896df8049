import VMCtlCore
import VMCtlSupport
/// `vmctl profile use`
struct ProfileUseCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "use",
        summary: "make a profile the default",
        arguments: [name],
        examples: [Example("Switch to the staging profile", "vmctl profile use staging")],
        runner: ProfileUseCommand.self)

    static let name = RequiredArgument("NAME", "the profile to use by default", completion: .profile)

    var name: String

    init(_ parsed: ParsedCommand) throws {
        name = parsed[Self.name]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let store = context.configStore
        guard try store.load() != nil else {
            throw VMCtlError.config("no config file at \(store.path)", hint: "create a profile first: \(context.products.exampleProfileCreate(name))")
        }
        try store.update { try $0.setDefault(name) }
        return CommandResult(Presentation(json: .obj(["default_profile": .string(name)]),
                                          table: .lines(["\(name) is now the default profile"])))
    }
}
