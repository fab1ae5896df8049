import Foundation
import VMCtlCore
import VMCtlSupport

/// `/tokens`: database tokens of one cluster.
public struct InfluxDB3Tokens: UpdatingTokenService {
    let client: APIClient
    let prefix: String
    let product: ProductKind
    let dataURL: String

    public var dataPlane: InfluxDB3DataPlane { InfluxDB3DataPlane(client: client, prefix: prefix, dataURL: dataURL) }

    public var scopeDescription: String { "the cluster" }
    public var idShape: IDPrefix.Shape { .uuid }
    /// The API never shows a token's secret again, so it cannot tell which token is the profile's.
    public var recognizesProfileToken: Bool { false }
    /// A revoked token stays listed (`--include-revoked`), with when it was revoked.
    public static var removal: TokenRemoval { .revoke }
    public var secretWarning: String {
        "copy the token now and keep it secret; it is shown only this once and cannot be recovered (a new token may take a minute before the cluster accepts it)"
    }

    public func list(includeRevoked: Bool) async throws -> [Token] {
        let tokens: [InfluxDB3Wire.Token] = try await client.get("\(prefix)/tokens")
        return tokens.map(token).filter { includeRevoked || $0.revokedAt == nil }
    }

    public func get(id reference: String, includeRevoked: Bool) async throws -> Token {
        let id = try await resolveID(reference)
        try InfluxDB3Names.tokenID(id)
        let found = token(try await client.get(path(id), notFound: "no token \(id)"))
        if found.revokedAt != nil && !includeRevoked {
            throw VMCtlError.notFound("token \(id) was revoked at \(found.revokedAt!)", hint: "add --include-revoked to see it anyway")
        }
        return found
    }

    /// The API makes a token for a database that does not exist (it covers one of that name once it is
    /// made), which is more often a typo than a plan: the databases named are checked against the cluster's
    /// list, asked for beside the create (one request, only when a database is named), and each one missing
    /// is a warning. Not knowing the list fails nothing and warns of nothing.
    public func create(_ request: TokenCreateRequest) async throws -> TokenWithSecret {
        try (request.read + request.write).forEach(InfluxDB3Names.resource)
        let named = Set(request.read + request.write).subtracting(["*"])
        async let existing = databaseNames(if: !named.isEmpty)
        let body = InfluxDB3Wire.TokenCreate(description: request.description,
                                             permissions: InfluxDB3Backend.permissions(read: request.read, write: request.write),
                                             expiresAt: request.expiresAt)
        let created: InfluxDB3Wire.Token = try await client.send("POST", "\(prefix)/tokens", json: body)
        guard let secret = created.accessToken, !secret.isEmpty else {
            throw VMCtlError.failure("the server created token \(created.id) but sent no access token",
                                     hint: "revoke it with 'vmctl token revoke \(created.id)' and create another")
        }
        let warnings = await existing.map { Self.missingDatabases(named, existing: $0) } ?? []
        return TokenWithSecret(token: token(created), secret: secret, warnings: warnings)
    }

    /// The names of the cluster's databases, when `needed` and the list can be had.
    private func databaseNames(if needed: Bool) async -> [String]? {
        guard needed else { return nil }
        return try? await InfluxDB3Databases(client: client, prefix: prefix, product: product).list().map(\.name)
    }

    /// A warning for each database named that the cluster does not have, with the closest one it has.
    static func missingDatabases(_ named: Set<String>, existing: [String]) -> [String] {
        named.subtracting(existing).sorted().map { name in
            let close = Suggestion.closest(to: name, among: existing).map { " (did you mean \"\($0)\"?)" } ?? ""
            return "database \"\(name)\" does not exist in the cluster\(close); the token will cover a database of that name once one is created"
        }
    }

    public func update(id reference: String, _ request: TokenUpdateRequest) async throws -> Token {
        let id = try await resolveID(reference)
        try InfluxDB3Names.tokenID(id)
        try ((request.read ?? []) + (request.write ?? [])).forEach(InfluxDB3Names.resource)
        let body = InfluxDB3Wire.TokenUpdate(
            description: request.description,
            permissions: request.replacesPermissions ? InfluxDB3Backend.permissions(read: request.read ?? [], write: request.write ?? []) : nil)
        let updated: InfluxDB3Wire.Token = try await client.send("PATCH", path(id), json: body, notFound: "no token \(id)")
        return token(updated)
    }

    public func delete(id reference: String) async throws {
        let id = try await resolveID(reference)
        try InfluxDB3Names.tokenID(id)
        try await client.send("DELETE", path(id), notFound: "no token \(id)")
    }

    /// Permissions on named databases (or `'*'`), and the expiry, asked for again.
    public func replacement(for token: Token, description: String) throws -> TokenCreateRequest {
        try replacingDatabases(of: token, description: description)
    }

    private func path(_ id: String) -> String { "\(prefix)/tokens/\(APIClient.segment(id))" }

    private func token(_ t: InfluxDB3Wire.Token) -> Token {
        let expired = t.expiresAt.flatMap(RFC3339.parse).map { $0 <= client.now() } ?? false
        var token = Token(id: t.id, description: t.description ?? "", product: product,
                          status: t.revokedAt != nil ? "revoked" : (expired ? "expired" : "active"),
                          permissions: (t.permissions ?? []).map {
                              Permission($0.action == "write" ? .write : .read, database: $0.resource)
                          },
                          createdAt: t.createdAt.map(RFC3339.normalize), expiresAt: t.expiresAt.map(RFC3339.normalize),
                          revokedAt: t.revokedAt.map(RFC3339.normalize))
        token[InfluxDB3Fields.accountID] = t.accountId
        token[InfluxDB3Fields.clusterID] = t.clusterId
        return token
    }
}
