/// `vmctl token list`
struct TokenListCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list access tokens (never their secrets)",
        flags: [SharedFlags.deployment, includeRevoked, sort],
        examples: [
            Example("Tokens of the profile's deployment or cluster", "vmctl token list"),
            Example("Descriptions of every token, for a script", "vmctl token list --format json | jq -r '.[].description'"),
            Example("Newest last, revoked ones too", "vmctl token list --include-revoked --sort created"),
        ],
        usesProduct: true,
        runner: TokenListCommand.self)

    static let includeRevoked = ToggleFlag("include-revoked", "also list revoked tokens", scoped: true)
    static let sort = ChoiceFlag<SortField>("sort", "FIELD", "sort by id, description or created")

    enum SortField: String, CaseIterable, Sendable { case id, description, created }

    var deployment: String?
    var includeRevoked: Bool
    var sort: SortField?

    init(_ parsed: ParsedCommand) throws {
        deployment = parsed[SharedFlags.deployment]
        includeRevoked = parsed[Self.includeRevoked]
        sort = parsed[Self.sort]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let backend = try context.backend()
        let tokens = try await backend.tokens(deployment: deployment)
        var list = try await tokens.list(includeRevoked: includeRevoked)
        switch sort {
        case .id: list.sort { $0.id < $1.id }
        case .description: list.sort { $0.description.lowercased() < $1.description.lowercased() }
        case .created: list.sort { ($0.createdAt.flatMap(RFC3339.parse) ?? .distantPast) < ($1.createdAt.flatMap(RFC3339.parse) ?? .distantPast) }
        case nil: break
        }
        return CommandResult(TokenView.list(list, product: backend.product, scope: tokens.scopeDescription))
    }
}

import Foundation
