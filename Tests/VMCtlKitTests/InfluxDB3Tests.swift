import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

let accountID = "aaaaaaaa-1111-4222-8333-444444444444"
let clusterID = "cccccccc-5555-4666-8777-888888888888"
let dedicatedPrefix = "/api/v0/accounts/\(accountID)/clusters/\(clusterID)"

func dedicatedConfig() -> String {
    """
    [[profile]]
    name = "default"
    product = "dedicated"
    url = "http://127.0.0.1:9/api/v0"
    account_id = "\(accountID)"
    cluster_id = "\(clusterID)"
    api_key = "\(sandboxKey)"
    """
}

func clusteredConfig() -> String {
    """
    [[profile]]
    name = "default"
    product = "clustered"
    url = "http://127.0.0.1:9"
    api_key = "\(sandboxKey)"
    """
}

/// Layer 1: influxctl-style retention, partition templates, token update.
@Suite struct InfluxDB3ParseTests {
    @Test(arguments: [("30d", 2_592_000.0), ("1y6mo", 47_088_000.0), ("2.5d", 216_000.0), ("90m", 5400.0), ("2w", 1_209_600.0),
                      ("0", 0.0), ("infinite", 0.0)])
    func retention(text: String, seconds: Double) throws {
        #expect(try DatabaseOptions.retention(text, flag: "--retention-period") == seconds)
    }

    @Test(arguments: ["90s", "forever", "-1d", "", "1x", "293y", "99999999999999999999y"])
    func badRetention(_ text: String) {
        #expect(throws: VMCtlError.self) { try DatabaseOptions.retention(text, flag: "--retention-period") }
    }

    @Test func retentionIsShownUnambiguously() {
        #expect(Database(name: "d", product: .dedicated, retentionSeconds: 2_592_000).retentionText == "30d")
        #expect(Database(name: "d", product: .dedicated, retentionSeconds: 47_088_000).retentionText == "1y180d")
        #expect(Database(name: "d", product: .dedicated, retentionSeconds: 216_000).retentionText == "2d12h")
        #expect(Database(name: "d", product: .dedicated, retentionSeconds: 0).retentionText == "infinite")
    }

    @Test func partitionTemplates() throws {
        let c = try command(DatabaseCreateCommand.self, ["database", "create", "t", "--template-tag", "region", "--template-tag-bucket", "host,100",
                                                          "--template-tag", "dc", "--template-timeformat", "%Y-%m"])
        #expect(c.spec.partitionTemplate == [.tag("region"), .tag("dc"), .bucket(tag: "host", count: 100), .time("%Y-%m")])
        let d = try command(DatabaseCreateCommand.self, ["database", "create", "t", "--template-tag", "a"])
        #expect(d.spec.partitionTemplate == [.tag("a"), .time("%Y-%m-%d")])
        #expect(try command(DatabaseCreateCommand.self, ["database", "create", "t"]).spec.partitionTemplate == nil)
    }

    @Test(arguments: [
        (["--template-tag", "a", "--template-tag", "a"], "tag \"a\" appears twice in the partition template"),
        (["--template-tag", "a", "--template-tag-bucket", "a,3"], "tag \"a\" appears twice in the partition template"),
        (["--template-tag-bucket", "host"], "invalid value \"host\" for --template-tag-bucket: use TAG,NUMBER, e.g. host,100"),
        (["--template-tag-bucket", "host,0"], "--template-tag-bucket host,0: the number of buckets must be from 1 to 100000"),
        (["--template-tag-bucket", "host,100001"], "--template-tag-bucket host,100001: the number of buckets must be from 1 to 100000"),
        (["--template-tag", "1", "--template-tag", "2", "--template-tag", "3", "--template-tag", "4", "--template-tag", "5",
          "--template-tag", "6", "--template-tag", "7", "--template-tag", "8"],
         "a partition template has at most 8 parts; this one has 9 (tags and buckets, plus the time)"),
        (["--max-tables", "-1"], "invalid value \"-1\" for --max-tables: use a whole number from 1 to 2147483647, or 0 for the default"),
        (["--max-columns", "2147483648"], "invalid value \"2147483648\" for --max-columns: use a whole number from 1 to 2147483647, or 0 for the default"),
        (["--retention-period", "1s"], "invalid value \"1s\" for --retention-period: use m, h, d, w, mo (30 days) and y, combined like 1y6mo or fractional like 2.5d, or 0/infinite"),
    ] as [([String], String)])
    func templateRefusals(flags: [String], message: String) {
        #expect(usageError(["database", "create", "t"] + flags)?.message == message)
    }

