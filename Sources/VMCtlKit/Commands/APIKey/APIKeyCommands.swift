/// `vmctl apikey …`
enum APIKeyCommands {
    static let group = CommandSpec(
        name: "apikey",
        summary: "create, list and delete VictoriaMetrics Cloud management API keys",
        discussion: """
        API keys authenticate vmctl and other tools to the management API (access tokens are for data).
        VictoriaMetrics Cloud documents API keys but has not published their endpoint yet; vmctl uses the
        provisional one described in its docs until it does.
        """,
        subcommands: [APIKeyCreateCommand.spec, APIKeyListCommand.spec, APIKeyDeleteCommand.spec])
}

/// `vmctl apikey create`
struct APIKeyCreateCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "create",
        summary: "create a management API key",
        discussion: """
        A key may read only (the default) or read and write, on the deployments named with --deployment, or
        on all deployments with --all-deployments. The two differ: --all-deployments also covers deployments
        created later, while a list covers exactly the deployments named. Without --expires-at or
        --expires-in the key never expires. The key is printed once, alone on the last line.
        """,
        arguments: [ArgumentSpec("NAME", "what the key is for")],
        flags: [
            .toggle("read-only", "the key may only read (the default)"),
            .toggle("read-write", "the key may read and change"),
            .option("deployment", "NAME|ID", "a deployment the key may access", repeatable: true, completion: .deployment),
            .toggle("all-deployments", "every deployment, including ones created later"),
            .option("expires-at", "TIME", "expiry as RFC 3339, e.g. 2027-01-31T00:00:00Z"),
            .option("expires-in", "DURATION", "expiry from now, e.g. 90d or 1y"),
            .toggle("no-expiry", "the key never expires (the default)"),
        ],
        examples: [
            Example("A read-only key for one deployment, valid for 90 days",
                    "vmctl apikey create grafana-prod --read-only --deployment prod-cluster --expires-in 90d"),
            Example("A read/write key for automation on every deployment, now and later",
                    "vmctl apikey create terraform --read-write --all-deployments --no-expiry"),
        ],
        products: [.vmcloud],
        runner: APIKeyCreateCommand.self)

    var request: APIKeyRequest
    var expiry: ExpiryOptions

    init(_ parsed: ParsedCommand) throws {
        let name = try ArgumentChecks.nonEmpty(parsed.argument("NAME"), "NAME", parsed: parsed)
        try parsed.requireAtMostOne(of: ["read-only", "read-write"])
        expiry = try ExpiryOptions(parsed, also: ["no-expiry"])
        let deployments = parsed.values("deployment")
        if parsed.has("all-deployments") && !deployments.isEmpty {
            throw parsed.usageError("--all-deployments and --deployment cannot be used together: all deployments (including future ones) or the ones named")
        }
        if !parsed.has("all-deployments") && deployments.isEmpty {
            throw parsed.usageError("say which deployments the key may access: --deployment NAME (repeatable) or --all-deployments")
        }
        request = APIKeyRequest(name: name, readOnly: !parsed.has("read-write"), deployments: deployments,
                                allDeployments: parsed.has("all-deployments"), expiresAt: expiry.expiresAt)
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        var request = self.request
        let now = context.dependencies.now()
        request.expiresAt = expiry.resolve(now: now)
        if let at = request.expiresAt, let date = RFC3339.parse(at), date <= now {
            throw VMCtlError.usage("--expires-at \(at) is in the past")
        }
        let backend = try context.backend()
        let created = try await backend.apiKeys().create(request)
        let names = await APIKeyView.deploymentNames(backend)
        return CommandResult(APIKeyView.details(created.key, names: names, now: now, secret: created.secret),
                             warnings: ["copy the API key now and keep it secret; it is shown only this once"])
    }
}

/// `vmctl apikey list`
struct APIKeyListCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list management API keys (never their values)",
        products: [.vmcloud],
        runner: APIKeyListCommand.self)

    init(_ parsed: ParsedCommand) throws {}

    func run(_ context: CommandContext) async throws -> CommandResult {
        let backend = try context.backend()
        let keys = try await backend.apiKeys().list()
        let names = await APIKeyView.deploymentNames(backend)
        return CommandResult(APIKeyView.list(keys, names: names, now: context.dependencies.now()))
    }
}

/// `vmctl apikey delete`
struct APIKeyDeleteCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "delete",
        aliases: ["revoke", "rm"],
        summary: "delete management API keys",
        discussion: "Asks for confirmation on a terminal; refuses without --force when stdin is not a terminal. Goes on after a failure.",
        arguments: [ArgumentSpec("ID", "the IDs of the keys to delete", arity: .oneOrMore)],
        flags: [SharedFlags.force],
        examples: [Example("Delete a key from a script", "vmctl apikey delete --force 8d1f2c3a-0b4e-4f6a-9c7d-1e2f3a4b5c6d")],
        products: [.vmcloud],
        runner: APIKeyDeleteCommand.self)

    var ids: [String]
    var force: Bool

    init(_ parsed: ParsedCommand) throws {
        ids = try ArgumentChecks.uniqueIDs(parsed.arguments("ID"), parsed: parsed)
        force = parsed.has("force")
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let what = BulkOperation.describe(ids, noun: "API key")
        try context.requireConfirmable(force: force, action: "delete \(what)")
        let keys = try context.backend().apiKeys()
        try context.confirm("Delete \(what)? Tools using it lose access at once.", force: force)
        return await BulkOperation.run(ids, verb: "Deleted API key", noun: "API key") { id in try await keys.delete(id: id) }
    }
}
