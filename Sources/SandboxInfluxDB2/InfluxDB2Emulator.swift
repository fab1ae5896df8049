import Foundation
import SandboxCore
import VMCtlSupport

/// The InfluxDB 2 API under `/api/v2` as InfluxDB OSS 2.7 answers it (its published OpenAPI description
/// is the contract; docs/api/influxdb2.md, management API): orgs, buckets, authorizations, `/me` and
/// `/resources`. Every call is checked against the calling token's permissions the way OSS's
/// authorizer checks them: a missing permission is 401 `unauthorized` ("<permission> is
/// unauthorized"), granting a permission the caller lacks is 403 `forbidden`, and lists are filtered
/// after paging, so a token that may read only some buckets sees fewer per page.
public struct InfluxDB2Emulator: Sendable {
    typealias Handler = @Sendable (InfluxDB2Emulator, Call, inout InfluxDB2State) throws -> SandboxResponse

    struct Call {
        var request: SandboxRequest
        var params: [String: String]
        var caller: InfluxDB2State.Authorization
        var now: Date
        var query: [String: String] { request.query }
    }

    /// An error as OSS writes it: `{"code", "message"}`, the status following from the code.
    struct Failure: Error {
        var code: String
        var message: String

        static func invalid(_ m: String) -> Failure { Failure(code: "invalid", message: m) }
        static func notFound(_ m: String) -> Failure { Failure(code: "not found", message: m) }
        static func conflict(_ m: String) -> Failure { Failure(code: "conflict", message: m) }
        static func unprocessable(_ m: String) -> Failure { Failure(code: "unprocessable entity", message: m) }
        static func unauthorized(_ m: String) -> Failure { Failure(code: "unauthorized", message: m) }
        static func forbidden(_ m: String) -> Failure { Failure(code: "forbidden", message: m) }
        static func internalError(_ m: String) -> Failure { Failure(code: "internal error", message: m) }

        /// OSS maps `conflict` to 422, not 409.
        var status: Int {
            switch code {
            case "invalid", "empty value": return 400
            case "unauthorized": return 401
            case "forbidden": return 403
            case "not found": return 404
            case "method not allowed": return 405
            case "conflict", "unprocessable entity": return 422
            default: return 500
            }
        }

        var response: SandboxResponse {
            var r = SandboxResponse.json(status, .obj(["code": .string(code), "message": .string(message)]))
            r.headers.append(("X-Platform-Error-Code", code))
            return r
        }
    }

    private static let routes: [(Route, Handler)] = [
        (Route("GET", "/api/v2/orgs"), { e, c, s in try e.listOrgs(c, s) }),
        (Route("GET", "/api/v2/orgs/{id}"), { e, c, s in try e.getOrg(c, s) }),
        (Route("PATCH", "/api/v2/orgs/{id}"), { e, c, s in try e.updateOrg(c, &s) }),
        (Route("GET", "/api/v2/buckets"), { e, c, s in try e.listBuckets(c, s) }),
        (Route("POST", "/api/v2/buckets"), { e, c, s in try e.createBucket(c, &s) }),
        (Route("GET", "/api/v2/buckets/{id}"), { e, c, s in try e.getBucket(c, s) }),
        (Route("PATCH", "/api/v2/buckets/{id}"), { e, c, s in try e.updateBucket(c, &s) }),
        (Route("DELETE", "/api/v2/buckets/{id}"), { e, c, s in try e.deleteBucket(c, &s) }),
        (Route("GET", "/api/v2/authorizations"), { e, c, s in try e.listAuthorizations(c, s) }),
        (Route("POST", "/api/v2/authorizations"), { e, c, s in try e.createAuthorization(c, &s) }),
        (Route("GET", "/api/v2/authorizations/{id}"), { e, c, s in try e.getAuthorization(c, s) }),
        (Route("PATCH", "/api/v2/authorizations/{id}"), { e, c, s in try e.updateAuthorization(c, &s) }),
        (Route("DELETE", "/api/v2/authorizations/{id}"), { e, c, s in try e.deleteAuthorization(c, &s) }),
        (Route("GET", "/api/v2/me"), { e, c, s in try e.me(c, s) }),
        (Route("GET", "/api/v2/resources"), { _, _, _ in .json(200, .array(Self.allResourceTypes.map(JSONValue.string))) }),
    ]

