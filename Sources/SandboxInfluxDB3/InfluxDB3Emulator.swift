import Foundation
import SandboxCore
import VMCtlSupport

/// The InfluxDB 3 Management API (docs/api/influxdb3.md, management API; "the descriptions" below are the
/// published ones it names) for one cluster: Dedicated under
/// `/api/v0/accounts/{account}/clusters/{cluster}` (other IDs get 404), Clustered under `/api/v0` as on a
/// Clustered host (its description's server base path): the two share `/api/v0` without overlapping.
/// Errors are `{"code": status, "message": text}`; deletes answer 204 with no body.
public struct InfluxDB3Emulator: Sendable {
    let apiKey: String

    public enum Flavor: Sendable {
        case dedicated, clustered

        /// `dedicated` or `clustered`: the product's name in the exchange log and the data plane's log.
        public var name: String { self == .dedicated ? "dedicated" : "clustered" }
    }

    public init(apiKey: String) {
        self.apiKey = apiKey
    }

    typealias Handler = @Sendable (InfluxDB3Emulator, SandboxRequest, [String: String], inout InfluxDB3Cluster, Date, Scope) throws -> SandboxResponse

    /// The account and cluster to stamp on objects (Dedicated only).
    struct Scope {
        var accountID: String?
        var clusterID: String?
    }

    private static let routes: [(Route, Handler)] = [
        (Route("GET", "/tokens"), { e, _, _, s, _, scope in e.listTokens(s, scope) }),
        (Route("POST", "/tokens"), { e, r, _, s, now, scope in try e.createToken(r, &s, now, scope) }),
        (Route("GET", "/tokens/{id}"), { e, _, p, s, _, scope in try e.getToken(p["id"]!, s, scope) }),
        (Route("PATCH", "/tokens/{id}"), { e, r, p, s, _, scope in try e.updateToken(p["id"]!, r, &s, scope) }),
        (Route("DELETE", "/tokens/{id}"), { e, _, p, s, now, _ in try e.revokeToken(p["id"]!, &s, now) }),
        (Route("GET", "/databases"), { e, _, _, s, _, scope in e.listDatabases(s, scope) }),
        (Route("POST", "/databases"), { e, r, _, s, _, scope in try e.createDatabase(r, &s, scope) }),
        (Route("PATCH", "/databases/{name}"), { e, r, p, s, _, scope in try e.updateDatabase(p["name"]!, r, &s, scope) }),
        (Route("DELETE", "/databases/{name}"), { e, _, p, s, _, _ in try e.deleteDatabase(p["name"]!, &s) }),
        (Route("PUT", "/databases/{name}/rename"), { e, r, p, s, _, scope in try e.renameDatabase(p["name"]!, r, &s, scope) }),
        (Route("PUT", "/databases/{id}/undelete"), { e, _, p, s, _, scope in try e.undeleteDatabase(p["id"]!, &s, scope) }),
        (Route("POST", "/databases/{name}/tables"), { e, r, p, s, _, scope in try e.createTable(p["name"]!, r, &s, scope) }),
        (Route("DELETE", "/databases/{name}/tables/{table}"), { e, _, p, s, _, _ in try e.deleteTable(p["name"]!, p["table"]!, &s) }),
        (Route("PUT", "/databases/{name}/tables/{table}/rename"), { e, r, p, s, _, scope in
            try e.renameTable(p["name"]!, p["table"]!, r, &s, scope)
        }),
        (Route("PUT", "/databases/{name}/tables/{id}/undelete"), { e, _, p, s, _, scope in try e.undeleteTable(p["name"]!, p["id"]!, &s, scope) }),
    ]

    /// Answers the Dedicated or Clustered API, saying which; nil for paths that are not theirs.
    public func handle(_ request: SandboxRequest, state: inout InfluxDB3State, now: Date) -> (SandboxResponse, Flavor)? {
        let segments = Route.segments(of: request.path)
        if segments.count >= 3, segments[0] == "api", segments[1] == "v0", ["tokens", "databases"].contains(segments[2]) {
            if let denied = authenticate(request) { return (denied, .clustered) }
            return (route(request, Array(segments.dropFirst(2)), &state.clustered, now, Scope()), .clustered)
        }
        if segments.count >= 2, segments[0] == "api", segments[1] == "v0" {
            guard segments.count >= 6, segments[2] == "accounts", segments[4] == "clusters" else {
                return (Self.error(404, "no such endpoint: \(request.method) \(request.path)"), .dedicated)
            }
            if let denied = authenticate(request) { return (denied, .dedicated) }
            guard segments[3] == state.dedicatedAccountID, segments[5] == state.dedicatedClusterID else {
                return (Self.error(404, "account \(segments[3]) has no cluster \(segments[5])"), .dedicated)
            }
            let scope = Scope(accountID: state.dedicatedAccountID, clusterID: state.dedicatedClusterID)
            return (route(request, Array(segments.dropFirst(6)), &state.dedicated, now, scope), .dedicated)
        }
        return nil
    }

