import VMCtlCore
import VMCtlSupport
/// `vmctl token update`
struct TokenUpdateCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "update",
        summary: "change a token's description or permissions (the new permissions replace the old)",
        arguments: [SharedFlags.id],
        flags: [readDatabase, writeDatabase, description, active, inactive],
        examples: [
            Example("Make a token read-only on metrics (it loses any other permission)", "vmctl token update 0c0f1a2b-… --read-database metrics"),
            Example("Rename a token", "vmctl token update 0c0f1a2b-… --description \"grafana (team 12)\""),
            Example("InfluxDB 2: switch a token off for now", "vmctl token update 0a1b2c3d4e5f6071 --inactive"),
        ],
        helpTopic: .tokenUpdate,
        runner: TokenUpdateCommand.self)

    static var capability: Capability<any TokenUpdates> { .tokenUpdates }

    static let readDatabase = RepeatedFlag("read-database", "DB", "grant read on DB ('*' = all)", requires: Capability.tokenPermissionChanges.id)
    static let writeDatabase = RepeatedFlag("write-database", "DB", "grant write on DB ('*' = all)", requires: Capability.tokenPermissionChanges.id)
    static let description = ValueFlag("description", "TEXT", "new description")
    static let active = ToggleFlag("active", "make the token work again", requires: Capability.tokenActivation.id)
    static let inactive = ToggleFlag("inactive", "stop the token working without deleting it", requires: Capability.tokenActivation.id)

    var id: String
    var request: TokenUpdateRequest

    init(_ parsed: ParsedCommand) throws {
        id = try ArgumentChecks.tokenID(parsed[SharedFlags.id], parsed: parsed)
        try parsed.requireAtMostOne(of: [Self.active, Self.inactive])
        request = TokenUpdateRequest()
        if let description = parsed[Self.description] {
            request.description = try ArgumentChecks.nonEmpty(description, "--description", parsed: parsed)
        }
        if parsed.given(Self.readDatabase) || parsed.given(Self.writeDatabase) {
            request.read = parsed[Self.readDatabase]
            request.write = parsed[Self.writeDatabase]
            if (request.read! + request.write!).contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw parsed.usageError("--read-database and --write-database need a database name, or '*' for all")
            }
        }
        if parsed[Self.active] { request.status = "active" }
        if parsed[Self.inactive] { request.status = "inactive" }
        if request == TokenUpdateRequest() {
            throw parsed.usageError("nothing to change: give --description, --read-database/--write-database, or --active/--inactive")
        }
    }

    func run(_ context: CommandContext, _ backend: any TokenUpdates) async throws -> CommandResult {
        let tokens = try await backend.tokens(in: nil)
        let updated = try await tokens.update(id: id, request)
        var warnings: [String] = []
        if updated.usedByProfile && request.status == "inactive" {
            let profile = (try? context.activeProfileName().0) ?? "default"
            warnings.append("token \(updated.id) is the one profile \"\(profile)\" uses: while it is inactive, the profile cannot work; make it active again with another token")
        }
        if request.replacesPermissions {
            warnings.append("token \(id) now has exactly these permissions: \(Permission.summary(updated.permissions)); any it had before and not named here are gone")
        }
        return CommandResult(try context.tokenView().details(updated), warnings: warnings)
    }
}
