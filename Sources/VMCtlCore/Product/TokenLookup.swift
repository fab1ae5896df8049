import VMCtlSupport

/// Finding a token by whole ID or unique prefix, and asking for a token's permissions again: the same for
/// every product, on top of its token service.
extension TokenService {
    /// Whether `reference` is a prefix to look up rather than an ID to send as it is.
    public func needsLookup(_ reference: String) -> Bool {
        !idShape.isWhole(reference) && idShape.couldBePrefix(reference)
    }

    /// The ID `reference` names. A whole ID, or a word that cannot be a prefix, is taken as it is and
    /// nothing is looked up; a prefix is matched against `known` tokens, or the list when none are given.
    /// A reference shorter than a prefix can be is a usage error.
    public func resolveID(_ reference: String, known: [Token]? = nil) async throws -> String {
        try IDPrefix.requireMinimumLength(reference, noun: "token")
        guard needsLookup(reference) else { return reference }
        let tokens: [Token]
        if let known { tokens = known } else { tokens = try await list(includeRevoked: true) }
        return try token(matching: reference, in: tokens).id
    }

    /// The one token of `tokens` that `reference` names: its whole ID, or a unique prefix of it.
    public func token(matching reference: String, in tokens: [Token]) throws -> Token {
        try IDPrefix.requireMinimumLength(reference, noun: "token")
        guard let one = try IDPrefix.find(reference, in: tokens, shape: idShape, noun: "token", id: \.id,
                                          label: { "\($0.id) (\($0.description))" }) else {
            throw VMCtlError.notFound(idShape.couldBePrefix(reference) ? "no token ID in \(scopeDescription) starts with \(reference)"
                                                                      : "no token \(reference) in \(scopeDescription)",
                                      hint: "run 'vmctl token list' to see the tokens")
        }
        return one
    }

    /// A token's permissions on named databases (or `'*'`) asked for again, as `--read-database` and
    /// `--write-database` would; a usage error for any other permission.
    public func replacingDatabases(of token: Token, description: String) throws -> TokenCreateRequest {
        var request = TokenCreateRequest(description: description, expiresAt: token.expiresAt)
        for permission in token.permissions {
            guard let database = permission.database else {
                throw VMCtlError.usage("token \(token.id) has a permission vmctl cannot create again (\(permission.summary))",
                                       hint: "create the new token with 'vmctl token create', then \(removal.verb) this one")
            }
            if permission.action == .read { request.read.append(database) } else { request.write.append(database) }
        }
        return request
    }
}