    @Test func tokenUpdateOptions() throws {
        let u = try command(TokenUpdateCommand.self, ["token", "update", "tok-1", "--read-database", "a", "--write-database", "*"])
        #expect(u.request == TokenUpdateRequest(read: ["a"], write: ["*"]))
        let d = try command(TokenUpdateCommand.self, ["token", "update", "tok-1", "--description", "new"])
        #expect(d.request == TokenUpdateRequest(description: "new"))
        #expect(usageError(["token", "update", "tok-1"])?.message == "nothing to change: give --description, --read-database/--write-database, or --active/--inactive")
        #expect(usageError(["token", "update", "tok-1", "--active", "--inactive"])?.message == "--active and --inactive cannot be used together")
        #expect(usageError(["database", "update", "d"])?.message == "nothing to change: give --retention-period, --max-tables or --max-columns")
        #expect(usageError(["database", "rename", "a", "a"])?.message == "the new name is the same as the old one")
        // 0 is influxctl's "the default": nothing is sent, so there is nothing to change.
        #expect(usageError(["database", "update", "d", "--max-tables", "0"])?.message == "nothing to change: give --retention-period, --max-tables or --max-columns")
    }
}

/// Layer 2: the InfluxDB 3 products with the stub transport.
@Suite struct InfluxDB3RunTests {
    let tokenJSON = #"{"accountId":"\#(accountID)","clusterId":"\#(clusterID)","id":"5a0b6c7d-1e2f-4a3b-8c4d-5e6f7a8b9c0d","description":"collector","permissions":[{"action":"read","resource":"metrics"},{"action":"write","resource":"metrics"}],"createdAt":"2026-11-23T10:00:00Z"}"#

    @Test func createSendsPermissionsAsGivenWithBearerAuth() async throws {
        let created = tokenJSON.replacingOccurrences(of: #""createdAt""#, with: #""accessToken":"apiv1_secret","expiresAt":"2026-11-30T10:00:00Z","createdAt""#)
        // The databases named are checked against the cluster's list, asked for beside the create.
        let stub = StubTransport().expect("POST", "\(dedicatedPrefix)/tokens", json: created)
            .expect("GET", "\(dedicatedPrefix)/databases", json: #"[{"name":"metrics"}]"#)
        let r = await runVMCtl(["token", "create", "--read-database", "metrics", "--write-database", "metrics", "--read-database", "metrics",
                                "--expires-at", "2026-11-30T10:00:00Z", "collector"], config: dedicatedConfig(), stub: stub)
        #expect(r.code == 0)
        let post = try #require(stub.requests.first { $0.method == "POST" })
        #expect(post.header("Authorization") == "Bearer \(sandboxKey)")
        let body = try JSONParser.parse(String(decoding: post.body!, as: UTF8.self))
        #expect(body == .obj(["description": "collector", "expiresAt": "2026-11-30T10:00:00Z",
                              "permissions": .array([.obj(["action": "read", "resource": "metrics"]), .obj(["action": "write", "resource": "metrics"])])]))
        #expect(r.stdout.hasSuffix("""
            EXPIRES       2026-11-30T10:00:00Z
            WRITE URL     https://\(clusterID).a.influxdb.io/api/v2/write?bucket=metrics&precision=s
            READ URL      https://\(clusterID).a.influxdb.io/query?db=metrics
            apiv1_secret

            """))
        #expect(r.stderr.hasPrefix("Warning: copy the token now and keep it secret; it is shown only this once and cannot be recovered"))
        #expect(!r.stderr.contains("does not exist"))
    }

    /// The API makes a token for a database the cluster does not have: the token is made and printed, and
    /// each such database is a warning (with the closest name the cluster has), in JSON mode too. With
    /// only '*', nothing is looked up; a list that cannot be had warns of nothing.
    @Test func aDatabaseThatDoesNotExistIsAWarning() async throws {
        let created = tokenJSON.replacingOccurrences(of: #""createdAt""#, with: #""accessToken":"apiv1_secret","createdAt""#)
        let stub = StubTransport().expect("POST", "\(dedicatedPrefix)/tokens", json: created)
            .expect("GET", "\(dedicatedPrefix)/databases", json: #"[{"name":"metrics"},{"name":"logs"}]"#)
        let r = await runVMCtl(["token", "create", "--read-database", "metrics", "--read-database", "metricz", "--write-database", "traces",
                                "collector", "--format", "json"], config: dedicatedConfig(), stub: stub)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(try JSONParser.parse(r.stdout)["token"] == .string("apiv1_secret"))
        #expect(r.stderr.contains("""
            {"warning":"database \\"metricz\\" does not exist in the cluster (did you mean \\"metrics\\"?); the token will cover a database of that name once one is created"}
            {"warning":"database \\"traces\\" does not exist in the cluster; the token will cover a database of that name once one is created"}

