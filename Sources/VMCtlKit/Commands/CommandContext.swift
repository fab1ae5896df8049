import Foundation
import VMCtlSupport

/// What a running command may use: streams, environment, global options, and lazy access to the config,
/// the active profile and the product backend. Nothing is read before a command asks for it, so `--help`
/// and usage errors never touch the disk or the network.
public final class CommandContext: @unchecked Sendable {
    public let io: IOStreams
    public let environment: [String: String]
    public let global: GlobalOptions
    /// The running command's chain of specs, root first.
    public let chain: [CommandSpec]
    /// The names of the command's own flags that were given, checked against the product before anything is sent.
    public let givenFlags: [String]
    public let dependencies: Dependencies
    private var loadedConfig: ConfigFile??
    /// Retries of the API client; completion lookups use a single attempt.
    public var retryPolicy = RetryPolicy()
    /// Whether an `api_key_command` may run; completion lookups must never prompt, so they do not.
    public var allowSecretCommands = true
    /// Where the key of the last API client came from, with its profile (`auth status` shows it).
    private(set) var secretInUse: (choice: SecretResolver.Choice, profile: String, value: String)?

    public init(io: IOStreams, environment: [String: String], global: GlobalOptions, chain: [CommandSpec], givenFlags: [String] = [],
                dependencies: Dependencies) {
        self.io = io
        self.environment = environment
        self.global = global
        self.chain = chain
        self.givenFlags = givenFlags
        self.dependencies = dependencies
    }

    /// `token create`
    public var commandName: String { CommandSpec.path(chain) }

    public var configStore: ConfigStore { ConfigStore.resolve(flag: global.configPath, environment: environment) }

    /// The config file, read once; nil when there is none.
    public func config() throws -> ConfigFile? {
        if let loadedConfig { return loadedConfig }
        let config = try configStore.load()
        loadedConfig = .some(config)
        return config
    }

    /// How the active profile's name was chosen, for `profile show`.
    public enum ProfileChoice: String, Sendable {
        case flag = "--profile", environment = "VMCTL_PROFILE", configDefault = "default_profile", fallback = "fallback"
    }

    /// The name of the profile in use and how it was chosen: `--profile`, `$VMCTL_PROFILE`, `default_profile`, "default".
    public func activeProfileName() throws -> (String, ProfileChoice) {
        if let flag = global.profile { return (flag, .flag) }
        if let env = environment["VMCTL_PROFILE"], !env.isEmpty { return (env, .environment) }
        if let name = try config()?.defaultProfile { return (name, .configDefault) }
        return ("default", .fallback)
    }

    /// The profile in use.
    public func activeProfile() throws -> Profile {
        let (name, _) = try activeProfileName()
        guard let config = try config() else {
            throw VMCtlError.config("no config file at \(configStore.path), so there is no profile \"\(name)\"",
                                    hint: "create one: \(ProductRegistry.exampleProfileCreate(name))")
        }
        guard let profile = config.profile(named: name) else { throw config.noSuchProfile(name) }
        return profile
    }

    public var secretResolver: SecretResolver {
        SecretResolver(environment: environment, commandTimeout: global.timeout, runCommand: dependencies.runCommand)
    }

    /// The backend of the active profile's product, with an API client set up for it. Fails with a usage
    /// error, before anything is sent, when the product's descriptor does not list the command, or refuses
    /// one of the product-specific flags given.
    public func backend() throws -> ProductBackend {
        let profile = try activeProfile()
        let descriptor = profile.product.descriptor
        if let leaf = chain.last, leaf.usesProduct {
            try check(descriptor, leaf: leaf, profile: profile)
        }
        return descriptor.makeBackend(profile, try apiClient(for: profile))
    }

