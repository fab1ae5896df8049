import VMCtlCore
import VMCtlSupport
/// `vmctl database rename`
struct DatabaseRenameCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "rename",
        summary: "rename a database",
        discussion: "Tokens name databases: after a rename, tokens for the old name no longer cover it. Update them with 'vmctl token update'.",
        arguments: [DatabaseCommands.name, newName],
        examples: [Example("Rename a database", "vmctl database rename metrics metrics_v1")],
        runner: DatabaseRenameCommand.self)

    static var capability: Capability<any DatabaseAdministration> { .databaseAdministration }

    static let newName = RequiredArgument("NEW_NAME", "its new name")

    var name: String
    var newName: String

    init(_ parsed: ParsedCommand) throws {
        name = parsed[DatabaseCommands.name]
        newName = parsed[Self.newName]
        do { try DatabaseOptions.checkName(newName) } catch let error as VMCtlError { throw parsed.usageError(error.message) }
        if name == newName { throw parsed.usageError("the new name is the same as the old one") }
    }

    func run(_ context: CommandContext, _ backend: any DatabaseAdministration) async throws -> CommandResult {
        let databases = try await backend.databases()
        let renamed = try await databases.rename(name, to: newName)
        return CommandResult(try context.databaseView().details(renamed),
                             warnings: [databases.tokensNaming(name, after: .renamed(to: newName))].compactMap { $0 })
    }
}
