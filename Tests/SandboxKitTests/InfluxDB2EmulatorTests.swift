import Foundation
import Testing
@testable import SandboxCore
@testable import SandboxKit
@testable import SandboxInfluxDB2
@testable import VMCtlSupport

/// The InfluxDB 2 emulator's answers, through the sandbox's handler: OSS 2.7's paging, links, errors and permission checks.
@Suite struct InfluxDB2EmulatorTests {
    let sandbox: Sandbox
    let operatorKey = "op-key-1234567890"
    let orgID: String

    init() throws {
        sandbox = try Sandbox(options: .init(apiKey: "op-key-1234567890"))
        orgID = try #require(InfluxDB2EmulatorTests.call(sandbox, "GET", "/api/v2/orgs", key: "op-key-1234567890").1?["orgs"]?.arrayValue?.first?["id"]?.stringValue)
    }

    static func call(_ sandbox: Sandbox, _ method: String, _ path: String, query: [String: String] = [:], body: String = "",
                     key: String?) -> (Int, JSONValue?, SandboxResponse) {
        var headers: [String: String] = [:]
        if let key { headers["authorization"] = "Token \(key)" }
        let response = sandbox.handle(SandboxRequest(method: method, path: path, query: query, headers: headers, body: Array(body.utf8)))
        return (response.status, try? JSONParser.parse(response.body), response)
    }

    @discardableResult
    func call(_ method: String, _ path: String, query: [String: String] = [:], body: String = "", key: String? = nil) -> (Int, JSONValue?) {
        let (status, json, _) = Self.call(sandbox, method, path, query: query, body: body, key: key ?? operatorKey)
        return (status, json)
    }

