import VMCtlCore
import VMCtlSupport

/// Turns argv into an `Invocation` by walking the one command tree. No I/O.
///
/// Rules: command words come first, walking down the tree (names or aliases); global flags may stand
/// anywhere; a leaf's own flags after its name; `--flag value` and `--flag=value`; `--` ends the flags;
/// `help <command...>`, `-h/--help` and `--version` anywhere. Every mistake is a usage error naming
/// what was wrong, with a "did you mean" when something close exists.
public struct Parser {
    public let root: CommandSpec
    /// The products the tree was resolved for, named in messages about product-specific flags.
    public let products: ProductRegistry

    /// - Parameter root: the tree resolved for `products` (`CommandTree.root(for:)`).
    public init(root: CommandSpec, products: ProductRegistry) {
        self.root = root
        self.products = products
    }

    public func parse(_ arguments: [String]) throws -> Invocation {
        var chain = [root]
        var flagValues: [String: [String]] = [:]
        var positionals: [String] = []
        var afterDoubleDash = false
        var index = 0

        func available() -> [FlagSpec] { chain.last!.flags + GlobalOptions.flags }
        func usage(_ message: String) -> VMCtlError { .usage(message, hint: HelpRenderer.usageHint(chain)) }

        while index < arguments.count {
            let word = arguments[index]
            index += 1

            if afterDoubleDash {
                positionals.append(word)
                continue
            }
            if word == "--" {
                afterDoubleDash = true
                continue
            }

            if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name: String
                var inline: String?
                if let eq = body.firstIndex(of: "=") {
                    name = String(body[..<eq])
                    inline = String(body[body.index(after: eq)...])
                } else {
                    name = String(body)
                }
                guard let flag = available().first(where: { $0.name == name }) else {
                    if let misplaced = chain.last!.misplacedFlags.first(where: { $0.name == name }) {
                        let next = index < arguments.count && !arguments[index].hasPrefix("-") ? arguments[index] : nil
                        throw usage("\(chain.map(\.name).joined(separator: " ")) has no --\(name) flag: "
                                    + misplaced.advice(inline ?? next ?? name.uppercased()))
                    }
                    throw usage(unknownFlagMessage("--\(name)", chain: chain))
                }
                try record(flag, inline: inline, arguments: arguments, index: &index, into: &flagValues, chain: chain)
                continue
            }

            if word.hasPrefix("-") && word.count > 1 && !isNumber(word) {
                let letters = Array(word.dropFirst())
                guard letters.count == 1, let flag = available().first(where: { $0.shorts.contains(letters[0]) }) else {
                    throw usage(unknownFlagMessage(word, chain: chain))
                }
                try record(flag, inline: nil, arguments: arguments, index: &index, into: &flagValues, chain: chain)
                continue
            }

            let current = chain.last!
            if current.isGroup && positionals.isEmpty {
                if let sub = current.subcommand(word) {
                    chain.append(sub)
                    continue
                }
                throw usage(unknownCommandMessage(word, in: chain))
            }
            positionals.append(word)
        }

        if flagValues[GlobalOptions.versionFlag.spec.name] != nil { return .version }
        if flagValues[GlobalOptions.helpFlag.spec.name] != nil { return .help(chain) }

        let leaf = chain.last!
        // `vmctl` alone is a request for the overview, as with gh, not a mistake.
        if chain.count == 1 && positionals.isEmpty { return .help(chain) }
        if leaf.name == "help" && chain.count == 2 {
            return .help(try resolveHelpPath(positionals))
        }
        if leaf.isGroup {
            let names = leaf.subcommands.filter { !$0.hidden }.map(\.name).joined(separator: ", ")
            let what = chain.count == 1 ? "a command" : "a subcommand"
            throw usage("\(chain.map(\.name).joined(separator: " ")) needs \(what): \(names)")
        }

