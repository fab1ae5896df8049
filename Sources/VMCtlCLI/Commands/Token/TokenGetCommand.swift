import VMCtlCore
import VMCtlSupport
/// `vmctl token get`
struct TokenGetCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "get",
        summary: "show one access token, without its secret",
        discussion: """
        A revoked token is shown only with --include-revoked. Its write and read URLs are shown as 'token
        create' shows them (write_url and read_url in JSON; null when they cannot be had).
        """,
        arguments: [SharedFlags.id],
        flags: [SharedFlags.deployment, includeRevoked],
        examples: [Example("Details of a token", "vmctl token get 5f0c2d7e-3b1a-4c9e-9d2f-1a2b3c4d5e6f")],
        helpTopic: .tokenGet,
        runner: TokenGetCommand.self)

    static var capability: Capability<any TokenAdministration> { .tokens }

    static let includeRevoked = ToggleFlag("include-revoked", "show the token even if it was revoked", requires: Capability.revokedTokensListed.id)

    var target: TokenReference
    var includeRevoked: Bool

    init(_ parsed: ParsedCommand) throws {
        target = try TokenReference(parsed)
        includeRevoked = parsed[Self.includeRevoked]
    }

    func run(_ context: CommandContext, _ backend: any TokenAdministration) async throws -> CommandResult {
        let tokens = try await backend.tokens(in: target.deployment)
        // Where tokens of the scope are used is asked for alongside the token; not knowing it fails nothing.
        async let where_ = tokens.dataPlane.urlsOfTokens()
        let token = try await tokens.get(id: target.id, includeRevoked: includeRevoked)
        let urls = (try? await where_).map { $0(token) }
        return CommandResult(try context.tokenView().details(token, urls: urls, urlsAsked: true))
    }
}
