import VMCtlSupport
/// Where a product's tokens are used: its data endpoints, client examples, and a live check.
public protocol DataPlaneService: Sendable {
    /// The token's data URLs and client examples; `reveal` puts the secret in them (vmcloud: a reveal call).
    func examples(id: String, tenant: String?, reveal: Bool) async throws -> TokenExamples
    /// Uses the token once in each direction it grants; `secret` when the caller has it (else it is fetched
    /// where the API can give it).
    func check(id: String, tenant: String?, secret: String?) async throws -> [DirectionCheck]
    /// Where a token about to be created will write and read; made alongside the create itself.
    func urls(forNew checked: CheckedTokenRequest) async throws -> DataURLs
}
