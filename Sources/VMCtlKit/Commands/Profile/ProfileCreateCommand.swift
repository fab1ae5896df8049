import Foundation

/// `vmctl profile create`
struct ProfileCreateCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "create",
        aliases: ["add"],
        summary: "create a connection profile",
        discussion: """
        The API key is never given as a flag value. Name where it comes from with one of --api-key-env,
        --api-key-file or --api-key-command, or store it in the config file with --api-key-stdin (it is read
        from stdin, or asked for without echo on a terminal). The first profile becomes the default.
        """,
        arguments: [ArgumentSpec("NAME", "the profile's name (letters, digits, '.', '_' and '-')")],
        flags: [
            .option("product", "PRODUCT", "vmcloud, dedicated, clustered or influxdb2",
                    completion: .choices(ProductKind.allCases.map(\.rawValue))),
            .option("url", "URL", "API URL (required for clustered and influxdb2; vmcloud and dedicated have defaults)"),
            .option("deployment", "NAME|ID", "default deployment (vmcloud)"),
            .option("account-id", "UUID", "account ID (dedicated)"),
            .option("cluster-id", "UUID", "cluster ID (dedicated)"),
            .option("org", "NAME", "organization name (influxdb2)"),
            .option("org-id", "ID", "organization ID (influxdb2)"),
            .toggle("api-key-stdin", "read the API key from stdin and store it in the config file"),
            .option("api-key-env", "VAR", "read the API key from environment variable VAR when needed"),
            .option("api-key-file", "PATH", "read the API key from the first line of a file (mode 0600) when needed", completion: .file),
            .option("api-key-command", "CMD", "run CMD with /bin/sh and use the first line it prints as the API key"),
            .toggle("allow-http", "allow plain http to a host that is not loopback (the key would travel unencrypted)"),
            .toggle("default", "make this the default profile"),
        ],
        examples: [
            Example("VictoriaMetrics Cloud, key from an environment variable", "vmctl profile create prod --product vmcloud --deployment prod-cluster --api-key-env VMCLOUD_API_KEY"),
            Example("Key stored in the config file, read from a password manager once", "pass show vmcloud/prod | vmctl profile create prod --product vmcloud --api-key-stdin"),
            Example("Key fetched by a command each time", "vmctl profile create prod --product vmcloud --api-key-command 'pass show vmcloud/prod'"),
        ],
        runner: ProfileCreateCommand.self)

    var profile: Profile
    var keyFromStdin: Bool
    var makeDefault: Bool

    init(_ parsed: ParsedCommand) throws {
        let name = parsed.argument("NAME")!
        guard Profile.isValidName(name) else {
            throw parsed.usageError("invalid profile name \"\(name)\": use up to 64 letters, digits, '.', '_' and '-'")
        }
        guard let productName = parsed.value("product") else {
            throw parsed.usageError("--product is required: use vmcloud, dedicated, clustered or influxdb2")
        }
        let product = ProductKind(rawValue: productName)!
        let productFlags: [(flag: String, key: String)] = [("deployment", "deployment"), ("account-id", "account_id"),
                                                           ("cluster-id", "cluster_id"), ("org", "org"), ("org-id", "org_id")]
        for (flag, key) in productFlags where parsed.has(flag) {
            let products = Profile.productKeys[key]!
            if !products.contains(product) {
                throw parsed.usageError("--\(flag) applies to product \(products.map(\.rawValue).joined(separator: ", ")), not \(product.rawValue)")
            }
        }
        try parsed.requireAtMostOne(of: ["api-key-stdin", "api-key-env", "api-key-file", "api-key-command"])
        try parsed.requireAtMostOne(of: ["org", "org-id"])
        let url = parsed.value("url")
        if let url, let problem = Identifier.urlProblem(url) { throw parsed.usageError("invalid --url: \(problem)") }
        if url == nil && Profile.defaultURL(for: product) == nil {
            throw parsed.usageError("--url is required for product \(product.rawValue)")
        }
        if product == .dedicated {
            for flag in ["account-id", "cluster-id"] {
                guard let id = parsed.value(flag) else { throw parsed.usageError("--\(flag) is required for product dedicated") }
                guard Identifier.isUUID(id) else { throw parsed.usageError("invalid --\(flag) \"\(id)\": expected a UUID") }
            }
        }
        var secret: SecretSource?
        if let variable = parsed.value("api-key-env") {
            guard let first = variable.first, first == "_" || (first.isASCII && first.isLetter),
                  variable.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }) else {
                throw parsed.usageError("invalid --api-key-env \"\(variable)\": give the name of an environment variable, not its value")
            }
            secret = .environment(variable)
        }
        if let path = parsed.value("api-key-file") { secret = .file(path) }
        if let command = parsed.value("api-key-command") {
            guard !command.trimmingCharacters(in: .whitespaces).isEmpty else { throw parsed.usageError("--api-key-command is empty") }
            secret = .command(command)
        }
        profile = Profile(name: name, product: product, url: url, deployment: parsed.value("deployment"),
                          accountID: parsed.value("account-id")?.lowercased(), clusterID: parsed.value("cluster-id")?.lowercased(),
                          org: parsed.value("org"), orgID: parsed.value("org-id"), allowHTTP: parsed.has("allow-http"), secret: secret)
        keyFromStdin = parsed.has("api-key-stdin")
        makeDefault = parsed.has("default")
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        var profile = self.profile
        if keyFromStdin {
            if context.io.stdinIsTTY { context.io.stderr.write("API key for profile \(profile.name): ") }
            let key = (context.io.stdin.readLine(echo: false) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else {
                throw VMCtlError.usage("no API key on stdin", hint: "pipe the key in, e.g. pass show vmcloud/prod | vmctl profile create …")
            }
            profile.secret = .literal(key)
        }
        let store = context.configStore
        var becameDefault = false
        let config = try store.update { config in
            try config.add(profile)
            if makeDefault || config.defaultProfile == nil || config.profile(named: config.defaultProfile!) == nil {
                try config.setDefault(profile.name)
                becameDefault = true
            }
        }
        var lines = ["Created profile \(profile.name) (\(profile.product.rawValue)) in \(store.path)"]
        if becameDefault { lines.append("\(profile.name) is the default profile") }
        var warnings: [String] = []
        if profile.secret == nil {
            warnings.append("profile \(profile.name) has no API key source; commands will need VMCTL_API_KEY, or add api_key_env, api_key_file or api_key_command")
        }
        return CommandResult(Presentation(json: ProfileView.json(profile, isDefault: config.defaultProfile == profile.name),
                                          table: .lines(lines)), warnings: warnings)
    }
}
