import Foundation
import VMCtlCore
import VMCtlSupport

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
        A deployment given by name is looked up once, with the new key, and its ID kept beside the name
        (deployment_id), so later commands need no lookup; when the server cannot be reached, the profile is
        saved with the name alone.
        A server whose certificate a private CA signs (a company's InfluxDB) needs --ca-cert with the CA's PEM
        file: it is checked now and stored as an absolute path, and its certificates alone are then trusted
        for the profile's requests.
        """,
        arguments: [name],
        productFlags: { products in
            [product(products), url(products)] + keyFlags(products).map(\.flag)
                + [apiKeyStdin, apiKeyEnv, apiKeyFile, apiKeyCommand, allowHTTP, caCert, makeDefault]
        },
        examples: [
            Example("VictoriaMetrics Cloud, key from an environment variable", "vmctl profile create prod --product vmcloud --deployment prod-cluster --api-key-env VMCLOUD_API_KEY"),
            Example("InfluxDB Clustered behind the company's own CA", "vmctl profile create lab --product clustered --url https://influxdb.lab.example --ca-cert ~/lab-ca.pem --api-key-env INFLUX_MANAGEMENT_TOKEN"),
            Example("Key stored in the config file, read from a password manager once", "pass show vmcloud/prod | vmctl profile create prod --product vmcloud --api-key-stdin"),
            Example("Key fetched by a command each time", "vmctl profile create prod --product vmcloud --api-key-command 'pass show vmcloud/prod'"),
        ],
        runner: ProfileCreateCommand.self)

    static let name = RequiredArgument("NAME", "the profile's name (letters, digits, '.', '_' and '-')")
    static func product(_ products: ProductRegistry) -> ValueFlag {
        ValueFlag("product", "PRODUCT", Parser.orList(products.names), completion: .suggestions(products.names))
    }
    static func url(_ products: ProductRegistry) -> ValueFlag { ValueFlag("url", "URL", urlHelp(products)) }
    static let apiKeyStdin = ToggleFlag("api-key-stdin", "read the API key from stdin and store it in the config file")
    static let apiKeyEnv = ValueFlag("api-key-env", "VAR", "read the API key from environment variable VAR when needed")
    static let apiKeyFile = ValueFlag("api-key-file", "PATH", "read the API key from the first line of a file (mode 0600) when needed",
                                      completion: .file)
    static let apiKeyCommand = ValueFlag("api-key-command", "CMD", "run CMD with /bin/sh and use the first line it prints as the API key")
    static let allowHTTP = ToggleFlag("allow-http", "allow plain http to a host that is not loopback (the key would travel unencrypted)")
    static let makeDefault = ToggleFlag("default", "make this the default profile")
    static let caCert = ValueFlag("ca-cert", "FILE", "trust only the CA certificates of this PEM file for the profile's servers (a private CA)",
                                  completion: .file)

    /// One flag per product-specific profile key, from the registry, with the products that take it.
    static func keyFlags(_ products: ProductRegistry) -> [(key: ProfileKey, flag: ValueFlag)] {
        products.profileKeys.filter { $0.key.derivedFrom == nil }.map { key, owners in
            (key, ValueFlag(key.flag, key.valueName, "\(key.help) (\(owners.map(\.rawValue).joined(separator: ", ")))"))
        }
    }

    static func urlHelp(_ products: ProductRegistry) -> String {
        let needing = products.all.filter { $0.defaultURL == nil }.map(\.kind)
        let defaulted = products.all.filter { $0.defaultURL != nil }.map(\.kind)
        return "API URL (required for \(ProductRegistry.list(needing)); \(ProductRegistry.list(defaulted)) \(defaulted.count == 1 ? "has a default" : "have defaults"))"
    }

    /// How a config key is named on this command line, for the messages of `ProfileRules`.
    static func flagName(_ key: String, products: ProductRegistry) -> String {
        if let found = keyFlags(products).first(where: { $0.key.name == key }) { return "--\(found.key.flag)" }
        switch key {
        case "api_key": return "--\(apiKeyStdin.spec.name)"
        default: return "--" + key.replacingOccurrences(of: "_", with: "-")
        }
    }

    var profile: Profile
    var keyFromStdin: Bool
    var makeDefault: Bool
    /// Where the file of `--ca-cert` is looked for: the working directory when the command runs.
    static var workingDirectory: String { FileManager.default.currentDirectoryPath }

    init(_ parsed: ParsedCommand) throws {
        var secrets: [SecretSource] = []
        if let variable = parsed[Self.apiKeyEnv] { secrets.append(.environment(variable)) }
        if let path = parsed[Self.apiKeyFile] { secrets.append(.file(path)) }
        if let command = parsed[Self.apiKeyCommand] { secrets.append(.command(command)) }
        keyFromStdin = parsed[Self.apiKeyStdin]
        var settings: [String: String] = [:]
        let products = parsed.products
        for (key, flag) in Self.keyFlags(products) {
            if let value = parsed[flag] { settings[key.name] = value }
        }
        let draft = ProfileRules.Draft(name: parsed[Self.name], product: parsed[Self.product(products)], url: parsed[Self.url(products)],
                                       settings: settings, allowHTTP: parsed[Self.allowHTTP], caCert: parsed[Self.caCert].map(Self.rooted),
                                       secrets: secrets,
                                       pendingSecretKeys: keyFromStdin ? ["api_key"] : [])
        do {
            profile = try ProfileRules.check(draft, products: products)
        } catch {
            throw parsed.usageError(error.message { Self.flagName($0, products: products) })
        }
        makeDefault = parsed[Self.makeDefault]
    }

    /// A relative `--ca-cert` made absolute, so that the rules see the path that will be stored (a `~/`
    /// the shell did not expand is expanded when the file is checked).
    static func rooted(_ path: String) -> String {
        path.isEmpty || path.hasPrefix("/") || path.hasPrefix("~/") ? path : workingDirectory + "/" + path
    }

    /// The `--ca-cert` file as the absolute path that is stored, once it is checked: a file vmctl can read,
    /// within the limit, holding a PEM certificate. Anything else is a usage error saying what is wrong.
    static func checkedCACert(_ given: String, context: CommandContext) throws -> String {
        let path = CertificateAuthorityFile.absolutePath(given, environment: context.environment, directory: workingDirectory)
        if let problem = CertificateAuthorityFile.problem(at: path) {
            throw VMCtlError.usage("--ca-cert \(path) \(problem)",
                                   hint: "give the PEM file of the CA that signs the server's certificate: a text file with -----BEGIN CERTIFICATE-----")
        }
        return path
    }

    /// The key for `--api-key-stdin`: asked for without echo on a terminal, else the first line of stdin.
    static func readKey(_ context: CommandContext, profile: String) throws -> String {
        if context.io.stdinIsTTY { context.notices.ask("API key for profile \(profile):") }
        let key = (context.io.stdin.readLine(echo: false) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else {
            throw VMCtlError.usage("no API key on stdin", hint: "pipe the key in, e.g. pass show vmcloud/prod | vmctl \(CommandSpec.path(context.chain)) …")
        }
        return key
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        var profile = self.profile
        // Before the key is asked for: a wrong file is said before anything is typed.
        profile.caCert = try profile.caCert.map { try Self.checkedCACert($0, context: context) }
        if keyFromStdin { profile.secret = .literal(try Self.readKey(context, profile: profile.name)) }
        let store = context.configStore
        // A name taken is said before any lookup (and again by `add` below if one appears meanwhile).
        if var existing = try store.load() { try existing.add(profile) }
        let (derived, lookupWarning) = await DerivedSettings.fill(profile, context: context)
        profile = derived
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
        var warnings: [String] = lookupWarning.map { [$0] } ?? []
        if profile.secret == nil {
            warnings.append("profile \(profile.name) has no API key source; commands will need VMCTL_API_KEY, or add api_key_env, api_key_file or api_key_command")
        }
        return CommandResult(Presentation(json: ProfileView.json(profile, isDefault: config.defaultProfile == profile.name, products: context.products),
                                          table: .lines(lines)), warnings: warnings)
    }
}
