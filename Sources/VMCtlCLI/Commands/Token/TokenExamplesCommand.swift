import VMCtlCore
import VMCtlSupport
/// `vmctl token examples`
struct TokenExamplesCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "examples",
        summary: "print a token's write and read URLs with ready-to-paste client examples",
        discussion: """
        Examples exist only for the directions the token grants. Without --reveal the secret never appears:
        a <TOKEN> placeholder stands in, and stderr says where to get the secret. With --reveal it is filled
        in (on VictoriaMetrics Cloud that is a reveal, audit-logged like 'vmctl token reveal').
        """,
        arguments: [SharedFlags.id],
        flags: [SharedFlags.deployment, tenant, client, reveal],
        examples: [
            Example("Everything a vmagent needs, for a script", "vmctl token examples 5f0c2d7e-… --client vmagent --format json | jq -r '.examples[0].text'"),
            Example("A Grafana data source for tenant 12 with the secret filled in", "vmctl token examples 5f0c2d7e-… --tenant 12 --client grafana --reveal > datasource.yml"),
        ],
        runner: TokenExamplesCommand.self)

    static var capability: Capability<any TokenAdministration> { .tokens }

    static let tenant = ValueFlag("tenant", "TENANT", "the tenant an all-tenant token on a cluster works with (default 0)",
                                  requires: Capability.tenantTokens.id)
    static let clients = ["vmagent", "prometheus", "curl", "otelcol", "grafana", "vmalert", "telegraf", "influx"]
    static let client = ValueFlag("client", "NAME", "only this client's examples: \(Parser.orList(clients))", completion: .choices(clients))
    static let reveal = ToggleFlag("reveal", "fill in the token's secret (printed: keep the output safe)")

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
        if reveal && result.notes.isEmpty {
            warnings.append("the token's secret is printed in the examples below; keep them secret")
        }
        return CommandResult(TokenExamplesView.examples(result), warnings: warnings, notes: result.notes)
    }
}