            """))

        let everything = StubTransport().expect("POST", "\(dedicatedPrefix)/tokens", json: created)
        let all = await runVMCtl(["token", "create", "--read-database", "*", "all"], config: dedicatedConfig(), stub: everything)
        #expect(all.code == 0 && !all.stderr.contains("does not exist"))

        let unreadable = StubTransport().expect("POST", "\(dedicatedPrefix)/tokens", json: created)
            .expect("GET", "\(dedicatedPrefix)/databases", status: 403, json: #"{"message":"no"}"#)
        let blind = await runVMCtl(["token", "create", "--read-database", "traces", "t"], config: dedicatedConfig(), stub: unreadable)
        #expect(blind.code == 0 && !blind.stderr.contains("does not exist"), "\(blind.stderr)")
    }

    /// Tokens that can expire say "never" for one that does not, in the list's column and in the details alike.
    @Test func anAbsentExpiryReadsNeverInListAndDetails() async {
        let list = await runVMCtl(["token", "list"], config: clusteredConfig(), stub: StubTransport().expect("GET", "/api/v0/tokens", json: "[\(tokenJSON)]"))
        #expect(list.stdout.contains("EXPIRES"))
        #expect(list.stdout.contains("2026-11-23T10:00:00Z   never     active"), "\(list.stdout)")
        let get = await runVMCtl(["token", "get", "5a0b6c7d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"], config: clusteredConfig(),
                                 stub: StubTransport().expect("GET", "/api/v0/tokens/5a0b6c7d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", json: tokenJSON))
        #expect(get.stdout.contains("\nEXPIRES       never\n"), "\(get.stdout)")
    }

    /// A token or database that is not there: vmctl's line names it, and the server's own message follows
    /// it (the Management API's error body, `{"code": 404, "message": …}`), still exit 5.
    @Test func notFoundKeepsTheServersMessage() async {
        let id = "365e1b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c"
        let token = await runVMCtl(["token", "get", id], config: dedicatedConfig(), stub: StubTransport()
            .expect("GET", "\(dedicatedPrefix)/tokens/\(id)", status: 404, json: #"{"code":404,"message":"token not found"}"#))
        #expect(token.code == 5)
        #expect(token.stderr == "Error: no token \(id) (server: token not found)\n", "\(token.stderr)")
        let database = await runVMCtl(["database", "update", "gone", "--max-tables", "10"], config: clusteredConfig(), stub: StubTransport()
            .expect("PATCH", "/api/v0/databases/gone", status: 404, json: #"{"code":404,"message":"database not found: gone"}"#))
        #expect(database.code == 5)
        #expect(database.stderr == "Error: no database named \"gone\" (server: database not found: gone)\n", "\(database.stderr)")
        let json = await runVMCtl(["token", "revoke", "--force", id, "--format", "json"], config: dedicatedConfig(), stub: StubTransport()
            .expect("DELETE", "\(dedicatedPrefix)/tokens/\(id)", status: 404, json: #"{"code":404,"message":"token not found"}"#))
        #expect(json.code == 5)
        #expect(json.stderr.contains(#""message":"no token \#(id) (server: token not found)""#), "\(json.stderr)")
    }

    @Test func clusteredHasNoAccountPrefix() async {
        let stub = StubTransport().expect("GET", "/api/v0/tokens", json: "[\(tokenJSON)]")
        let r = await runVMCtl(["token", "list"], config: clusteredConfig(), stub: stub)
        #expect(r.code == 0)
        #expect(r.stdout.contains("5a0b6c7d-1e2f-4a3b-8c4d-5e6f7a8b9c0d   collector     read:metrics, write:metrics"))
    }

    @Test func revokedTokensAreHiddenUnlessAsked() async throws {
        let revoked = #"{"id":"6b1c7d8e-2f3a-4b4c-9d5e-6f7a8b9c0d1e","description":"old","permissions":[],"createdAt":"2025-01-01T00:00:00Z","revokedAt":"2026-01-01T00:00:00Z"}"#
        let list = "[\(tokenJSON),\(revoked)]"
        let plain = await runVMCtl(["token", "list", "--format", "json"], config: dedicatedConfig(),
                                   stub: StubTransport().expect("GET", "\(dedicatedPrefix)/tokens", json: list))
        #expect(try JSONParser.parse(plain.stdout).arrayValue?.count == 1)
        let all = await runVMCtl(["token", "list", "--include-revoked", "--sort", "created"], config: dedicatedConfig(),
                                 stub: StubTransport().expect("GET", "\(dedicatedPrefix)/tokens", json: list))
        #expect(all.stdout.split(separator: "\n").map { String($0.prefix(8)) } == ["ID      ", "6b1c7d8e", "5a0b6c7d"])
        #expect(all.stdout.contains("revoked"))

        let get = await runVMCtl(["token", "get", "6b1c7d8e-2f3a-4b4c-9d5e-6f7a8b9c0d1e"], config: dedicatedConfig(),
                                 stub: StubTransport().expect("GET", "\(dedicatedPrefix)/tokens/6b1c7d8e-2f3a-4b4c-9d5e-6f7a8b9c0d1e", json: revoked))
        #expect(get.code == 5)
        #expect(get.stderr == "Error: token 6b1c7d8e-2f3a-4b4c-9d5e-6f7a8b9c0d1e was revoked at 2026-01-01T00:00:00Z\nadd --include-revoked to see it anyway\n")
        let shown = await runVMCtl(["token", "get", "6b1c7d8e-2f3a-4b4c-9d5e-6f7a8b9c0d1e", "--include-revoked", "--format", "json"], config: dedicatedConfig(),
                                   stub: StubTransport().expect("GET", "\(dedicatedPrefix)/tokens/6b1c7d8e-2f3a-4b4c-9d5e-6f7a8b9c0d1e", json: revoked))
        #expect(try JSONParser.parse(shown.stdout)["status"] == .string("revoked"))
    }

    @Test func updateReplacesPermissionsAndSaysSo() async throws {
        let stub = StubTransport().expect("PATCH", "\(dedicatedPrefix)/tokens/5a0b6c7d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", json: tokenJSON.replacingOccurrences(
            of: #"[{"action":"read","resource":"metrics"},{"action":"write","resource":"metrics"}]"#, with: #"[{"action":"read","resource":"logs"}]"#))
        let r = await runVMCtl(["token", "update", "5a0b6c7d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", "--read-database", "logs"], config: dedicatedConfig(), stub: stub)
        #expect(r.code == 0)
        let body = try JSONParser.parse(String(decoding: stub.requests[0].body!, as: UTF8.self))
        #expect(body == .obj(["permissions": .array([.obj(["action": "read", "resource": "logs"])])]))
        #expect(r.stderr == "Warning: token 5a0b6c7d-1e2f-4a3b-8c4d-5e6f7a8b9c0d now has exactly these permissions: read:logs; any it had before and not named here are gone\n")
    }

    @Test(arguments: [
        (["token", "reveal", "tok-1"], "token reveal is not available for product \"dedicated\""),
        (["deployment", "list"], "deployment list is not available for product \"dedicated\""),
        (["token", "list", "--deployment", "x"], "--deployment is for product \"vmcloud\", not \"dedicated\"\ndedicated tokens belong to the cluster"),
        (["token", "update", "tok-1", "--inactive"], "--inactive is for product \"influxdb2\", not \"dedicated\"\ndedicated tokens are revoked with 'vmctl token revoke'"),
        (["token", "create", "--all-access", "x"], "--all-access is for product \"influxdb2\", not \"dedicated\""),
    ] as [([String], String)])
    func whatTheProductCannotDoSendsNothing(arguments: [String], message: String) async {
        let stub = StubTransport()
        let r = await runVMCtl(arguments, config: dedicatedConfig(), stub: stub)
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: \(message)\n"))
        #expect(stub.requests.isEmpty)
    }

    @Test func databaseCreateSendsTheTemplateAndMapsConflicts() async throws {
        let stub = StubTransport().expect("POST", "\(dedicatedPrefix)/databases", status: 409,
                                          json: #"{"code":409,"message":"database telemetry already exists"}"#)
        let r = await runVMCtl(["database", "create", "telemetry", "--retention-period", "2.5d", "--max-columns", "300",
                                "--template-tag", "region", "--template-tag-bucket", "host,10"], config: dedicatedConfig(), stub: stub)
        #expect(r.code == 6)
        #expect(r.stderr == "Error: conflict: database telemetry already exists (HTTP 409)\n")
        let body = try JSONParser.parse(String(decoding: stub.requests[0].body!, as: UTF8.self))
        #expect(body == .obj(["maxColumnsPerTable": .int(300), "name": "telemetry",
                              "partitionTemplate": .array([.obj(["type": "tag", "value": "region"]),
                                                           .obj(["type": "bucket", "value": .obj(["numberOfBuckets": .int(10), "tagName": "host"])]),
                                                           .obj(["type": "time", "value": "%Y-%m-%d"])]),
                              "retentionPeriod": .int(216_000_000_000_000)]))
    }

    @Test func databaseListAndTheOtherVerbs() async throws {
        let db = #"{"id":7,"name":"metrics","maxTables":500,"maxColumnsPerTable":250,"retentionPeriod":2592000000000000,"partitionTemplate":[{"type":"tag","value":"host"},{"type":"bucket","value":{"tagName":"dc","numberOfBuckets":4}},{"type":"time","value":"%Y"}]}"#
        let list = await runVMCtl(["database", "list"], config: clusteredConfig(), stub: StubTransport().expect("GET", "/api/v0/databases", json: "[\(db)]"))
        #expect(list.stdout == """
        NAME      ID   RETENTION   MAX TABLES   MAX COLUMNS   PARTITION TEMPLATE
        metrics   7    30d         500          250           tag:host, bucket:dc/4, time:%Y

