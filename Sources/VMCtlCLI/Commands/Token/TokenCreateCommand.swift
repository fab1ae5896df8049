import Foundation
import VMCtlCore
import VMCtlSupport

/// `vmctl token create`
struct TokenCreateCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "create",
        summary: "create an access token",
        discussion: """
        Grants read and/or write on databases; '*' means all of them (quote it in the shell).
        The token string is printed once, alone on the last line of output; store it right away.
        """,
        arguments: [description],
        flags: [readDatabase, writeDatabase, expiresAt, expiresIn, SharedFlags.deployment, allAccess, operatorAccess],
        examples: [
            Example("Read and write on every tenant of the profile's deployment", "vmctl token create --read-database '*' --write-database '*' \"vmagent prod\""),
            Example("Read-only on tenant 12:0 of a cluster deployment", "vmctl token create --deployment prod-cluster --read-database 12:0 \"grafana team 12\""),
            Example("Keep the token in a shell variable", "TOKEN=$(vmctl token create --write-database '*' --format json \"ci\" | jq -r .token)"),
            Example("InfluxDB 3: read on two databases, write on one, for a week",
                    "vmctl token create --read-database metrics --read-database logs --write-database metrics --expires-in 7d \"collector\""),
        ],
        helpTopic: .tokenCreate,
        misplacedFlags: [
            // `token examples` and `check` take --tenant; a token's tenants are its databases.
            MisplacedFlag("tenant") { "tenants are given as databases: --read-database \($0) / --write-database \($0)" },
        ],
        runner: TokenCreateCommand.self)

    static var capability: Capability<any TokenAdministration> { .tokens }

    static let description = RequiredArgument("DESCRIPTION", "what the token is for, shown in lists (quote it if it has spaces)")
    static let readDatabase = RepeatedFlag("read-database", "DB", "grant read on DB ('*' = all)")
    static let writeDatabase = RepeatedFlag("write-database", "DB", "grant write on DB ('*' = all)")
    static let expiresAt = ValueFlag("expires-at", "TIME", "expiry as RFC 3339, e.g. 2027-01-31T00:00:00Z", requires: Capability.expiringTokens.id)
    static let expiresIn = ValueFlag("expires-in", "DURATION", "expiry from now, e.g. 30d, 12h, 1y", requires: Capability.expiringTokens.id)
    static let allAccess = ToggleFlag("all-access", "every permission on the org", requires: Capability.orgWideTokens.id)
    static let operatorAccess = ToggleFlag("operator", "every permission on every org", requires: Capability.orgWideTokens.id)

    var request: TokenCreateRequest
    var deployment: String?
    var expiry: ExpiryOptions

    init(_ parsed: ParsedCommand) throws {
        let description = try ArgumentChecks.nonEmpty(parsed[Self.description], "DESCRIPTION", parsed: parsed)
        expiry = try ExpiryOptions(parsed, at: Self.expiresAt, in: Self.expiresIn)
        try parsed.requireAtMostOne(of: [Self.allAccess, Self.operatorAccess])
        let allAccess = parsed[Self.allAccess], operatorAccess = parsed[Self.operatorAccess]
        if allAccess || operatorAccess, parsed.given(Self.readDatabase) || parsed.given(Self.writeDatabase) {
            let flag = allAccess ? Self.allAccess : Self.operatorAccess
            throw parsed.usageError("--\(flag.spec.name) already grants everything; drop --read-database and --write-database")
        }
        for flag in [Self.readDatabase, Self.writeDatabase] {
            if parsed[flag].contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw parsed.usageError("--\(flag.spec.name) needs a database name, or '*' for all")
            }
        }
        request = TokenCreateRequest(description: description, read: parsed[Self.readDatabase],
                                     write: parsed[Self.writeDatabase], expiresAt: expiry.expiresAt,
                                     allAccess: allAccess, operatorAccess: operatorAccess)
        deployment = parsed[SharedFlags.deployment]
    }

    func run(_ context: CommandContext, _ backend: any TokenAdministration) async throws -> CommandResult {
        var request = self.request
        request.expiresAt = expiry.resolve(now: context.dependencies.now())
        return try await create(request, with: backend, context)
    }

    /// The product's plan is worked out before anything is sent, and handed to its create as it is.
    private func create<Backend: TokenAdministration>(_ request: TokenCreateRequest, with backend: Backend,
                                                      _ context: CommandContext) async throws -> CommandResult {
        let plan = try backend.plan(request)
        let view = try context.tokenView()
        let tokens = try await backend.tokens(in: deployment)
        // Where the token will be used is fetched alongside the create; not knowing it fails nothing.
        async let where_ = tokens.dataPlane.urls(forNew: plan)
        let created = try await tokens.create(plan)
        let urls = try? await where_
        var warnings = [tokens.secretWarning] + created.warnings
        if created.token.permissions.isEmpty {
            warnings.append("token \(created.token.id) has no permissions, so it cannot read or write anything")
        }
        let hint = "client examples for it: vmctl token examples \(created.token.id)"
        return CommandResult(view.details(created.token, secret: created.secret, urls: urls, urlsAsked: true), warnings: warnings,
                             notes: urls == nil ? [] : [hint])
    }
}
