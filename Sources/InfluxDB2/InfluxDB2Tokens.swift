import Foundation
import VMCtlCore
import VMCtlSupport

/// `/api/v2/authorizations` of one org.
public struct InfluxDB2Tokens: UpdatingTokenService, RevealingTokenService {
    let client: APIClient
    /// The profile's org: lists filter by it, a create looks its ID up unless a bucket's answer gives it.
    let org: InfluxDB2OrgRef

    public var scopeDescription: String { "org \(org.name)" }
    public let dataPlane: InfluxDB2DataPlane
    public var secretWarning: String {
        "copy the token now and keep it secret; only its owner can see it again ('vmctl token reveal ID', on InfluxDB OSS)"
    }
    public var revealWarning: String { "the token's secret is printed below; keep it secret" }
    /// The API deletes an authorization: it is gone, not kept as revoked.
    public static var removal: TokenRemoval { .delete }

    public func list(includeRevoked: Bool) async throws -> [Token] {
        let list: InfluxDB2Wire.Authorizations = try await client.get("/api/v2/authorizations", query: [try org.filter()],
                                                                      notFound: org.notFound)
        return list.authorizations.map { token($0, org: InfluxDB2Org(id: $0.orgID ?? "", name: org.name)) }
    }

    public var idShape: IDPrefix.Shape { .hex16 }
    /// OSS lists each token's value to its owner: the profile's own token is the one whose value is its secret.
    public var recognizesProfileToken: Bool { true }

    public func get(id reference: String, includeRevoked: Bool) async throws -> Token {
        let id = try await resolveID(reference)
        return token(try await client.get(path(id), notFound: "no token \(id)"), org: nil)
    }

    /// Bucket names become IDs through the API's name filter, one lookup a name, side by side: walking the
    /// pages would miss buckets, since OSS filters what a token may see after paging. The buckets' answers
    /// carry the org's ID, so the org is looked up only for all-access and operator tokens.
    public func create(_ request: TokenCreateRequest) async throws -> TokenWithSecret {
        let orgID: String
        let permissions: [InfluxDB2Wire.Permission]
        var userID: String?
        var names: [String: String] = [:]
        if request.operatorAccess || request.allAccess {
            async let foundOrg = org.lookup()
            let types: [String] = try await client.get("/api/v2/resources")
            if request.operatorAccess {
                permissions = InfluxDB2Permissions.operatorAccess(types: types)
                orgID = try await foundOrg.id
            } else {
                let me: InfluxDB2Wire.User = try await client.get("/api/v2/me")
                userID = me.id
                orgID = try await foundOrg.id
                permissions = InfluxDB2Permissions.allAccess(types: types, orgID: orgID, userID: me.id)
            }
        } else {
            let buckets = InfluxDB2Buckets(client: client, org: org)
            let found = try await concurrentMap(Set(request.read + request.write).filter { $0 != "*" }.sorted()) { try await buckets.lookup($0) }
            var ids: [String: String] = [:]
            for bucket in found {
                ids[bucket.name] = bucket.id
                names[bucket.id] = bucket.name
            }
            if let known = org.id ?? found.lazy.compactMap(\.orgID).first {
                orgID = known
            } else {
                orgID = try await org.lookup().id
            }
            permissions = InfluxDB2Permissions.buckets(read: request.read, write: request.write, orgID: orgID, ids: ids)
        }
        let body = InfluxDB2Wire.AuthorizationCreate(orgID: orgID, userID: userID, description: request.description, status: "active",
                                                     permissions: permissions)
        let created: InfluxDB2Wire.Authorization = try await client.send("POST", "/api/v2/authorizations", json: body)
        guard let secret = created.token, !secret.isEmpty else {
            throw VMCtlError.failure("the server created token \(created.id) but sent no token value")
        }
        return TokenWithSecret(token: token(created, org: InfluxDB2Org(id: orgID, name: org.name), names: names), secret: secret)
    }

    /// OSS sends a token's value with it to the token's owner (docs/api/influxdb2.md); to anyone else, and
    /// on InfluxDB Cloud, the value is absent: the key may not see it, which is an auth error.
    public func reveal(id reference: String) async throws -> TokenWithSecret {
        let id = try await resolveID(reference)
        let found: InfluxDB2Wire.Authorization = try await client.get(path(id), notFound: "no token \(id)")
        guard let secret = found.token, !secret.isEmpty else {
            throw VMCtlError.auth("the server does not show token \(id)'s secret to this profile's token (InfluxDB OSS shows it only to the token's owner; InfluxDB Cloud never again)",
                                  hint: "use the token string saved when it was created, or replace the token: vmctl token rotate \(id)")
        }
        return TokenWithSecret(token: token(found, org: nil), secret: secret)
    }

    public func update(id reference: String, _ request: TokenUpdateRequest) async throws -> Token {
        let id = try await resolveID(reference)
        let body = InfluxDB2Wire.AuthorizationUpdate(status: request.status, description: request.description)
        return token(try await client.send("PATCH", path(id), json: body, notFound: "no token \(id)"), org: nil)
    }

    public func delete(id reference: String) async throws {
        let id = try await resolveID(reference)
        try await client.send("DELETE", path(id), notFound: "no token \(id)")
    }

    private func path(_ id: String) -> String { "/api/v2/authorizations/\(APIClient.segment(id))" }

    /// An all-access or operator token is asked for as such; any other is its bucket permissions.
    public func replacement(for token: Token, description: String) throws -> TokenCreateRequest {
        switch token[InfluxDB2Fields.access] {
        case .operator: return TokenCreateRequest(description: description, operatorAccess: true)
        case .allAccess: return TokenCreateRequest(description: description, allAccess: true)
        case nil: return try replacingDatabases(of: token, description: description)
        }
    }

    /// vmctl's token. Bucket names come with the answer (OSS names each permission's resource); a bucket
    /// the answer does not name is shown by its ID. The token value is never kept.
    private func token(_ a: InfluxDB2Wire.Authorization, org: InfluxDB2Org?, names: [String: String] = [:]) -> Token {
        let wire = a.permissions ?? []
        let permissions = wire.map { p -> Permission in
            let action: Permission.Action = p.action == "write" ? .write : .read
            var attributes = Attributes()
            attributes[InfluxDB2Fields.orgID] = p.resource.orgID
            if p.resource.type == "buckets" {
                let name = p.resource.id.map { names[$0] ?? p.resource.name ?? $0 } ?? "*"
                return Permission(action, database: name, databaseID: p.resource.id, attributes: attributes)
            }
            attributes[InfluxDB2Fields.resourceID] = p.resource.id
            return Permission(action, database: nil, resourceType: p.resource.type, attributes: attributes)
        }
        var token = Token(id: a.id, description: a.description ?? "", product: .influxdb2, status: a.status ?? "active",
                          permissions: permissions, createdAt: a.createdAt.map(RFC3339.normalize), createdBy: a.user)
        token[InfluxDB2Fields.access] = InfluxDB2Permissions.kind(wire)
        token[InfluxDB2Fields.orgID] = a.orgID
        token[InfluxDB2Fields.userID] = a.userID
        token[InfluxDB2Fields.orgName] = a.org ?? org.flatMap { a.orgID == $0.id ? $0.name : nil }
        token.usedByProfile = a.token.map { !$0.isEmpty && $0 == client.settings.secret } ?? false
        return token
    }
}