        """)
        let json = await runVMCtl(["database", "list", "--format", "json"], config: clusteredConfig(),
                                  stub: StubTransport().expect("GET", "/api/v0/databases", json: "[\(db)]"))
        let first = try #require(try JSONParser.parse(json.stdout).arrayValue?.first)
        #expect(first["retention_period"] == .string("30d") && first["retention_period_seconds"] == .int(2_592_000))
        #expect(first["partition_template"]?.arrayValue?[1] == .obj(["type": "bucket", "tag_name": "dc", "number_of_buckets": .int(4)]))

        let stub = StubTransport()
            .expect("PATCH", "/api/v0/databases/metrics", json: db)
            .expect("PUT", "/api/v0/databases/metrics/rename", json: db.replacingOccurrences(of: "\"metrics\"", with: "\"m2\""))
            .expect("GET", "/api/v0/databases", json: "[\(db.replacingOccurrences(of: "\"metrics\"", with: "\"m2\""))]")
            .expect("DELETE", "/api/v0/databases/m2", status: 204, json: "")
            .expect("PUT", "/api/v0/databases/7/undelete", json: db.replacingOccurrences(of: "\"metrics\"", with: "\"m2\""))
        #expect(await runVMCtl(["database", "update", "metrics", "--retention-period", "infinite"], config: clusteredConfig(), stub: stub).code == 0)
        #expect(try JSONParser.parse(String(decoding: stub.requests[0].body!, as: UTF8.self)) == .obj(["retentionPeriod": .int(0)]))
        let renamed = await runVMCtl(["database", "rename", "metrics", "m2"], config: clusteredConfig(), stub: stub)
        #expect(renamed.stderr == "Warning: tokens that name metrics do not cover m2; update them with 'vmctl token update'\n")
        #expect(try JSONParser.parse(String(decoding: stub.requests[1].body!, as: UTF8.self)) == .obj(["name": "m2"]))
        // Delete says the ID, which undelete takes (the API shows it nowhere once the database is gone).
        let deleted = await runVMCtl(["database", "delete", "--force", "m2"], config: clusteredConfig(), stub: stub)
        #expect(deleted.stdout == "Deleted database m2\n")
        // ... and, as rename does, what becomes of the tokens that name it.
        #expect(deleted.stderr == """
            Warning: tokens that name m2 keep naming it, and will cover a new database of that name; update or revoke them ('vmctl token list' shows them)
            database m2 had ID 7; 'vmctl database undelete 7' restores it within the grace period

