import VMCtlCore
import VMCtlSupport
/// `vmctl profile show`
struct ProfileShowCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "show",
        summary: "show a profile, with secrets masked and where each value comes from",
        discussion: "Without NAME, shows the profile vmctl would use now. api_key_command is not run; other sources are checked.",
        arguments: [name],
        examples: [Example("Which profile, URL and key would be used now", "vmctl profile show")],
        runner: ProfileShowCommand.self)

    static let name = OptionalArgument("NAME", "the profile to show (default: the active one)", completion: .profile)

    var name: String?

    init(_ parsed: ParsedCommand) throws {
        name = parsed[Self.name]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let (activeName, choice) = try context.activeProfileName()
        let shownName = name ?? activeName
        guard let config = try context.config() else {
            throw VMCtlError.config("no config file at \(context.configStore.path)",
                                    hint: "create a profile: \(context.products.exampleProfileCreate(shownName))")
        }
        guard let profile = config.profile(named: shownName) else { throw config.noSuchProfile(shownName) }
        let file = "config file"
        var rows: [(field: String, value: String, source: String)] = []

        let nameSource: String
        if name != nil {
            nameSource = "argument"
        } else {
            switch choice {
            case .flag: nameSource = "--profile flag"
            case .environment: nameSource = "env VMCTL_PROFILE"
            case .configDefault: nameSource = "default_profile in \(config.path)"
            case .fallback: nameSource = "fallback name"
            }
        }
        rows.append(("name", profile.name, nameSource))
        rows.append(("product", profile.product.rawValue, file))
        if let url = profile.effectiveURL {
            rows.append(("url", url, profile.url == nil ? "default for \(profile.product.rawValue)" : file))
        }
        for key in profile.descriptor.profileKeys {
            if let value = profile.setting(key.name) {
                rows.append((key.name, value, key.derivedFrom.map { "\(file), looked up from \($0)" } ?? file))
            }
        }
        if profile.allowHTTP { rows.append(("allow_http", "true", file)) }
        if let caCert = profile.caCert { rows.append(("ca_cert", caCert, file)) }

        let (keyValue, keySource, available) = describeKey(profile, context: context, isActive: shownName == activeName)
        rows.append(("api key", keyValue, keySource))

        let origins = JSONValue.object(rows.map { JSONMember($0.field == "api key" ? "api_key" : $0.field, .string($0.source)) })
        let json = ProfileView.json(profile, isDefault: config.defaultProfile == profile.name, products: context.products, extra: [
            JSONMember("api_key_available", available.map(JSONValue.bool) ?? .null),
            JSONMember("api_key_masked", keyValue.hasPrefix("****") ? .string(keyValue) : .null),
            JSONMember("origins", origins),
        ])
        return CommandResult(Presentation(json: json, table: .list(columns: ["FIELD", "VALUE", "SOURCE"],
                                                                   rows: rows.map { [$0.field, $0.value, $0.source] })))
    }

    /// The masked key (or why there is none), its source, and whether it is available (nil: not checked).
    private func describeKey(_ profile: Profile, context: CommandContext, isActive: Bool) -> (String, String, Bool?) {
        // Only the active profile can be overridden by the environment, and only as the context decides.
        let choice = isActive ? context.secretResolver.source(for: profile, profileFlagGiven: context.global.profile != nil)
                              : profile.secret.map(SecretResolver.Choice.profile) ?? .none
        let source: SecretSource
        switch choice {
        case .override(let env): return (ProfileView.mask(env), "env VMCTL_API_KEY (overrides the profile's own)", true)
        case .none: return ("(none)", "not configured", false)
        case .profile(let own): source = own
        }
        if case .command(let command) = source {
            return ("(not run)", "command: \(command)", nil)
        }
        do {
            let secret = try context.secretResolver.resolve(source, profile: profile.name)
            return (ProfileView.mask(secret.value), secret.origin, true)
        } catch {
            let reason = (error as? VMCtlError)?.message ?? "unavailable"
            return ("(unavailable)", "\(ProfileView.sourceText(source)): \(reason)", false)
        }
    }
}
