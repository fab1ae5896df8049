import Foundation

/// `vmctl token create`
struct TokenCreateCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "create",
        summary: "create an access token",
        discussion: """
        Grants read and/or write on databases; '*' means all of them (quote it in the shell).
        The token string is printed once, alone on the last line of output; store it right away.

        vmcloud: the flags must reduce to one tenant (<accountID> or <accountID>:<projectID>) or '*', and
        a mode: read only makes a read token, write only a write token, both a read/write token. Tenants
        exist only on cluster deployments.
        dedicated, clustered: permissions are sent as given; a token may expire. A token without any
        permission is allowed, with a warning.
        """,
        arguments: [ArgumentSpec("DESCRIPTION", "what the token is for, shown in lists (quote it if it has spaces)")],
        flags: [
            .option("read-database", "DB", "grant read on DB ('*' = all)", repeatable: true),
            .option("write-database", "DB", "grant write on DB ('*' = all)", repeatable: true),
            .option("expires-at", "TIME", "expiry as RFC 3339, e.g. 2027-01-31T00:00:00Z (not for vmcloud)"),
            .option("expires-in", "DURATION", "expiry from now, e.g. 30d, 12h, 1y (not for vmcloud)"),
            SharedFlags.deployment,
            .toggle("all-access", "every permission on the org (influxdb2 only)"),
            .toggle("operator", "every permission on every org (influxdb2 only)"),
        ],
        examples: [
            Example("Read and write on every tenant of the profile's deployment", "vmctl token create --read-database '*' --write-database '*' \"vmagent prod\""),
            Example("Read-only on tenant 12:0 of a cluster deployment", "vmctl token create --deployment prod-cluster --read-database 12:0 \"grafana team 12\""),
            Example("Keep the token in a shell variable", "TOKEN=$(vmctl token create --write-database '*' --format json \"ci\" | jq -r .token)"),
            Example("InfluxDB 3: read on two databases, write on one, for a week",
                    "vmctl token create --read-database metrics --read-database logs --write-database metrics --expires-in 7d \"collector\""),
        ],
        products: [.vmcloud, .dedicated, .clustered, .influxdb2],
        runner: TokenCreateCommand.self)

    var request: TokenCreateRequest
    var deployment: String?
    var expiry: ExpiryOptions

    init(_ parsed: ParsedCommand) throws {
        let description = try ArgumentChecks.nonEmpty(parsed.argument("DESCRIPTION"), "DESCRIPTION", parsed: parsed)
        expiry = try ExpiryOptions(parsed)
        try parsed.requireAtMostOne(of: ["all-access", "operator"])
        let allAccess = parsed.has("all-access"), operatorAccess = parsed.has("operator")
        if allAccess || operatorAccess, parsed.has("read-database") || parsed.has("write-database") {
            throw parsed.usageError("--\(allAccess ? "all-access" : "operator") already grants everything; drop --read-database and --write-database")
        }
        for flag in ["read-database", "write-database"] {
            if parsed.values(flag).contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw parsed.usageError("--\(flag) needs a database name, or '*' for all")
            }
        }
        request = TokenCreateRequest(description: description, read: parsed.values("read-database"),
                                     write: parsed.values("write-database"), expiresAt: expiry.expiresAt,
                                     allAccess: allAccess, operatorAccess: operatorAccess)
        deployment = parsed.value("deployment")
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        var request = self.request
        request.expiresAt = expiry.resolve(now: context.dependencies.now())
        let backend = try context.backend()
        try backend.validate(request)
        let tokens = try await backend.tokens(deployment: deployment)
        let created = try await tokens.create(request)
        var warnings = [tokens.secretWarning]
        if created.token.permissions.isEmpty {
            warnings.append("token \(created.token.id) has no permissions, so it cannot read or write anything")
        }
        return CommandResult(TokenView.details(created.token, secret: created.secret), warnings: warnings)
    }
}
