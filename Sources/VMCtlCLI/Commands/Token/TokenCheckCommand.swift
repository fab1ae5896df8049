import VMCtlCore
import VMCtlSupport
/// `vmctl token check`
struct TokenCheckCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "check",
        summary: "use a token against its data endpoint: a write that stores nothing, and a small query",
        discussion: """
        One line per direction the token grants: ok, refused (the endpoint answered 401 or 403), failed (any
        other answer) or unreachable. Exit 0 only when every direction works, 4 when the endpoint refuses
        the token, 7 when it cannot be reached, 1 otherwise. The secret is fetched where the API gives it
        (a reveal on VictoriaMetrics Cloud), or read from stdin with --secret-stdin.

        Without an ID, --secret-stdin checks a secret whose token is not named against the profile's data
        endpoint; what the token grants is then unknown, so vmctl tries what needs no permissions to be
        read: on VictoriaMetrics Cloud, a write and a query at the deployment's URLs (on a cluster, those of
        tenant --tenant, default 0: give a tenant token's own tenant, it is refused elsewhere); on InfluxDB 2,
        a Flux buckets() query, which any active token may run; on InfluxDB 3, a query and then a write on
        each of the cluster's first 10 databases until one is allowed. Exit 0 when some direction works, 4
        when the endpoint refuses the secret (a revoked, expired or unknown token), 7 and 1 as above.
        """,
        arguments: [id],
        flags: [SharedFlags.deployment, TokenExamplesCommand.tenant, secretStdin],
        examples: [
            Example("Is the new token working yet?", "vmctl token check 5f0c2d7e-…"),
            Example("InfluxDB 3, with the token string saved at creation", "vmctl token check 0c0f1a2b-… --secret-stdin < token.txt"),
            Example("Is a secret, whatever its token, still accepted?", "vmctl token check --secret-stdin < vmagent.token"),
        ],
        runner: TokenCheckCommand.self)

    static var capability: Capability<any TokenAdministration> { .tokens }

    static let id = OptionalArgument("ID", "the token's ID, or a unique prefix of it (at least 4 characters); without it, --secret-stdin's secret is checked alone",
                                     completion: .token)
    static let secretStdin = ToggleFlag("secret-stdin", "read the token's secret from stdin instead of fetching it")

    /// nil when a secret is checked without its token.
    var target: TokenReference?
    var deployment: String?
    var tenant: String?
    var secretFromStdin: Bool

    init(_ parsed: ParsedCommand) throws {
        secretFromStdin = parsed[Self.secretStdin]
        deployment = parsed[SharedFlags.deployment]
        tenant = parsed[TokenExamplesCommand.tenant]
        if let id = parsed[Self.id] {
            target = TokenReference(id: try ArgumentChecks.nonEmpty(id, "ID", parsed: parsed), deployment: deployment)
        } else if !secretFromStdin {
            throw parsed.usageError("give a token ID, or a secret with --secret-stdin to check it alone")
        }
    }

    func run(_ context: CommandContext, _ backend: any TokenAdministration) async throws -> CommandResult {
        var secret: String?
        if secretFromStdin {
            if context.io.stdinIsTTY { context.notices.ask("Token secret:") }
            let text = (context.io.stdin.readLine(echo: false) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw VMCtlError.usage("no token secret on stdin") }
            secret = text
        }
        guard let target else {
            // init made sure that a check without an ID has --secret-stdin.
            guard let secret else { throw VMCtlError.usage("give a token ID, or a secret with --secret-stdin to check it alone") }
            let plane = try await backend.tokens(in: deployment).dataPlane
            let checks = try await plane.check(secret: secret, tenant: tenant)
            return CommandResult(TokenExamplesView.checks(nil, checks), failures: Self.failures(checks, anyWorks: true, what: "this secret"))
        }
        let (id, plane) = try await target.resolve(backend)
        let checks = try await plane.check(id: id, tenant: tenant, secret: secret)
        var failures = Self.failures(checks, anyWorks: false, what: "token \(id)")
        if checks.isEmpty { failures.append(.failure("token \(id) grants nothing to check")) }
        return CommandResult(TokenExamplesView.checks(id, checks), failures: failures)
    }

    /// The failure the checks call for: none when every direction works (or, with `anyWorks`, one does);
    /// else the worst outcome decides the exit code: unreachable (7), then refused (4), then failed (1).
    static func failures(_ checks: [DirectionCheck], anyWorks: Bool, what: String) -> [VMCtlError] {
        func isOK(_ c: DirectionCheck) -> Bool { if case .ok = c.outcome { return true } else { return false } }
        if anyWorks && checks.contains(where: isOK) { return [] }
        if let c = checks.first(where: { if case .unreachable = $0.outcome { return true } else { return false } }) {
            return [.network("\(c.purpose.rawValue) endpoint cannot be reached: \(c.url)")]
        }
        if let c = checks.first(where: { if case .refused = $0.outcome { return true } else { return false } }) {
            return [.auth(anyWorks ? "the data endpoint refuses \(what)" : "the \(c.purpose.rawValue) endpoint refuses \(what)",
                          hint: anyWorks ? "it may be revoked, expired or unknown there, or grant nothing vmctl tried; with the token's ID, vmctl checks where it grants"
                                         : "the token may be revoked, or new (give it a minute)")]
        }
        if let c = checks.first(where: { if case .failed = $0.outcome { return true } else { return false } }) {
            return [.failure("the \(c.purpose.rawValue) check failed: \(c.url)")]
        }
        return []
    }
}
