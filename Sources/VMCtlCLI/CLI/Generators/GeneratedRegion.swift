import VMCtlCore

/// A part of a hand-written file that the command tree writes: the lines between a begin and an end marker,
/// each a line of its own, replaced whole by `vmctl __generate` (scripts/generate.sh). The rest of the file is
/// left as it is; GeneratedFilesTests fails when what is checked in differs from what would be written.
struct GeneratedRegion {
    var path: String
    var begin: String
    var end: String
    /// The lines between the markers, each ending in a newline.
    var content: String

    /// `text` with the lines between the markers replaced by `content`; nil unless each marker stands on a
    /// line of its own exactly once, the begin before the end.
    func splice(into text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let begins = lines.indices.filter { lines[$0] == begin }, ends = lines.indices.filter { lines[$0] == end }
        guard begins.count == 1, ends.count == 1, let first = begins.first, let last = ends.first, first < last else { return nil }
        return lines[...first].joined(separator: "\n") + "\n" + content + lines[last...].joined(separator: "\n")
    }

    /// Why `splice` found no place in the file, for `__generate`'s error.
    var missingMarkers: String {
        "\(path) needs the lines \(begin) and \(end), once each and in that order, around its generated part"
    }
}

extension ReferenceDocs {
    /// The generated parts of hand-written files: README.md's list of commands.
    static func regions(products: ProductRegistry) -> [GeneratedRegion] {
        [GeneratedRegion(path: "README.md", begin: "<!-- commands:begin -->", end: "<!-- commands:end -->",
                         content: commandList(root: CommandTree.root(for: products), products: products))]
    }

    /// Every command that runs (a group's members, not the group), with its aliases, its summary, the
    /// products it runs for, and a link to its page under docs/reference/.
    static func commandList(root: CommandSpec, products: ProductRegistry) -> String {
        var out = "<!-- Generated from vmctl's command tree by `vmctl __generate` (bash scripts/generate.sh); do not edit between the markers. -->\n\n"
        out += "| command | what it does | products |\n|---|---|---|\n"
        for chain in chains(root).dropFirst() where chain.last!.subcommands.allSatisfy(\.hidden) {
            let spec = chain.last!
            let aliases = spec.aliases.isEmpty ? ""
                : " (alias\(spec.aliases.count > 1 ? "es" : "") \(spec.aliases.map { "`\($0)`" }.joined(separator: ", ")))"
            let running = products.products(running: chain)
            let productsCell = running.map { $0.count == products.all.count ? "all" : $0.map { "`\($0.rawValue)`" }.joined(separator: ", ") }
                ?? "local"
            out += "| [`\(commandLine(chain))`](docs/reference/\(pageName(chain)).md)\(aliases) | \(cell(spec.summary)) | \(productsCell) |\n"
        }
        return out + "\n"
    }
}
