import VMCtlCore
import VMCtlSupport
/// The command reference, generated from the command tree: one Markdown page per command under
/// `docs/reference/`, and the man page `docs/vmctl.1`. Checked in; a test fails when they are stale.
enum ReferenceDocs {
    /// Every generated file, by path relative to the repository root.
    static func files(products: ProductRegistry) -> [(path: String, content: String)] {
        let root = CommandTree.root(for: products)
        var files: [(String, String)] = [
            ("completions/vmctl.bash", BashCompletion.script(root: root)),
            ("completions/_vmctl", ZshCompletion.script(root: root)),
            ("completions/vmctl.fish", FishCompletion.script(root: root)),
            ("docs/vmctl.1", ManPage.render(root: root, products: products)),
        ]
        for chain in chains(root) {
            files.append(("docs/reference/\(pageName(chain)).md", markdown(chain, products: products)))
        }
        return files
    }

    /// Every visible command, as chains from the root.
    static func chains(_ root: CommandSpec) -> [[CommandSpec]] {
        var out: [[CommandSpec]] = []
        func walk(_ chain: [CommandSpec]) {
            out.append(chain)
            for sub in chain.last!.subcommands where !sub.hidden { walk(chain + [sub]) }
        }
        walk([root])
        return out
    }

    static func pageName(_ chain: [CommandSpec]) -> String { chain.map(\.name).joined(separator: "_") }

    static func commandLine(_ chain: [CommandSpec]) -> String { chain.map(\.name).joined(separator: " ") }

    /// The exit codes a command can end with.
    static func exitCodes(_ spec: CommandSpec) -> [VMCtlError.Kind] {
        if spec.usesProduct { return [.failure, .usage, .config, .auth, .notFound, .conflict, .network, .interrupted] }
        if spec.runner == nil || ["version", "completion", "help"].contains(spec.name) { return [.usage] }
        switch spec.name {
        case "create": return [.failure, .usage, .config, .conflict, .interrupted]
        // `profile import`: a NAME the file does not hold, a name vmctl's config holds already.
        case "import": return [.failure, .usage, .config, .notFound, .conflict, .interrupted]
        default: return [.failure, .usage, .config, .interrupted]
        }
    }

    static func meaning(_ kind: VMCtlError.Kind) -> String {
        switch kind {
        case .failure: return "other failure: a server error after retries, an unexpected response"
        case .usage: return "usage: unknown command or flag, bad value, missing argument, refused without --force"
        case .config: return "configuration: no such profile, malformed or unsafe config file, missing secret"
        case .auth: return "authentication or permission: HTTP 401 or 403"
        case .notFound: return "not found: HTTP 404, or a name that matches nothing"
        case .conflict: return "conflict: HTTP 409, or a profile that already exists"
        case .network: return "network: cannot connect, TLS failure, timeout"
        case .interrupted: return "interrupted (SIGINT)"
        }
    }

    /// `` `-f`, `-y`, `` before a flag's long form in a table.
    static func markdownShorts(_ flag: FlagSpec) -> String { flag.shorts.map { "`-\($0)`, " }.joined() }

    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    static func markdown(_ chain: [CommandSpec], products: ProductRegistry) -> String {
        let spec = chain.last!
        let name = commandLine(chain)
        var out = "# \(name)\n\n\(HelpRenderer.capitalized(spec.summary)).\n\n"
        out += "<!-- Generated from vmctl's command tree by `vmctl __generate`; do not edit. -->\n\n"
        if let discussion = HelpRenderer.discussion(chain, products: products) { out += discussion + "\n\n" }
        out += "## Usage\n\n```\n\(HelpRenderer.usageLine(chain))\n```\n\n"
        if !spec.aliases.isEmpty { out += "Aliases: \(spec.aliases.map { "`\($0)`" }.joined(separator: ", "))\n\n" }
        let subs = spec.subcommands.filter { !$0.hidden }
        if !subs.isEmpty {
            out += "## Commands\n\n| command | what it does |\n|---|---|\n"
            for sub in subs {
                out += "| [`\(name) \(sub.name)`](\(pageName(chain + [sub])).md) | \(cell(sub.summary)) |\n"
            }
            out += "\n"
        }
        if !spec.arguments.isEmpty {
            out += "## Arguments\n\n| argument | meaning |\n|---|---|\n"
            for argument in spec.arguments { out += "| `\(argument.synopsis)` | \(cell(argument.help)) |\n" }
            out += "\n"
        }
        let flags = spec.flags.filter { !$0.hidden }
        if !flags.isEmpty {
            out += "## Flags\n\n| flag | meaning |\n|---|---|\n"
            for flag in flags { out += "| \(markdownShorts(flag))`\(flag.synopsis)` | \(cell(flagHelp(flag, chain: chain, products: products))) |\n" }
            out += "\n"
        }
        if chain.count == 1 {
            out += "## Global flags\n\nAccepted before or after the command words of every command.\n\n| flag | meaning |\n|---|---|\n"
            for flag in GlobalOptions.flags where !flag.hidden {
                out += "| \(markdownShorts(flag))`\(flag.synopsis)` | \(cell(flagHelp(flag, chain: chain, products: products))) |\n"
            }
            out += "\n"
        } else {
            out += "Global flags (`--profile`, `--config`, `--format`, `--timeout`, `--debug`, `--no-color`, `--help`) apply too; see [vmctl](vmctl.md).\n\n"
        }
        if !spec.examples.isEmpty {
            out += "## Examples\n\n```sh\n"
            out += spec.examples.map { "# \($0.comment)\n\($0.command)" }.joined(separator: "\n\n")
            out += "\n```\n\n"
        }
        if let running = products.products(running: chain) {
            out += "## Products\n\n\(running.map { "`\($0.rawValue)`" }.joined(separator: ", "))\n\n"
        }
        if spec.runner != nil || chain.count == 1 {
            out += "## Exit codes\n\n| code | meaning |\n|---|---|\n| 0 | success |\n"
            let kinds = chain.count == 1 ? VMCtlError.Kind.allCases.sorted { $0.exitCode < $1.exitCode } : exitCodes(spec)
            for kind in kinds { out += "| \(kind.exitCode) | \(meaning(kind)) |\n" }
            out += "\n"
        }
        if chain.count > 1 {
            let parent = Array(chain.dropLast())
            out += "See also: [\(commandLine(parent))](\(pageName(parent)).md)\n"
        }
        return out
    }

    static func flagHelp(_ flag: FlagSpec, chain: [CommandSpec], products: ProductRegistry) -> String {
        var help = HelpRenderer.flagHelp(flag, chain: chain, products: products)
        if flag.repeatable { help += " (repeatable)" }
        if let env = flag.environment { help += "; also `$\(env)`" }
        return help
    }
}
