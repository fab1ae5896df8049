import VMCtlCore
import VMCtlSupport
/// The flags every command accepts, before or after the command words.
public struct GlobalOptions: Sendable, Equatable {
    public var profile: String?
    public var configPath: String?
    public var format: OutputFormat = .table
    /// Per-request timeout in seconds.
    public var timeout: Double = 30
    public var debug = false
    public var noColor = false

    public init() {}

    static let profileFlag = ValueFlag("profile", "NAME", "connection profile to use (default: the config's default_profile, else \"default\")", short: "p",
                                       completion: .profile, environment: "VMCTL_PROFILE")
    static let configFlag = ValueFlag("config", "PATH", "config file (default: $XDG_CONFIG_HOME/vmctl/config.toml or ~/.config/vmctl/config.toml)",
                                      completion: .file, environment: "VMCTL_CONFIG")
    static let formatFlag = ChoiceFlag<OutputFormat>("format", "FORMAT", "output format: table or json", short: "o")
    static let timeoutFlag = ValueFlag("timeout", "DURATION", "per-request timeout, e.g. 30s or 2m (default 30s)")
    static let debugFlag = ToggleFlag("debug", "print each HTTP exchange to stderr, with secrets redacted")
    static let noColorFlag = ToggleFlag("no-color", "never use ANSI colour (colour is only ever used on a terminal)", environment: "NO_COLOR")
    static let helpFlag = ToggleFlag("help", "show help for the command", short: "h")
    static let versionFlag = ToggleFlag("version", "print vmctl's version")

    /// The declarations of the global flags, shared by every command's parser, help and completions.
    public static let flags: [FlagSpec] = [profileFlag.spec, configFlag.spec, formatFlag.spec, timeoutFlag.spec, debugFlag.spec,
                                           noColorFlag.spec, helpFlag.spec, versionFlag.spec]

    static let names = Set(flags.map(\.name))

    /// Builds the options from the parsed values of the global flags; bad values are usage errors.
    init(values: [String: [String]]) throws {
        func value(_ flag: some FlagKey) -> String? { values[flag.spec.name]?.last }
        profile = value(Self.profileFlag)
        configPath = value(Self.configFlag)
        if let f = value(Self.formatFlag) { format = OutputFormat(rawValue: f) ?? .table }
        if let t = value(Self.timeoutFlag) {
            guard let seconds = HumanDuration.parse(t, units: .timeout), seconds > 0 else {
                throw VMCtlError.usage("invalid value \"\(t)\" for --timeout: use a duration such as 30s, 2m or 500ms")
            }
            timeout = seconds
        }
        debug = value(Self.debugFlag) != nil
        noColor = value(Self.noColorFlag) != nil
    }
}
