import VMCtlCore
import VMCtlSupport
/// `vmctl database undelete`
struct DatabaseUndeleteCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "undelete",
        summary: "restore a deleted database by its numeric ID (within the cluster's grace period, about 7 days on Dedicated)",
        discussion: """
        The API undeletes a database by its numeric ID, not its name: 'vmctl database list' shows the IDs
        (note the one you delete), and 'vmctl database delete' prints it. No live database may have the name.
        """,
        arguments: [name],
        examples: [Example("Bring back a database deleted by mistake", "vmctl database undelete 12345")],
        runner: DatabaseUndeleteCommand.self)

    static var capability: Capability<any DatabaseAdministration> { .databaseAdministration }

    static let name = RequiredArgument("DATABASE_ID", "the deleted database's numeric ID")

    var name: String

    init(_ parsed: ParsedCommand) throws {
        name = parsed[Self.name]
    }

    func run(_ context: CommandContext, _ backend: any DatabaseAdministration) async throws -> CommandResult {
        CommandResult(try context.databaseView().details(try await backend.databases().undelete(name)))
    }
}
