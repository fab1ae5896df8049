import VMCtlSupport
/// `vmctl token reveal`
struct TokenRevealCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "reveal",
        summary: "print a token's secret (audit-logged by VictoriaMetrics Cloud)",
        arguments: [SharedFlags.id],
        flags: [SharedFlags.deployment],
        examples: [Example("Print only the secret, for a script", "vmctl token reveal 5f0c2d7e-3b1a-4c9e-9d2f-1a2b3c4d5e6f --format json | jq -r .token")],
        usesProduct: true,
        runner: TokenRevealCommand.self)

    var target: TokenReference

    init(_ parsed: ParsedCommand) throws {
        target = try TokenReference(parsed)
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let tokens = try await context.backend().tokens(deployment: target.deployment)
        let revealed = try await tokens.reveal(id: target.id)
        return CommandResult(TokenView.details(revealed.token, secret: revealed.secret),
                             warnings: ["the token's secret is printed below; keep it secret (this reveal is audit-logged)"])
    }
}