    /// OSS's `AllResourceTypes`, in its order, as `GET /api/v2/resources` lists them.
    static let allResourceTypes = [
        "authorizations", "buckets", "dashboards", "orgs", "sources", "tasks", "telegrafs", "users", "variables", "scrapers",
        "secrets", "labels", "views", "documents", "notificationRules", "notificationEndpoints", "checks", "dbrp", "notebooks",
        "annotations", "remotes", "replications", "instance",
    ]

    public init() {}

    public func handle(_ request: SandboxRequest, state: inout InfluxDB2State, now: Date) -> SandboxResponse? {
        guard request.path == "/api/v2" || request.path.hasPrefix("/api/v2/") else { return nil }
        // OSS answers every failed authentication alike: no header, another scheme, an unknown token.
        guard let token = InfluxData.token(in: request.header("Authorization")),
              let caller = state.authorizations.first(where: { $0.token == token }) else {
            return Failure.unauthorized("unauthorized access").response
        }
        return Route.dispatch(Self.routes, method: request.method, segments: Route.segments(of: request.path), path: request.path,
                              render: { status, _ in
                                  status == 405 ? Failure(code: "method not allowed", message: "method not allowed").response
                                                : Failure.notFound("path not found").response
                              }) { handler, params in
            do {
                return try handler(self, Call(request: request, params: params, caller: caller, now: now), &state)
            } catch let failure as Failure {
                return failure.response
            }
        }
    }

    // MARK: - IDs and request bodies

    /// A 16-hex-digit, non-zero ID, as OSS decodes IDs from paths, queries and bodies.
    static func id(_ text: String) throws -> String {
        guard text.utf8.count == 16 else { throw Failure.invalid("id must have a length of 16 bytes") }
        guard let value = UInt64(text, radix: 16), value != 0 else { throw Failure.invalid("invalid ID") }
        return String(format: "%016llx", value)
    }

    /// The request body as a JSON object; OSS's own wording for what its JSON decoder refuses.
    static func body(_ call: Call, prefix: String = "failed to unmarshal json: ") throws -> JSONValue {
        guard let value = try? JSONParser.parse(call.request.body), case .object = value else {
            throw Failure.invalid(prefix + "the request body is not a JSON object")
        }
        return value
    }

