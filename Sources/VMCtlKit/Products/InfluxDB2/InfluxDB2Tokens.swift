import Foundation

/// `/api/v2/authorizations` of one org.
struct InfluxDB2Tokens: TokenService {
    let client: APIClient
    let org: InfluxDB2Org
    let buckets: InfluxDB2Buckets

    var scopeDescription: String { "org \(org.name)" }
    var secretWarning: String { "copy the token now and keep it secret; vmctl shows it only this once" }

    func list(includeRevoked: Bool) async throws -> [Token] {
        let list: InfluxDB2Wire.Authorizations = try await client.get("/api/v2/authorizations", query: [("orgID", org.id)])
        let names = try await buckets.namesByID()
        return list.authorizations.map { token($0, names: names) }
    }

    func get(id: String, includeRevoked: Bool) async throws -> Token {
        let found: InfluxDB2Wire.Authorization = try await client.get(path(id), notFound: "no token \(id)")
        return token(found, names: try await buckets.namesByID())
    }

    func create(_ checked: CheckedTokenRequest) async throws -> TokenWithSecret {
        let request = checked.request
        let permissions: [InfluxDB2Wire.Permission]
        var names: [String: String] = [:]
        if request.operatorAccess {
            permissions = InfluxDB2Permissions.operatorAccess()
        } else if request.allAccess {
            permissions = InfluxDB2Permissions.allAccess(orgID: org.id)
        } else {
            let all = try await buckets.all()
            let ids = Dictionary(all.map { ($0.name, $0.id) }, uniquingKeysWith: { a, _ in a })
            for name in Set(request.read + request.write).sorted() where name != "*" && ids[name] == nil {
                var message = "no bucket named \"\(name)\" in org \(org.name)"
                if let close = Suggestion.closest(to: name, among: all.map(\.name)) { message += " (did you mean \"\(close)\"?)" }
                throw VMCtlError.notFound(message, hint: "run 'vmctl database list' to see the buckets")
            }
            names = Dictionary(all.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            permissions = InfluxDB2Permissions.buckets(read: request.read, write: request.write, orgID: org.id, ids: ids)
        }
        let body = InfluxDB2Wire.AuthorizationCreate(orgID: org.id, description: request.description, status: "active", permissions: permissions)
        let created: InfluxDB2Wire.Authorization = try await client.send("POST", "/api/v2/authorizations", json: body)
        guard let secret = created.token, !secret.isEmpty else {
            throw VMCtlError.failure("the server created token \(created.id) but sent no token value")
        }
        return TokenWithSecret(token: token(created, names: names), secret: secret)
    }

    func update(id: String, _ request: TokenUpdateRequest) async throws -> Token {
        let body = InfluxDB2Wire.AuthorizationUpdate(status: request.status, description: request.description)
        let updated: InfluxDB2Wire.Authorization = try await client.send("PATCH", path(id), json: body, notFound: "no token \(id)")
        return token(updated, names: try await buckets.namesByID())
    }

    func delete(id: String) async throws {
        try await client.send("DELETE", path(id), notFound: "no token \(id)")
    }

    private func path(_ id: String) -> String { "/api/v2/authorizations/\(APIClient.segment(id))" }

    /// vmctl's token, with bucket names where the IDs are known. The token value is never kept.
    private func token(_ a: InfluxDB2Wire.Authorization, names: [String: String]) -> Token {
        let wire = a.permissions ?? []
        let permissions = wire.map { p -> Permission in
            let action: Permission.Action = p.action == "write" ? .write : .read
            if p.resource.type == "buckets" {
                let name = p.resource.id.map { names[$0] ?? p.resource.name ?? $0 } ?? "*"
                return Permission(action, database: name, databaseID: p.resource.id, orgID: p.resource.orgID)
            }
            return Permission(action, database: nil, resourceType: p.resource.type, orgID: p.resource.orgID, resourceID: p.resource.id)
        }
        var token = Token(id: a.id, description: a.description ?? "", product: .influxdb2, status: a.status ?? "active",
                          permissions: permissions, createdAt: a.createdAt.map(RFC3339.normalize), createdBy: a.user,
                          orgID: a.orgID, userID: a.userID, access: InfluxDB2Permissions.kind(wire))
        token.orgName = a.org ?? (a.orgID == org.id ? org.name : nil)
        return token
    }
}