        let global: GlobalOptions
        do {
            global = try GlobalOptions(values: flagValues)
        } catch let error as VMCtlError {
            throw usage(error.message)
        }
        let argumentValues = try assign(positionals, to: leaf.arguments, chain: chain)
        return .run(ParsedCommand(chain: chain, global: global, products: products, flagValues: flagValues, argumentValues: argumentValues))
    }

    /// Records one flag occurrence, taking its value from `=value` or the next word.
    private func record(_ flag: FlagSpec, inline: String?, arguments: [String], index: inout Int,
                        into values: inout [String: [String]], chain: [CommandSpec]) throws {
        func usage(_ message: String) -> VMCtlError { .usage(message, hint: HelpRenderer.usageHint(chain)) }
        let value: String
        if flag.takesValue {
            if let inline {
                value = inline
            } else {
                guard index < arguments.count else { throw usage("flag --\(flag.name) needs a value (\(flag.valueName!))") }
                let next = arguments[index]
                // `--read-database --write-database x` is a forgotten value, not a database named "--write-database".
                if next.hasPrefix("--"), next.count > 2 {
                    let nextName = String(next.dropFirst(2).prefix { $0 != "=" })
                    if (chain.last!.flags + GlobalOptions.flags).contains(where: { $0.name == nextName }) {
                        throw usage("flag --\(flag.name) needs a value (\(flag.valueName!)) before \(next)")
                    }
                }
                value = next
                index += 1
            }
            if case .choices(let choices) = flag.completion, !choices.contains(value) {
                var message = "invalid value \"\(value)\" for --\(flag.name): use \(Self.orList(choices))"
                if let close = Suggestion.closest(to: value, among: choices) { message += " (did you mean \"\(close)\"?)" }
                throw usage(message)
            }
        } else {
            switch inline {
            case nil, "true": value = "true"
            case "false":
                values[flag.name] = nil
                return
            default:
                throw usage("flag --\(flag.name) takes no value (got \"\(inline!)\")")
            }
        }
        if let previous = values[flag.name], !flag.repeatable, flag.takesValue, previous.last != value {
            throw usage("flag --\(flag.name) given more than once (\"\(previous.last!)\" and \"\(value)\")")
        }
        values[flag.name, default: []].append(value)
    }

    /// Assigns positional words to the declared arguments, in order.
    private func assign(_ words: [String], to specs: [ArgumentSpec], chain: [CommandSpec]) throws -> [String: [String]] {
        func usage(_ message: String) -> VMCtlError { .usage(message, hint: HelpRenderer.usageHint(chain)) }
        var result: [String: [String]] = [:]
        var remaining = words[...]
        for (i, spec) in specs.enumerated() {
            if spec.arity.isVariadic {
                // A variadic argument takes all but what the required ones after it need.
                let reserved = specs[(i + 1)...].filter { $0.arity.isRequired }.count
                let take = max(0, remaining.count - reserved)
                let taken = Array(remaining.prefix(take))
                remaining = remaining.dropFirst(take)
                if taken.isEmpty && spec.arity == .oneOrMore { throw usage("missing argument \(spec.name)") }
                if !taken.isEmpty { result[spec.name] = taken }
            } else if let first = remaining.first {
                result[spec.name] = [first]
                remaining = remaining.dropFirst()
            } else if spec.arity == .required {
                throw usage("missing argument \(spec.name)")
            }
        }
        if let extra = remaining.first {
            var message = "unexpected argument \"\(extra)\""
            if let last = specs.last, !last.arity.isVariadic, specs.count == 1, words.count > 1 {
                message += ": \(chain.map(\.name).joined(separator: " ")) takes one \(last.name); quote it if it has spaces"
            }
            throw usage(message)
        }
        return result
    }

    /// Resolves the words after `help` to a chain of specs.
    private func resolveHelpPath(_ words: [String]) throws -> [CommandSpec] {
        var chain = [root]
        for word in words {
            guard let sub = chain.last!.subcommand(word) else {
                throw VMCtlError.usage(unknownCommandMessage(word, in: chain), hint: HelpRenderer.usageHint(chain))
            }
            chain.append(sub)
        }
        return chain
    }

    private func unknownCommandMessage(_ word: String, in chain: [CommandSpec]) -> String {
        let current = chain.last!
        let candidates = current.subcommands.filter { !$0.hidden }.flatMap { [$0.name] + $0.aliases }
        var message = "unknown command \"\(word)\" for \"\(chain.map(\.name).joined(separator: " "))\""
        if let close = Suggestion.closest(to: word, among: candidates) {
            message += " (did you mean \"\(close)\"?)"
        }
        return message
    }

    private func unknownFlagMessage(_ word: String, chain: [CommandSpec]) -> String {
        let visible = (chain.last!.flags + GlobalOptions.flags).filter { !$0.hidden }
        var message = "unknown flag \(word) for \"\(chain.map(\.name).joined(separator: " "))\""
        let bare = word.drop { $0 == "-" }
        if let format = OutputFormat(rawValue: String(bare)) {
            return message + ": use --format \(format.rawValue)"
        }
        if Self.secretFlagNames.contains(String(bare)) {
            return message + ": vmctl never takes a secret as a flag value, where shell history and process lists would keep it"
                + " (use --api-key-stdin, --api-key-env, --api-key-file or --api-key-command with 'vmctl profile create', or VMCTL_API_KEY)"
        }
        if let elsewhere = takenBySiblings(String(bare), chain: chain) { return elsewhere }
        if let close = Suggestion.closest(to: String(bare), among: visible.map(\.name)) {
            message += " (did you mean --\(close)?)"
        } else if chain.last!.isGroup, let owner = chain.last!.subcommands.first(where: { $0.flag(String(bare)) != nil }) {
            message += " (it belongs to \"\(chain.map(\.name).joined(separator: " ")) \(owner.name)\")"
        }
        return message
    }

    /// For a flag this command lacks but its sibling commands declare (`token update --deployment`): which of
    /// them take it, and for which products when only some honour it.
    private func takenBySiblings(_ name: String, chain: [CommandSpec]) -> String? {
        guard chain.count >= 2, !chain.last!.isGroup else { return nil }
        let parent = Array(chain.dropLast())
        let owners = parent.last!.subcommands.filter { !$0.hidden && $0.name != chain.last!.name && $0.flag(name) != nil }
        guard !owners.isEmpty else { return nil }
        let group = parent.dropFirst().map(\.name).joined(separator: " ")
        let commands = "\(group) " + Self.orList(owners.map(\.name)).replacingOccurrences(of: " or ", with: " and ")
        var products: [ProductKind] = []
        for owner in owners where owner.flag(name)!.scoped {
            for kind in self.products.products(honouring: owner.flag(name)!, of: parent + [owner]) where !products.contains(kind) {
                products.append(kind)
            }
        }
        let forProducts = products.isEmpty ? "" : ", for product\(products.count > 1 ? "s" : "") \(ProductRegistry.list(products))"
        return "\(chain.map(\.name).joined(separator: " ")) has no --\(name) flag; \(commands) take\(owners.count == 1 ? "s" : "") it\(forProducts)"
    }

    private func isNumber(_ word: String) -> Bool { Double(word) != nil }

    /// Flags people try for passing a key; each gets an explanation instead of a "did you mean".
    static let secretFlagNames: Set<String> = ["api-key", "apikey", "token", "key", "password", "secret", "access-token"]

    static func orList(_ words: [String]) -> String { WordList.joined(words, conjunction: "or") }
}
