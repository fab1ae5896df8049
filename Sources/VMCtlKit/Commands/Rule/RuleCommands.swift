import Foundation

/// `vmctl rule …`
enum RuleCommands {
    static let group = CommandSpec(
        name: "rule",
        summary: "manage the alerting and recording rule files of a deployment",
        discussion: """
        Rule files are Prometheus-format YAML, at most 20MB each, at most 100 rules across the files of a
        deployment. vmctl stores them as they are.
        """,
        subcommands: [RuleListCommand.spec, RuleGetCommand.spec, RuleUploadCommand.spec, RuleDeleteCommand.spec])
}

/// `vmctl rule list`
struct RuleListCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list rule files",
        flags: [SharedFlags.deployment],
        products: [.vmcloud],
        runner: RuleListCommand.self)

    var deployment: String?

    init(_ parsed: ParsedCommand) throws {
        deployment = parsed.value("deployment")
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let rules = try await context.backend().rules(deployment: deployment)
        let names = try await rules.list()
        return CommandResult(Presentation(json: .array(names.map { .obj(["name": .string($0)]) }),
                                          table: .list(columns: ["NAME"], rows: names.map { [$0] }),
                                          emptyMessage: "No rule files in \(rules.scopeDescription)"))
    }
}

/// `vmctl rule get`
struct RuleGetCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "get",
        summary: "print a rule file exactly as stored",
        arguments: [ArgumentSpec("NAME", "the file's name, e.g. alerts.yml", completion: .rule)],
        flags: [SharedFlags.deployment],
        examples: [Example("Save a rule file to edit it", "vmctl rule get alerts.yml > alerts.yml")],
        products: [.vmcloud],
        runner: RuleGetCommand.self)

    var name: String
    var deployment: String?

    init(_ parsed: ParsedCommand) throws {
        name = try ArgumentChecks.nonEmpty(parsed.argument("NAME"), "NAME", parsed: parsed)
        deployment = parsed.value("deployment")
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let content = try await context.backend().rules(deployment: deployment).get(name)
        return CommandResult(Presentation(json: .obj(["name": .string(name), "content": .string(content)]), table: .raw(content)))
    }
}

/// `vmctl rule upload`
struct RuleUploadCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "upload",
        summary: "create or replace a rule file",
        discussion: """
        Before uploading, vmctl checks the size (at most 20MB), that the file is UTF-8 and that it has a
        top-level groups: key. When vmalert is on PATH, it also runs 'vmalert -dryRun' on the file and
        refuses a file vmalert rejects, with vmalert's message. FILE - reads stdin (then --name is needed).
        """,
        arguments: [ArgumentSpec("FILE", "the YAML file to upload, or - for stdin", completion: .file)],
        flags: [.option("name", "NAME", "the name to store it under (default: the file's name)"), SharedFlags.deployment],
        examples: [
            Example("Upload alerts.yml to the profile's deployment", "vmctl rule upload alerts.yml"),
            Example("Store a generated file under a fixed name", "generate-rules | vmctl rule upload - --name generated.yml"),
        ],
        products: [.vmcloud],
        runner: RuleUploadCommand.self)

    var file: String
    var name: String
    var deployment: String?

    init(_ parsed: ParsedCommand) throws {
        file = parsed.argument("FILE")!
        if file == "-" && !parsed.has("name") { throw parsed.usageError("--name is needed when the file comes from stdin") }
        name = parsed.value("name") ?? (file as NSString).lastPathComponent
        do {
            try RuleFileCheck.checkName(name)
        } catch let error as VMCtlError {
            throw parsed.usageError(error.message + (parsed.has("name") ? "" : "; pick one with --name"))
        }
        deployment = parsed.value("deployment")
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
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
        let rules = try await context.backend().rules(deployment: deployment)
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

/// `vmctl rule delete`
struct RuleDeleteCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "delete",
        aliases: ["rm"],
        summary: "delete rule files",
        discussion: "Asks for confirmation on a terminal; refuses without --force when stdin is not a terminal. Goes on after a failure.",
        arguments: [ArgumentSpec("NAME", "the files to delete", arity: .oneOrMore, completion: .rule)],
        flags: [SharedFlags.deployment, SharedFlags.force],
        examples: [Example("Delete a rule file from a script", "vmctl rule delete --force old-alerts.yml")],
        products: [.vmcloud],
        runner: RuleDeleteCommand.self)

    var names: [String]
    var deployment: String?
    var force: Bool

    init(_ parsed: ParsedCommand) throws {
        names = try ArgumentChecks.uniqueIDs(parsed.arguments("NAME"), parsed: parsed)
        deployment = parsed.value("deployment")
        force = parsed.has("force")
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let what = BulkOperation.describe(names, noun: "rule file")
        try context.requireConfirmable(force: force, action: "delete \(what)")
        let rules = try await context.backend().rules(deployment: deployment)
        try context.confirm("Delete \(what) from \(rules.scopeDescription)?", force: force)
        return await BulkOperation.run(names, verb: "Deleted rule file", noun: "rule file") { name in try await rules.delete(name) }
    }
}
