import VMCtlCore
import VMCtlSupport
/// The man page, `vmctl(1)`, in roff.
enum ManPage {
    static func render(root: CommandSpec, products: ProductRegistry) -> String {
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
        out += ".PP\nProducts: \(products.all.map { "\($0.kind.rawValue) (\($0.displayName))" }.joined(separator: ", ")).\n"
        out += ".SH COMMANDS\n"
        for chain in ReferenceDocs.chains(root).dropFirst() {
            let spec = chain.last!
            out += ".SS \"\(escape(HelpRenderer.usageLine(chain)))\"\n"
            out += escape(HelpRenderer.capitalized(spec.summary)) + ".\n"
            if !spec.aliases.isEmpty { out += ".PP\nAliases: \(escape(spec.aliases.joined(separator: ", "))).\n" }
            if let discussion = HelpRenderer.discussion(chain, products: products) { out += ".PP\n" + paragraph(discussion) }
            for argument in spec.arguments {
                out += ".TP\n.I \(escape(argument.synopsis))\n\(escape(argument.help))\n"
            }
            for flag in spec.flags where !flag.hidden {
                out += ".TP\n" + flagLine(flag) + escape(ReferenceDocs.flagHelp(flag, chain: chain, products: products)) + "\n"
            }
            if let running = products.products(running: chain) {
                out += ".PP\nProducts: \(running.map(\.rawValue).joined(separator: ", ")).\n"
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
            out += ".TP\n" + flagLine(flag) + escape(ReferenceDocs.flagHelp(flag, chain: [root], products: products)) + "\n"
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
        for short in flag.shorts { line += "\\-\(short), " }
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
