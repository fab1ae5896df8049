import VMCtlCore
import VMCtlSupport
/// `vmctl database list`
struct DatabaseListCommand: ProductCommand {
    static let spec = CommandSpec(name: "list", aliases: ["ls"], summary: "list databases",
                                  runner: DatabaseListCommand.self)

    static var capability: Capability<any DatabaseManagement> { .databases }

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext, _ backend: any DatabaseManagement) async throws -> CommandResult {
        CommandResult(try context.databaseView().list(try await backend.databases().list()))
    }
}
