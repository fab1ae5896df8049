import VMCtlCore
import VMCtlSupport
/// `vmctl apikey create`
struct APIKeyCreateCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "create",
        summary: "create a management API key",
        discussion: """
        A key may read only (the default) or read and write, on the deployments named with --deployment, or
        on all deployments with --all-deployments. The two differ: --all-deployments also covers deployments
        created later, while a list covers exactly the deployments named. Without --expires-at or
        --expires-in the key never expires. The key is printed once, alone on the last line.
        """,
        arguments: [name],
        flags: [readOnly, readWrite, deployment, allDeployments, SharedFlags.expiresAt, expiresIn, noExpiry],
        examples: [
            Example("A read-only key for one deployment, valid for 90 days",
                    "vmctl apikey create grafana-prod --read-only --deployment prod-cluster --expires-in 90d"),
            Example("A read/write key for automation on every deployment, now and later",
                    "vmctl apikey create terraform --read-write --all-deployments --no-expiry"),
        ],
        runner: APIKeyCreateCommand.self)

    static var capability: Capability<any APIKeyManagement> { .apiKeys }

    static let name = RequiredArgument("NAME", "what the key is for")
    static let readOnly = ToggleFlag("read-only", "the key may only read (the default)")
    static let readWrite = ToggleFlag("read-write", "the key may read and change")
    static let deployment = RepeatedFlag("deployment", "NAME|ID", "a deployment the key may access", completion: .deployment)
    static let allDeployments = ToggleFlag("all-deployments", "every deployment, including ones created later")
    static let expiresIn = ValueFlag("expires-in", "DURATION", "expiry from now, e.g. 90d or 1y")
    static let noExpiry = ToggleFlag("no-expiry", "the key never expires (the default)")

    var request: APIKeyRequest
    var expiry: ExpiryOptions

    init(_ parsed: ParsedCommand) throws {
        let name = try ArgumentChecks.nonEmpty(parsed[Self.name], "NAME", parsed: parsed)
        try parsed.requireAtMostOne(of: [Self.readOnly, Self.readWrite])
        expiry = try ExpiryOptions(parsed, in: Self.expiresIn, also: [Self.noExpiry])
        let deployments = parsed[Self.deployment]
        let allDeployments = parsed[Self.allDeployments]
        if allDeployments && !deployments.isEmpty {
            throw parsed.usageError("--all-deployments and --deployment cannot be used together: all deployments (including future ones) or the ones named")
        }
        if !allDeployments && deployments.isEmpty {
            throw parsed.usageError("say which deployments the key may access: --deployment NAME (repeatable) or --all-deployments")
        }
        request = APIKeyRequest(name: name, readOnly: !parsed[Self.readWrite], deployments: deployments,
                                allDeployments: allDeployments, expiresAt: expiry.expiresAt)
    }

    func run(_ context: CommandContext, _ backend: any APIKeyManagement) async throws -> CommandResult {
        var request = self.request
        let now = context.dependencies.now()
        request.expiresAt = expiry.resolve(now: now)
        if let at = request.expiresAt, let date = RFC3339.parse(at), date <= now {
            throw VMCtlError.usage("--expires-at \(at) is in the past")
        }
        let created = try await backend.apiKeys().create(request)
        // A key for every deployment names none, so there is nothing to look up.
        let names = created.key.allDeployments ? [:] : await NameLookups.deploymentNames(backend)
        return CommandResult(APIKeyView.details(created.key, names: names, now: now, secret: created.secret),
                             warnings: ["copy the API key now and keep it secret; it is shown only this once"])
    }
}
