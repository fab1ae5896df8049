import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

let orgID = "0123456789abcdef"

func influxdb2Config(org: String = #"org = "acme""#) -> String {
    """
    [[profile]]
    name = "default"
    product = "influxdb2"
    url = "http://127.0.0.1:9"
    \(org)
    api_key = "\(sandboxKey)"
    """
}

func bucketsPage(_ range: Range<Int>) -> String {
    "{\"buckets\":[" + range.map { #"{"id":"b\#($0)","name":"bucket-\#($0)","orgID":"\#(orgID)","retentionRules":[]}"# }.joined(separator: ",") + "]}"
}

/// Layer 2: the influxdb2 product with the stub transport.
@Suite struct InfluxDB2RunTests {
    let orgs = #"{"orgs":[{"id":"\#(orgID)","name":"acme"}]}"#
    let bucketsPath = "/api/v2/buckets?orgID=\(orgID)&limit=100"

    func created(_ permissions: String) -> String {
        #"{"id":"a1","token":"secret-token-value==","status":"active","description":"d","orgID":"\#(orgID)","org":"acme","userID":"u1","user":"admin","permissions":\#(permissions),"createdAt":"2026-11-23T10:00:00Z"}"#
    }

    /// A name is looked up with the API's own filter, never by walking pages: OSS filters what a token
    /// may see after paging, so pages can miss buckets.
    @Test func bucketNamesAreLookedUpWithTheNameFilter() async throws {
        let stub = StubTransport()
            .expect("GET", "/api/v2/buckets?org=acme&name=bucket-103", json: bucketsPage(103..<104))
            .expect("POST", "/api/v2/authorizations", status: 201, json: created(
                #"[{"action":"read","resource":{"type":"buckets","id":"b103","orgID":"\#(orgID)"}},{"action":"write","resource":{"type":"buckets","orgID":"\#(orgID)"}}]"#))
        let r = await runVMCtl(["token", "create", "--read-database", "bucket-103", "--write-database", "*", "collector"],
                               config: influxdb2Config(), stub: stub)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(stub.requests[0].header("Authorization") == "Token \(sandboxKey)")
        // The bucket's answer gives the org's ID: no org lookup.
        #expect(stub.requests.count == 2)
        let body = try JSONParser.parse(String(decoding: stub.requests[1].body!, as: UTF8.self))
        #expect(body == .obj(["description": "collector", "orgID": .string(orgID), "permissions": .array([
            .obj(["action": "read", "resource": .obj(["id": "b103", "orgID": .string(orgID), "type": "buckets"])]),
            .obj(["action": "write", "resource": .obj(["orgID": .string(orgID), "type": "buckets"])]),
        ]), "status": "active"]))
        #expect(r.stdout.contains("PERMISSIONS   read:bucket-103, write:*\n"))
        #expect(r.stdout.hasSuffix("\nsecret-token-value==\n"))
        #expect(!r.stdout.contains("EXPIRES"))
    }

    /// What `influx auth create --all-access` / `--operator` grant in influx-cli: every type the server
    /// lists but `instance`; for all-access the org read-only by ID and `users` only for the owner.
    @Test func allAccessAndOperatorGrantWhatInfluxCLIGrants() async throws {
        let types = #"["authorizations","buckets","dashboards","orgs","users","instance"]"#
        let allAccess = StubTransport()
            .expect("GET", "/api/v2/resources", json: types)
            .expect("GET", "/api/v2/me", json: #"{"id":"u1","name":"admin"}"#)
            .expect("POST", "/api/v2/authorizations", status: 201, json: created("[]"))
        let r = await runVMCtl(["token", "create", "--all-access", "admin"], config: influxdb2Config(org: #"org_id = "\#(orgID)""#), stub: allAccess)
        #expect(r.code == 0, "\(r.stderr)")
        let body = try JSONParser.parse(String(decoding: allAccess.requests[2].body!, as: UTF8.self))
        #expect(body["userID"] == "u1" && body["orgID"] == .string(orgID))
        func permission(_ action: String, _ resource: JSONValue) -> JSONValue { .obj(["action": .string(action), "resource": resource]) }
        let org = JSONValue.string(orgID)
        #expect(body["permissions"] == .array([
            permission("read", .obj(["orgID": org, "type": "authorizations"])), permission("write", .obj(["orgID": org, "type": "authorizations"])),
            permission("read", .obj(["orgID": org, "type": "buckets"])), permission("write", .obj(["orgID": org, "type": "buckets"])),
            permission("read", .obj(["orgID": org, "type": "dashboards"])), permission("write", .obj(["orgID": org, "type": "dashboards"])),
            permission("read", .obj(["id": org, "type": "orgs"])),
            permission("read", .obj(["id": "u1", "type": "users"])), permission("write", .obj(["id": "u1", "type": "users"])),
        ]))
        let op = StubTransport()
            .expect("GET", "/api/v2/resources", json: types)
            .expect("POST", "/api/v2/authorizations", status: 201, json: created("[]"))
        _ = await runVMCtl(["token", "create", "--operator", "root"], config: influxdb2Config(org: #"org_id = "\#(orgID)""#), stub: op)
        let opSent = try #require(try JSONParser.parse(String(decoding: op.requests[1].body!, as: UTF8.self))["permissions"]?.arrayValue)
        #expect(opSent.count == 10 && opSent.allSatisfy { $0["resource"]?["orgID"] == nil && $0["resource"]?["id"] == nil })
        #expect(!opSent.contains { $0["resource"]?["type"] == "instance" })
    }

    @Test func listShowsStatusOwnerAndNamesButNeverTokenValues() async throws {
        let list = """
        {"authorizations":[\(created(#"[{"action":"read","resource":{"type":"buckets","id":"b1","name":"bucket-1","orgID":"\#(orgID)"}}]"#).replacingOccurrences(of: "\"active\"", with: "\"inactive\""))]}
        """
        let stub = StubTransport().expect("GET", "/api/v2/authorizations?orgID=\(orgID)", json: list)
        let r = await runVMCtl(["token", "list"], config: influxdb2Config(org: #"org_id = "\#(orgID)""#), stub: stub)
        #expect(r.stdout == """
        ID   DESCRIPTION   PERMISSIONS     CREATED                STATUS     OWNER
        a1   d             read:bucket-1   2026-11-23T10:00:00Z   inactive   admin

        """)
        let json = await runVMCtl(["token", "list", "--format", "json"], config: influxdb2Config(org: #"org_id = "\#(orgID)""#),
                                  stub: StubTransport().expect("GET", "/api/v2/authorizations?orgID=\(orgID)", json: list))
        #expect(!json.stdout.contains("secret-token-value"))
        let token = try #require(try JSONParser.parse(json.stdout).arrayValue?.first)
        #expect(token["permissions"] == .array([.obj(["action": "read", "resource_type": "database", "database": "bucket-1", "database_id": "b1",
                                                      "org_id": .string(orgID), "resource_id": .null])]))
        #expect(token["user_id"] == .string("u1") && token["org_id"] == .string(orgID) && token["status"] == .string("inactive"))
    }

    @Test func updateChangesStatusAndDescriptionOnly() async throws {
        let stub = StubTransport()
            .expect("PATCH", "/api/v2/authorizations/auth-1", json: created("[]"))
        let r = await runVMCtl(["token", "update", "auth-1", "--inactive", "--description", "paused"], config: influxdb2Config(org: #"org_id = "\#(orgID)""#), stub: stub)
        #expect(r.code == 0)
        #expect(try JSONParser.parse(String(decoding: stub.requests[0].body!, as: UTF8.self)) == .obj(["description": "paused", "status": "inactive"]))
        let refused = await runVMCtl(["token", "update", "auth-1", "--read-database", "x"], config: influxdb2Config(org: #"org_id = "\#(orgID)""#))
        #expect(refused.code == 2 && refused.stderr == """
            Error: --read-database is for products "dedicated" and "clustered", not "influxdb2"
            InfluxDB 2 cannot change a token's permissions: create a token with the permissions wanted, then delete this one

            """)
    }

    /// Only a name that must be looked up costs requests; every other refusal comes before anything is sent.
    @Test(arguments: [
        (["token", "create", "--read-database", "nope", "x"], Int32(5), "Error: no bucket named \"nope\" in org acme", true),
        (["token", "create", "x"], Int32(2), "Error: an InfluxDB 2 token needs permissions: --read-database/--write-database BUCKET, --all-access or --operator", false),
        (["token", "create", "--operator", "--expires-in", "1d", "x"], Int32(2), "Error: --expires-in is for products \"dedicated\" and \"clustered\", not \"influxdb2\"", false),
        (["database", "create", "b", "--max-tables", "5"], Int32(2), "Error: --max-tables is for products \"dedicated\" and \"clustered\", not \"influxdb2\"", false),
        (["database", "rename", "a", "b"], Int32(2), "Error: database rename is not available for product \"influxdb2\"", false),
    ] as [([String], Int32, String, Bool)])
    func refusals(arguments: [String], code: Int32, line: String, looksUp: Bool) async {
        let stub = StubTransport()
        if looksUp {
            stub.expect("GET", "/api/v2/buckets?org=acme&name=nope", status: 404,
                        json: #"{"code":"not found","message":"bucket \"nope\" not found"}"#)
        }
        let r = await runVMCtl(arguments, config: influxdb2Config(), stub: stub)
        #expect(r.code == code)
        #expect(r.stderr.split(separator: "\n").first.map(String.init) == line)
        #expect(!stub.requests.contains { $0.method != "GET" })
    }

    @Test func orgProblems() async {
        // A list filters by the org's name, so a missing org is the list's 404 (OSS's answer), said by name.
        let missing = await runVMCtl(["token", "list"], config: influxdb2Config(), stub: StubTransport().expect(
            "GET", "/api/v2/authorizations?org=acme", status: 404, json: #"{"code":"not found","message":"organization name \"acme\" not found"}"#))
        #expect(missing.code == 5 && missing.stderr.hasPrefix("Error: no organization named \"acme\"\n"))
        let none = await runVMCtl(["token", "list"], config: influxdb2Config(org: ""))
        #expect(none.code == 3 && none.stderr.hasPrefix("Error: profile \"default\" (influxdb2) names no organization\n"))
    }

    @Test func bucketsCreateAndDeleteByName() async throws {
        let stub = StubTransport()
            .expect("POST", "/api/v2/buckets", status: 201, json: #"{"id":"bnew","name":"telegraf","orgID":"\#(orgID)","retentionRules":[{"type":"expire","everySeconds":7776000}]}"#)
            .expect("GET", "/api/v2/buckets?orgID=\(orgID)&name=telegraf", json: #"{"buckets":[{"id":"bnew","name":"telegraf"}]}"#)
            .expect("DELETE", "/api/v2/buckets/bnew", status: 204, json: "")
        let config = influxdb2Config(org: #"org_id = "\#(orgID)""#)
        let create = await runVMCtl(["database", "create", "telegraf", "--retention", "90d"], config: config, stub: stub)
        #expect(create.stdout == "NAME        telegraf\nID          bnew\nRETENTION   90d\n")
        #expect(try JSONParser.parse(String(decoding: stub.requests[0].body!, as: UTF8.self))
                == .obj(["name": "telegraf", "orgID": .string(orgID), "retentionRules": .array([.obj(["everySeconds": .int(7_776_000), "type": "expire"])])]))
        let delete = await runVMCtl(["database", "delete", "--force", "telegraf"], config: config, stub: stub)
        #expect(delete.stdout == "Deleted bucket telegraf\n")
    }

    /// The body's `code` decides the exit code, whatever the status: OSS's duplicate is a 422 `conflict`.
    @Test(arguments: [
        (422, #"{"code":"conflict","message":"bucket with name telegraf already exists"}"#, Int32(6), "Error: conflict: bucket with name telegraf already exists (HTTP 422)"),
        (400, #"{"code":"invalid","message":"bucket name telegraf is invalid"}"#, Int32(2), "Error: the server refused a value: bucket name telegraf is invalid (HTTP 400)"),
        (422, #"{"code":"unprocessable entity","message":"retention rules are invalid"}"#, Int32(2), "Error: the server refused a value: retention rules are invalid (HTTP 422)"),
        (500, #"{"code":"internal error","message":"retention policy duration must be at least 1h0m0s"}"#, Int32(1), "Error: server error: retention policy duration must be at least 1h0m0s (HTTP 500)"),
    ] as [(Int, String, Int32, String)])
    func errorBodiesCodeDecides(status: Int, body: String, code: Int32, line: String) async {
        let stub = StubTransport().expect("POST", "/api/v2/buckets", status: status, json: body)
        let r = await runVMCtl(["database", "create", "telegraf"], config: influxdb2Config(org: #"org_id = "\#(orgID)""#), stub: stub)
        #expect(r.code == code)
        #expect(r.stderr.split(separator: "\n").first.map(String.init) == line)
    }
}
