import Foundation
import SandboxCore
import VMCtlSupport

/// `/api/v2/authorizations` as InfluxDB OSS 2.7 serves it.
extension InfluxDB2Emulator {
    typealias Authorization = InfluxDB2State.Authorization

    /// Reading or changing a token takes the permission on it (in its org) and on the user it belongs to.
    static func tokenPermissions(_ action: String, _ a: Authorization) -> [Permission] {
        [permission(action, "authorizations", id: a.id, orgID: a.orgID), permission(action, "users", id: a.userID)]
    }

    /// An authorization as OSS shows it: the token value always, and beside each permission the names of
    /// the bucket, org or user it names where they exist.
    func authorizationJSON(_ a: Authorization, _ state: InfluxDB2State) -> JSONValue {
        func name(_ type: String, _ id: String) -> String? {
            switch type {
            case "buckets": return state.buckets.first { $0.id == id }?.name
            case "orgs": return state.orgs.first { $0.id == id }?.name
            case "users": return state.users.first { $0.id == id }?.name
            default: return ""
            }
        }
        let permissions = a.permissions.map { p -> JSONValue in
            var resource = [JSONMember("type", .string(p.resource.type))]
            if let id = p.resource.id { resource.append(JSONMember("id", .string(id))) }
            if let org = p.resource.orgID { resource.append(JSONMember("orgID", .string(org))) }
            // OSS stops naming a permission at the first ID it cannot find.
            var known = true
            if let id = p.resource.id {
                if let n = name(p.resource.type, id) {
                    if !n.isEmpty { resource.append(JSONMember("name", .string(n))) }
                } else {
                    known = false
                }
            }
            if known, let org = p.resource.orgID, let n = name("orgs", org) { resource.append(JSONMember("org", .string(n))) }
            return .obj(["action": .string(p.action), "resource": .object(resource)])
        }
        return .object([
            JSONMember("id", .string(a.id)), JSONMember("token", .string(a.token)), JSONMember("status", .string(a.status)),
            JSONMember("description", .string(a.description)), JSONMember("orgID", .string(a.orgID)),
            JSONMember("org", .string(state.orgs.first { $0.id == a.orgID }?.name ?? "")), JSONMember("userID", .string(a.userID)),
            JSONMember("user", .string(state.users.first { $0.id == a.userID }?.name ?? "")),
            JSONMember("permissions", .array(permissions)),
            JSONMember("links", .obj(["self": .string("/api/v2/authorizations/\(a.id)"), "user": .string("/api/v2/users/\(a.userID)")])),
            JSONMember("createdAt", .string(a.createdAt)), JSONMember("updatedAt", .string(a.updatedAt)),
        ])
    }

    /// OSS's token list: no paging (`links` is `self` only). `id` picks one; `orgID`/`org` and
    /// `userID`/`user` filter (names are looked up, 404 when unknown); `token` is ignored, as the
    /// description says OSS does. Tokens the caller may not read, or whose user it may not read, are dropped.
    func listAuthorizations(_ call: Call, _ state: InfluxDB2State) throws -> SandboxResponse {
        let q = call.query
        var userID = try q["userID"].flatMap { $0.isEmpty ? nil : try Self.id($0) }
        var orgID = try q["orgID"].flatMap { $0.isEmpty ? nil : try Self.id($0) }
        let id = try q["id"].flatMap { $0.isEmpty ? nil : try Self.id($0) }
        if userID == nil, let user = q["user"], !user.isEmpty {
            guard let u = state.users.first(where: { $0.name == user }) else { throw Failure.notFound("user not found") }
            userID = u.id
        }
        if orgID == nil, let org = q["org"], !org.isEmpty {
            guard let o = state.orgs.first(where: { $0.name == org }) else { throw Failure.notFound("organization name \"\(org)\" not found") }
            orgID = o.id
        }
        var list: [Authorization]
        if let id {
            guard let a = state.authorizations.first(where: { $0.id == id }) else { throw Failure.notFound("authorization not found") }
            list = [a]
        } else {
            list = state.authorizations.filter { (orgID == nil || $0.orgID == orgID) && (userID == nil || $0.userID == userID) }
        }
        list = list.filter { a in Self.tokenPermissions("read", a).allSatisfy { Self.permits(call.caller, $0) } }
        return .json(200, .obj(["links": .obj(["self": "/api/v2/authorizations"]),
                                "authorizations": .array(list.map { authorizationJSON($0, state) })]))
    }

