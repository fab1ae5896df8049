import Foundation
import VMCtlKit

/// The InfluxDB 2 API subset of api/influxdb2.md under `/api/v2`: orgs, buckets (paged) and
/// authorizations. Every call is checked against the calling token's own permissions, so a bucket
/// token cannot manage tokens (403) and only an operator can make another operator token.
struct InfluxDB2Emulator {
    typealias Handler = @Sendable (InfluxDB2Emulator, Call, inout InfluxDB2State) throws -> SandboxResponse

    struct Call {
        var request: SandboxRequest
        var params: [String: String]
        var caller: InfluxDB2State.Authorization
        var now: Date
    }

    private static let routes: [(Route, Handler)] = [
        (Route("GET", "/api/v2/orgs"), { e, c, s in e.listOrgs(c, s) }),
        (Route("GET", "/api/v2/buckets"), { e, c, s in try e.listBuckets(c, s) }),
        (Route("POST", "/api/v2/buckets"), { e, c, s in try e.createBucket(c, &s) }),
        (Route("DELETE", "/api/v2/buckets/{id}"), { e, c, s in try e.deleteBucket(c, &s) }),
        (Route("GET", "/api/v2/authorizations"), { e, c, s in try e.listAuthorizations(c, s) }),
        (Route("POST", "/api/v2/authorizations"), { e, c, s in try e.createAuthorization(c, &s) }),
        (Route("GET", "/api/v2/authorizations/{id}"), { e, c, s in try e.getAuthorization(c, s) }),
        (Route("PATCH", "/api/v2/authorizations/{id}"), { e, c, s in try e.updateAuthorization(c, &s) }),
        (Route("DELETE", "/api/v2/authorizations/{id}"), { e, c, s in try e.deleteAuthorization(c, &s) }),
    ]

