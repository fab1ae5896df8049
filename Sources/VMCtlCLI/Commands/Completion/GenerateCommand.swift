import Foundation
import VMCtlCore
import VMCtlSupport

/// `vmctl __generate DIR`: writes the completion scripts, the command reference and the man page
/// under DIR (the repository root), and README.md's command list between its markers. Hidden;
/// `scripts/generate.sh` runs it.
struct GenerateCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "__generate",
        summary: "write the generated completions and docs",
        arguments: [directory],
        hidden: true,
        runner: GenerateCommand.self)

    static let directory = RequiredArgument("DIR", "the repository root", completion: .file)

    var directory: String

    init(_ parsed: ParsedCommand) throws {
        directory = parsed[Self.directory]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let files = ReferenceDocs.files(products: context.products)
        for file in files {
            try AtomicFile.write(file.content, to: directory + "/" + file.path, mode: 0o644, directoryMode: 0o755)
        }
        // Pages of commands that no longer exist would go stale: remove them.
        let referenceDirectory = directory + "/docs/reference"
        let wanted = Set(files.map(\.path))
        for name in (try? FileManager.default.contentsOfDirectory(atPath: referenceDirectory)) ?? [] where name.hasSuffix(".md") {
            if !wanted.contains("docs/reference/\(name)") { try? FileManager.default.removeItem(atPath: referenceDirectory + "/" + name) }
        }
        // Generated parts of hand-written files (README.md's command list): only the part between the markers.
        var written = files.map(\.path)
        for region in ReferenceDocs.regions(products: context.products) {
            let path = directory + "/" + region.path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw VMCtlError.failure("cannot read \(path)")
            }
            guard let spliced = region.splice(into: text) else { throw VMCtlError.failure(region.missingMarkers) }
            if spliced != text { try AtomicFile.write(spliced, to: path, mode: 0o644, directoryMode: 0o755) }
            written.append(region.path)
        }
        return CommandResult(Presentation(json: .array(written.map { .string($0) }), table: .lines(written.map { "wrote \($0)" })))
    }
}
