import VMCtlCore
import VMCtlSupport
/// `vmctl token examples`
struct TokenExamplesCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "examples",
        summary: "print a token's write and read URLs with ready-to-paste client examples",
        discussion: """
        Examples exist only for the directions the token grants. No example puts the secret on a command
        line, where 'ps' shows it to every local user: each reads it from a token file (vmagent's and
        vmalert's -*.bearerTokenFile, Prometheus' credentials_file, curl's header from stdin) or from an
        environment variable set from that file (Grafana's $__env{...}, Telegraf's ${...}, the influx CLI's
        INFLUX_TOKEN). The first step writes the token file, mode 0600, without the secret on a command line:
        without --reveal it fetches the secret straight into the file (VictoriaMetrics Cloud: a reveal,
        audit-logged) or reads what you paste; with --reveal the secret itself is in that step, in a
        here-document.

        With --client, stdout is only that client's examples, so that '> FILE' writes a file that runs or
        loads as it is; a client with several (curl's write and read, one per database) has them one after
        the other, after a blank line. The URLs, the token-file step and the notes then go to stderr.
        --format json prints everything as one object (docs/json.md).
        """,
        arguments: [SharedFlags.id],
        flags: [SharedFlags.deployment, tenant, client, reveal],
        examples: [
            Example("Everything a vmagent needs, for a script", "vmctl token examples 5f0c2d7e-… --client vmagent --format json | jq -r '.examples[0].text'"),
            Example("A Grafana data source for tenant 12, as a provisioning file", "vmctl token examples 5f0c2d7e-… --tenant 12 --client grafana > datasource.yml"),
            Example("The step that writes the token file, the secret filled in", "vmctl token examples 5f0c2d7e-… --reveal --format json | jq -r .token_file_setup"),
        ],
        runner: TokenExamplesCommand.self)

    static var capability: Capability<any TokenAdministration> { .tokens }

    static let tenant = ValueFlag("tenant", "TENANT", "the tenant an all-tenant token on a cluster works with (default 0)",
                                  requires: Capability.tenantTokens.id)
    static let clients = ["vmagent", "prometheus", "curl", "otelcol", "grafana", "vmalert", "telegraf", "influx"]
    static let client = ValueFlag("client", "NAME", "only this client's examples: \(Parser.orList(clients))", completion: .choices(clients))
    static let reveal = ToggleFlag("reveal", "put the token's secret in the step that writes the token file (printed: keep the output safe)")

    var target: TokenReference
    var tenant: String?
    var client: String?
    var reveal: Bool

    init(_ parsed: ParsedCommand) throws {
        target = try TokenReference(parsed)
        tenant = parsed[Self.tenant]
        client = parsed[Self.client]
        reveal = parsed[Self.reveal]
    }

    func run(_ context: CommandContext, _ backend: any TokenAdministration) async throws -> CommandResult {
        let (id, plane) = try await target.resolve(backend)
        var result = try await plane.examples(id: id, tenant: tenant, reveal: reveal)
        if let client {
            let offered = result.examples.map(\.client)
            guard offered.contains(client) else {
                throw VMCtlError.usage("no \(client) example for this token: it has \(Parser.orList(Array(Set(offered)).sorted()))")
            }
            result.examples = result.examples.filter { $0.client == client }
        }
        var warnings: [String] = []
        if result.tokenFile.holdsSecret {
            warnings.append("the token's secret is printed in the step that writes the token file; keep it secret")
        }
        guard client != nil, context.global.format == .table else {
            return CommandResult(TokenExamplesView.examples(result), warnings: warnings, notes: result.notes)
        }
        let (presentation, notes) = TokenExamplesView.clientOnly(result)
        return CommandResult(presentation, warnings: warnings, notes: notes)
    }
}
