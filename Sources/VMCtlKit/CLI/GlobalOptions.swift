/// How results are printed.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table
    case json
}

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

    /// The declarations of the global flags, shared by every command's parser, help and completions.
    public static let flags: [FlagSpec] = [
        .option("profile", "NAME", "connection profile to use (default: the config's default_profile, else \"default\")",
                completion: .profile, environment: "VMCTL_PROFILE"),
        .option("config", "PATH", "config file (default: $XDG_CONFIG_HOME/vmctl/config.toml or ~/.config/vmctl/config.toml)",
                completion: .file, environment: "VMCTL_CONFIG"),
        .option("format", "FORMAT", "output format: table or json", completion: .choices(OutputFormat.allCases.map(\.rawValue))),
        .option("timeout", "DURATION", "per-request timeout, e.g. 30s or 2m (default 30s)"),
        .toggle("debug", "print each HTTP exchange to stderr, with secrets redacted"),
        .toggle("no-color", "never use ANSI colour (colour is only ever used on a terminal)", environment: "NO_COLOR"),
        .toggle("help", "show help for the command", short: "h"),
        .toggle("version", "print vmctl's version"),
    ]

    static let names = Set(flags.map(\.name))

    /// Builds the options from the parsed values of the global flags; bad values are usage errors.
    init(values: [String: [String]]) throws {
        profile = values["profile"]?.last
        configPath = values["config"]?.last
        if let f = values["format"]?.last { format = OutputFormat(rawValue: f) ?? .table }
        if let t = values["timeout"]?.last {
            guard let seconds = HumanDuration.parse(t, units: .timeout), seconds > 0 else {
                throw VMCtlError.usage("invalid value \"\(t)\" for --timeout: use a duration such as 30s, 2m or 500ms")
            }
            timeout = seconds
        }
        debug = values["debug"] != nil
        noColor = values["no-color"] != nil
    }
}
