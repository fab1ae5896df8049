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

    /// OSS's two refusals of a token, as the sandbox gives them too: an inactive token where a permission
    /// is checked (401 `unauthorized`), and a grant the caller does not hold, such as `instance`, which no
    /// token holds (403 `forbidden`). Each is exit 4: one `Error:` line with the server's words, one hint.
    @Test func inactiveAndForbiddenAnswersAreAuthErrors() async {
        let config = influxdb2Config(org: #"org_id = "\#(orgID)""#)
        let inactive = await runVMCtl(["database", "create", "b"], config: config, stub: StubTransport()
            .expect("POST", "/api/v2/buckets", status: 401, json: #"{"code":"unauthorized","message":"token is inactive"}"#))
        #expect(inactive.code == 4)
        let inactiveLines = inactive.stderr.split(separator: "\n").map(String.init)
        #expect(inactiveLines.count == 2 && inactiveLines[0] == "Error: authentication failed: token is inactive (HTTP 401)", "\(inactive.stderr)")
        let forbidden = await runVMCtl(["token", "create", "--operator", "root"], config: config, stub: StubTransport()
            .expect("GET", "/api/v2/resources", json: #"["authorizations","buckets","orgs","users","instance"]"#)
            .expect("POST", "/api/v2/authorizations", status: 403,
                    json: #"{"code":"forbidden","message":"permission write:instance is not allowed: write:instance is unauthorized"}"#))
        #expect(forbidden.code == 4)
        let forbiddenLines = forbidden.stderr.split(separator: "\n").map(String.init)
        #expect(forbiddenLines.count == 2 && forbiddenLines[0]
                == "Error: permission denied: permission write:instance is not allowed: write:instance is unauthorized (HTTP 403)", "\(forbidden.stderr)")
        #expect(forbidden.stdout.isEmpty)
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

    /// OSS sends a token's value with it to its owner (docs/api/influxdb2.md): `token reveal` prints it as
    /// vmcloud's does, from one GET of the authorization. Where the value is absent (not the owner,
    /// InfluxDB Cloud), it is the key that may not see it: exit 4, with what to do instead.
    @Test func revealPrintsTheValueWhereTheServerSendsIt() async throws {
        let id = "0a1b2c3d4e5f6071"
        let path = "/api/v2/authorizations/\(id)"
        let config = influxdb2Config(org: #"org_id = "\#(orgID)""#)
        let stub = StubTransport().expect("GET", path, json: created("[]").replacingOccurrences(of: #""id":"a1""#, with: #""id":"\#(id)""#))
        let r = await runVMCtl(["token", "reveal", id, "--format", "json"], config: config, stub: stub)
        #expect(r.code == 0, "\(r.stderr)")
        let json = try JSONParser.parse(r.stdout)
        #expect(json["id"] == .string(id) && json["token"] == .string("secret-token-value=="))
        #expect(r.stderr == #"{"warning":"the token's secret is printed below; keep it secret"}"# + "\n")
        #expect(stub.requests.count == 1)

        let hidden = created("[]").replacingOccurrences(of: #""id":"a1","token":"secret-token-value==","#, with: #""id":"\#(id)","#)
        let refused = await runVMCtl(["token", "reveal", id], config: config, stub: StubTransport().expect("GET", path, json: hidden))
        #expect(refused.code == 4)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr == """
            Error: the server does not show token \(id)'s secret to this profile's token (InfluxDB OSS shows it only to the token's owner; InfluxDB Cloud never again)
            use the token string saved when it was created, or replace the token: vmctl token rotate \(id)

            """)
    }

    /// InfluxDB 2 deletes an authorization; it is not kept as revoked. The question, the success lines and
    /// rotate's note say "delete"; the JSON results keep the keys every product has.
    @Test func deleteSaysDeleted() async throws {
        let id = "0a1b2c3d4e5f6071"
        let config = influxdb2Config(org: #"org_id = "\#(orgID)""#)
        let list = #"{"authorizations":[\#(created("[]").replacingOccurrences(of: #""id":"a1""#, with: #""id":"\#(id)""#))]}"#
        let asked = await runVMCtl(["token", "revoke", id], config: config, stub: StubTransport()
            .expect("GET", "/api/v2/authorizations?orgID=\(orgID)", json: list)
            .expect("DELETE", "/api/v2/authorizations/\(id)", status: 204, json: ""), stdin: "y\n", stdinTTY: true)
        #expect(asked.code == 0)
        #expect(asked.stderr == "Delete token from org \(orgID)?\n  \(id) (d)\nDelete? [y/N] ")
        #expect(asked.stdout == "Deleted token \(id)\n")

        let refused = await runVMCtl(["token", "delete", id], config: config)
        #expect(refused.code == 2 && refused.stderr.hasPrefix("Error: refusing to delete token without confirmation"))

        let json = await runVMCtl(["token", "delete", "--force", "--format", "json", id], config: config, stub: StubTransport()
            .expect("GET", "/api/v2/authorizations?orgID=\(orgID)", json: list)
            .expect("DELETE", "/api/v2/authorizations/\(id)", status: 204, json: ""))
        #expect(try JSONParser.parse(json.stdout) == .array([.obj(["id": .string(id), "ok": .bool(true), "error": .null])]))

        let permissions = #"[{"action":"read","resource":{"type":"buckets","id":"b1","name":"metrics","orgID":"\#(orgID)"}}]"#
        let old = created(permissions).replacingOccurrences(of: #""id":"a1""#, with: #""id":"\#(id)""#)
        let rotated = await runVMCtl(["token", "rotate", "--revoke-old", "--force", "--format", "json", id], config: config, stub: StubTransport()
            .expect("GET", "/api/v2/authorizations/\(id)", json: old)
            .expect("GET", "/api/v2/buckets?orgID=\(orgID)&name=metrics", json: #"{"buckets":[{"id":"b1","name":"metrics","orgID":"\#(orgID)"}]}"#)
            .expect("POST", "/api/v2/authorizations", status: 201, json: created(permissions))
            .expect("DELETE", "/api/v2/authorizations/\(id)", status: 204, json: ""))
        #expect(rotated.code == 0, "\(rotated.stderr)")
        #expect(rotated.stderr.contains(#"{"note":"Deleted old token \#(id)"}"# + "\n"))
        #expect(!rotated.stderr.lowercased().contains("revoke"))
        #expect(try JSONParser.parse(rotated.stdout)["old_revoked"] == .bool(true))

        let kept = await runVMCtl(["token", "rotate", id], config: config, stub: StubTransport()
            .expect("GET", "/api/v2/authorizations/\(id)", json: old)
            .expect("GET", "/api/v2/buckets?orgID=\(orgID)&name=metrics", json: #"{"buckets":[{"id":"b1","name":"metrics","orgID":"\#(orgID)"}]}"#)
            .expect("POST", "/api/v2/authorizations", status: 201, json: created(permissions)))
        #expect(kept.stderr.contains("Old token \(id) still works; once clients use the new one: vmctl token delete \(id)\n"))
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
        #expect(missing.code == 5 && missing.stderr.hasPrefix("Error: no organization named \"acme\" (server: organization name \"acme\" not found)\n"),
                "\(missing.stderr)")
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
        // Permissions name a bucket by its ID, so no token covers a new bucket of the name: nothing to warn of.
        #expect(delete.stderr.isEmpty)
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
