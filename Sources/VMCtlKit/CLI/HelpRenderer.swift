import Foundation

/// Renders `--help` text and usage lines from the command tree.
public enum HelpRenderer {
    /// `vmctl token create [flags] DESCRIPTION`, or `vmctl token <command>` for a group.
    public static func usageLine(_ chain: [CommandSpec]) -> String {
        let path = chain.map(\.name).joined(separator: " ")
        let spec = chain.last!
        if spec.isGroup { return "\(path) <command> [flags]" }
        // Every command takes the global flags, so "[flags]" always applies.
        return ([path, "[flags]"] + spec.arguments.map(\.synopsis)).joined(separator: " ")
    }

    /// The hint line under a usage error.
    public static func usageHint(_ chain: [CommandSpec]) -> String {
        let path = chain.map(\.name).joined(separator: " ")
        return "Usage: \(usageLine(chain))  (see '\(path) --help')"
    }

    /// The whole help page of the command at the end of `chain`.
    public static func render(_ chain: [CommandSpec]) -> String {
        let spec = chain.last!
        let path = chain.map(\.name).joined(separator: " ")
        var out = ""
        out += capitalized(spec.summary) + "\n"
        if let discussion = spec.discussion {
            out += "\n" + discussion.trimmingTrailingNewlines() + "\n"
        }
        out += "\nUsage:\n  \(usageLine(chain))\n"
        if !spec.aliases.isEmpty {
            out += "\nAliases:\n  \(([spec.name] + spec.aliases).joined(separator: ", "))\n"
        }
        if spec.isGroup {
            let visible = spec.subcommands.filter { !$0.hidden }
            out += "\nCommands:\n" + columns(visible.map { sub in
                let aliases = sub.aliases.isEmpty ? "" : " (alias: \(sub.aliases.joined(separator: ", ")))"
                return (sub.name, sub.summary + aliases)
            })
        }
        if !spec.arguments.isEmpty {
            out += "\nArguments:\n" + columns(spec.arguments.map { ($0.synopsis, $0.help) })
        }
        let flags = spec.flags.filter { !$0.hidden }
        if !flags.isEmpty {
            out += "\nFlags:\n" + columns(flags.map(flagRow))
        }
        out += "\nGlobal flags:\n" + columns(GlobalOptions.flags.filter { !$0.hidden }.map(flagRow))
        if !spec.examples.isEmpty {
            out += "\nExamples:\n"
            for example in spec.examples {
                out += "  # \(example.comment)\n  \(example.command)\n\n"
            }
            out.removeLast()
        }
        if let products = spec.products {
            out += "\nProducts: \(products.map(\.rawValue).joined(separator: ", "))\n"
        }
        if spec.isGroup {
            out += "\nRun '\(path) <command> --help' for more about a command.\n"
        }
        return out
    }

    static func flagRow(_ flag: FlagSpec) -> (String, String) {
        let short = flag.short.map { "-\($0), " } ?? "    "
        var help = flag.help
        if flag.repeatable { help += " (repeatable)" }
        if let env = flag.environment { help += " [$\(env)]" }
        return (short + flag.synopsis, help)
    }

    /// Two aligned columns, indented by two spaces.
    static func columns(_ rows: [(String, String)]) -> String {
        let width = min(rows.map(\.0.count).max() ?? 0, 34)
        var out = ""
        for (left, right) in rows {
            if left.count > width {
                out += "  \(left)\n  \(String(repeating: " ", count: width))   \(right)\n"
            } else {
                out += "  \(left.padding(toLength: width, withPad: " ", startingAt: 0))   \(right)\n"
            }
        }
        return out
    }

    static func capitalized(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst()
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
}