    /// Checked in OSS's order: the body (permissions, their types and actions, orgID, status), then write
    /// access to the org's tokens and to the owning user (401), then that the caller holds every permission
    /// it grants (403 `forbidden`), then that every permission is in the token's own org (400). No token
    /// holds `instance` (OSS's setup leaves it out of the operator token, and so does the sandbox's), so a
    /// grant of it is refused with 403, as OSS refuses it to every token; OSS's later refusal, an internal
    /// error, is only for a caller that holds `instance` (in OSS a browser session; here a hand-made state).
    func createAuthorization(_ call: Call, _ state: inout InfluxDB2State) throws -> SandboxResponse {
        let prefix = "invalid json structure: "
        let body = try Self.body(call, prefix: prefix)
        let orgID = try Self.idMember(body, "orgID", prefix: prefix), userID = try Self.idMember(body, "userID", prefix: prefix)
        let description = try Self.string(body, "description", prefix: prefix) ?? ""
        let status = try Self.string(body, "status", prefix: prefix) ?? ""
        guard let permissionsValue = body["permissions"], permissionsValue != .null else {
            throw Failure.invalid("authorization must include permissions")
        }
        guard let items = permissionsValue.arrayValue else { throw Failure.invalid(prefix + "permissions must be an array") }
        if items.isEmpty { throw Failure.invalid("authorization must include permissions") }
        let permissions = try items.map { item -> Permission in
            guard case .object = item, let resource = item["resource"], case .object = resource else {
                throw Failure.invalid(prefix + "a permission must be an object with a resource")
            }
            let type = try Self.string(resource, "type", prefix: prefix) ?? ""
            let action = try Self.string(item, "action", prefix: prefix) ?? ""
            let id = try Self.idMember(resource, "id", prefix: prefix), org = try Self.idMember(resource, "orgID", prefix: prefix)
            guard Self.allResourceTypes.contains(type) else {
                throw Failure.invalid("invalid resource type for permission: unknown resource type \"\(type)\"")
            }
            guard ["read", "write"].contains(action) else { throw Failure.invalid("invalid action type for permission: unknown action \"\(action)\"") }
            return Self.permission(action, type, id: id, orgID: org)
        }
        guard let orgID else { throw Failure.invalid("org id required: invalid ID") }
        let finalStatus = status.isEmpty ? "active" : status
        guard ["active", "inactive"].contains(finalStatus) else { throw Failure.invalid("invalid status: must be active or inactive") }
        let owner = userID ?? call.caller.userID

        try Self.authorize(call.caller, Self.permission("write", "authorizations", orgID: orgID))
        try Self.authorize(call.caller, Self.permission("write", "users", id: owner))
        for p in permissions {
            do {
                try Self.authorize(call.caller, p)
            } catch let f as Failure {
                throw Failure.forbidden("permission \(Self.describe(p)) is not allowed: \(f.message)")
            }
        }
        if permissions.contains(where: { $0.resource.type == "instance" }) {
            throw Failure.internalError("authorizations cannot be created with the instance type, it is only used during setup")
        }
        if let other = permissions.first(where: { $0.resource.orgID != nil && $0.resource.orgID != orgID }) {
            throw Failure.invalid("permission \(Self.describe(other)) is not for org id \(orgID)")
        }
        guard state.users.contains(where: { $0.id == owner }), state.orgs.contains(where: { $0.id == orgID }) else {
            throw Failure.invalid("unable to create token")
        }
        let now = RFC3339.format(call.now)
        let authorization = Authorization(id: Self.newID(taken: state.authorizations.map(\.id)), token: Random.secret(length: 86) + "==",
                                          status: finalStatus, description: description, orgID: orgID, userID: owner,
                                          permissions: permissions, createdAt: now, updatedAt: now)
        state.authorizations.append(authorization)
        return .json(201, authorizationJSON(authorization, state))
    }

    func findAuthorization(_ call: Call, _ state: InfluxDB2State, _ action: String) throws -> Int {
        let id = try Self.id(call.params["id"]!)
        guard let i = state.authorizations.firstIndex(where: { $0.id == id }) else { throw Failure.notFound("authorization not found") }
        for p in Self.tokenPermissions(action, state.authorizations[i]) { try Self.authorize(call.caller, p) }
        return i
    }

    func getAuthorization(_ call: Call, _ state: InfluxDB2State) throws -> SandboxResponse {
        .json(200, authorizationJSON(state.authorizations[try findAuthorization(call, state, "read")], state))
    }

    /// Status and description only. OSS reads the token first (read access), then checks write access; a
    /// body its decoder cannot read is an internal error there, and an unknown status is refused on storing.
    func updateAuthorization(_ call: Call, _ state: inout InfluxDB2State) throws -> SandboxResponse {
        _ = try Self.id(call.params["id"]!)
        let status: String?, description: String?
        do {
            let body = try Self.body(call)
            status = try Self.string(body, "status")
            description = try Self.string(body, "description")
        } catch {
            throw Failure.internalError("the request body is not a JSON object with string status and description")
        }
        _ = try findAuthorization(call, state, "read")
        let i = try findAuthorization(call, state, "write")
        if let status, !["active", "inactive", ""].contains(status) { throw Failure.invalid("unknown authorization status") }
        if let status { state.authorizations[i].status = status.isEmpty ? "active" : status }
        if let description { state.authorizations[i].description = description }
        state.authorizations[i].updatedAt = RFC3339.format(call.now)
        return .json(200, authorizationJSON(state.authorizations[i], state))
    }

    func deleteAuthorization(_ call: Call, _ state: inout InfluxDB2State) throws -> SandboxResponse {
        state.authorizations.remove(at: try findAuthorization(call, state, "write"))
        return .empty(204)
    }
}