    func handle(_ request: SandboxRequest, state: inout InfluxDB2State, now: Date) -> SandboxResponse? {
        guard request.path == "/api/v2" || request.path.hasPrefix("/api/v2/") else { return nil }
        guard let header = request.header("Authorization"), let space = header.firstIndex(of: " "),
              ["Token", "Bearer"].contains(header[..<space]) else {
            return Self.error(401, "unauthorized", "no token given")
        }
        let token = String(header[header.index(after: space)...])
        guard let caller = state.authorizations.first(where: { $0.token == token }) else {
            return Self.error(401, "unauthorized", "unauthorized access")
        }
        guard caller.status == "active" else { return Self.error(401, "unauthorized", "token is inactive") }
        return Route.dispatch(Self.routes, method: request.method, segments: Route.segments(of: request.path), path: request.path,
                              render: { Self.error($0, Self.code($0), $1) }) { handler, params in
            try handler(self, Call(request: request, params: params, caller: caller, now: now), &state)
        }
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> SandboxResponse {
        .json(status, .obj(["code": .string(code), "message": .string(message)]))
    }

    static func code(_ status: Int) -> String {
        switch status {
        case 400, 422: return "invalid"
        case 401: return "unauthorized"
        case 403: return "forbidden"
        case 404: return "not found"
        case 409: return "conflict"
        default: return "internal error"
        }
    }

    // MARK: - Permissions

    /// Whether `caller` may do `action` on a resource of `type` in `orgID` (and, if given, the one `id`).
    static func allows(_ caller: InfluxDB2State.Authorization, _ action: String, _ type: String, orgID: String?, id: String? = nil) -> Bool {
        caller.permissions.contains { p in
            p.action == action && p.resource.type == type
                && (p.resource.orgID == nil || p.resource.orgID == orgID)
                && (p.resource.id == nil || p.resource.id == id)
        }
    }

    /// Whether `caller` holds `wanted` itself: nobody grants more than they have.
    static func covers(_ caller: InfluxDB2State.Authorization, _ wanted: InfluxDB2State.Permission) -> Bool {
        caller.permissions.contains { p in
            p.action == wanted.action && p.resource.type == wanted.resource.type
                && (p.resource.orgID == nil || p.resource.orgID == wanted.resource.orgID
                    || (wanted.resource.type == "orgs" && p.resource.id == nil && wanted.resource.id == p.resource.orgID))
                && (p.resource.id == nil || p.resource.id == wanted.resource.id)
                && !(p.resource.orgID != nil && wanted.resource.orgID == nil && wanted.resource.id == nil)
        }
    }

    private func require(_ ok: Bool, _ what: String) throws {
        if !ok { throw SandboxFailure(403, "insufficient permissions: \(what)") }
    }

    // MARK: - Orgs and buckets

    private func listOrgs(_ call: Call, _ state: InfluxDB2State) -> SandboxResponse {
        let name = call.request.query["org"]
        let visible = state.orgs.filter { o in
            (name == nil || o.name == name) && Self.allows(call.caller, "read", "orgs", orgID: o.id, id: o.id)
        }
        return .json(200, .obj(["orgs": .array(visible.map { .obj(["id": .string($0.id), "name": .string($0.name)]) })]))
    }

    private func bucketJSON(_ b: InfluxDB2State.Bucket) -> JSONValue {
        .obj(["id": .string(b.id), "name": .string(b.name), "orgID": .string(b.orgID), "type": .string(b.type),
              "retentionRules": .array(b.everySeconds > 0 ? [.obj(["type": "expire", "everySeconds": .int(b.everySeconds)])] : []),
              "createdAt": .string(b.createdAt)])
    }

    private func listBuckets(_ call: Call, _ state: InfluxDB2State) throws -> SandboxResponse {
        let q = call.request.query
        let limit = Int(q["limit"] ?? "20") ?? -1
        let offset = Int(q["offset"] ?? "0") ?? -1
        guard (1...100).contains(limit), offset >= 0 else { throw SandboxFailure(400, "limit must be 1 to 100 and offset at least 0") }
        let matching = state.buckets.filter { b in
            (q["orgID"] == nil || b.orgID == q["orgID"]) && (q["name"] == nil || b.name == q["name"])
                && Self.allows(call.caller, "read", "buckets", orgID: b.orgID, id: b.id)
        }
        let page = Array(matching.dropFirst(offset).prefix(limit))
        var links: [JSONMember] = [JSONMember("self", .string("/api/v2/buckets?limit=\(limit)&offset=\(offset)"))]
        if offset + page.count < matching.count {
            links.append(JSONMember("next", .string("/api/v2/buckets?limit=\(limit)&offset=\(offset + page.count)")))
        }
        return .json(200, .obj(["buckets": .array(page.map(bucketJSON)), "links": .object(links)]))
    }

    private func createBucket(_ call: Call, _ state: inout InfluxDB2State) throws -> SandboxResponse {
        let body = try Reply.jsonObject(call.request).get()
        guard let orgID = body["orgID"]?.stringValue, state.orgs.contains(where: { $0.id == orgID }) else {
            throw SandboxFailure(400, "orgID must name an organization")
        }
        try require(Self.allows(call.caller, "write", "buckets", orgID: orgID), "write:buckets")
        guard let name = body["name"]?.stringValue, !name.isEmpty, !name.hasPrefix("_") else {
            throw SandboxFailure(400, "bucket name must not be empty or start with _")
        }
        if state.buckets.contains(where: { $0.orgID == orgID && $0.name == name }) {
            throw SandboxFailure(409, "bucket with name \(name) already exists")
        }
        var every: Int64 = 0
        for rule in body["retentionRules"]?.arrayValue ?? [] where rule["type"]?.stringValue == "expire" {
            every = rule["everySeconds"]?.intValue ?? 0
        }
        if every != 0 && every < 3600 { throw SandboxFailure(400, "retention policy duration must be at least 1h") }
        let bucket = InfluxDB2State.Bucket(id: Random.hexID(), name: name, orgID: orgID, type: "user", everySeconds: every,
                                           createdAt: RFC3339.format(call.now))
        state.buckets.append(bucket)
        return .json(201, bucketJSON(bucket))
    }

    private func deleteBucket(_ call: Call, _ state: inout InfluxDB2State) throws -> SandboxResponse {
        let id = call.params["id"]!
        guard let i = state.buckets.firstIndex(where: { $0.id == id }) else { throw SandboxFailure(404, "bucket not found") }
        try require(Self.allows(call.caller, "write", "buckets", orgID: state.buckets[i].orgID, id: id), "write:buckets")
        state.buckets.remove(at: i)
        return .empty(204)
    }

    // MARK: - Authorizations

    private func authorizationJSON(_ a: InfluxDB2State.Authorization, _ state: InfluxDB2State, withToken: Bool) -> JSONValue {
        var members = [JSONMember("id", .string(a.id))]
        if withToken { members.append(JSONMember("token", .string(a.token))) }
        members += [
            JSONMember("status", .string(a.status)), JSONMember("description", .string(a.description)),
            JSONMember("orgID", .string(a.orgID)), JSONMember("org", .optional(state.orgs.first { $0.id == a.orgID }?.name)),
            JSONMember("userID", .string(a.userID)), JSONMember("user", .optional(state.users.first { $0.id == a.userID }?.name)),
            JSONMember("permissions", .array(a.permissions.map { p in
                var resource = [JSONMember("type", .string(p.resource.type))]
                if let id = p.resource.id { resource.append(JSONMember("id", .string(id))) }
                if let org = p.resource.orgID { resource.append(JSONMember("orgID", .string(org))) }
                return .obj(["action": .string(p.action), "resource": .object(resource)])
            })),
            JSONMember("createdAt", .string(a.createdAt)), JSONMember("updatedAt", .string(a.updatedAt)),
            JSONMember("links", .obj(["self": .string("/api/v2/authorizations/\(a.id)"), "user": .string("/api/v2/users/\(a.userID)")])),
        ]
        return .object(members)
    }

    private func listAuthorizations(_ call: Call, _ state: InfluxDB2State) throws -> SandboxResponse {
        let orgID = call.request.query["orgID"] ?? state.orgs.first { $0.name == call.request.query["org"] }?.id
        try require(Self.allows(call.caller, "read", "authorizations", orgID: orgID ?? call.caller.orgID), "read:authorizations")
        let list = state.authorizations.filter { orgID == nil || $0.orgID == orgID }
        // As InfluxDB OSS does, the owner sees the token values in the list.
        return .json(200, .obj(["authorizations": .array(list.map { authorizationJSON($0, state, withToken: $0.userID == call.caller.userID) })]))
    }

    private func createAuthorization(_ call: Call, _ state: inout InfluxDB2State) throws -> SandboxResponse {
        let body = try Reply.jsonObject(call.request).get()
        guard let orgID = body["orgID"]?.stringValue, state.orgs.contains(where: { $0.id == orgID }) else {
            throw SandboxFailure(400, "orgID must name an organization")
        }
        try require(Self.allows(call.caller, "write", "authorizations", orgID: orgID), "write:authorizations")
        guard let items = body["permissions"]?.arrayValue, !items.isEmpty else { throw SandboxFailure(400, "permissions must not be empty") }
        let permissions = try items.map { item -> InfluxDB2State.Permission in
            guard let action = item["action"]?.stringValue, ["read", "write"].contains(action) else {
                throw SandboxFailure(400, "permission action must be read or write")
            }
            guard let type = item["resource"]?["type"]?.stringValue, InfluxDB2Permissions.resourceTypes.contains(type) else {
                throw SandboxFailure(400, "unknown resource type")
            }
            let id = item["resource"]?["id"]?.stringValue, resourceOrg = item["resource"]?["orgID"]?.stringValue
            if type == "buckets", let id, !state.buckets.contains(where: { $0.id == id && $0.orgID == resourceOrg }) {
                throw SandboxFailure(400, "bucket \(id) not found in org")
            }
            return InfluxDB2State.Permission(action: action, resource: InfluxDB2State.Resource(type: type, id: id, orgID: resourceOrg))
        }
        for permission in permissions where !Self.covers(call.caller, permission) {
            throw SandboxFailure(403, "cannot grant \(permission.action) on \(permission.resource.type)\(permission.resource.orgID == nil && permission.resource.id == nil ? " in every org (only an operator token can)" : ""): the calling token does not have it")
        }
        let status = body["status"]?.stringValue ?? "active"
        guard ["active", "inactive"].contains(status) else { throw SandboxFailure(400, "status must be active or inactive") }
        let now = RFC3339.format(call.now)
        let authorization = InfluxDB2State.Authorization(id: Random.hexID(), token: Random.secret(length: 86) + "==", status: status,
                                                         description: body["description"]?.stringValue ?? "", orgID: orgID,
                                                         userID: call.caller.userID, permissions: permissions, createdAt: now, updatedAt: now)
        state.authorizations.append(authorization)
        return .json(201, authorizationJSON(authorization, state, withToken: true))
    }

    private func find(_ call: Call, _ state: InfluxDB2State, _ action: String) throws -> Int {
        guard let i = state.authorizations.firstIndex(where: { $0.id == call.params["id"] }) else {
            throw SandboxFailure(404, "authorization not found")
        }
        try require(Self.allows(call.caller, action, "authorizations", orgID: state.authorizations[i].orgID), "\(action):authorizations")
        return i
    }

    private func getAuthorization(_ call: Call, _ state: InfluxDB2State) throws -> SandboxResponse {
        let a = state.authorizations[try find(call, state, "read")]
        return .json(200, authorizationJSON(a, state, withToken: a.userID == call.caller.userID))
    }

    private func updateAuthorization(_ call: Call, _ state: inout InfluxDB2State) throws -> SandboxResponse {
        let i = try find(call, state, "write")
        let body = try Reply.jsonObject(call.request).get()
        if let status = body["status"]?.stringValue {
            guard ["active", "inactive"].contains(status) else { throw SandboxFailure(400, "status must be active or inactive") }
            state.authorizations[i].status = status
        }
        if let description = body["description"]?.stringValue { state.authorizations[i].description = description }
        state.authorizations[i].updatedAt = RFC3339.format(call.now)
        return .json(200, authorizationJSON(state.authorizations[i], state, withToken: false))
    }

    private func deleteAuthorization(_ call: Call, _ state: inout InfluxDB2State) throws -> SandboxResponse {
        state.authorizations.remove(at: try find(call, state, "write"))
        return .empty(204)
    }
}
