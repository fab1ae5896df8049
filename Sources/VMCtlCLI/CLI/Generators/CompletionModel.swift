import VMCtlCore
import VMCtlSupport
/// The command tree flattened for the shell completion generators: every visible command path with
/// its subcommands, flags and arguments. All three scripts are written from this one list.
struct CompletionModel {
    struct Node {
        /// Canonical words after `vmctl`, joined by spaces ("" for the root).
        var path: String
        var spec: CommandSpec
        var subcommands: [CommandSpec] { spec.subcommands.filter { !$0.hidden } }
        /// The command's own visible flags and the global ones.
        var flags: [FlagSpec] { (spec.flags + GlobalOptions.flags).filter { !$0.hidden } }
        /// Hidden flags still take values, so a word after one is skipped when walking the line.
        var valueFlags: [FlagSpec] { (spec.flags + GlobalOptions.flags).filter(\.takesValue) }
    }

    let nodes: [Node]

    init(root: CommandSpec) {
        var nodes: [Node] = []
        func walk(_ spec: CommandSpec, _ path: String) {
            nodes.append(Node(path: path, spec: spec))
            for sub in spec.subcommands where !sub.hidden {
                walk(sub, path.isEmpty ? sub.name : "\(path) \(sub.name)")
            }
        }
        walk(root, "")
        self.nodes = nodes
    }

    /// `(path, word) → canonical subcommand` for every name and alias.
    var transitions: [(path: String, word: String, next: String)] {
        nodes.flatMap { node in
            node.subcommands.flatMap { sub in
                ([sub.name] + sub.aliases).map { (node.path, $0, node.path.isEmpty ? sub.name : "\(node.path) \(sub.name)") }
            }
        }
    }

    /// The flags of the line that its live lookups pass on to `vmctl __complete` (as `--name=value`): the
    /// profile, the config file and the deployment the names come from. `VMCTL_PROFILE` and `VMCTL_CONFIG`
    /// reach the lookup as the environment of the shell, as they reach vmctl itself.
    static var forwardedFlags: [FlagSpec] {
        [GlobalOptions.profileFlag.spec, GlobalOptions.configFlag.spec] + CompleteCandidatesCommand.spec.flags
    }

    /// `_vmctl_forward` cases for bash and zsh: each spelling of a forwarded flag given apart from its value
    /// (`-p NAME`, `--config PATH`), passed on as `--name=` and `value`, the shell's expression for the
    /// next word with its quotes taken off.
    static func forwardCases(value: () -> String) -> String {
        forwardedFlags.map { flag in
            "\(flag.spellings.joined(separator: "|"))) _vmctl_forward+=(\"--\(flag.name)=\(value())\") ;;"
        }.joined(separator: " ")
    }

    /// `--profile=*|--config=*|--deployment=*`: the forwarded flags written with their value.
    static var forwardedWithValue: String { forwardedFlags.map { "--\($0.name)=*" }.joined(separator: "|") }

    /// The word the shells' live lookups pass to `vmctl __complete`, or nil for no live lookup.
    static func liveKind(_ completion: ValueCompletion) -> String? {
        switch completion {
        case .profile: return "profiles"
        case .deployment: return "deployments"
        case .token: return "tokens"
        case .database: return "databases"
        case .rule: return "rules"
        case .apiKey: return "apikeys"
        case .tier: return "tiers"
        case .region: return "regions"
        case .provider: return "providers"
        default: return nil
        }
    }

    /// A compact description of how to complete a value, shared by the bash and zsh scripts:
    /// `choices:a b`, `file`, `live:tokens`, `command`, or `none`.
    static func kind(_ completion: ValueCompletion) -> String {
        switch completion {
        case .choices(let words), .suggestions(let words): return "choices:" + words.joined(separator: " ")
        case .file: return "file"
        case .command: return "command"
        case .none: return "none"
        default: return "live:" + (liveKind(completion) ?? "")
        }
    }

    /// The completion kind of the positional argument at `index` of a command, if any.
    static func argumentKind(_ spec: CommandSpec, at index: Int) -> ValueCompletion? {
        var i = 0
        for argument in spec.arguments {
            if argument.arity.isVariadic { return argument.completion }
            if i == index { return argument.completion }
            i += 1
        }
        return nil
    }

    // MARK: - Case tables shared by the bash and zsh scripts (POSIX `case`, printed with `printer`)

    /// `_vmctl_node`: `"path|word") <printer> 'next' ;;` for every name and alias.
    func transitionCases(printer: String) -> String {
        transitions.map { "        \(Self.quoted("\($0.path)|\($0.word)"))) \(printer) \(Self.quoted($0.next)) ;;\n" }.joined()
    }

    /// `_vmctl_value_kind`: how to complete the value of each flag that takes one, per command path.
    func valueKindCases(printer: String) -> String {
        nodes.flatMap { node in
            node.valueFlags.flatMap { flag in
                flag.spellings.map { spelling in
                    "        \(Self.quoted("\(node.path)|\(spelling)"))) \(printer) \(Self.quoted(Self.kind(flag.completion))) ;;\n"
                }
            }
        }.joined()
    }

    /// `_vmctl_arg_kind`: how to complete each positional argument, by index (`*` for a variadic one).
    func argumentKindCases(printer: String) -> String {
        var out = ""
        for node in nodes where node.spec.runner != nil || node.spec.name == "help" {
            let cases = node.spec.arguments.enumerated().map { i, argument -> String in
                let kind = Self.quoted(Self.kind(argument.completion))
                return argument.arity.isVariadic ? "*) \(printer) \(kind) ;;" : "\(i)) \(printer) \(kind) ;;"
            }
            if !cases.isEmpty { out += "        \(Self.quoted(node.path))) case \"$2\" in \(cases.joined(separator: " ")) esac ;;\n" }
        }
        return out
    }

    /// Text safe inside single quotes in every shell: one line, `'` spelled out.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
