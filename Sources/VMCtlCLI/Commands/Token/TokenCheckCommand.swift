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
        """,
        arguments: [SharedFlags.id],
        flags: [SharedFlags.deployment, TokenExamplesCommand.tenant, secretStdin],
        examples: [
            Example("Is the new token working yet?", "vmctl token check 5f0c2d7e-…"),
            Example("InfluxDB 3, with the token string saved at creation", "vmctl token check 0c0f1a2b-… --secret-stdin < token.txt"),
        ],
        runner: TokenCheckCommand.self)

    static var capability: Capability<any TokenAdministration> { .tokens }

    static let secretStdin = ToggleFlag("secret-stdin", "read the token's secret from stdin instead of fetching it")

    var target: TokenReference
    var tenant: String?
    var secretFromStdin: Bool

    init(_ parsed: ParsedCommand) throws {
        target = try TokenReference(parsed)
        tenant = parsed[TokenExamplesCommand.tenant]
        secretFromStdin = parsed[Self.secretStdin]
    }

    func run(_ context: CommandContext, _ backend: any TokenAdministration) async throws -> CommandResult {
        var secret: String?
        if secretFromStdin {
            if context.io.stdinIsTTY { context.notices.ask("Token secret:") }
            let text = (context.io.stdin.readLine(echo: false) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw VMCtlError.usage("no token secret on stdin") }
            secret = text
        }
        let (id, plane) = try await target.resolve(backend)
        let checks = try await plane.check(id: id, tenant: tenant, secret: secret)
        var failures: [VMCtlError] = []
        // The worst outcome decides the exit code: unreachable (7), then refused (4), then failed (1).
        if let c = checks.first(where: { if case .unreachable = $0.outcome { return true } else { return false } }) {
            failures.append(.network("\(c.purpose.rawValue) endpoint cannot be reached: \(c.url)"))
        } else if let c = checks.first(where: { if case .refused = $0.outcome { return true } else { return false } }) {
            failures.append(.auth("the \(c.purpose.rawValue) endpoint refuses token \(id)", hint: "the token may be revoked, or new (give it a minute)"))
        } else if let c = checks.first(where: { if case .failed = $0.outcome { return true } else { return false } }) {
            failures.append(.failure("the \(c.purpose.rawValue) check failed: \(c.url)"))
        }
        if checks.isEmpty { failures.append(.failure("token \(id) grants nothing to check")) }
        return CommandResult(TokenExamplesView.checks(id, checks), failures: failures)
    }
}
