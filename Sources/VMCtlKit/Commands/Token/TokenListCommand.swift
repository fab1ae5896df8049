/// `vmctl token list`
struct TokenListCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list access tokens (never their secrets)",
        flags: [
            SharedFlags.deployment,
            .toggle("include-revoked", "also list revoked tokens (dedicated, clustered)"),
            .option("sort", "FIELD", "sort by id, description or created", completion: .choices(["id", "description", "created"])),
        ],
        examples: [
            Example("Tokens of the profile's deployment or cluster", "vmctl token list"),
            Example("Descriptions of every token, for a script", "vmctl token list --format json | jq -r '.[].description'"),
            Example("Newest last, revoked ones too", "vmctl token list --include-revoked --sort created"),
        ],
        products: [.vmcloud, .dedicated, .clustered, .influxdb2],
        runner: TokenListCommand.self)

    var deployment: String?
    var includeRevoked: Bool
    var sort: String?

    init(_ parsed: ParsedCommand) throws {
        deployment = parsed.value("deployment")
        includeRevoked = parsed.has("include-revoked")
        sort = parsed.value("sort")
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let backend = try context.backend()
        let tokens = try await backend.tokens(deployment: deployment)
        var list = try await tokens.list(includeRevoked: includeRevoked)
        switch sort {
        case "id": list.sort { $0.id < $1.id }
        case "description": list.sort { $0.description.lowercased() < $1.description.lowercased() }
        case "created": list.sort { ($0.createdAt.flatMap(RFC3339.parse) ?? .distantPast) < ($1.createdAt.flatMap(RFC3339.parse) ?? .distantPast) }
        default: break
        }
        return CommandResult(TokenView.list(list, product: backend.product, scope: tokens.scopeDescription))
    }
}

import Foundation
