import VMCtlCore
import VMCtlSupport
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
    /// The products the command tree was resolved for (what `profile create --product` may name).
    public let products: ProductRegistry
    let flagValues: [String: [String]]
    let argumentValues: [String: [String]]

    init(chain: [CommandSpec], global: GlobalOptions, products: ProductRegistry, flagValues: [String: [String]],
         argumentValues: [String: [String]]) {
        self.chain = chain
        self.global = global
        self.products = products
        self.flagValues = flagValues
        self.argumentValues = argumentValues
    }

    public var spec: CommandSpec { chain.last! }
    /// `vmctl token create`
    public var commandLine: String { chain.map(\.name).joined(separator: " ") }

    private func declared(_ flag: FlagSpec) -> FlagSpec {
        precondition(spec.flag(flag.name) != nil || GlobalOptions.names.contains(flag.name),
                     "flag --\(flag.name) is not declared by \(commandLine)")
        return flag
    }

    private func declared(_ argument: ArgumentSpec) -> ArgumentSpec {
        precondition(spec.arguments.contains { $0.name == argument.name }, "argument \(argument.name) is not declared by \(commandLine)")
        return argument
    }

    /// Whether a switch was given.
    public subscript(flag: ToggleFlag) -> Bool { flagValues[declared(flag.spec).name] != nil }

    /// The value of a flag; the last one when it was repeated with the same value.
    public subscript(flag: ValueFlag) -> String? { flagValues[declared(flag.spec).name]?.last }

    /// Every value of a repeatable flag, in order.
    public subscript(flag: RepeatedFlag) -> [String] { flagValues[declared(flag.spec).name] ?? [] }

    /// The case a choice flag names; the parser has already refused any other word.
    public subscript<Value>(flag: ChoiceFlag<Value>) -> Value? {
        flagValues[declared(flag.spec).name]?.last.flatMap(Value.init(rawValue:))
    }

    /// The value of a required argument; the parser has already refused argv without it.
    public subscript(argument: RequiredArgument) -> String { argumentValues[declared(argument.spec).name]?.first ?? "" }

    public subscript(argument: OptionalArgument) -> String? { argumentValues[declared(argument.spec).name]?.first }

    public subscript(argument: VariadicArgument) -> [String] { argumentValues[declared(argument.spec).name] ?? [] }

    /// Whether a flag of any kind was given.
    public func given(_ flag: any FlagKey) -> Bool { flagValues[declared(flag.spec).name] != nil }

    /// The names of the command's own flags that were given, for checks against the product.
    public var givenFlags: [String] { spec.flags.map(\.name).filter { flagValues[$0] != nil } }

    /// A usage error for this command, with its usage line as the hint.
    public func usageError(_ message: String) -> VMCtlError {
        .usage(message, hint: HelpRenderer.usageHint(chain))
    }

    /// Fails when more than one of `flags` was given.
    public func requireAtMostOne(of flags: [any FlagKey]) throws {
        let named = flags.filter(given).map(\.spec.name)
        if named.count > 1 {
            throw usageError("\(named.map { "--\($0)" }.joined(separator: " and ")) cannot be used together")
        }
    }
}
