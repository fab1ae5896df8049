import Foundation

/// `vmctl completion bash|zsh|fish`
struct CompletionCommand: RunnableCommand {
    static let shells = ["bash", "zsh", "fish"]

    static let spec = CommandSpec(
        name: "completion",
        summary: "print a shell completion script",
        discussion: """
        The script completes commands, flags and their fixed values, file paths, profile names from the
        config file, and live names (deployments, token IDs, databases, rule files) from the active profile.
        Live lookups wait at most 2s ($VMCTL_COMPLETION_TIMEOUT, e.g. 5s, changes that) and show nothing
        when the server cannot be reached.
        bash:  vmctl completion bash > ~/.local/share/bash-completion/completions/vmctl
        zsh:   vmctl completion zsh > ~/.zfunc/_vmctl   (with fpath=(~/.zfunc $fpath) before compinit)
        fish:  vmctl completion fish > ~/.config/fish/completions/vmctl.fish
        """,
        arguments: [ArgumentSpec("SHELL", "bash, zsh or fish", completion: .choices(shells))],
        examples: [Example("Load completions into the running bash", "source <(vmctl completion bash)")],
        runner: CompletionCommand.self)

    var shell: String

    init(_ parsed: ParsedCommand) throws {
        shell = parsed.argument("SHELL")!
        guard Self.shells.contains(shell) else {
            var message = "unknown shell \"\(shell)\": use bash, zsh or fish"
            if let close = Suggestion.closest(to: shell, among: Self.shells) { message += " (did you mean \"\(close)\"?)" }
            throw parsed.usageError(message)
        }
    }

    static func script(for shell: String, root: CommandSpec = CommandTree.root) -> String {
        switch shell {
        case "zsh": return ZshCompletion.script(root: root)
        case "fish": return FishCompletion.script(root: root)
        default: return BashCompletion.script(root: root)
        }
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let text = Self.script(for: shell)
        return CommandResult(Presentation(json: .obj(["shell": .string(shell), "script": .string(text)]), table: .raw(text)))
    }
}

/// `vmctl __complete KIND`: live names for the completion scripts. Hidden. It prints candidates and
/// nothing else, one a line (token IDs with a tab and their description), never asks for anything, and
/// prints nothing at all when the profile, the network or the server fails. Requests get a short timeout
/// and no retries, so a tab press never hangs.
struct CompleteCandidatesCommand: RunnableCommand {
    static let kinds = ["profiles", "deployments", "tokens", "databases", "rules"]

    static let spec = CommandSpec(
        name: "__complete",
        summary: "print live names for shell completion",
        arguments: [ArgumentSpec("KIND", "profiles, deployments, tokens, databases or rules")],
        flags: [SharedFlags.deployment],
        hidden: true,
        runner: CompleteCandidatesCommand.self)

    /// Seconds a completion lookup's request may take, unless `VMCTL_COMPLETION_TIMEOUT` says otherwise.
    static let timeout = 2.0

    static func timeout(environment: [String: String]) -> Double {
        environment["VMCTL_COMPLETION_TIMEOUT"].flatMap { HumanDuration.parse($0, units: .timeout) } ?? timeout
    }

    var kind: String
    var deployment: String?

    init(_ parsed: ParsedCommand) throws {
        kind = parsed.argument("KIND")!
        deployment = parsed.value("deployment")
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let lines = (try? await candidates(context)) ?? []
        let text = lines.map { $0.replacingOccurrences(of: "\n", with: " ") + "\n" }.joined()
        return CommandResult(Presentation(json: .array(lines.map(JSONValue.string)), table: .raw(text)))
    }

    private func candidates(_ original: CommandContext) async throws -> [String] {
        var global = original.global
        global.timeout = min(global.timeout, Self.timeout(environment: original.environment))
        global.debug = false
        let context = CommandContext(io: original.io, environment: original.environment, global: global, chain: original.chain,
                                     dependencies: original.dependencies)
        context.retryPolicy.maxAttempts = 1
        context.allowSecretCommands = false
        switch kind {
        case "profiles":
            return try context.config()?.profiles.map(\.name) ?? []
        case "deployments":
            return try await context.backend().deployments().list().map(\.name)
        case "tokens":
            return try await context.backend().tokens(deployment: deployment).list(includeRevoked: false)
                .map { "\($0.id)\t\($0.description)" }
        case "databases":
            return try await context.backend().databases().list().map(\.name)
        case "rules":
            return try await context.backend().rules(deployment: deployment).list()
        default:
            return []
        }
    }
}

/// `vmctl __generate DIR`: writes the completion scripts, the command reference and the man page
/// under DIR (the repository root). Hidden; `scripts/generate.sh` runs it.
struct GenerateCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "__generate",
        summary: "write the generated completions and docs",
        arguments: [ArgumentSpec("DIR", "the repository root", completion: .file)],
        hidden: true,
        runner: GenerateCommand.self)

    var directory: String

    init(_ parsed: ParsedCommand) throws {
        directory = parsed.argument("DIR")!
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let files = ReferenceDocs.files()
        for file in files {
            try AtomicFile.write(file.content, to: directory + "/" + file.path, mode: 0o644, directoryMode: 0o755)
        }
        // Pages of commands that no longer exist would go stale: remove them.
        let referenceDirectory = directory + "/docs/reference"
        let wanted = Set(files.map(\.path))
        for name in (try? FileManager.default.contentsOfDirectory(atPath: referenceDirectory)) ?? [] where name.hasSuffix(".md") {
            if !wanted.contains("docs/reference/\(name)") { try? FileManager.default.removeItem(atPath: referenceDirectory + "/" + name) }
        }
        return CommandResult(Presentation(json: .array(files.map { .string($0.path) }), table: .lines(files.map { "wrote \($0.path)" })))
    }
}