    /// A string member, or nil when absent or null; another JSON type is refused as OSS's decoder refuses it.
    static func string(_ object: JSONValue, _ key: String, prefix: String = "failed to unmarshal json: ") throws -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard let s = value.stringValue else { throw Failure.invalid(prefix + "\(key) must be a string") }
        return s
    }

    /// An ID member of a body: absent is nil, a malformed one fails decoding.
    static func idMember(_ object: JSONValue, _ key: String, prefix: String = "failed to unmarshal json: ") throws -> String? {
        guard let s = try string(object, key, prefix: prefix), !s.isEmpty else { return nil }
        do { return try id(s) } catch let f as Failure { throw Failure.invalid(prefix + f.message) }
    }

    // MARK: - Permissions, as OSS's authorizer checks them

    typealias Permission = InfluxDB2State.Permission

    static func permission(_ action: String, _ type: String, id: String? = nil, orgID: String? = nil) -> Permission {
        Permission(action: action, resource: InfluxDB2State.Resource(type: type, id: id, orgID: orgID))
    }

    /// `read:orgs/<org>/buckets/<id>`, as OSS names a permission in its messages.
    static func describe(_ p: Permission) -> String {
        let r = p.resource
        let path: String
        switch (r.orgID, r.id) {
        case let (org?, id?): path = "orgs/\(org)/\(r.type)/\(id)"
        case let (org?, nil): path = "orgs/\(org)/\(r.type)"
        case let (nil, id?): path = "\(r.type)/\(id)"
        case (nil, nil): path = r.type
        }
        return "\(p.action):\(path)"
    }

    /// Whether the held permission `p` covers `wanted`: a type-wide one everything of the type, an org-wide
    /// one what names the same org, one with an ID what names the same ID; `instance` covers everything.
    static func matches(_ p: Permission, _ wanted: Permission) -> Bool {
        guard p.action == wanted.action else { return false }
        if p.resource.type == "instance" { return true }
        guard p.resource.type == wanted.resource.type else { return false }
        if p.resource.orgID == nil && p.resource.id == nil { return true }
        if let org = p.resource.orgID, p.resource.id == nil, wanted.resource.orgID == org { return true }
        if let id = p.resource.id, wanted.resource.id == id { return true }
        return false
    }

    /// Passes when `caller` holds `wanted`; else 401, as OSS answers (an inactive token holds nothing).
    static func authorize(_ caller: InfluxDB2State.Authorization, _ wanted: Permission) throws {
        guard caller.status == "active" else { throw Failure.unauthorized("token is inactive") }
        guard caller.permissions.contains(where: { matches($0, wanted) }) else {
            throw Failure.unauthorized("\(describe(wanted)) is unauthorized")
        }
    }

    /// For list filtering: what `authorize` would let through.
    static func permits(_ caller: InfluxDB2State.Authorization, _ wanted: Permission) -> Bool {
        (try? authorize(caller, wanted)) != nil
    }

    /// Reading a system bucket takes read access to its org; a user bucket, read access to the bucket.
    static func readPermission(_ b: InfluxDB2State.Bucket) -> Permission {
        b.type == "system" ? permission("read", "orgs", id: b.orgID) : permission("read", "buckets", id: b.id, orgID: b.orgID)
    }

    // MARK: - Paging

    /// `limit`, `offset`, `after`, `descending`, `sortBy` as OSS decodes them for every list.
    struct FindOptions {
        var limit = 20
        var offset = 0
        var after: String?
        var descending = false
        var sortBy: String?

        init(_ q: [String: String]) throws {
            if let o = q["offset"], !o.isEmpty {
                guard let v = Int(o) else { throw Failure.invalid("offset is invalid") }
                offset = v
            }
            if let a = q["after"], !a.isEmpty {
                do { after = try InfluxDB2Emulator.id(a) } catch let f as Failure { throw Failure.invalid("decoding after: \(f.message)") }
            }
            if let l = q["limit"], !l.isEmpty {
                guard let v = Int(l) else { throw Failure.invalid("limit is invalid") }
                guard (1...100).contains(v) else { throw Failure.invalid("limit must be between 1 and 100") }
                limit = v
            }
            if let s = q["sortBy"], !s.isEmpty { sortBy = s }
            if let d = q["descending"], !d.isEmpty {
                switch d {
                case "1", "t", "T", "true", "TRUE", "True": descending = true
                case "0", "f", "F", "false", "FALSE", "False": descending = false
                default: throw Failure.invalid("descending is invalid")
                }
            }
        }

        var queryItems: [(String, String)] {
            var items = [("descending", descending ? "true" : "false"), ("offset", String(offset)), ("limit", String(limit))]
            if let after { items.append(("after", after)) }
            if let sortBy { items.append(("sortBy", sortBy)) }
            return items
        }
    }

    /// `self`, and `next` when the page came back full, `prev` when the offset is past the start — built as
    /// OSS builds them: the filter's and the options' parameters, sorted by name, query-escaped.
    static func pagingLinks(_ path: String, _ options: FindOptions, filter: [(String, String)], count: Int) -> JSONValue {
        var values = Dictionary(uniqueKeysWithValues: (filter.filter { !$0.1.isEmpty } + options.queryItems).map { ($0.0, $0.1) })
        func url() -> String {
            path + "?" + values.keys.sorted().map { "\(queryEscape($0))=\(queryEscape(values[$0]!))" }.joined(separator: "&")
        }
        var members = [JSONMember("self", .string(url()))]
        if count >= options.limit {
            values["offset"] = String(options.offset + options.limit)
            members.append(JSONMember("next", .string(url())))
        }
        if options.offset > 0 {
            values["offset"] = String(max(0, options.offset - options.limit))
            members.insert(JSONMember("prev", .string(url())), at: 0)
        }
        return .object(members)
    }

    /// Query escaping as Go's `url.QueryEscape` does it (space as `+`).
    static func queryEscape(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(UnicodeScalar(byte)))
            case UInt8(ascii: " "): out += "+"
            default: out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    // MARK: - Orgs

    static let epoch = RFC3339.format(Date(timeIntervalSince1970: 0))

    func orgJSON(_ o: InfluxDB2State.Named) -> JSONValue {
        let links: KeyValuePairs<String, JSONValue> = [
            "self": .string("/api/v2/orgs/\(o.id)"), "logs": .string("/api/v2/orgs/\(o.id)/logs"),
            "members": .string("/api/v2/orgs/\(o.id)/members"), "owners": .string("/api/v2/orgs/\(o.id)/owners"),
            "secrets": .string("/api/v2/orgs/\(o.id)/secrets"), "labels": .string("/api/v2/orgs/\(o.id)/labels"),
            "buckets": .string("/api/v2/buckets?org=\(o.name)"), "tasks": .string("/api/v2/tasks?org=\(o.name)"),
            "dashboards": .string("/api/v2/dashboards?org=\(o.name)"),
        ]
        return .obj(["links": .obj(links), "id": .string(o.id), "name": .string(o.name), "description": .string(o.description ?? ""),
                     "createdAt": .string(o.createdAt ?? Self.epoch), "updatedAt": .string(o.updatedAt ?? o.createdAt ?? Self.epoch)])
    }

    /// OSS's org list: `orgID` (a malformed one is ignored) or `org` name pick one org (404 when none);
    /// otherwise a page in ID order (`descending` is accepted and ignored), limited to the caller's own orgs
    /// unless it may read every org. What the caller may not read is dropped. `links` has `self` only.
    private func listOrgs(_ call: Call, _ state: InfluxDB2State) throws -> SandboxResponse {
        let options = try FindOptions(call.query)
        var found: [InfluxDB2State.Named]
        if let raw = call.query["orgID"], !raw.isEmpty, let id = try? Self.id(raw) {
            guard let o = state.orgs.first(where: { $0.id == id }) else { throw Failure.notFound("organization not found") }
            found = [o]
        } else if let name = call.query["org"], !name.isEmpty {
            guard let o = state.orgs.first(where: { $0.name == name }) else { throw Failure.notFound("organization name \"\(name)\" not found") }
            found = [o]
        } else {
            // Every sandbox user belongs to every org, so the caller's own orgs are all of them.
            found = Array(state.orgs.sorted { $0.id < $1.id }.dropFirst(max(0, options.offset)).prefix(options.limit))
        }
        found = found.filter { Self.permits(call.caller, Self.permission("read", "orgs", id: $0.id)) }
        return .json(200, .obj(["links": .obj(["self": "/api/v2/orgs"]), "orgs": .array(found.map(orgJSON))]))
    }

    private func getOrg(_ call: Call, _ state: InfluxDB2State) throws -> SandboxResponse {
        let id = try Self.id(call.params["id"]!)
        try Self.authorize(call.caller, Self.permission("read", "orgs", id: id))
        guard let o = state.orgs.first(where: { $0.id == id }) else { throw Failure.notFound("organization not found") }
        return .json(200, orgJSON(o))
    }

    private func updateOrg(_ call: Call, _ state: inout InfluxDB2State) throws -> SandboxResponse {
        let id = try Self.id(call.params["id"]!)
        let body = try Self.body(call)
        let name = try Self.string(body, "name"), description = try Self.string(body, "description")
        try Self.authorize(call.caller, Self.permission("write", "orgs", id: id))
        guard let i = state.orgs.firstIndex(where: { $0.id == id }) else { throw Failure.notFound("organization not found") }
        if let name, name != state.orgs[i].name {
            if name.isEmpty { throw Failure.invalid("org name is empty") }
            if state.orgs.contains(where: { $0.name == name }) { throw Failure.conflict("organization with name \(name) already exists") }
            state.orgs[i].name = name
        }
        if let description { state.orgs[i].description = description }
        state.orgs[i].updatedAt = RFC3339.format(call.now)
        return .json(200, orgJSON(state.orgs[i]))
    }

    // MARK: - Buckets

    /// The shard-group duration OSS picks for a retention: a week for none or six months and more, a day
    /// from two days, else an hour.
    static func shardGroupSeconds(forRetention seconds: Int64) -> Int64 {
        if seconds == 0 || seconds >= 180 * 86_400 { return 7 * 86_400 }
        return seconds >= 2 * 86_400 ? 86_400 : 3_600
    }

    func bucketJSON(_ b: InfluxDB2State.Bucket) -> JSONValue {
        let shard = b.shardGroupSeconds ?? Self.shardGroupSeconds(forRetention: b.everySeconds)
        var members = [JSONMember("id", .string(b.id)), JSONMember("orgID", .string(b.orgID)), JSONMember("type", .string(b.type))]
        if let d = b.description, !d.isEmpty { members.append(JSONMember("description", .string(d))) }
        members += [
            JSONMember("name", .string(b.name)),
            JSONMember("retentionRules", .array(b.everySeconds > 0 || shard > 0
                ? [.obj(["type": "expire", "everySeconds": .int(b.everySeconds), "shardGroupDurationSeconds": .int(shard)])] : [])),
            JSONMember("createdAt", .string(b.createdAt)), JSONMember("updatedAt", .string(b.updatedAt ?? b.createdAt)),
            JSONMember("links", .obj([
                "labels": .string("/api/v2/buckets/\(b.id)/labels"), "members": .string("/api/v2/buckets/\(b.id)/members"),
                "org": .string("/api/v2/orgs/\(b.orgID)"), "owners": .string("/api/v2/buckets/\(b.id)/owners"),
                "self": .string("/api/v2/buckets/\(b.id)"), "write": .string("/api/v2/write?org=\(b.orgID)&bucket=\(b.id)"),
            ])),
            JSONMember("labels", .array([])),
        ]
        return .object(members)
    }

    /// OSS's bucket list. `id` picks one bucket; `org` is resolved to its ID; `orgID` with `name` is a
    /// lookup by name (404 when there is none). With an org, its buckets in name order: `offset` skips,
    /// then everything up to and including the `after` bucket is skipped. Without one, every bucket in
    /// ID order from past `after`, `offset` skipped, then `name` matched. A page holds at most `limit`,
    /// and only then are the buckets the caller may not read dropped, so a page can come back short.
    private func listBuckets(_ call: Call, _ state: InfluxDB2State) throws -> SandboxResponse {
        let q = call.query, options = try FindOptions(q)
        var orgID = try q["orgID"].flatMap { $0.isEmpty ? nil : try Self.id($0) }
        let org = q["org"].flatMap { $0.isEmpty ? nil : $0 }, name = q["name"].flatMap { $0.isEmpty ? nil : $0 }
        let id = try q["id"].flatMap { $0.isEmpty ? nil : try Self.id($0) }
        let filter = [("id", id ?? ""), ("bucket", name ?? ""), ("orgID", orgID ?? ""), ("org", org ?? "")]

        var page: [InfluxDB2State.Bucket]
        if let id {
            guard let b = state.buckets.first(where: { $0.id == id }) else { throw Failure.notFound("bucket not found") }
            page = [b]
        } else {
            if orgID == nil, let org {
                guard let o = state.orgs.first(where: { $0.name == org }) else { throw Failure.notFound("organization name \"\(org)\" not found") }
                orgID = o.id
            }
            if let orgID, let name {
                guard let b = state.buckets.first(where: { $0.orgID == orgID && $0.name == name }) else {
                    throw Failure.notFound("bucket \"\(name)\" not found")
                }
                page = [b]
            } else if let orgID {
                var ordered = state.buckets.filter { $0.orgID == orgID }.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
                if options.descending { ordered.reverse() }
                var rest = ordered.dropFirst(max(0, options.offset))
                if let after = options.after {
                    rest = rest.drop { $0.id != after }.dropFirst()
                }
                page = Array(rest.prefix(options.limit))
            } else {
                var ordered = state.buckets.sorted { $0.id < $1.id }
                if options.descending { ordered.reverse() }
                if let after = options.after { ordered = ordered.filter { options.descending ? $0.id < after : $0.id > after } }
                page = Array(ordered.dropFirst(max(0, options.offset)).filter { name == nil || $0.name == name }.prefix(options.limit))
            }
        }
        page = page.filter { Self.permits(call.caller, Self.readPermission($0)) }
        return .json(200, .obj(["links": Self.pagingLinks("/api/v2/buckets", options, filter: filter, count: page.count),
                                "buckets": .array(page.map(bucketJSON))]))
    }

    /// One retention rule at most; seconds and shard-group seconds not negative (422 otherwise).
    static func retentionRule(_ body: JSONValue) throws -> (every: Int64?, shard: Int64?)? {
        guard let value = body["retentionRules"], value != .null else { return nil }
        guard let rules = value.arrayValue else { throw Failure.invalid("failed to unmarshal json: retentionRules must be an array") }
        if rules.count > 1 { throw Failure.unprocessable("buckets cannot have more than one retention rule at this time") }
        guard let rule = rules.first else { return nil }
        guard case .object = rule else { throw Failure.invalid("failed to unmarshal json: a retention rule must be an object") }
        func seconds(_ key: String) throws -> Int64? {
            guard let v = rule[key], v != .null else { return nil }
            guard let i = v.intValue else { throw Failure.invalid("failed to unmarshal json: \(key) must be an integer") }
            return i
        }
        let every = try seconds("everySeconds"), shard = try seconds("shardGroupDurationSeconds")
        if (every ?? 0) < 0 { throw Failure.unprocessable("expiration seconds cannot be negative") }
        if (shard ?? 0) < 0 { throw Failure.unprocessable("shard-group duration seconds cannot be negative") }
        return (every, shard)
    }

    /// The storage engine refuses a retention under an hour; OSS passes that on as an internal error.
    static func checkRetention(_ seconds: Int64) throws {
        if seconds != 0 && seconds < 3_600 { throw Failure.internalError("retention policy duration must be at least 1h0m0s") }
    }

    /// Names starting with `_` are for system buckets; quotation marks would break queries.
    static func checkBucketName(_ name: String) throws {
        if name.hasPrefix("_") { throw Failure.invalid("bucket name \(name) is invalid. Buckets may not start with underscore") }
        if name.contains("\"") { throw Failure.invalid("bucket name \(name) is invalid. Bucket names may not include quotation marks") }
    }

    private func createBucket(_ call: Call, _ state: inout InfluxDB2State) throws -> SandboxResponse {
        let body = try Self.body(call)
        let orgID = try Self.idMember(body, "orgID"), name = try Self.string(body, "name") ?? ""
        let description = try Self.string(body, "description")
        guard let orgID else { throw Failure.invalid("organization id must be provided") }
        let rule = try Self.retentionRule(body)
        try Self.authorize(call.caller, Self.permission("write", "buckets", orgID: orgID))
        try Self.checkBucketName(name)
        guard state.orgs.contains(where: { $0.id == orgID }) else { throw Failure.notFound("organization not found") }
        if state.buckets.contains(where: { $0.orgID == orgID && $0.name == name }) {
            throw Failure.conflict("bucket with name \(name) already exists")
        }
        let every = rule?.every ?? 0
        var shard = rule?.shard ?? 0
        shard = shard == 0 ? Self.shardGroupSeconds(forRetention: every) : max(shard, 3_600)
        try Self.checkRetention(every)
        let now = RFC3339.format(call.now)
        let bucket = InfluxDB2State.Bucket(id: Self.newID(taken: state.buckets.map(\.id)), name: name, orgID: orgID, type: "user",
                                           everySeconds: every, createdAt: now, description: description, updatedAt: now,
                                           shardGroupSeconds: shard)
        state.buckets.append(bucket)
        return .json(201, bucketJSON(bucket))
    }

    static func newID(taken: [String]) -> String {
        while true {
            let id = Random.hexID()
            if id != "0000000000000000" && !taken.contains(id) { return id }
        }
    }

    private func findBucket(_ call: Call, _ state: InfluxDB2State) throws -> Int {
        let id = try Self.id(call.params["id"]!)
        guard let i = state.buckets.firstIndex(where: { $0.id == id }) else { throw Failure.notFound("bucket not found") }
        return i
    }

    private func getBucket(_ call: Call, _ state: InfluxDB2State) throws -> SandboxResponse {
        let b = state.buckets[try findBucket(call, state)]
        try Self.authorize(call.caller, Self.readPermission(b))
        return .json(200, bucketJSON(b))
    }

    private func updateBucket(_ call: Call, _ state: inout InfluxDB2State) throws -> SandboxResponse {
        _ = try Self.id(call.params["id"]!)
        let body = try Self.body(call)
        let name = try Self.string(body, "name"), description = try Self.string(body, "description")
        let rule = try Self.retentionRule(body)
        let i = try findBucket(call, state)
        let b = state.buckets[i]
        try Self.authorize(call.caller, Self.permission("write", "buckets", id: b.id, orgID: b.orgID))
        if let every = rule?.every { try Self.checkRetention(every) }
        if let name, name != b.name {
            if b.type == "system" { throw Failure.invalid("system buckets cannot be renamed") }
            try Self.checkBucketName(name)
            if state.buckets.contains(where: { $0.orgID == b.orgID && $0.name == name }) { throw Failure.conflict("bucket name is not unique") }
            state.buckets[i].name = name
        }
        if let description { state.buckets[i].description = description }
        if let every = rule?.every { state.buckets[i].everySeconds = every }
        if let shard = rule?.shard { state.buckets[i].shardGroupSeconds = shard == 0 ? nil : max(shard, 3_600) }
        state.buckets[i].updatedAt = RFC3339.format(call.now)
        return .json(200, bucketJSON(state.buckets[i]))
    }

    private func deleteBucket(_ call: Call, _ state: inout InfluxDB2State) throws -> SandboxResponse {
        let i = try findBucket(call, state)
        let b = state.buckets[i]
        try Self.authorize(call.caller, Self.permission("write", "buckets", id: b.id, orgID: b.orgID))
        if b.type == "system" { throw Failure.invalid("system buckets cannot be deleted") }
        state.buckets.remove(at: i)
        return .empty(204)
    }

    // MARK: - Me

    /// The caller's own user; reading it takes read access to that user.
    private func me(_ call: Call, _ state: InfluxDB2State) throws -> SandboxResponse {
        try Self.authorize(call.caller, Self.permission("read", "users", id: call.caller.userID))
        guard let u = state.users.first(where: { $0.id == call.caller.userID }) else { throw Failure.notFound("user not found") }
        return .json(200, .obj(["links": .obj(["self": .string("/api/v2/users/\(u.id)")]), "id": .string(u.id),
                                "name": .string(u.name), "status": "active"]))
    }
}
