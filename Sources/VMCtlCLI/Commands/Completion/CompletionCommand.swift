import VMCtlCore
import VMCtlSupport
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
        arguments: [shell],
        examples: [Example("Load completions into the running bash", "source <(vmctl completion bash)")],
        runner: CompletionCommand.self)

    static let shell = RequiredArgument("SHELL", "bash, zsh or fish", completion: .choices(shells))

    var shell: String

    init(_ parsed: ParsedCommand) throws {
        shell = parsed[Self.shell]
        guard Self.shells.contains(shell) else {
            var message = "unknown shell \"\(shell)\": use bash, zsh or fish"
            if let close = Suggestion.closest(to: shell, among: Self.shells) { message += " (did you mean \"\(close)\"?)" }
            throw parsed.usageError(message)
        }
    }

    static func script(for shell: String, root: CommandSpec) -> String {
        switch shell {
        case "zsh": return ZshCompletion.script(root: root)
        case "fish": return FishCompletion.script(root: root)
        default: return BashCompletion.script(root: root)
        }
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let text = Self.script(for: shell, root: context.root)
        return CommandResult(Presentation(json: .obj(["shell": .string(shell), "script": .string(text)]), table: .raw(text)))
    }
}