            """)
        let byName = await runVMCtl(["database", "undelete", "m2"], config: clusteredConfig())
        #expect(byName.code == 2 && byName.stderr.hasPrefix("Error: \"m2\" is not a database ID: the API takes the numeric ID\n"))
        let restored = await runVMCtl(["database", "undelete", "7", "--format", "json"], config: clusteredConfig(), stub: stub)
        #expect(try JSONParser.parse(restored.stdout)["id"] == .string("7"))
        #expect(stub.remaining.isEmpty && stub.unexpected.isEmpty)
    }

    /// Names, token IDs and limits are checked against the API's rules before anything is sent.
    @Test(arguments: [
        (["database", "create", String(repeating: "x", count: 65)], "database name \"\(String(repeating: "x", count: 65))\" has 65 characters; InfluxDB 3 allows 1 to 64"),
        (["database", "create", "sensor.data"], "invalid database name \"sensor.data\": InfluxDB 3 allows letters, digits, '_', '-' and '/', not starting with '_'"),
        (["database", "create", "_internal"], "invalid database name \"_internal\": InfluxDB 3 allows letters, digits, '_', '-' and '/', not starting with '_'"),
        (["database", "rename", "a", "b.c"], "invalid new database name \"b.c\": InfluxDB 3 allows letters, digits, '_', '-' and '/', not starting with '_'"),
        (["token", "create", "--read-database", "app@server", "x"], "invalid database name \"app@server\": InfluxDB 3 allows letters, digits, '_', '-' and '/', not starting with '_'"),
        (["token", "get", "tok-1"], "\"tok-1\" is not a token ID: InfluxDB 3 token IDs are UUIDs (see 'vmctl token list')"),
        (["token", "revoke", "--force", "no-such-token"], "\"no-such-token\" is not a token ID: InfluxDB 3 token IDs are UUIDs (see 'vmctl token list')"),
        (["table", "undelete", "metrics", "cpu"], "\"cpu\" is not a table ID: the API takes the numeric ID"),
    ] as [([String], String)])
    func rulesOfTheAPIBeforeSending(arguments: [String], message: String) async {
        let r = await runVMCtl(arguments, config: dedicatedConfig())
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("Error: \(message)\n"), "\(r.stderr)")
    }

    @Test func tablesCreateRenameDeleteUndelete() async throws {
        let table = #"{"accountId":"\#(accountID)","clusterId":"\#(clusterID)","databaseName":"metrics","name":"cpu"}"#
        let renamed = #"{"accountId":"\#(accountID)","clusterId":"\#(clusterID)","databaseName":"metrics","id":42,"name":"cpu_v1"}"#
        let stub = StubTransport()
            .expect("POST", "\(dedicatedPrefix)/databases/metrics/tables", json: table)
            .expect("PUT", "\(dedicatedPrefix)/databases/metrics/tables/cpu/rename", json: renamed)
            .expect("DELETE", "\(dedicatedPrefix)/databases/metrics/tables/cpu_v1", status: 204, json: "")
            .expect("PUT", "\(dedicatedPrefix)/databases/metrics/tables/42/undelete", json: renamed)
        let created = await runVMCtl(["table", "create", "metrics", "cpu", "--template-tag", "host", "--template-timeformat", "%Y-%m"],
                                     config: dedicatedConfig(), stub: stub)
        #expect(created.code == 0, "\(created.stderr)")
        #expect(try JSONParser.parse(String(decoding: stub.requests[0].body!, as: UTF8.self))
                == .obj(["name": "cpu", "partitionTemplate": .array([.obj(["type": "tag", "value": "host"]), .obj(["type": "time", "value": "%Y-%m"])])]))
        #expect(created.stdout == "NAME       cpu\nDATABASE   metrics\n")
        let rename = await runVMCtl(["table", "rename", "metrics", "cpu", "cpu_v1"], config: dedicatedConfig(), stub: stub)
        #expect(rename.stdout == "NAME       cpu_v1\nDATABASE   metrics\nID         42\n")
        #expect(await runVMCtl(["table", "delete", "--force", "metrics", "cpu_v1"], config: dedicatedConfig(), stub: stub).stdout == "Deleted table cpu_v1\n")
        let back = await runVMCtl(["table", "undelete", "metrics", "42", "--format", "json"], config: dedicatedConfig(), stub: stub)
        #expect(try JSONParser.parse(back.stdout) == .obj(["name": "cpu_v1", "database": "metrics", "id": "42", "partition_template": .null,
                                                          "account_id": .string(accountID), "cluster_id": .string(clusterID)]))
        let influx2 = await runVMCtl(["table", "delete", "--force", "b", "t"], config: influxdb2Config())
        #expect(influx2.code == 2 && influx2.stderr.hasPrefix("Error: table delete is not available for product \"influxdb2\"\n"))
    }
}
