import VMCtlCore
import VMCtlSupport
/// `vmctl profile update`
struct ProfileUpdateCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "update",
        summary: "change settings of a connection profile",
        discussion: """
        Changes only what is given; the rest of the profile, the other profiles and the file's comments stay
        as they are. An empty value ('') removes a product setting (e.g. --deployment '') or the CA file
        (--ca-cert ''). A new API key source (--api-key-stdin, --api-key-env, --api-key-file or
        --api-key-command) replaces the old one. A new --deployment (or --url, or --ca-cert) is looked up
        again, as profile create does.
        """,
        arguments: [name],
        productFlags: { products in
            [ProfileCreateCommand.url(products)] + ProfileCreateCommand.keyFlags(products).map(\.flag)
                + [ProfileCreateCommand.apiKeyStdin, ProfileCreateCommand.apiKeyEnv, ProfileCreateCommand.apiKeyFile,
                   ProfileCreateCommand.apiKeyCommand, ProfileCreateCommand.allowHTTP, ProfileCreateCommand.caCert]
        },
        examples: [
            Example("Point a profile at another deployment", "vmctl profile update prod --deployment dev-single"),
            Example("Trust the company's CA for the servers of profile lab", "vmctl profile update lab --ca-cert ~/lab-ca.pem"),
            Example("Take the key from a password manager from now on", "vmctl profile update prod --api-key-command 'pass show vmcloud/prod'"),
        ],
        runner: ProfileUpdateCommand.self)

    static let name = RequiredArgument("NAME", "the profile to change", completion: .profile)

    var name: String
    var url: String?
    /// Product settings to set, by config key; an empty value removes the setting.
    var settings: [String: String]
    var secret: SecretSource?
    var keyFromStdin: Bool
    var allowHTTP: Bool
    /// The new ca_cert as given; empty removes it.
    var caCert: String?

    init(_ parsed: ParsedCommand) throws {
        name = parsed[Self.name]
        url = parsed[ProfileCreateCommand.url(parsed.products)]
        settings = [:]
        for (key, flag) in ProfileCreateCommand.keyFlags(parsed.products) {
            if let value = parsed[flag] { settings[key.name] = value }
        }
        try parsed.requireAtMostOne(of: [ProfileCreateCommand.apiKeyStdin, ProfileCreateCommand.apiKeyEnv,
                                         ProfileCreateCommand.apiKeyFile, ProfileCreateCommand.apiKeyCommand])
        if let variable = parsed[ProfileCreateCommand.apiKeyEnv] { secret = .environment(variable) }
        if let path = parsed[ProfileCreateCommand.apiKeyFile] { secret = .file(path) }
        if let command = parsed[ProfileCreateCommand.apiKeyCommand] { secret = .command(command) }
        keyFromStdin = parsed[ProfileCreateCommand.apiKeyStdin]
        allowHTTP = parsed[ProfileCreateCommand.allowHTTP]
        caCert = parsed[ProfileCreateCommand.caCert]
        if url == nil && settings.isEmpty && secret == nil && !keyFromStdin && !allowHTTP && caCert == nil {
            throw parsed.usageError("nothing to change: give --url, a product setting such as --deployment, an --api-key-… source, --allow-http or --ca-cert")
        }
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let store = context.configStore
        guard let file = try store.load() else { throw VMCtlError.config("no config file at \(store.path), so no profile \"\(name)\"") }
        guard let current = file.profile(named: name) else { throw file.noSuchProfile(name) }
        var newCACert = current.caCert
        if let caCert { newCACert = caCert.isEmpty ? nil : try ProfileCreateCommand.checkedCACert(caCert, context: context) }
        var merged = current.settings
        for (key, value) in settings { merged[key] = value.isEmpty ? nil : value }
        // What vmctl worked out from a changed setting (or for another server) is worked out again.
        let derivedKeys = current.descriptor.profileKeys.filter { $0.derivedFrom != nil }
        let rederive = url != nil || caCert != nil || derivedKeys.contains { settings[$0.derivedFrom ?? ""] != nil }
        if rederive { for key in derivedKeys { merged[key.name] = nil } }
        var secrets = current.secret.map { [$0] } ?? []
        if let secret { secrets = [secret] }
        if keyFromStdin { secrets = [.literal(try ProfileCreateCommand.readKey(context, profile: name))] }
        let draft = ProfileRules.Draft(name: name, product: current.product.rawValue, url: url ?? current.url, settings: merged,
                                       allowHTTP: allowHTTP || current.allowHTTP, caCert: newCACert, secrets: secrets)
        var profile: Profile
        do {
            profile = try ProfileRules.check(draft, products: context.products)
        } catch {
            throw context.usageError(error.message { ProfileCreateCommand.flagName($0, products: context.products) })
        }
        var lookupWarning: String?
        if rederive { (profile, lookupWarning) = await DerivedSettings.fill(profile, context: context) }
        let saved = profile
        let config = try store.update { try $0.replace(named: name, with: saved) }
        return CommandResult(Presentation(json: ProfileView.json(profile, isDefault: config.defaultProfile == name, products: context.products),
                                          table: .lines(["Updated profile \(name) in \(store.path)"])),
                             warnings: lookupWarning.map { [$0] } ?? [])
    }
}
