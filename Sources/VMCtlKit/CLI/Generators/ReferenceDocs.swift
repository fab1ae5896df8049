/// The command reference, generated from the command tree: one Markdown page per command under
/// `docs/reference/`, and the man page `docs/vmctl.1`. Checked in; a test fails when they are stale.
enum ReferenceDocs {
    /// Every generated file, by path relative to the repository root.
    static func files(root: CommandSpec = CommandTree.root) -> [(path: String, content: String)] {
        var files: [(String, String)] = [
            ("completions/vmctl.bash", BashCompletion.script(root: root)),
            ("completions/_vmctl", ZshCompletion.script(root: root)),
            ("completions/vmctl.fish", FishCompletion.script(root: root)),
            ("docs/vmctl.1", ManPage.render(root: root)),
        ]
        for chain in chains(root) {
            files.append(("docs/reference/\(pageName(chain)).md", markdown(chain)))
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
        return spec.name == "create" ? [.failure, .usage, .config, .conflict, .interrupted] : [.failure, .usage, .config, .interrupted]
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

    private static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    static func markdown(_ chain: [CommandSpec]) -> String {
        let spec = chain.last!
        let name = commandLine(chain)
        var out = "# \(name)\n\n\(HelpRenderer.capitalized(spec.summary)).\n\n"
        out += "<!-- Generated from vmctl's command tree by `vmctl __generate`; do not edit. -->\n\n"
        if let discussion = HelpRenderer.discussion(chain) { out += discussion + "\n\n" }
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
            for flag in flags { out += "| `\(flag.synopsis)` | \(cell(flagHelp(flag, chain: chain))) |\n" }
            out += "\n"
        }
        if chain.count == 1 {
            out += "## Global flags\n\nAccepted before or after the command words of every command.\n\n| flag | meaning |\n|---|---|\n"
            for flag in GlobalOptions.flags where !flag.hidden {
                let short = flag.short.map { "`-\($0)`, " } ?? ""
                out += "| \(short)`\(flag.synopsis)` | \(cell(flagHelp(flag, chain: chain))) |\n"
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
        if let products = CommandSpec.products(chain) {
            out += "## Products\n\n\(products.map { "`\($0.rawValue)`" }.joined(separator: ", "))\n\n"
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

    static func flagHelp(_ flag: FlagSpec, chain: [CommandSpec]) -> String {
        var help = HelpRenderer.flagHelp(flag, chain: chain)
        if flag.repeatable { help += " (repeatable)" }
        if let env = flag.environment { help += "; also `$\(env)`" }
        return help
    }
}

/// The man page, `vmctl(1)`, in roff.
enum ManPage {
    static func render(root: CommandSpec) -> String {
        var out = """
        .\\" Generated from vmctl's command tree by `vmctl __generate`; do not edit.
        .TH VMCTL 1 "" "vmctl \(VMCtlVersion.current)" "User Commands"
        .SH NAME
        vmctl \\- \(escape(root.summary))
        .SH SYNOPSIS
        .B vmctl
        [\\fIglobal flags\\fR] \\fIcommand\\fR [\\fIsubcommand\\fR] [\\fIflags\\fR] [\\fIarguments\\fR]
        .SH DESCRIPTION

        """
        out += paragraph(root.discussion ?? "")
        out += ".PP\nProducts: \(ProductRegistry.all.map { "\($0.kind.rawValue) (\($0.displayName))" }.joined(separator: ", ")).\n"
        out += ".SH COMMANDS\n"
        for chain in ReferenceDocs.chains(root).dropFirst() {
            let spec = chain.last!
            out += ".SS \"\(escape(HelpRenderer.usageLine(chain)))\"\n"
            out += escape(HelpRenderer.capitalized(spec.summary)) + ".\n"
            if !spec.aliases.isEmpty { out += ".PP\nAliases: \(escape(spec.aliases.joined(separator: ", "))).\n" }
            if let discussion = HelpRenderer.discussion(chain) { out += ".PP\n" + paragraph(discussion) }
            for argument in spec.arguments {
                out += ".TP\n.I \(escape(argument.synopsis))\n\(escape(argument.help))\n"
            }
            for flag in spec.flags where !flag.hidden {
                out += ".TP\n" + flagLine(flag) + escape(ReferenceDocs.flagHelp(flag, chain: chain)) + "\n"
            }
            if let products = CommandSpec.products(chain) {
                out += ".PP\nProducts: \(products.map(\.rawValue).joined(separator: ", ")).\n"
            }
            if !spec.examples.isEmpty {
                out += ".PP\nExamples:\n"
                for example in spec.examples {
                    out += ".PP\n.RS\n\(escape("# " + example.comment))\n.br\n\(escape(example.command))\n.RE\n"
                }
            }
        }
        out += ".SH GLOBAL FLAGS\nAccepted before or after the command words of every command.\n"
        for flag in GlobalOptions.flags where !flag.hidden {
            out += ".TP\n" + flagLine(flag) + escape(ReferenceDocs.flagHelp(flag, chain: [root])) + "\n"
        }
        out += ".SH EXIT STATUS\n.TP\n.B 0\nsuccess\n"
        for kind in VMCtlError.Kind.allCases.sorted(by: { $0.exitCode < $1.exitCode }) {
            out += ".TP\n.B \(kind.exitCode)\n\(escape(ReferenceDocs.meaning(kind)))\n"
        }
        out += """
        .SH ENVIRONMENT
        .TP
        .B VMCTL_PROFILE
        the profile to use when --profile is not given
        .TP
        .B VMCTL_CONFIG
        the config file to use when --config is not given
        .TP
        .B VMCTL_API_KEY
        the API key, overriding the profile's own, when no --profile flag is given
        .TP
        .B NO_COLOR
        never use colour
        .TP
        .B XDG_CONFIG_HOME
        where the config directory is, when set
        .SH FILES
        .TP
        .I ~/.config/vmctl/config.toml
        connection profiles; written with mode 0600 in a 0700 directory
        .SH SEE ALSO
        The command reference in docs/reference/ and the guides in docs/ of vmctl's sources.

        """
        return out
    }

    private static func flagLine(_ flag: FlagSpec) -> String {
        var line = ".B "
        if let short = flag.short { line += "\\-\(short), " }
        line += "\\-\\-" + flag.name.replacingOccurrences(of: "-", with: "\\-")
        if let value = flag.valueName { line += " \\fI\(escape(value))\\fR" }
        return line + "\n"
    }

    /// Text safe in roff: backslashes escaped, and no line starting with a control character.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
    }

    private static func paragraph(_ text: String) -> String {
        text.trimmingTrailingNewlines().split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let escaped = escape(String(line))
            if escaped.isEmpty { return ".PP" }
            return (escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" : "") + escaped
        }.joined(separator: "\n") + "\n"
    }
}
