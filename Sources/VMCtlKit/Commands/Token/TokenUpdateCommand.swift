/// `vmctl token update`
struct TokenUpdateCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "update",
        summary: "change a token's description or permissions (the new permissions replace the old)",
        discussion: """
        dedicated, clustered: --read-database and --write-database give the token's whole new set of
        permissions; whatever is not named is taken away. Expiry cannot change.
        influxdb2: --description, --active and --inactive.
        VictoriaMetrics Cloud tokens cannot change: revoke and create another.
        """,
        arguments: [ArgumentSpec("ID", "the token's ID", completion: .token)],
        flags: [
            .option("read-database", "DB", "grant read on DB ('*' = all)", repeatable: true),
            .option("write-database", "DB", "grant write on DB ('*' = all)", repeatable: true),
            .option("description", "TEXT", "new description"),
            .toggle("active", "make the token work again (influxdb2)"),
            .toggle("inactive", "stop the token working without deleting it (influxdb2)"),
        ],
        examples: [
            Example("Make a token read-only on metrics (it loses any other permission)", "vmctl token update 0c0f1a2b-… --read-database metrics"),
            Example("Rename a token", "vmctl token update 0c0f1a2b-… --description \"grafana (team 12)\""),
            Example("InfluxDB 2: switch a token off for now", "vmctl token update 0a1b2c3d4e5f6071 --inactive"),
        ],
        products: [.dedicated, .clustered, .influxdb2],
        runner: TokenUpdateCommand.self)

    var id: String
    var request: TokenUpdateRequest

    init(_ parsed: ParsedCommand) throws {
        id = try ArgumentChecks.nonEmpty(parsed.argument("ID"), "ID", parsed: parsed)
        try parsed.requireAtMostOne(of: ["active", "inactive"])
        request = TokenUpdateRequest()
        if let description = parsed.value("description") {
            request.description = try ArgumentChecks.nonEmpty(description, "--description", parsed: parsed)
        }
        if parsed.has("read-database") || parsed.has("write-database") {
            request.read = parsed.values("read-database")
            request.write = parsed.values("write-database")
            if (request.read! + request.write!).contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw parsed.usageError("--read-database and --write-database need a database name, or '*' for all")
            }
        }
        if parsed.has("active") { request.status = "active" }
        if parsed.has("inactive") { request.status = "inactive" }
        if request == TokenUpdateRequest() {
            throw parsed.usageError("nothing to change: give --description, --read-database/--write-database, or --active/--inactive")
        }
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let backend = try context.backend()
        let tokens = try await backend.tokens(deployment: nil)
        let updated = try await tokens.update(id: id, request)
        var warnings: [String] = []
        if request.replacesPermissions {
            warnings.append("token \(id) now has exactly these permissions: \(Permission.summary(updated.permissions)); any it had before and not named here are gone")
        }
        return CommandResult(TokenView.details(updated), warnings: warnings)
    }
}
