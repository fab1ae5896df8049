import Foundation

/// The `influxdb2` product: InfluxDB 2.x OSS and Cloud (TSM) at the profile's URL, `/api/v2`.
public struct InfluxDB2Backend: ProductBackend {
    public let product = ProductKind.influxdb2
    let client: APIClient
    let org: String?
    let orgID: String?
    let profileName: String

    public init(client: APIClient, org: String?, orgID: String?, profileName: String) {
        self.client = client
        self.org = org
        self.orgID = orgID
        self.profileName = profileName
    }

    public func check(_ request: TokenCreateRequest) throws -> CheckedTokenRequest {
        if !request.allAccess && !request.operatorAccess && request.read.isEmpty && request.write.isEmpty {
            throw VMCtlError.usage("an InfluxDB 2 token needs permissions: --read-database/--write-database BUCKET, --all-access or --operator")
        }
        return CheckedTokenRequest(request)
    }

    public func tokens(deployment: String?) async throws -> TokenService {
        let org = try await resolveOrg()
        return InfluxDB2Tokens(client: client, org: org, buckets: InfluxDB2Buckets(client: client, org: org))
    }

    public func databases() async throws -> DatabaseService {
        InfluxDB2Buckets(client: client, org: try await resolveOrg())
    }

    /// The profile's org as an ID, looked up once by name when the profile names it.
    func resolveOrg() async throws -> InfluxDB2Org {
        if let orgID { return InfluxDB2Org(id: orgID, name: org ?? orgID) }
        guard let org else {
            throw VMCtlError.config("profile \"\(profileName)\" (influxdb2) names no organization",
                                    hint: "add org = \"NAME\" or org_id = \"ID\" to the profile")
        }
        let found: InfluxDB2Wire.Orgs = try await client.get("/api/v2/orgs", query: [("org", org)], notFound: "no organization named \"\(org)\"")
        guard let match = found.orgs.first(where: { $0.name == org }) ?? found.orgs.first else {
            throw VMCtlError.notFound("no organization named \"\(org)\"", hint: "check org in profile \"\(profileName)\"")
        }
        return InfluxDB2Org(id: match.id, name: org)
    }
}

/// An organization: its ID and the name to show.
struct InfluxDB2Org: Sendable {
    var id: String
    var name: String
}

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

/// `/api/v2/buckets` of one org, followed page by page.
struct InfluxDB2Buckets: DatabaseService {
    let client: APIClient
    let org: InfluxDB2Org
    static let pageSize = 100

    var noun: String { "bucket" }

    /// Every bucket of the org, following the pages (at most 100 a page).
    func all() async throws -> [InfluxDB2Wire.Bucket] {
        var buckets: [InfluxDB2Wire.Bucket] = []
        var offset = 0
        while true {
            let page: InfluxDB2Wire.Buckets = try await client.get("/api/v2/buckets", query: [
                ("orgID", org.id), ("limit", String(Self.pageSize)), ("offset", String(offset)),
            ])
            buckets += page.buckets
            if page.buckets.count < Self.pageSize || offset > 1_000_000 { return buckets }
            offset += page.buckets.count
        }
    }

    func namesByID() async throws -> [String: String] {
        Dictionary(try await all().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    func list() async throws -> [Database] {
        try await all().map(database)
    }

    func create(_ spec: DatabaseSpec) async throws -> Database {
        if spec.maxTables != nil || spec.maxColumnsPerTable != nil || spec.partitionTemplate != nil {
            throw VMCtlError.usage("--max-tables, --max-columns and partition templates are for InfluxDB 3; an InfluxDB 2 bucket has a retention only")
        }
        let rules = (spec.retentionSeconds ?? 0) > 0 ? [InfluxDB2Wire.RetentionRule(type: "expire", everySeconds: Int64(spec.retentionSeconds!))] : []
        let body = InfluxDB2Wire.BucketCreate(orgID: org.id, name: spec.name, retentionRules: rules)
        let created: InfluxDB2Wire.Bucket = try await client.send("POST", "/api/v2/buckets", json: body)
        return database(created)
    }

    func delete(_ name: String) async throws {
        guard let bucket = try await all().first(where: { $0.name == name }) else {
            throw VMCtlError.notFound("no bucket named \"\(name)\" in org \(org.name)")
        }
        try await client.send("DELETE", "/api/v2/buckets/\(APIClient.segment(bucket.id))", notFound: "no bucket named \"\(name)\"")
    }

    private func database(_ b: InfluxDB2Wire.Bucket) -> Database {
        let expire = b.retentionRules?.first { $0.type == "expire" }?.everySeconds ?? 0
        return Database(name: b.name, product: .influxdb2, id: b.id, retentionSeconds: Double(expire), orgID: b.orgID ?? org.id)
    }
}
