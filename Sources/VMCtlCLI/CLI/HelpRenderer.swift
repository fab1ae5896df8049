import Foundation
import VMCtlCore
import VMCtlSupport

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

    /// The whole help page of the command at the end of `chain`, with what `products` say about it.
    public static func render(_ chain: [CommandSpec], products: ProductRegistry) -> String {
        let spec = chain.last!
        let path = chain.map(\.name).joined(separator: " ")
        var out = ""
        out += capitalized(spec.summary) + "\n"
        if let discussion = discussion(chain, products: products) {
            out += "\n" + discussion + "\n"
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
            out += "\nFlags:\n" + columns(flags.map { flagRow($0, chain: chain, products: products) })
        }
        out += "\nGlobal flags:\n" + columns(GlobalOptions.flags.filter { !$0.hidden }.map { flagRow($0, chain: [chain[0]], products: products) })
        if !spec.examples.isEmpty {
            out += "\nExamples:\n"
            for example in spec.examples {
                out += "  # \(example.comment)\n  \(example.command)\n\n"
            }
            out.removeLast()
        }
        if let running = products.products(running: chain) {
            out += "\nProducts: \(running.map(\.rawValue).joined(separator: ", "))\n"
        }
        if spec.isGroup {
            out += "\nRun '\(path) <command> --help' for more about a command.\n"
        }
        return out
    }

    /// The command's discussion, then what it does differently for each product, as the descriptors say.
    public static func discussion(_ chain: [CommandSpec], products: ProductRegistry) -> String? {
        var paragraphs = chain.last!.discussion.map { [$0.trimmingTrailingNewlines()] } ?? []
        if let topic = chain.last!.helpTopic, let running = products.products(running: chain) {
            // Products with the same note share one line: "dedicated, clustered: …".
            var notes: [(products: [String], text: String)] = []
            for descriptor in products.all where running.contains(descriptor.kind) {
                guard let note = descriptor.notes[topic] else { continue }
                if let i = notes.firstIndex(where: { $0.text == note }) {
                    notes[i].products.append(descriptor.kind.rawValue)
                } else {
                    notes.append(([descriptor.kind.rawValue], note))
                }
            }
            if !notes.isEmpty {
                paragraphs.append(notes.map { wrap("\($0.products.joined(separator: ", ")): \($0.text)", width: 100) }.joined(separator: "\n"))
            }
        }
        return paragraphs.isEmpty ? nil : paragraphs.joined(separator: "\n\n")
    }

    /// `text` broken into lines of at most `width` characters, at spaces.
    static func wrap(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    /// A flag's help, naming the products that honour it when only some do.
    public static func flagHelp(_ flag: FlagSpec, chain: [CommandSpec], products: ProductRegistry) -> String {
        guard flag.scoped, chain.last!.usesProduct else { return flag.help }
        let honouring = products.products(honouring: flag, of: chain)
        return "\(flag.help) (\(honouring.map(\.rawValue).joined(separator: ", ")))"
    }

    static func flagRow(_ flag: FlagSpec, chain: [CommandSpec], products: ProductRegistry) -> (String, String) {
        let short = flag.shorts.isEmpty ? "    " : flag.shortPrefix
        var help = flagHelp(flag, chain: chain, products: products)
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
