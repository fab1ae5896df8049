/// `vmctl token delete` (alias `revoke`)
struct TokenDeleteCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "delete",
        aliases: ["revoke"],
        summary: "revoke access tokens",
        discussion: """
        Asks for confirmation on a terminal. When stdin is not a terminal it refuses unless --force is given.
        With several IDs it goes on after a failure and exits non-zero if any failed.
        """,
        arguments: [ids],
        flags: [SharedFlags.deployment, SharedFlags.force],
        examples: [
            Example("Revoke a token, asking first", "vmctl token revoke 5f0c2d7e-3b1a-4c9e-9d2f-1a2b3c4d5e6f"),
            Example("Revoke two tokens from a script", "vmctl token revoke --force ID1 ID2"),
        ],
        usesProduct: true,
        runner: TokenDeleteCommand.self)

    static let ids = VariadicArgument("ID", "the IDs of the tokens to revoke", completion: .token)

    var ids: [String]
    var deployment: String?
    var force: Bool

    init(_ parsed: ParsedCommand) throws {
        ids = try ArgumentChecks.uniqueIDs(parsed[Self.ids], parsed: parsed)
        deployment = parsed[SharedFlags.deployment]
        force = parsed[SharedFlags.force]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let what = ids.count == 1 ? "token" : BulkOperation.describe(ids, noun: "token")
        return try await BulkOperation.confirmed(
            ids, what: what, action: "revoke", force: force, context: context,
            service: { try await context.backend().tokens(deployment: deployment) },
            question: { tokens in
                // Name the tokens in the question when they can be found; the question is asked either way.
                let known = (try? await tokens.list(includeRevoked: true)) ?? []
                let names = ids.map { id in known.first { $0.id == id }.map { "\(id) (\($0.description))" } ?? id }
                return "Revoke \(what) from \(tokens.scopeDescription)?\n  \(names.joined(separator: "\n  "))\nRevoke?"
            },
            done: { _ in ("Revoked token", "token") },
            each: { tokens, id in try await tokens.delete(id: id); return nil })
    }
}
