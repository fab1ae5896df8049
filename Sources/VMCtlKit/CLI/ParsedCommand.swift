/// What the parser makes of argv: the command to run with its values, help to show, or the version.
public enum Invocation: Sendable {
    case run(ParsedCommand)
    /// Help for the command at the end of this chain (root first).
    case help([CommandSpec])
    case version
}

/// A leaf command with the values given for its flags and arguments, checked against its spec.
/// Building a command's typed options from this is pure: no I/O.
public struct ParsedCommand: Sendable {
    /// The chain of specs from the root to this command.
    public let chain: [CommandSpec]
    public let global: GlobalOptions
    let flagValues: [String: [String]]
    let argumentValues: [String: [String]]

    init(chain: [CommandSpec], global: GlobalOptions, flagValues: [String: [String]], argumentValues: [String: [String]]) {
        self.chain = chain
        self.global = global
        self.flagValues = flagValues
        self.argumentValues = argumentValues
    }

    public var spec: CommandSpec { chain.last! }
    /// `vmctl token create`
    public var commandLine: String { chain.map(\.name).joined(separator: " ") }

    private func declared(_ flag: String) -> Bool {
        spec.flag(flag) != nil || GlobalOptions.names.contains(flag)
    }

    /// The value of a flag that takes one; the last one when it was repeated.
    public func value(_ flag: String) -> String? {
        precondition(declared(flag), "flag --\(flag) is not declared by \(commandLine)")
        return flagValues[flag]?.last
    }

    /// Every value of a repeatable flag, in order.
    public func values(_ flag: String) -> [String] {
        precondition(declared(flag), "flag --\(flag) is not declared by \(commandLine)")
        return flagValues[flag] ?? []
    }

    /// Whether a flag was given at all.
    public func has(_ flag: String) -> Bool {
        precondition(declared(flag), "flag --\(flag) is not declared by \(commandLine)")
        return flagValues[flag] != nil
    }

    /// The value of a single positional argument.
    public func argument(_ name: String) -> String? {
        precondition(spec.arguments.contains { $0.name == name }, "argument \(name) is not declared by \(commandLine)")
        return argumentValues[name]?.first
    }

    /// The values of a variadic positional argument.
    public func arguments(_ name: String) -> [String] {
        precondition(spec.arguments.contains { $0.name == name }, "argument \(name) is not declared by \(commandLine)")
        return argumentValues[name] ?? []
    }

    /// A usage error for this command, with its usage line as the hint.
    public func usageError(_ message: String) -> VMCtlError {
        .usage(message, hint: HelpRenderer.usageHint(chain))
    }

    /// Fails when more than one of `flags` was given.
    public func requireAtMostOne(of flags: [String]) throws {
        let given = flags.filter(has)
        if given.count > 1 {
            throw usageError("\(given.map { "--\($0)" }.joined(separator: " and ")) cannot be used together")
        }
    }
}
