import VMCtlCore
import VMCtlSupport
/// `vmctl token reveal`
struct TokenRevealCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "reveal",
        summary: "print a token's secret again, where the server shows it",
        arguments: [SharedFlags.id],
        flags: [SharedFlags.deployment],
        examples: [Example("Print only the secret, for a script", "vmctl token reveal 5f0c2d7e-3b1a-4c9e-9d2f-1a2b3c4d5e6f --format json | jq -r .token")],
        helpTopic: .tokenReveal,
        runner: TokenRevealCommand.self)

    static var capability: Capability<any TokenReveal> { .tokenReveal }

    var target: TokenReference

    init(_ parsed: ParsedCommand) throws {
        target = try TokenReference(parsed)
    }

    func run(_ context: CommandContext, _ backend: any TokenReveal) async throws -> CommandResult {
        let tokens = try await backend.tokens(in: target.deployment)
        let revealed = try await tokens.reveal(id: target.id)
        return CommandResult(try context.tokenView().details(revealed.token, secret: revealed.secret), warnings: [tokens.revealWarning])
    }
}
