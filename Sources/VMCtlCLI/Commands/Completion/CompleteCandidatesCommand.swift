import VMCtlCore
import VMCtlSupport
/// `vmctl __complete KIND`: live names for the completion scripts. Hidden. It prints candidates and
/// nothing else, one a line (token IDs with a tab and their description), never asks for anything, and
/// prints nothing at all when the profile, the network or the server fails. Requests get a short timeout
/// and no retries, so a tab press never hangs.
struct CompleteCandidatesCommand: RunnableCommand {
    static let kinds = ["profiles", "deployments", "tokens", "databases", "rules", "apikeys", "tiers", "regions", "providers"]

    static let spec = CommandSpec(
        name: "__complete",
        summary: "print live names for shell completion",
        arguments: [kind],
        flags: [SharedFlags.deployment],
        hidden: true,
        runner: CompleteCandidatesCommand.self)

    static let kind = RequiredArgument("KIND", Parser.orList(kinds))

    /// Seconds a completion lookup's request may take, unless `VMCTL_COMPLETION_TIMEOUT` says otherwise.
    static let timeout = 2.0

    static func timeout(environment: [String: String]) -> Double {
        environment["VMCTL_COMPLETION_TIMEOUT"].flatMap { HumanDuration.parse($0, units: .timeout) } ?? timeout
    }

    var kind: String
    var deployment: String?

    init(_ parsed: ParsedCommand) throws {
        kind = parsed[Self.kind]
        deployment = parsed[SharedFlags.deployment]
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
        var once = original.retryPolicy
        once.maxAttempts = 1
        let context = original.with(global: global, retryPolicy: once, allowSecretCommands: false)
        switch kind {
        case "profiles":
            return try context.config()?.profiles.map(\.name) ?? []
        case "deployments":
            return try await context.backend(.deployments).deployments().list(details: false).map(\.name)
        case "tokens":
            return try await context.backend(.tokens).tokens(in: deployment).list(includeRevoked: false)
                .map { "\($0.id)\t\($0.description)" }
        case "databases":
            return try await context.backend(.databases).databases().list().map(\.name)
        case "rules":
            return try await context.backend(.rules).rules(in: deployment).list()
        case "apikeys":
            return try await context.backend(.apiKeys).apiKeys().list().map { "\($0.name)\t\($0.id)" }
        case "tiers":
            return try await context.backend(.catalog).catalog().tiers().map { "\($0.name)\t\($0.type), \($0.cloudProvider)" }
        case "regions":
            return try await context.backend(.catalog).catalog().regions().map { "\($0.name)\t\($0.cloudProvider)" }
        case "providers":
            return try await context.backend(.catalog).catalog().providers().map(\.id)
        default:
            return []
        }
    }
}