    private func authenticate(_ request: SandboxRequest) -> SandboxResponse? {
        guard let header = request.header("Authorization"), header.hasPrefix("Bearer ") else {
            return Self.error(401, "missing bearer token")
        }
        return header.dropFirst("Bearer ".count) == apiKey ? nil : Self.error(401, "invalid management token")
    }

    private func route(_ request: SandboxRequest, _ segments: [String], _ cluster: inout InfluxDB3Cluster, _ now: Date, _ scope: Scope) -> SandboxResponse {
        Route.dispatch(Self.routes, method: request.method, segments: segments, path: request.path, render: Self.error) { handler, params in
            try handler(self, request, params, &cluster, now, scope)
        }
    }

    static func error(_ status: Int, _ message: String) -> SandboxResponse {
        .json(status, .obj(["code": .int(Int64(status)), "message": .string(message)]))
    }

    // MARK: - Tokens

    private func tokenJSON(_ t: InfluxDB3Cluster.Token, _ scope: Scope, withSecret: Bool = false) -> JSONValue {
        var members: [JSONMember] = []
        if let a = scope.accountID { members.append(JSONMember("accountId", .string(a))) }
        if let c = scope.clusterID { members.append(JSONMember("clusterId", .string(c))) }
        members += [JSONMember("id", .string(t.id)), JSONMember("description", .string(t.description)),
                    JSONMember("permissions", .array(t.permissions.map { .obj(["action": .string($0.action), "resource": .string($0.resource)]) })),
                    JSONMember("createdAt", .string(t.createdAt))]
        if let e = t.expiresAt { members.append(JSONMember("expiresAt", .string(e))) }
        if let r = t.revokedAt { members.append(JSONMember("revokedAt", .string(r))) }
        if withSecret { members.append(JSONMember("accessToken", .string(t.accessToken))) }
        return .object(members)
    }

    private func permissions(_ value: JSONValue?) throws -> [InfluxDB3Cluster.Permission] {
        guard let value, value != .null else { return [] }
        guard let items = value.arrayValue else { throw SandboxFailure(400, "permissions must be an array") }
        return try items.map { item in
            guard let action = item["action"]?.stringValue, ["read", "write"].contains(action) else {
                throw SandboxFailure(400, "permission action must be read or write")
            }
            // DatabaseTokenPermissionResource: a database name (1 to 64 characters) or "*".
            guard let resource = item["resource"]?.stringValue, (1...64).contains(resource.count) else {
                throw SandboxFailure(400, "permission resource must be a database name of 1 to 64 characters, or *")
            }
            return InfluxDB3Cluster.Permission(action: action, resource: resource)
        }
    }

    private func listTokens(_ state: InfluxDB3Cluster, _ scope: Scope) -> SandboxResponse {
        .json(200, .array(state.tokens.map { tokenJSON($0, scope) }))
    }

    private func createToken(_ request: SandboxRequest, _ state: inout InfluxDB3Cluster, _ now: Date, _ scope: Scope) throws -> SandboxResponse {
        let body = try Reply.jsonObject(request).get()
        guard let description = body["description"]?.stringValue, !description.isEmpty else {
            throw SandboxFailure(400, "description is required")
        }
        var expiresAt: String?
        if let value = body["expiresAt"], value != .null {
            guard let text = value.stringValue, let date = RFC3339.parse(text) else { throw SandboxFailure(400, "expiresAt must be RFC 3339") }
            if date <= now { throw SandboxFailure(400, "expiresAt must be in the future") }
            expiresAt = text
        }
        let token = InfluxDB3Cluster.Token(id: Random.uuid(), description: description, permissions: try permissions(body["permissions"]),
                                         createdAt: RFC3339.format(now), expiresAt: expiresAt, revokedAt: nil,
                                         accessToken: "apiv1_" + Random.secret(length: 64))
        state.tokens.append(token)
        return .json(200, tokenJSON(token, scope, withSecret: true))
    }

