import VMCtlCore
import VMCtlSupport

/// What a flag's or argument's value can be, for validation, help and shell completion.
public enum ValueCompletion: Sendable, Equatable {
    case none
    /// One of a fixed set of words; the parser rejects anything else.
    case choices([String])
    /// Words to offer in completions; the command itself decides what it accepts.
    case suggestions([String])
    /// A path on the local disk.
    case file
    /// A profile name from the config file.
    case profile
    /// A deployment name or ID of the active profile (looked up live).
    case deployment
    /// A token ID of the active profile (looked up live).
    case token
    /// A database or bucket name of the active profile (looked up live).
    case database
    /// A rule file name of the active profile's deployment (looked up live).
    case rule
    /// An API key name of the active profile's account (looked up live).
    case apiKey
    /// A tier name from the active profile's catalog (looked up live).
    case tier
    /// A region name from the active profile's catalog (looked up live).
    case region
    /// A cloud provider from the active profile's catalog (looked up live).
    case provider
    /// A command word path (for `help`).
    case command
}

/// One flag of a command, declared as data. The parser, help, completions and docs all read it.
public struct FlagSpec: Sendable {
    /// Long name without the dashes: `read-database`.
    public var name: String
    /// One-letter forms (`-f`), the first shown first; a flag may have more than one (`-f`, `-y`).
    public var shorts: [Character]
    /// Placeholder of the value in help (`DB`), or nil for a switch that takes no value.
    public var valueName: String?
    public var help: String
    public var repeatable: Bool
    public var completion: ValueCompletion
    /// An environment variable that supplies the same setting (documented only; read by the context).
    public var environment: String?
    public var hidden: Bool
    /// The capability a product needs to honour the flag, when only some products do: the others refuse
    /// it by name before anything is sent, and help names the products that have it.
    public var requires: CapabilityID?

    /// Whether only some products honour the flag.
    public var scoped: Bool { requires != nil }

    public var takesValue: Bool { valueName != nil }

    /// The main one-letter form, if any.
    public var short: Character? { shorts.first }

    /// Every way to write the flag on the command line: `--force`, `-f`, `-y`.
    public var spellings: [String] { ["--\(name)"] + shorts.map { "-\($0)" } }

    /// The one-letter forms as help shows them before the long one: `-f, -y, `.
    public var shortPrefix: String { shorts.map { "-\($0), " }.joined() }

    /// A flag that takes a value.
    public static func option(_ name: String, _ valueName: String, _ help: String, repeatable: Bool = false,
                              completion: ValueCompletion = .none, environment: String? = nil, hidden: Bool = false) -> FlagSpec {
        FlagSpec(name: name, shorts: [], valueName: valueName, help: help, repeatable: repeatable,
                 completion: completion, environment: environment, hidden: hidden, requires: nil)
    }

    /// A switch that takes no value.
    public static func toggle(_ name: String, _ help: String, short: Character..., environment: String? = nil,
                              hidden: Bool = false) -> FlagSpec {
        FlagSpec(name: name, shorts: short, valueName: nil, help: help, repeatable: false, completion: .none,
                 environment: environment, hidden: hidden, requires: nil)
    }

    /// The help form: `--read-database DB`.
    public var synopsis: String {
        var s = "--\(name)"
        if let valueName { s += " \(valueName)" }
        return s
    }
}

/// A positional argument of a command.
public struct ArgumentSpec: Sendable {
    public enum Arity: Sendable, Equatable {
        case required, optional, oneOrMore, zeroOrMore

        var isVariadic: Bool { self == .oneOrMore || self == .zeroOrMore }
        var isRequired: Bool { self == .required || self == .oneOrMore }
    }

    public var name: String
    public var help: String
    public var arity: Arity
    public var completion: ValueCompletion

    public init(_ name: String, _ help: String, arity: Arity = .required, completion: ValueCompletion = .none) {
        self.name = name
        self.help = help
        self.arity = arity
        self.completion = completion
    }

    /// The usage form: `ID`, `[NAME]`, `ID...`, `[COMMAND...]`.
    public var synopsis: String {
        switch arity {
        case .required: return name
        case .optional: return "[\(name)]"
        case .oneOrMore: return "\(name)..."
        case .zeroOrMore: return "[\(name)...]"
        }
    }
}

/// An example shown in help and the docs.
public struct Example: Sendable {
    public var comment: String
    public var command: String
    public init(_ comment: String, _ command: String) {
        self.comment = comment
        self.command = command
    }
}

