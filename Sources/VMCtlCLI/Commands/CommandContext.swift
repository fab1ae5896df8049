import Foundation
import VMCtlCore
import VMCtlSupport

/// What a running command may use: streams, environment, global options, the products, and lazy access to
/// the config, the active profile and the product's backend. A value: its settings are fixed when it is
/// made (a completion lookup makes a copy with its own), and the config file is read at most once, on first
/// use, so `--help` and usage errors never touch the disk or the network.
public struct CommandContext: Sendable {
    public let io: IOStreams
    public let environment: [String: String]
    public let global: GlobalOptions
    /// The running command's chain of specs, root first.
    public let chain: [CommandSpec]
    /// The names of the command's own flags that were given, checked against the product before anything is sent.
    public let givenFlags: [String]
    public let dependencies: Dependencies
    /// The products vmctl speaks.
    public let products: ProductRegistry
    /// Retries of the API client; completion lookups use a single attempt.
    public let retryPolicy: RetryPolicy
    /// Whether an `api_key_command` may run; completion lookups must never prompt, so they do not.
    public let allowSecretCommands: Bool
    /// The config file, read on first use and kept for the rest of the command.
    private let loadedConfig = Locked<ConfigFile??>(nil)

    public init(io: IOStreams, environment: [String: String], global: GlobalOptions, chain: [CommandSpec], givenFlags: [String] = [],
                dependencies: Dependencies, products: ProductRegistry, retryPolicy: RetryPolicy = RetryPolicy(),
                allowSecretCommands: Bool = true) {
        self.io = io
        self.environment = environment
        self.global = global
        self.chain = chain
        self.givenFlags = givenFlags
        self.dependencies = dependencies
        self.products = products
        self.retryPolicy = retryPolicy
        self.allowSecretCommands = allowSecretCommands
    }

    /// A context for the same command with other settings (a completion lookup's short, single attempt).
    public func with(global: GlobalOptions? = nil, retryPolicy: RetryPolicy? = nil, allowSecretCommands: Bool? = nil) -> CommandContext {
        CommandContext(io: io, environment: environment, global: global ?? self.global, chain: chain, givenFlags: givenFlags,
                       dependencies: dependencies, products: products, retryPolicy: retryPolicy ?? self.retryPolicy,
                       allowSecretCommands: allowSecretCommands ?? self.allowSecretCommands)
    }

    /// `token create`
    public var commandName: String { CommandSpec.path(chain) }

    /// The command tree, resolved for the products (what help and the generators read).
    public var root: CommandSpec { chain[0] }

    /// Where everything but results and errors is said: warnings, notices, questions, `--debug`; JSON lines
    /// with `--format json`.
    public var notices: Notices { Notices(io: io, color: colorAllowed, format: global.format) }

    public var configStore: ConfigStore { ConfigStore.resolve(flag: global.configPath, environment: environment, products: products) }