    private func check(_ descriptor: ProductDescriptor, leaf: CommandSpec, profile: Profile) throws {
        let product = descriptor.kind.rawValue
        guard descriptor.supports(commandName) else {
            let products = ProductRegistry.products(supporting: commandName).map(\.rawValue).joined(separator: ", ")
            throw VMCtlError.usage("\(commandName) is not available for product \"\(product)\"",
                                   hint: "profile \"\(profile.name)\" is \(product); this command works with \(products)")
        }
        for name in givenFlags where leaf.flag(name)?.scoped == true {
            if let refusal = descriptor.refusal(of: name, in: commandName) {
                throw VMCtlError.usage(refusal.message, hint: refusal.hint)
            }
        }
    }

    /// An API client for `profile`: its URL (plain http only to loopback unless allowed), its secret in
    /// the product's auth header, the global timeout, and `--debug`.
    public func apiClient(for profile: Profile) throws -> APIClient {
        guard let urlText = profile.effectiveURL else {
            throw VMCtlError.config("profile \"\(profile.name)\" has no url", hint: "add url = \"https://…\" to the profile")
        }
        guard let url = URL(string: urlText), let scheme = url.scheme?.lowercased(), let host = url.host else {
            throw VMCtlError.config("profile \"\(profile.name)\" has an invalid url \"\(urlText)\"")
        }
        if scheme == "http" && !profile.allowHTTP && !Identifier.isLoopback(host: host) {
            throw VMCtlError.config("refusing plain http to \(host): the API key would cross the network unencrypted",
                                    hint: "use an https:// url, or set allow_http = true in profile \"\(profile.name)\"")
        }
        let source = secretResolver.source(for: profile, profileFlagGiven: global.profile != nil)
        if !allowSecretCommands, case .profile(.command) = source {
            throw VMCtlError.config("api_key_command is not run here")
        }
        let secret = try secretResolver.resolve(source, profile: profile.name)
        secretInUse = (source, profile.name, secret.value)
        let descriptor = profile.product.descriptor
        var settings = APIClient.Settings(baseURL: descriptor.apiBase(url), credential: descriptor.credential, secret: secret.value,
                                          timeout: global.timeout, profileName: profile.name, retry: retryPolicy)
        settings.errorCodes = descriptor.errorCodes
        // A refused key's hint names where that key came from, not just the profile.
        settings.keyHints = (source.authHint(profile: profile.name, refused: true), source.authHint(profile: profile.name, refused: false))
        return APIClient(settings: settings, transport: dependencies.transport(), debug: global.debug ? io.stderr : nil,
                         notices: io.stderr, sleep: dependencies.sleep, random: dependencies.random, now: dependencies.now)
    }

    /// Whether colour may be used on a terminal: no `--no-color`, no `NO_COLOR`.
    public var colorAllowed: Bool { !global.noColor && (environment["NO_COLOR"] ?? "").isEmpty }

    /// Says a warning on stderr at once, for a command about to wait or ask (most warnings travel in the result).
    public func warnNow(_ message: String) {
        io.stderr.write(Renderer.warningLine(message, io: io, color: colorAllowed))
    }

    // MARK: - Confirmation

    /// Refuses, before anything is sent, a destructive command that cannot ask: stdin is not a terminal and
    /// there is no `--force`.
    public func requireConfirmable(force: Bool, action: String) throws {
        if force || io.stdinIsTTY { return }
        throw VMCtlError.usage("refusing to \(action) without confirmation: stdin is not a terminal, so vmctl cannot ask",
                               hint: "pass --force to \(action) without asking")
    }

    /// Asks a yes/no question on the terminal (unless `force`); anything but yes cancels the command, which
    /// is the user's choice and not a failure (`Cancellation`, exit 0).
    public func confirm(_ question: String, force: Bool) throws {
        if force { return }
        io.stderr.write("\(question) [y/N] ")
        let answer = io.stdin.readLine(echo: true)?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else { throw Cancellation() }
    }
}

/// The user said no at a confirmation prompt: nothing was sent, and vmctl ends with exit 0 after saying so.
public struct Cancellation: Error, Sendable {
    /// What is said on stderr.
    public static let message = "Cancelled: nothing changed"
}
