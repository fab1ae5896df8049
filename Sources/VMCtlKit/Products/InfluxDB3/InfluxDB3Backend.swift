import Foundation

/// The `dedicated` and `clustered` products: InfluxDB 3's Management API. Dedicated paths sit under
/// `/accounts/{account_id}/clusters/{cluster_id}`; Clustered has the same operations at its own URL.
public struct InfluxDB3Backend: ProductBackend {
    public let product: ProductKind
    let client: APIClient
    /// `/accounts/…/clusters/…` for Dedicated, empty for Clustered.
    let prefix: String

    public init(product: ProductKind, client: APIClient, prefix: String) {
        self.product = product
        self.client = client
        self.prefix = prefix
    }

    public func tokens(deployment: String?) async throws -> TokenService {
        return InfluxDB3Tokens(client: client, prefix: prefix, product: product)
    }

    public func databases() async throws -> DatabaseService {
        InfluxDB3Databases(client: client, prefix: prefix, product: product)
    }

    /// `--read-database`/`--write-database` as the API's permission list: reads first, each once.
    static func permissions(read: [String], write: [String]) -> [InfluxDB3Wire.Permission] {
        var out: [InfluxDB3Wire.Permission] = []
        for (action, databases) in [("read", read), ("write", write)] {
            for db in databases where !out.contains(InfluxDB3Wire.Permission(action: action, resource: db)) {
                out.append(InfluxDB3Wire.Permission(action: action, resource: db))
            }
        }
        return out
    }
}

/// `/tokens`: database tokens of one cluster.
struct InfluxDB3Tokens: TokenService {
    let client: APIClient
    let prefix: String
    let product: ProductKind

    var scopeDescription: String { "the cluster" }
    var secretWarning: String {
        "copy the token now and keep it secret; it is shown only this once and cannot be recovered (a new token may take a minute before the cluster accepts it)"
    }

    func list(includeRevoked: Bool) async throws -> [Token] {
        let tokens: [InfluxDB3Wire.Token] = try await client.get("\(prefix)/tokens")
        return tokens.map(token).filter { includeRevoked || $0.revokedAt == nil }
    }

    func get(id: String, includeRevoked: Bool) async throws -> Token {
        let found = token(try await client.get(path(id), notFound: "no token \(id)"))
        if found.revokedAt != nil && !includeRevoked {
            throw VMCtlError.notFound("token \(id) was revoked at \(found.revokedAt!)", hint: "add --include-revoked to see it anyway")
        }
        return found
    }

    func create(_ checked: CheckedTokenRequest) async throws -> TokenWithSecret {
        let request = checked.request
        let body = InfluxDB3Wire.TokenCreate(description: request.description,
                                             permissions: InfluxDB3Backend.permissions(read: request.read, write: request.write),
                                             expiresAt: request.expiresAt)
        let created: InfluxDB3Wire.Token = try await client.send("POST", "\(prefix)/tokens", json: body)
        guard let secret = created.accessToken, !secret.isEmpty else {
            throw VMCtlError.failure("the server created token \(created.id) but sent no access token",
                                     hint: "revoke it with 'vmctl token revoke \(created.id)' and create another")
        }
        return TokenWithSecret(token: token(created), secret: secret)
    }

    func update(id: String, _ request: TokenUpdateRequest) async throws -> Token {
        let body = InfluxDB3Wire.TokenUpdate(
            description: request.description,
            permissions: request.replacesPermissions ? InfluxDB3Backend.permissions(read: request.read ?? [], write: request.write ?? []) : nil)
        let updated: InfluxDB3Wire.Token = try await client.send("PATCH", path(id), json: body, notFound: "no token \(id)")
        return token(updated)
    }

    func delete(id: String) async throws {
        try await client.send("DELETE", path(id), notFound: "no token \(id)")
    }

    private func path(_ id: String) -> String { "\(prefix)/tokens/\(APIClient.segment(id))" }

    private func token(_ t: InfluxDB3Wire.Token) -> Token {
        let expired = t.expiresAt.flatMap(RFC3339.parse).map { $0 <= client.now() } ?? false
        return Token(id: t.id, description: t.description ?? "", product: product,
                     status: t.revokedAt != nil ? "revoked" : (expired ? "expired" : "active"),
                     permissions: (t.permissions ?? []).map {
                         Permission($0.action == "write" ? .write : .read, database: $0.resource)
                     },
                     createdAt: t.createdAt.map(RFC3339.normalize), expiresAt: t.expiresAt.map(RFC3339.normalize),
                     revokedAt: t.revokedAt.map(RFC3339.normalize), accountID: t.accountId, clusterID: t.clusterId)
    }
}

/// `/databases` of one cluster.
struct InfluxDB3Databases: DatabaseService {
    let client: APIClient
    let prefix: String
    let product: ProductKind

    var noun: String { "database" }

    func list() async throws -> [Database] {
        let databases: [InfluxDB3Wire.Database] = try await client.get("\(prefix)/databases")
        return databases.map(database)
    }

    func create(_ spec: DatabaseSpec) async throws -> Database {
        let body = InfluxDB3Wire.DatabaseCreate(name: spec.name, maxTables: spec.maxTables, maxColumnsPerTable: spec.maxColumnsPerTable,
                                                retentionPeriod: spec.retentionSeconds.map(Self.nanoseconds),
                                                partitionTemplate: spec.partitionTemplate.map { $0.map(InfluxDB3Wire.Part.init) })
        return database(try await client.send("POST", "\(prefix)/databases", json: body))
    }

    func update(_ name: String, _ changes: DatabaseChanges) async throws -> Database {
        let body = InfluxDB3Wire.DatabaseUpdate(maxTables: changes.maxTables, maxColumnsPerTable: changes.maxColumnsPerTable,
                                                retentionPeriod: changes.retentionSeconds.map(Self.nanoseconds))
        return database(try await client.send("PATCH", path(name), json: body, notFound: "no database named \"\(name)\""))
    }

    func delete(_ name: String) async throws {
        try await client.send("DELETE", path(name), notFound: "no database named \"\(name)\"")
    }

    func rename(_ name: String, to newName: String) async throws -> Database {
        database(try await client.send("PUT", path(name) + "/rename", json: InfluxDB3Wire.Rename(name: newName),
                                       notFound: "no database named \"\(name)\""))
    }

    /// The API's path names a database ID here; influxctl passes the deleted database's name, and so does vmctl.
    func undelete(_ name: String) async throws -> Database {
        let response = try await client.send("PUT", path(name) + "/undelete", notFound: "no deleted database named \"\(name)\"")
        if response.body.isEmpty { return Database(name: name, product: product) }
        return database(try client.decode(InfluxDB3Wire.Database.self, from: response))
    }

    private func path(_ name: String) -> String { "\(prefix)/databases/\(APIClient.segment(name))" }

    static func nanoseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1_000_000_000).rounded()) }

    private func database(_ d: InfluxDB3Wire.Database) -> Database {
        Database(name: d.name, product: product, retentionSeconds: d.retentionPeriod.map { Double($0) / 1_000_000_000 },
                 maxTables: d.maxTables, maxColumnsPerTable: d.maxColumnsPerTable,
                 partitionTemplate: d.partitionTemplate.map { $0.compactMap(\.part) }, accountID: d.accountId, clusterID: d.clusterId)
    }
}