    @discardableResult
    func createBuckets(_ names: [String]) -> [String: String] {
        var ids: [String: String] = [:]
        for name in names {
            ids[name] = call("POST", "/api/v2/buckets", body: #"{"orgID":"\#(orgID)","name":"\#(name)"}"#).1?["id"]?.stringValue
        }
        return ids
    }

    func token(_ permissions: String) throws -> String {
        let (status, json) = call("POST", "/api/v2/authorizations", body: #"{"orgID":"\#(orgID)","permissions":\#(permissions)}"#)
        #expect(status == 201, "\(String(describing: json))")
        return try #require(json?["token"]?.stringValue)
    }

    func names(_ json: JSONValue?) -> [String] { json?["buckets"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [] }

    /// Flux `buckets()` names no bucket: any active token may run it and sees the buckets it may read
    /// (perhaps none), which is how `vmctl token check --secret-stdin` without an ID tells a live secret from
    /// a dead one; an inactive or unknown token gets 401.
    @Test func bucketsQueryListsWhatTheTokenMayReadAndAnyActiveTokenMayAsk() throws {
        let ids = createBuckets(["seen", "unseen"])
        func permission(_ action: String, _ bucket: String) -> String {
            #"{"action":"\#(action)","resource":{"type":"buckets","id":"\#(ids[bucket]!)","orgID":"\#(orgID)"}}"#
        }
        let reader = try token("[\(permission("read", "seen"))]"), writer = try token("[\(permission("write", "unseen"))]")
        func buckets(_ key: String, _ flux: String = "buckets() |> limit(n: 10)") -> (Int, String) {
            let (status, _, response) = Self.call(sandbox, "POST", "/api/v2/query", query: ["orgID": orgID],
                                                  body: #"{"query":"\#(flux)","type":"flux"}"#, key: key)
            return (status, String(decoding: response.body, as: UTF8.self))
        }
        let seen = buckets(reader)
        #expect(seen.0 == 200 && seen.1.contains(",,0,seen,\(ids["seen"]!),\(orgID),,") && !seen.1.contains("unseen"), "\(seen.1)")
        let none = buckets(writer)
        #expect(none.0 == 200 && !none.1.contains("seen,"), "\(none.1)")
        #expect(buckets(reader, "buckets() |> mean()").0 == 400)
        #expect(buckets("not-a-token").0 == 401)
        let listed = call("GET", "/api/v2/authorizations").1?["authorizations"]?.arrayValue ?? []
        let id = try #require(listed.first { $0["token"]?.stringValue == reader }?["id"]?.stringValue)
        #expect(call("PATCH", "/api/v2/authorizations/\(id)", body: #"{"status":"inactive"}"#).0 == 200)
        #expect(buckets(reader).0 == 401)
    }

    @Test func errorsHaveOSSCodesAndStatuses() {
        let (status, _, response) = Self.call(sandbox, "GET", "/api/v2/buckets", key: nil)
        #expect(status == 401)
        #expect(response.headers.contains { $0 == ("X-Platform-Error-Code", "unauthorized") })
        #expect(call("GET", "/api/v2/buckets", key: "wrong").1 == .obj(["code": "unauthorized", "message": "unauthorized access"]))
        #expect(call("GET", "/api/v2/buckets/abc").1 == .obj(["code": "invalid", "message": "id must have a length of 16 bytes"]))
        #expect(call("GET", "/api/v2/buckets/zzzzzzzzzzzzzzzz").1 == .obj(["code": "invalid", "message": "invalid ID"]))
        #expect(call("GET", "/api/v2/buckets/0000000000000000").0 == 400)
        #expect(call("GET", "/api/v2/buckets/0123456789abcdef").1 == .obj(["code": "not found", "message": "bucket not found"]))
        #expect(call("GET", "/api/v2/buckets", query: ["limit": "101"]).1?["message"] == "limit must be between 1 and 100")
        #expect(call("GET", "/api/v2/buckets", query: ["after": "x"]).0 == 400)
        #expect(call("GET", "/api/v2/authorizations/nope").0 == 400)
        #expect(call("GET", "/api/v2/nothing").1?["code"] == "not found")

        createBuckets(["twice"])
        let duplicate = call("POST", "/api/v2/buckets", body: #"{"orgID":"\#(orgID)","name":"twice"}"#)
        #expect(duplicate.0 == 422 && duplicate.1 == .obj(["code": "conflict", "message": "bucket with name twice already exists"]))
        let short = call("POST", "/api/v2/buckets", body: #"{"orgID":"\#(orgID)","name":"brief","retentionRules":[{"type":"expire","everySeconds":60}]}"#)
        #expect(short.0 == 500 && short.1?["message"] == "retention policy duration must be at least 1h0m0s")
        #expect(call("POST", "/api/v2/buckets", body: #"{"orgID":"\#(orgID)","name":"_mine"}"#).0 == 400)
        #expect(call("POST", "/api/v2/buckets", body: #"{"name":"no-org"}"#).1?["message"] == "organization id must be provided")
        let rules = call("POST", "/api/v2/buckets", body: #"{"orgID":"\#(orgID)","name":"n","retentionRules":[{"everySeconds":-1}]}"#)
        #expect(rules.0 == 422 && rules.1?["code"] == "unprocessable entity")
    }

    @Test func bucketsPageByNameWithinAnOrgWithOffsetAfterAndLinks() throws {
        createBuckets((0..<12).map { "b\($0)" })
        let all = (["_monitoring", "_tasks"] + (0..<12).map { "b\($0)" }.sorted() + ["metrics"])
        let first = call("GET", "/api/v2/buckets", query: ["orgID": orgID, "limit": "5"]).1
        #expect(names(first) == Array(all.prefix(5)))
        #expect(first?["links"] == .obj([
            "self": .string("/api/v2/buckets?descending=false&limit=5&offset=0&orgID=\(orgID)"),
            "next": .string("/api/v2/buckets?descending=false&limit=5&offset=5&orgID=\(orgID)"),
        ]))
        let second = call("GET", "/api/v2/buckets", query: ["orgID": orgID, "limit": "5", "offset": "5"]).1
        #expect(names(second) == Array(all[5..<10]))
        #expect(second?["links"]?["prev"] == .string("/api/v2/buckets?descending=false&limit=5&offset=0&orgID=\(orgID)"))

        // `after` walks the same order and ends: the last page is short and has no next link.
        var seen: [String] = [], after: String?
        while true {
            var q = ["orgID": orgID, "limit": "4"]
            if let after { q["after"] = after }
            let page = try #require(call("GET", "/api/v2/buckets", query: q).1)
            let items = page["buckets"]!.arrayValue!
            seen += items.map { $0["name"]!.stringValue! }
            guard page["links"]?["next"] != nil else { break }
            after = items.last?["id"]?.stringValue
        }
        #expect(seen == all)
        #expect(names(call("GET", "/api/v2/buckets", query: ["orgID": orgID, "after": "0123456789abcdef"]).1) == [])
    }

    @Test func bucketsWithoutAnOrgComeInIDOrderAndFiltersLookUp() throws {
        createBuckets((0..<6).map { "x\($0)" })
        let everything = call("GET", "/api/v2/buckets", query: ["limit": "100"]).1
        let ids = everything?["buckets"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(ids.count == 9 && ids == ids.sorted())
        let tail = call("GET", "/api/v2/buckets", query: ["after": ids[4]]).1
        #expect(tail?["buckets"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == Array(ids[5...]))

        let byName = call("GET", "/api/v2/buckets", query: ["orgID": orgID, "name": "x3"]).1
        #expect(names(byName) == ["x3"])
        #expect(byName?["links"]?["self"] == .string("/api/v2/buckets?bucket=x3&descending=false&limit=20&offset=0&orgID=\(orgID)"))
        #expect(call("GET", "/api/v2/buckets", query: ["orgID": orgID, "name": "none"]).1?["message"] == "bucket \"none\" not found")
        #expect(names(call("GET", "/api/v2/buckets", query: ["org": "sandbox-org", "limit": "2"]).1) == ["_monitoring", "_tasks"])
        #expect(call("GET", "/api/v2/buckets", query: ["org": "other"]).1?["message"] == "organization name \"other\" not found")
        #expect(names(call("GET", "/api/v2/buckets", query: ["id": ids[2]]).1).count == 1)

        // Every field the description requires, and OSS's shard-group duration for infinite retention.
        let metrics = try #require(everything?["buckets"]?.arrayValue?.first { $0["name"] == "metrics" })
        #expect(metrics["retentionRules"] == .array([.obj(["type": "expire", "everySeconds": .int(0), "shardGroupDurationSeconds": .int(604_800)])]))
        #expect(metrics["links"]?["self"] == .string("/api/v2/buckets/\(metrics["id"]!.stringValue!)"))
        #expect(metrics["labels"] == .array([]) && metrics["updatedAt"] != nil)
    }

    @Test func listsAreFilteredAfterPaging() throws {
        let ids = createBuckets(["a1", "a2", "a3", "a4", "a5", "a6"])
        let reader = try token(#"[{"action":"read","resource":{"type":"buckets","id":"\#(ids["a5"]!)","orgID":"\#(orgID)"}}]"#)
        // The first page of five holds _monitoring, _tasks, a1..a3: none readable, so it is empty and has no next link.
        let first = call("GET", "/api/v2/buckets", query: ["orgID": orgID, "limit": "5"], key: reader).1
        #expect(names(first) == [] && first?["links"]?["next"] == nil)
        #expect(names(call("GET", "/api/v2/buckets", query: ["orgID": orgID, "limit": "5", "offset": "5"], key: reader).1) == ["a5"])
        #expect(names(call("GET", "/api/v2/buckets", query: ["orgID": orgID, "limit": "100"], key: reader).1) == ["a5"])
        // A lookup by name of a bucket it may not read: found, then filtered out.
        #expect(call("GET", "/api/v2/buckets", query: ["orgID": orgID, "name": "a1"], key: reader).0 == 200)
        #expect(names(call("GET", "/api/v2/buckets", query: ["orgID": orgID, "name": "a1"], key: reader).1) == [])
        let denied = call("GET", "/api/v2/buckets/\(ids["a1"]!)", key: reader)
        #expect(denied.0 == 401 && denied.1?["message"] == .string("read:orgs/\(orgID)/buckets/\(ids["a1"]!) is unauthorized"))
        // Its own tokens are hidden from it (no read:authorizations), not refused.
        #expect(call("GET", "/api/v2/authorizations", key: reader).1?["authorizations"] == .array([]))
    }

    @Test func authorizationsAreCheckedAsOSSChecksThem() throws {
        let me = try #require(call("GET", "/api/v2/me").1)
        let userID = try #require(me["id"]?.stringValue)
        #expect(me["name"] == "admin" && me["links"]?["self"] == .string("/api/v2/users/\(userID)"))

        // An org-wide users permission does not cover the owner: influx-cli's all-access names the user.
        let orgWide = try token(#"[{"action":"write","resource":{"type":"authorizations","orgID":"\#(orgID)"}},{"action":"write","resource":{"type":"users","orgID":"\#(orgID)"}},{"action":"read","resource":{"type":"buckets","orgID":"\#(orgID)"}}]"#)
        let refused = call("POST", "/api/v2/authorizations", body: #"{"orgID":"\#(orgID)","permissions":[{"action":"read","resource":{"type":"buckets","orgID":"\#(orgID)"}}]}"#, key: orgWide)
        #expect(refused.0 == 401 && refused.1?["message"] == .string("write:users/\(userID) is unauthorized"))

        let manager = try token(#"[{"action":"write","resource":{"type":"authorizations","orgID":"\#(orgID)"}},{"action":"read","resource":{"type":"authorizations","orgID":"\#(orgID)"}},{"action":"write","resource":{"type":"users","id":"\#(userID)"}},{"action":"read","resource":{"type":"users","id":"\#(userID)"}},{"action":"read","resource":{"type":"buckets","orgID":"\#(orgID)"}}]"#)
        let ok = call("POST", "/api/v2/authorizations", body: #"{"orgID":"\#(orgID)","permissions":[{"action":"read","resource":{"type":"buckets","orgID":"\#(orgID)"}}]}"#, key: manager)
        #expect(ok.0 == 201 && ok.1?["permissions"]?.arrayValue?.first?["resource"]?["org"] == "sandbox-org")
        let escalate = call("POST", "/api/v2/authorizations", body: #"{"orgID":"\#(orgID)","permissions":[{"action":"write","resource":{"type":"buckets"}}]}"#, key: manager)
        #expect(escalate.0 == 403 && escalate.1 == .obj(["code": "forbidden", "message": "permission write:buckets is not allowed: write:buckets is unauthorized"]))
        // Another user's tokens: the manager may not write that user.
        let otherUser = call("POST", "/api/v2/authorizations", body: #"{"orgID":"\#(orgID)","userID":"0123456789abcdef","permissions":[{"action":"read","resource":{"type":"buckets","orgID":"\#(orgID)"}}]}"#, key: manager)
        #expect(otherUser.0 == 401 && otherUser.1?["message"] == "write:users/0123456789abcdef is unauthorized")
        // The operator may, but a permission in another org than the token's is refused.
        let foreign = call("POST", "/api/v2/authorizations", body: #"{"orgID":"\#(orgID)","permissions":[{"action":"read","resource":{"type":"buckets","orgID":"0123456789abcdef"}}]}"#)
        #expect(foreign.0 == 400 && foreign.1?["message"] == .string("permission read:orgs/0123456789abcdef/buckets is not for org id \(orgID)"))
        #expect(call("POST", "/api/v2/authorizations", body: #"{"orgID":"\#(orgID)","permissions":[]}"#).1?["message"] == "authorization must include permissions")
        #expect(call("POST", "/api/v2/authorizations", body: #"{"orgID":"\#(orgID)","permissions":[{"action":"read","resource":{"type":"nope"}}]}"#).0 == 400)

        // The list has no paging, filters by user and org, and ignores `token`.
        let list = call("GET", "/api/v2/authorizations", query: ["userID": userID, "org": "sandbox-org", "token": "ignored"]).1
        #expect(list?["links"] == .obj(["self": "/api/v2/authorizations"]))
        #expect(list?["authorizations"]?.arrayValue?.count == 4)
        #expect(call("GET", "/api/v2/authorizations", query: ["user": "nobody"]).0 == 404)

        // Inactive: 401 where a permission is checked, an empty list where OSS filters.
        let id = try #require(ok.1?["id"]?.stringValue)
        let managerID = try #require(list?["authorizations"]?.arrayValue?.first { $0["token"] == .string(manager) }?["id"]?.stringValue)
        #expect(call("PATCH", "/api/v2/authorizations/\(managerID)", body: #"{"status":"inactive"}"#).1?["status"] == "inactive")
        #expect(call("GET", "/api/v2/authorizations/\(id)", key: manager).1 == .obj(["code": "unauthorized", "message": "token is inactive"]))
        #expect(call("GET", "/api/v2/buckets", key: manager).1?["buckets"] == .array([]))
        #expect(call("PATCH", "/api/v2/authorizations/\(id)", body: #"{"status":"sleepy"}"#).0 == 400)
        #expect(call("DELETE", "/api/v2/authorizations/\(id)").0 == 204)
        #expect(call("GET", "/api/v2/authorizations/\(id)").0 == 404)
    }

    /// OSS's setup gives its operator token every type but `instance`, so no token holds `instance` and a
    /// grant of it is refused as any permission the caller lacks: 403 `forbidden`, OSS's error body, nothing
    /// made. The sandbox's key is such an operator, even one saved with `instance` by an older sandbox.
    @Test func grantingInstanceIsForbiddenToEveryToken() throws {
        let listed = call("GET", "/api/v2/authorizations").1?["authorizations"]?.arrayValue ?? []
        let operatorToken = try #require(listed.first { $0["token"] == .string(operatorKey) })
        let types = operatorToken["permissions"]?.arrayValue?.compactMap { $0["resource"]?["type"]?.stringValue } ?? []
        #expect(types.count == 44 && !types.contains("instance") && types.contains("authorizations"))

        for action in ["read", "write"] {
            let body = #"{"orgID":"\#(orgID)","permissions":[{"action":"\#(action)","resource":{"type":"instance"}}]}"#
            let (status, json, response) = Self.call(sandbox, "POST", "/api/v2/authorizations", body: body, key: operatorKey)
            #expect(status == 403)
            #expect(json == .obj(["code": "forbidden", "message": .string("permission \(action):instance is not allowed: \(action):instance is unauthorized")]))
            #expect(response.headers.contains { $0 == ("X-Platform-Error-Code", "forbidden") })
        }
        #expect(call("GET", "/api/v2/authorizations").1?["authorizations"]?.arrayValue?.count == listed.count)

        var saved = sandbox.lock.withLock { sandbox.state.influxdb2 }
        let i = try #require(saved.authorizations.firstIndex { $0.token == operatorKey })
        saved.authorizations[i].permissions.append(.init(action: "write", resource: .init(type: "instance")))
        saved.ensureOperator(token: operatorKey)
        #expect(saved.authorizations[i].permissions.count == 44)
        #expect(!saved.authorizations[i].permissions.contains { $0.resource.type == "instance" })
    }

    @Test func orgsAndBucketsAreReadAndChangedByIDAndResourcesListEveryType() throws {
        let org = try #require(call("GET", "/api/v2/orgs/\(orgID)").1)
        #expect(org["name"] == "sandbox-org" && org["links"]?["buckets"] == "/api/v2/buckets?org=sandbox-org")
        #expect(call("GET", "/api/v2/orgs", query: ["org": "missing"]).1 == .obj(["code": "not found", "message": "organization name \"missing\" not found"]))
        #expect(call("GET", "/api/v2/orgs", query: ["orgID": "0123456789abcdef"]).0 == 404)
        #expect(call("GET", "/api/v2/orgs").1?["links"] == .obj(["self": "/api/v2/orgs"]))
        #expect(call("PATCH", "/api/v2/orgs/\(orgID)", body: #"{"description":"d"}"#).1?["description"] == "d")

        let id = try #require(createBuckets(["patched"])["patched"])
        let renamed = call("PATCH", "/api/v2/buckets/\(id)", body: #"{"name":"renamed","retentionRules":[{"everySeconds":86400}]}"#)
        #expect(renamed.0 == 200 && renamed.1?["name"] == "renamed" && renamed.1?["retentionRules"]?.arrayValue?.first?["everySeconds"] == .int(86_400))
        #expect(call("PATCH", "/api/v2/buckets/\(id)", body: #"{"name":"metrics"}"#).1 == .obj(["code": "conflict", "message": "bucket name is not unique"]))
        #expect(call("GET", "/api/v2/buckets/\(id)").1?["name"] == "renamed")
        let system = try #require(call("GET", "/api/v2/buckets", query: ["orgID": orgID, "name": "_tasks"]).1?["buckets"]?.arrayValue?.first?["id"]?.stringValue)
        #expect(call("DELETE", "/api/v2/buckets/\(system)").1?["message"] == "system buckets cannot be deleted")

        let resources = call("GET", "/api/v2/resources").1?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(resources.count == 23 && resources.last == "instance" && Set(["authorizations", "buckets", "orgs", "users", "dbrp"]).isSubset(of: Set(resources)))
    }
}