/// A flag people carry over from another command (`token create --tenant 5`, from `token examples`), with
/// what this command takes instead: said in place of "unknown flag", echoing the value given.
public struct MisplacedFlag: Sendable {
    /// Long name without the dashes.
    public var name: String
    /// What to say, given the flag's value as typed (its value name when none was).
    public var advice: @Sendable (_ value: String) -> String

    public init(_ name: String, advice: @escaping @Sendable (_ value: String) -> String) {
        self.name = name
        self.advice = advice
    }
}

/// One node of the command tree: a group of subcommands, or a leaf that runs.
public struct CommandSpec: Sendable {
    public var name: String
    public var aliases: [String]
    /// One line, lower case, no period: shown in lists of commands.
    public var summary: String
    /// Paragraphs shown in `--help` under the summary.
    public var discussion: String?
    public var arguments: [ArgumentSpec]
    public var flags: [FlagSpec]
    /// Flags that depend on the products registered (`profile create --org`): they replace `flags` when the
    /// tree is resolved for a registry (`resolved(for:)`).
    public var productFlags: (@Sendable (ProductRegistry) -> [any FlagKey])?
    public var examples: [Example]
    /// The capability a product needs to run the command; nil when it talks to no server. It comes from the
    /// runner (`ProductCommand.capability`), so the tree and the command cannot disagree.
    public var requires: CapabilityID?
    /// Where products' notes about this command are kept (`ProductDescriptor.notes`).
    public var helpTopic: HelpTopic?
    public var subcommands: [CommandSpec]
    public var hidden: Bool
    /// The type that parses and runs this command; nil for a group.
    public var runner: (any RunnableCommand.Type)?
    /// Flags of other commands that people give this one, with what to use here instead.
    public var misplacedFlags: [MisplacedFlag]

    public init(name: String, aliases: [String] = [], summary: String, discussion: String? = nil,
                arguments: [any ArgumentKey] = [], flags: [any FlagKey] = [],
                productFlags: (@Sendable (ProductRegistry) -> [any FlagKey])? = nil, examples: [Example] = [],
                helpTopic: HelpTopic? = nil, subcommands: [CommandSpec] = [], hidden: Bool = false,
                misplacedFlags: [MisplacedFlag] = [], runner: (any RunnableCommand.Type)? = nil) {
        self.name = name
        self.aliases = aliases
        self.summary = summary
        self.discussion = discussion
        self.arguments = arguments.map(\.spec)
        self.flags = flags.map(\.spec)
        self.productFlags = productFlags
        self.examples = examples
        self.requires = (runner as? any ProductCommand.Type)?.capabilityID
        self.helpTopic = helpTopic
        self.subcommands = subcommands
        self.hidden = hidden
        self.misplacedFlags = misplacedFlags
        self.runner = runner
    }

    public var isGroup: Bool { !subcommands.isEmpty }

    /// Whether the command talks to a product's server.
    public var usesProduct: Bool { requires != nil }

    /// The subcommand named `word`, by name or alias.
    public func subcommand(_ word: String) -> CommandSpec? {
        subcommands.first { $0.name == word || $0.aliases.contains(word) }
    }

    public func flag(_ name: String) -> FlagSpec? { flags.first { $0.name == name } }

    /// This node and everything below it with the flags that depend on `products` filled in.
    public func resolved(for products: ProductRegistry) -> CommandSpec {
        var spec = self
        if let productFlags { spec.flags = productFlags(products).map(\.spec) }
        spec.subcommands = subcommands.map { $0.resolved(for: products) }
        return spec
    }

    /// The command's words without `vmctl`: `token create`.
    public static func path(_ chain: [CommandSpec]) -> String {
        chain.dropFirst().map(\.name).joined(separator: " ")
    }
}

extension ProductRegistry {
    /// The products that run the command at the end of `chain`; nil when it does not talk to a server.
    public func products(running chain: [CommandSpec]) -> [ProductKind]? {
        guard let leaf = chain.last, let capability = leaf.requires else { return nil }
        return products(providing: [capability])
    }

    /// The products that honour `flag` of the command at the end of `chain`: those that run the command and
    /// have the flag's capability.
    public func products(honouring flag: FlagSpec, of chain: [CommandSpec]) -> [ProductKind] {
        guard let leaf = chain.last, let command = leaf.requires else { return [] }
        return products(providing: [command] + (flag.requires.map { [$0] } ?? []))
    }
}
