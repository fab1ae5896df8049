import Foundation
import VMCtlCore
import VMCtlSupport

/// `vmctl rule upload`
struct RuleUploadCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "upload",
        summary: "create or replace a rule file",
        discussion: """
        Before uploading, vmctl checks the size (at most 20MB), that the file is UTF-8 and that it has a
        top-level groups: key. When vmalert is on PATH, it also runs 'vmalert -dryRun' on the file and
        refuses a file vmalert rejects, with vmalert's message. FILE - reads stdin (then --name is needed).
        """,
        arguments: [file],
        flags: [name, SharedFlags.deployment],
        examples: [
            Example("Upload alerts.yml to the profile's deployment", "vmctl rule upload alerts.yml"),
            Example("Store a generated file under a fixed name", "generate-rules | vmctl rule upload - --name generated.yml"),
        ],
        runner: RuleUploadCommand.self)

    static var capability: Capability<any RuleManagement> { .rules }

    static let file = RequiredArgument("FILE", "the YAML file to upload, or - for stdin", completion: .file)
    static let name = ValueFlag("name", "NAME", "the name to store it under (default: the file's name)")

    var file: String
    var name: String
    var deployment: String?

    init(_ parsed: ParsedCommand) throws {
        file = parsed[Self.file]
        let given = parsed[Self.name]
        if file == "-" && given == nil { throw parsed.usageError("--name is needed when the file comes from stdin") }
        name = given ?? PathComponents.last(of: file)
        do {
            try RuleFileCheck.checkName(name)
        } catch let error as VMCtlError {
            throw parsed.usageError(error.message + (given != nil ? "" : "; pick one with --name"))
        }
        deployment = parsed[SharedFlags.deployment]
    }

    func run(_ context: CommandContext, _ backend: any RuleManagement) async throws -> CommandResult {
        let bytes: [UInt8]
        let source = file == "-" ? "stdin" : file
        if file == "-" {
            bytes = Array(context.io.stdin.readAll().utf8)
        } else {
            var info = stat()
            guard stat(file, &info) == 0 else { throw VMCtlError.usage("cannot read \(file): \(String(cString: strerror(errno)))") }
            if Int(info.st_size) > RuleFileCheck.maxBytes {
                throw VMCtlError.usage("\(file) is \(Int(info.st_size) / 1024 / 1024)MB; VictoriaMetrics Cloud takes rule files of at most 20MB")
            }
            guard let data = FileManager.default.contents(atPath: file) else { throw VMCtlError.usage("cannot read \(file)") }
            bytes = Array(data)
        }
        let text = try RuleFileCheck.check(bytes, source: source)
        let checked = try withLocalFile(text) { path in try RuleFileCheck.validateWithVMAlert(path: path, context: context) }
        let rules = try await backend.rules(in: deployment)
        try await rules.upload(name, content: text)
        return CommandResult(Presentation(json: .obj(["name": .string(name), "uploaded": .bool(true), "bytes": .int(Int64(bytes.count))]),
                                          table: .lines(["Uploaded \(name) to \(rules.scopeDescription)"])),
                             notes: [checked])
    }

    /// vmalert reads a path: the file itself, or a private temporary copy of stdin.
    private func withLocalFile<T>(_ text: String, _ body: (String) throws -> T) throws -> T {
        if file != "-" { return try body(file) }
        let path = NSTemporaryDirectory() + "vmctl-rule-\(getpid())-\(name)"
        try AtomicFile.write(text, to: path, mode: 0o600)
        defer { unlink(path) }
        return try body(path)
    }
}
