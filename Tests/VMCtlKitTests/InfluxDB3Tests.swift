import Foundation
import Testing
@testable import VMCtlKit

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
    url = "http://127.0.0.1:9/clustered"
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
        (["--max-tables", "0"], "invalid value \"0\" for --max-tables: use a whole number of at least 1"),
        (["--retention-period", "1s"], "invalid value \"1s\" for --retention-period: use m, h, d, w, mo (30 days) and y, combined like 1y6mo or fractional like 2.5d, or 0/infinite"),
    ] as [([String], String)])
    func templateRefusals(flags: [String], message: String) {
        #expect(usageError(["database", "create", "t"] + flags)?.message == message)
    }

    @Test func tokenUpdateOptions() throws {
        let u = try command(TokenUpdateCommand.self, ["token", "update", "t1", "--read-database", "a", "--write-database", "*"])
        #expect(u.request == TokenUpdateRequest(read: ["a"], write: ["*"]))
        let d = try command(TokenUpdateCommand.self, ["token", "update", "t1", "--description", "new"])
        #expect(d.request == TokenUpdateRequest(description: "new"))
        #expect(usageError(["token", "update", "t1"])?.message == "nothing to change: give --description, --read-database/--write-database, or --active/--inactive")
        #expect(usageError(["token", "update", "t1", "--active", "--inactive"])?.message == "--active and --inactive cannot be used together")
        #expect(usageError(["database", "update", "d"])?.message == "nothing to change: give --retention-period, --max-tables or --max-columns")
        #expect(usageError(["database", "rename", "a", "a"])?.message == "the new name is the same as the old one")
        #expect(usageError(["database", "create", String(repeating: "x", count: 65)])?.message == "a database name has 1 to 64 characters (\"\(String(repeating: "x", count: 65))\" has 65)")
    }
}

/// Layer 2: the InfluxDB 3 products with the stub transport.
@Suite struct InfluxDB3RunTests {
    let tokenJSON = #"{"accountId":"\#(accountID)","clusterId":"\#(clusterID)","id":"t1","description":"collector","permissions":[{"action":"read","resource":"metrics"},{"action":"write","resource":"metrics"}],"createdAt":"2026-11-23T10:00:00Z"}"#

