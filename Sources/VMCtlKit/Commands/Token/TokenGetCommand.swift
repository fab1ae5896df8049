import VMCtlSupport
/// `vmctl token get`
struct TokenGetCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "get",
        summary: "show one access token, without its secret",
        discussion: "A revoked token is shown only with --include-revoked.",
        arguments: [SharedFlags.id],
        flags: [SharedFlags.deployment, includeRevoked],
        examples: [Example("Details of a token", "vmctl token get 5f0c2d7e-3b1a-4c9e-9d2f-1a2b3c4d5e6f")],
        usesProduct: true,
        runner: TokenGetCommand.self)

    static let includeRevoked = ToggleFlag("include-revoked", "show the token even if it was revoked", scoped: true)

    var target: TokenReference
    var includeRevoked: Bool

    init(_ parsed: ParsedCommand) throws {
        target = try TokenReference(parsed)
        includeRevoked = parsed[Self.includeRevoked]
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let tokens = try await context.backend().tokens(deployment: target.deployment)
        return CommandResult(TokenView.details(try await tokens.get(id: target.id, includeRevoked: includeRevoked)))
    }
}
