/// `vmctl token get`
struct TokenGetCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "get",
        summary: "show one access token, without its secret",
        discussion: "On vmcloud this reads the token list, so it is not a reveal and is not audit-logged as one.",
        arguments: [ArgumentSpec("ID", "the token's ID", completion: .token)],
        flags: [SharedFlags.deployment],
        examples: [Example("Details of a token", "vmctl token get 5f0c2d7e-3b1a-4c9e-9d2f-1a2b3c4d5e6f")],
        products: [.vmcloud],
        runner: TokenGetCommand.self)

    var target: TokenReference

    init(_ parsed: ParsedCommand) throws {
        target = try TokenReference(parsed)
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let tokens = try await context.backend().tokens(deployment: target.deployment)
        return CommandResult(TokenView.details(try await tokens.get(id: target.id, includeRevoked: true)))
    }
}