    private func getToken(_ id: String, _ state: InfluxDB3Cluster, _ scope: Scope) throws -> SandboxResponse {
        guard let t = state.tokens.first(where: { $0.id == id }) else { throw SandboxFailure(404, "token \(id) not found") }
        return .json(200, tokenJSON(t, scope))
    }

    private func updateToken(_ id: String, _ request: SandboxRequest, _ state: inout InfluxDB3Cluster, _ scope: Scope) throws -> SandboxResponse {
        guard let i = state.tokens.firstIndex(where: { $0.id == id }) else { throw SandboxFailure(404, "token \(id) not found") }
        if state.tokens[i].revokedAt != nil { throw SandboxFailure(400, "token \(id) is revoked") }
        let body = try Reply.jsonObject(request).get()
        let description = body["description"], perms = body["permissions"]
        if (description == nil || description == .null) && (perms == nil || perms == .null) {
            throw SandboxFailure(400, "give description or permissions")
        }
        if let text = description?.stringValue {
            if text.isEmpty { throw SandboxFailure(400, "description must not be empty") }
            state.tokens[i].description = text
        }
        if let perms, perms != .null { state.tokens[i].permissions = try permissions(perms) }
        return .json(200, tokenJSON(state.tokens[i], scope))
    }

    private func revokeToken(_ id: String, _ state: inout InfluxDB3Cluster, _ now: Date) throws -> SandboxResponse {
        guard let i = state.tokens.firstIndex(where: { $0.id == id && $0.revokedAt == nil }) else {
            throw SandboxFailure(404, "token \(id) not found")
        }
        state.tokens[i].revokedAt = RFC3339.format(now)
        return .empty(204)
    }

    // MARK: - Databases

    private func databaseJSON(_ d: InfluxDB3Cluster.Database, _ scope: Scope) -> JSONValue {
        var members: [JSONMember] = []
        if let a = scope.accountID { members.append(JSONMember("accountId", .string(a))) }
        if let c = scope.clusterID { members.append(JSONMember("clusterId", .string(c))) }
        // The ID is required in rename and undelete answers; the list and create answers carry it too,
        // as undelete needs it.
        members += [JSONMember("id", .int(d.id ?? 0)), JSONMember("name", .string(d.name)), JSONMember("maxTables", .int(d.maxTables)),
                    JSONMember("maxColumnsPerTable", .int(d.maxColumnsPerTable)), JSONMember("retentionPeriod", .int(d.retentionPeriod))]
        if let parts = d.partitionTemplate { members.append(JSONMember("partitionTemplate", templateJSON(parts))) }
        return .object(members)
    }

    func templateJSON(_ parts: [InfluxDB3Cluster.Part]) -> JSONValue {
        .array(parts.map { p in
            p.type == "bucket"
                ? .obj(["type": "bucket", "value": .obj(["tagName": .string(p.tagName ?? ""), "numberOfBuckets": .int(Int64(p.numberOfBuckets ?? 0))])])
                : .obj(["type": .string(p.type), "value": .string(p.value ?? "")])
        })
    }

    /// A request body's `partitionTemplate`: 1 to 8 tag, time or bucket parts; nil when absent.
    func partitionTemplate(_ value: JSONValue?) throws -> [InfluxDB3Cluster.Part]? {
        guard let value, value != .null else { return nil }
        guard let parts = value.arrayValue, (1...8).contains(parts.count) else {
            throw SandboxFailure(400, "partitionTemplate must have 1 to 8 parts")
        }
        return try parts.map { part in
            switch part["type"]?.stringValue {
            case "tag", "time":
                guard let v = part["value"]?.stringValue, !v.isEmpty else { throw SandboxFailure(400, "a tag or time part needs a value") }
                return InfluxDB3Cluster.Part(type: part["type"]!.stringValue!, value: v)
            case "bucket":
                guard let tag = part["value"]?["tagName"]?.stringValue, !tag.isEmpty,
                      let count = part["value"]?["numberOfBuckets"]?.intValue, (1...100_000).contains(count) else {
                    throw SandboxFailure(400, "a bucket part needs tagName and numberOfBuckets from 1 to 100000")
                }
                return InfluxDB3Cluster.Part(type: "bucket", tagName: tag, numberOfBuckets: Int(count))
            default:
                throw SandboxFailure(400, "partition template part type must be tag, bucket or time")
            }
        }
    }

    private func listDatabases(_ state: InfluxDB3Cluster, _ scope: Scope) -> SandboxResponse {
        .json(200, .array(state.databases.map { databaseJSON($0, scope) }))
    }

