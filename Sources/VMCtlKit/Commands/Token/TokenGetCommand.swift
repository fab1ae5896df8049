/// `vmctl token get`
struct TokenGetCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "get",
        summary: "show one access token, without its secret",
        discussion: """
        On vmcloud this reads the token list, so it is not a reveal and is not audit-logged as one.
        A revoked token (dedicated, clustered) is shown only with --include-revoked.
        """,
        arguments: [ArgumentSpec("ID", "the token's ID", completion: .token)],
        flags: [SharedFlags.deployment, .toggle("include-revoked", "show the token even if it was revoked (dedicated, clustered)")],
        examples: [Example("Details of a token", "vmctl token get 5f0c2d7e-3b1a-4c9e-9d2f-1a2b3c4d5e6f")],
        products: [.vmcloud, .dedicated, .clustered, .influxdb2],
        runner: TokenGetCommand.self)

    var target: TokenReference
    var includeRevoked: Bool

    init(_ parsed: ParsedCommand) throws {
        target = try TokenReference(parsed)
        includeRevoked = parsed.has("include-revoked")
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let tokens = try await context.backend().tokens(deployment: target.deployment)
        return CommandResult(TokenView.details(try await tokens.get(id: target.id, includeRevoked: includeRevoked)))
    }
}