    @Test func createSendsPermissionsAsGivenWithBearerAuth() async throws {
        let created = tokenJSON.replacingOccurrences(of: #""createdAt""#, with: #""accessToken":"apiv1_secret","expiresAt":"2026-11-30T10:00:00Z","createdAt""#)
        let stub = StubTransport().expect("POST", "\(dedicatedPrefix)/tokens", json: created)
        let r = await runVMCtl(["token", "create", "--read-database", "metrics", "--write-database", "metrics", "--read-database", "metrics",
                                "--expires-at", "2026-11-30T10:00:00Z", "collector"], config: dedicatedConfig(), stub: stub)
        #expect(r.code == 0)
        #expect(stub.requests[0].header("Authorization") == "Bearer \(sandboxKey)")
        let body = try JSONParser.parse(String(decoding: stub.requests[0].body!, as: UTF8.self))
        #expect(body == .obj(["description": "collector", "expiresAt": "2026-11-30T10:00:00Z",
                              "permissions": .array([.obj(["action": "read", "resource": "metrics"]), .obj(["action": "write", "resource": "metrics"])])]))
        #expect(r.stdout.hasSuffix("EXPIRES       2026-11-30T10:00:00Z\napiv1_secret\n"))
        #expect(r.stderr.hasPrefix("Warning: copy the token now and keep it secret; it is shown only this once and cannot be recovered"))
    }

    @Test func clusteredHasNoAccountPrefix() async {
        let stub = StubTransport().expect("GET", "/clustered/tokens", json: "[\(tokenJSON)]")
        let r = await runVMCtl(["token", "list"], config: clusteredConfig(), stub: stub)
        #expect(r.code == 0)
        #expect(r.stdout.contains("t1   collector     read:metrics, write:metrics"))
    }

    @Test func revokedTokensAreHiddenUnlessAsked() async throws {
        let revoked = #"{"id":"t2","description":"old","permissions":[],"createdAt":"2025-01-01T00:00:00Z","revokedAt":"2026-01-01T00:00:00Z"}"#
        let list = "[\(tokenJSON),\(revoked)]"
        let plain = await runVMCtl(["token", "list", "--format", "json"], config: dedicatedConfig(),
                                   stub: StubTransport().expect("GET", "\(dedicatedPrefix)/tokens", json: list))
        #expect(try JSONParser.parse(plain.stdout).arrayValue?.count == 1)
        let all = await runVMCtl(["token", "list", "--include-revoked", "--sort", "created"], config: dedicatedConfig(),
                                 stub: StubTransport().expect("GET", "\(dedicatedPrefix)/tokens", json: list))
        #expect(all.stdout.split(separator: "\n").map { $0.prefix(2) } == ["ID", "t2", "t1"])
        #expect(all.stdout.contains("revoked"))

        let get = await runVMCtl(["token", "get", "t2"], config: dedicatedConfig(),
                                 stub: StubTransport().expect("GET", "\(dedicatedPrefix)/tokens/t2", json: revoked))
        #expect(get.code == 5)
        #expect(get.stderr == "Error: token t2 was revoked at 2026-01-01T00:00:00Z\nadd --include-revoked to see it anyway\n")
        let shown = await runVMCtl(["token", "get", "t2", "--include-revoked", "--format", "json"], config: dedicatedConfig(),
                                   stub: StubTransport().expect("GET", "\(dedicatedPrefix)/tokens/t2", json: revoked))
        #expect(try JSONParser.parse(shown.stdout)["status"] == .string("revoked"))
    }

    @Test func updateReplacesPermissionsAndSaysSo() async throws {
        let stub = StubTransport().expect("PATCH", "\(dedicatedPrefix)/tokens/t1", json: tokenJSON.replacingOccurrences(
            of: #"[{"action":"read","resource":"metrics"},{"action":"write","resource":"metrics"}]"#, with: #"[{"action":"read","resource":"logs"}]"#))
        let r = await runVMCtl(["token", "update", "t1", "--read-database", "logs"], config: dedicatedConfig(), stub: stub)
        #expect(r.code == 0)
        let body = try JSONParser.parse(String(decoding: stub.requests[0].body!, as: UTF8.self))
        #expect(body == .obj(["permissions": .array([.obj(["action": "read", "resource": "logs"])])]))
        #expect(r.stderr == "Warning: token t1 now has exactly these permissions: read:logs; any it had before and not named here are gone\n")
    }

    @Test(arguments: [
        (["token", "reveal", "t1"], "token reveal is not available for product \"dedicated\""),
        (["deployment", "list"], "deployment list is not available for product \"dedicated\""),
        (["token", "list", "--deployment", "x"], "--deployment is for product vmcloud; dedicated tokens belong to the cluster"),
        (["token", "update", "t1", "--inactive"], "--active and --inactive are for product influxdb2; dedicated tokens are revoked with 'vmctl token revoke'"),
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
        let db = #"{"name":"metrics","maxTables":500,"maxColumnsPerTable":250,"retentionPeriod":2592000000000000,"partitionTemplate":[{"type":"tag","value":"host"},{"type":"bucket","value":{"tagName":"dc","numberOfBuckets":4}},{"type":"time","value":"%Y"}]}"#
        let list = await runVMCtl(["database", "list"], config: clusteredConfig(), stub: StubTransport().expect("GET", "/clustered/databases", json: "[\(db)]"))
        #expect(list.stdout == """
        NAME      RETENTION   MAX TABLES   MAX COLUMNS   PARTITION TEMPLATE
        metrics   30d         500          250           tag:host, bucket:dc/4, time:%Y

        """)
        let json = await runVMCtl(["database", "list", "--format", "json"], config: clusteredConfig(),
                                  stub: StubTransport().expect("GET", "/clustered/databases", json: "[\(db)]"))
        let first = try #require(try JSONParser.parse(json.stdout).arrayValue?.first)
        #expect(first["retention_period"] == .string("30d") && first["retention_period_seconds"] == .int(2_592_000))
        #expect(first["partition_template"]?.arrayValue?[1] == .obj(["type": "bucket", "tag_name": "dc", "number_of_buckets": .int(4)]))

        let stub = StubTransport()
            .expect("PATCH", "/clustered/databases/metrics", json: db)
            .expect("PUT", "/clustered/databases/metrics/rename", json: db.replacingOccurrences(of: "\"metrics\"", with: "\"m2\""))
            .expect("DELETE", "/clustered/databases/m2", status: 204, json: "")
            .expect("PUT", "/clustered/databases/m2/undelete", json: db.replacingOccurrences(of: "\"metrics\"", with: "\"m2\""))
        #expect(await runVMCtl(["database", "update", "metrics", "--retention-period", "infinite"], config: clusteredConfig(), stub: stub).code == 0)
        #expect(try JSONParser.parse(String(decoding: stub.requests[0].body!, as: UTF8.self)) == .obj(["retentionPeriod": .int(0)]))
        let renamed = await runVMCtl(["database", "rename", "metrics", "m2"], config: clusteredConfig(), stub: stub)
        #expect(renamed.stderr == "Warning: tokens that name metrics do not cover m2; update them with 'vmctl token update'\n")
        #expect(try JSONParser.parse(String(decoding: stub.requests[1].body!, as: UTF8.self)) == .obj(["name": "m2"]))
        #expect(await runVMCtl(["database", "delete", "--force", "m2"], config: clusteredConfig(), stub: stub).stdout == "Deleted database m2\n")
        #expect(await runVMCtl(["database", "undelete", "m2"], config: clusteredConfig(), stub: stub).code == 0)
        #expect(stub.remaining.isEmpty && stub.unexpected.isEmpty)
    }
}