    private func positive(_ body: JSONValue, _ key: String) throws -> Int64? {
        guard let value = body[key], value != .null else { return nil }
        // int32 in the descriptions.
        guard let n = value.intValue, (1...Int64(Int32.max)).contains(n) else {
            throw SandboxFailure(400, "\(key) must be an integer from 1 to \(Int32.max)")
        }
        return n
    }

    private func retention(_ body: JSONValue) throws -> Int64? {
        guard let value = body["retentionPeriod"], value != .null else { return nil }
        guard let n = value.intValue, n >= 0 else { throw SandboxFailure(400, "retentionPeriod must be nanoseconds, 0 for infinite") }
        return n
    }

    private func createDatabase(_ request: SandboxRequest, _ state: inout InfluxDB3Cluster, _ scope: Scope) throws -> SandboxResponse {
        let body = try Reply.jsonObject(request).get()
        guard let name = body["name"]?.stringValue, (1...64).contains(name.count) else {
            throw SandboxFailure(400, "name must have 1 to 64 characters")
        }
        if state.databases.contains(where: { $0.name == name }) { throw SandboxFailure(409, "database \(name) already exists") }
        let template = try partitionTemplate(body["partitionTemplate"])
        let database = InfluxDB3Cluster.Database(id: state.nextDatabaseID, name: name, maxTables: try positive(body, "maxTables") ?? 500,
                                                maxColumnsPerTable: try positive(body, "maxColumnsPerTable") ?? 200,
                                                retentionPeriod: try retention(body) ?? 0, partitionTemplate: template)
        state.databases.append(database)
        return .json(200, databaseJSON(database, scope))
    }

    private func updateDatabase(_ name: String, _ request: SandboxRequest, _ state: inout InfluxDB3Cluster, _ scope: Scope) throws -> SandboxResponse {
        guard let i = state.databases.firstIndex(where: { $0.name == name }) else { throw SandboxFailure(404, "database \(name) not found") }
        let body = try Reply.jsonObject(request).get()
        let tables = try positive(body, "maxTables"), columns = try positive(body, "maxColumnsPerTable"), period = try retention(body)
        if tables == nil && columns == nil && period == nil {
            throw SandboxFailure(400, "give at least one of maxTables, maxColumnsPerTable, retentionPeriod")
        }
        if let tables { state.databases[i].maxTables = tables }
        if let columns { state.databases[i].maxColumnsPerTable = columns }
        if let period { state.databases[i].retentionPeriod = period }
        return .json(200, databaseJSON(state.databases[i], scope))
    }

    private func deleteDatabase(_ name: String, _ state: inout InfluxDB3Cluster) throws -> SandboxResponse {
        guard let i = state.databases.firstIndex(where: { $0.name == name }) else { throw SandboxFailure(404, "database \(name) not found") }
        state.deletedDatabases.append(state.databases.remove(at: i))
        return .empty(204)
    }

    private func renameDatabase(_ name: String, _ request: SandboxRequest, _ state: inout InfluxDB3Cluster, _ scope: Scope) throws -> SandboxResponse {
        guard let i = state.databases.firstIndex(where: { $0.name == name }) else { throw SandboxFailure(404, "database \(name) not found") }
        let body = try Reply.jsonObject(request).get()
        guard let newName = body["name"]?.stringValue, (1...64).contains(newName.count) else {
            throw SandboxFailure(400, "name must have 1 to 64 characters")
        }
        if state.databases.contains(where: { $0.name == newName }) { throw SandboxFailure(409, "database \(newName) already exists") }
        state.databases[i].name = newName
        return .json(200, databaseJSON(state.databases[i], scope))
    }

    /// Undelete takes the numeric database ID, as the path of the description says; a name is refused.
    private func undeleteDatabase(_ idText: String, _ state: inout InfluxDB3Cluster, _ scope: Scope) throws -> SandboxResponse {
        guard let id = Int64(idText), id >= 1 else {
            throw SandboxFailure(400, "databaseId must be the numeric ID of the database (an integer of at least 1), not \"\(idText)\"")
        }
        guard let i = state.deletedDatabases.lastIndex(where: { $0.id == id }) else {
            throw SandboxFailure(404, "no deleted database with ID \(id)")
        }
        let name = state.deletedDatabases[i].name
        if state.databases.contains(where: { $0.name == name }) { throw SandboxFailure(400, "database \(name) exists; it cannot be undeleted") }
        let restored = state.deletedDatabases.remove(at: i)
        state.databases.append(restored)
        return .json(200, databaseJSON(restored, scope))
    }
}