    /// The config file, read once; nil when there is none.
    public func config() throws -> ConfigFile? {
        if let loaded = loadedConfig.current { return loaded }
        let config = try configStore.load()
        loadedConfig.withLock { $0 = .some(config) }
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
                                    hint: "create one: \(products.exampleProfileCreate(name))")
        }
        guard let profile = config.profile(named: name) else { throw config.noSuchProfile(name) }
        return profile
    }

    public var secretResolver: SecretResolver {
        SecretResolver(environment: environment, commandTimeout: global.timeout, runCommand: dependencies.runCommand)
    }

    /// The active profile's backend as `capability` sees it, with an API client set up for it. Fails with a
    /// usage error, before anything is sent, when the product lacks the capability, or one that a given
    /// product-specific flag needs.
    public func backend<Backend>(_ capability: Capability<Backend>) throws -> Backend {
        try connect(capability).backend
    }

    /// What `backend` gives, and where the key came from (`auth status` shows it).
    public func connect<Backend>(_ capability: Capability<Backend>) throws -> (backend: Backend, key: KeyInUse) {
        let profile = try activeProfile()
        try check(profile.descriptor, profile: profile)
        let (client, key) = try apiClient(for: profile)
        let backend = profile.descriptor.makeBackend(profile, client)
        guard let view = capability.view(of: backend) else { throw refusal(of: profile, capability: capability.id) }
        return (view, key)
    }

    /// The backend's view for a capability a given flag needed (checked before anything was sent).
    public func view<Backend>(of backend: any ProductBackend, as capability: Capability<Backend>) throws -> Backend {
        guard let view = capability.view(of: backend) else { throw refusal(of: try activeProfile(), capability: capability.id) }
        return view
    }

    /// Refuses, before anything is sent, what the profile's product cannot do: the command itself, or a
    /// product-specific flag given to it.
    private func check(_ descriptor: ProductDescriptor, profile: Profile) throws {
        guard let leaf = chain.last, let command = leaf.requires else { return }
        guard descriptor.provides(command) else { throw refusal(of: profile, capability: command) }
        for name in givenFlags {
            guard let flag = leaf.flag(name), let needed = flag.requires, !descriptor.provides(needed) else { continue }
            throw products.refusal(of: name, needing: needed, in: [command], for: descriptor)
        }
    }

    private func refusal(of profile: Profile, capability: CapabilityID) -> VMCtlError {
        let product = profile.product.rawValue
        let running = products.products(running: chain)?.map(\.rawValue).joined(separator: ", ") ?? "no product"
        return VMCtlError.usage("\(commandName) is not available for product \"\(product)\"",
                                hint: profile.descriptor.lacking[capability]
                                    ?? "profile \"\(profile.name)\" is \(product); this command works with \(running)")
    }

    /// Where the key of an API client came from.
    public struct KeyInUse: Sendable {
        public var choice: SecretResolver.Choice
        public var profile: String
        public var value: String
    }

    /// An API client for `profile`: its URL (plain http only to loopback unless allowed), its secret in
    /// the product's auth header, the global timeout, and `--debug`; and where the key came from.
    public func apiClient(for profile: Profile) throws -> (APIClient, KeyInUse) {
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
        let caCert = try certificateAuthority(of: profile)
        let source = secretResolver.source(for: profile, profileFlagGiven: global.profile != nil)
        if !allowSecretCommands, case .profile(.command) = source {
            throw VMCtlError.config("api_key_command is not run here")
        }
        let secret = try secretResolver.resolve(source, profile: profile.name)
        let descriptor = profile.descriptor
        var settings = APIClient.Settings(baseURL: descriptor.apiBase(url), credential: descriptor.credential, secret: secret.value,
                                          timeout: global.timeout, profileName: profile.name, retry: retryPolicy)
        settings.errorCodes = descriptor.errorCodes
        settings.caCert = caCert
        // A refused key's hint names where that key came from, not just the profile.
        settings.keyHints = (source.authHint(profile: profile.name, refused: true), source.authHint(profile: profile.name, refused: false))
        let notices = self.notices
        let client = APIClient(settings: settings, transport: dependencies.transport(), debug: global.debug ? notices.debugLog : nil,
                               notices: notices, sleep: dependencies.sleep, random: dependencies.random, now: dependencies.now)
        return (client, KeyInUse(choice: source, profile: profile.name, value: secret.value))
    }

    /// The profile's ca_cert as an absolute path, checked again (it may have changed since the profile was
    /// saved) and made the only CA file trusted for every request from now on; nil, and the system's CA
    /// certificates trusted, when the profile has none. A file that is gone or wrong is a configuration
    /// error; a program that cannot apply it refuses to run rather than trust the system's instead.
    func certificateAuthority(of profile: Profile) throws -> String? {
        let name = profile.name
        let fix = "vmctl profile update \(name) --ca-cert FILE"
        let path = profile.caCert.map { ConfigStore.expandTilde($0, environment: environment) }
        if let path, let problem = CertificateAuthorityFile.problem(at: path) {
            throw VMCtlError.config("ca_cert of profile \"\(name)\": \(path) \(problem)",
                                    hint: "set ca_cert of profile \"\(name)\" to the CA's PEM file: \(fix)")
        }
        do {
            try dependencies.trustCertificateAuthority(path)
        } catch {
            throw VMCtlError.failure("this build of vmctl cannot apply ca_cert of profile \"\(name)\" (\(path ?? "")): its libcurl hook is not linked in, and the server's certificate would be checked against the system's CA certificates instead",
                                     hint: "use a vmctl built by swift build or scripts/build-static.sh, which applies ca_cert; or remove ca_cert from profile \"\(name)\" (vmctl profile update \(name) --ca-cert '')")
        }
        return path
    }

    /// Whether colour may be used on a terminal: no `--no-color`, no `NO_COLOR`.
    public var colorAllowed: Bool { !global.noColor && (environment["NO_COLOR"] ?? "").isEmpty }

    /// A usage error for this command, with its usage line as the hint.
    public func usageError(_ message: String) -> VMCtlError {
        .usage(message, hint: HelpRenderer.usageHint(chain))
    }

    /// `body`, with a usage error that has no hint of its own given this command's usage line (a product's
    /// rule about a value the user gave).
    public func withUsageHint<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as VMCtlError where error.kind == .usage && error.hint == nil {
            throw usageError(error.message)
        }
    }

    // MARK: - Confirmation

    /// Refuses, before anything is sent, a destructive command that cannot ask: there is no `--force`, and
    /// stdin is not a terminal or the output is JSON. A script gets the same answer whether or not it runs
    /// on a terminal: with `--format json` vmctl never asks (docs/contract.md, destructive commands).
    public func requireConfirmable(force: Bool, action: String) throws {
        if force || (io.stdinIsTTY && global.format != .json) { return }
        let reason = io.stdinIsTTY ? "with --format json vmctl does not ask" : "stdin is not a terminal, so vmctl cannot ask"
        throw VMCtlError.usage("refusing to \(action) without confirmation: \(reason)",
                               hint: "pass --force to \(action) without asking")
    }

    /// Asks a yes/no question on the terminal (unless `force`); anything but yes cancels the command, which
    /// is the user's choice and not a failure (`Cancellation`, exit 0).
    public func confirm(_ question: String, force: Bool) throws {
        if force { return }
        notices.ask("\(question) [y/N]")
        let answer = io.stdin.readLine(echo: true)?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else { throw Cancellation() }
    }
}

/// The user said no at a confirmation prompt: nothing was sent, and vmctl ends with exit 0 after saying so.
public struct Cancellation: Error, Sendable {
    /// What is said on stderr.
    public static let message = "Cancelled: nothing changed"
}
