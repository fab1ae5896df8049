/// `vmctl token list`
struct TokenListCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "list",
        aliases: ["ls"],
        summary: "list access tokens (never their secrets)",
        flags: [SharedFlags.deployment],
        examples: [
            Example("Tokens of the profile's deployment", "vmctl token list"),
            Example("Descriptions of every token, for a script", "vmctl token list --format json | jq -r '.[].description'"),
        ],
        products: [.vmcloud],
        runner: TokenListCommand.self)

    var deployment: String?

    init(_ parsed: ParsedCommand) throws {
        deployment = parsed.value("deployment")
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let backend = try context.backend()
        let tokens = try await backend.tokens(deployment: deployment)
        return CommandResult(TokenView.list(try await tokens.list(includeRevoked: false), product: backend.product,
                                            scope: tokens.scopeDescription))
    }
}
