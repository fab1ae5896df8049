import Foundation
import Testing
import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCtlSupport

/// Layer 3: the sandbox's InfluxDB data endpoints, with tokens made through the management APIs:
/// line protocol written with a bucket or database token is read back, and a token without the grant
/// is refused.
@Suite struct InfluxDataEndpointTests {
    @Test func influxDB2WritesAndFluxReadsWithBucketTokens() async throws {
        let sandbox = try SandboxProcess()
        let url = try await sandbox.dataPlane().influxdb2
        #expect(url == sandbox.url)
        let org = try await sandbox.influx("GET", "/api/v2/orgs?org=sandbox-org")["orgs"]!.arrayValue![0]["id"]!.stringValue!
        let bucket = try await sandbox.influx("GET", "/api/v2/buckets?name=metrics")["buckets"]!.arrayValue![0]["id"]!.stringValue!
        func token(_ action: String) async throws -> (id: String, secret: String) {
            let body = #"{"orgID":"\#(org)","description":"\#(action) metrics","permissions":[{"action":"\#(action)","resource":{"type":"buckets","id":"\#(bucket)","orgID":"\#(org)"}}]}"#
            let a = try await sandbox.influx("POST", "/api/v2/authorizations", body: body)
            return (a["id"]!.stringValue!, a["token"]!.stringValue!)
        }
        let writer = try await token("write"), reader = try await token("read")
        let write = url + "/api/v2/write?org=sandbox-org&bucket=metrics&precision=s"
        let lines = "cpu,host=a usage=1.5 1700000000\ncpu,host=b usage=2.5,cores=4i 1700000010\n"
        func post(_ url: String, _ secret: String, _ body: String, _ type: String = "text/plain; charset=utf-8") async throws -> HTTPAnswer {
            try await httpExchange("POST", url, headers: ["Authorization": "Token \(secret)", "Content-Type": type], body: Data(body.utf8))
        }

        #expect(try await post(write, writer.secret, lines).status == 204)
        let refused = try await post(write, reader.secret, lines)
        #expect(refused.status == 403)
        #expect(refused.json == .obj(["code": "forbidden", "message": "insufficient permissions for write"]))
        #expect(try await post(url + "/api/v2/write?org=sandbox-org&bucket=nope", writer.secret, lines).status == 404)
        #expect(try await post(url + "/api/v2/write?bucket=metrics", writer.secret, lines).json?["message"] == "Please provide either orgID or org")
        let bad = try await post(write, writer.secret, "cpu usage=")
        #expect(bad.status == 400 && bad.json?["code"] == "invalid")

        let flux = #"{"query":"from(bucket: \"metrics\") |> range(start: 2023-11-14T00:00:00Z, stop: 2023-11-15T00:00:00Z) |> filter(fn: (r) => r._measurement == \"cpu\" and r._field == \"usage\")"}"#
        let query = url + "/api/v2/query?org=sandbox-org"
        let csv = try await post(query, reader.secret, flux, "application/json")
        #expect(csv.status == 200)
        #expect(csv.body == """
            #datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string,string\r
            #group,false,false,true,true,false,false,true,true,true\r
            #default,_result,,,,,,,,\r
            ,result,table,_start,_stop,_time,_value,_field,_measurement,host\r
            ,,0,2023-11-14T00:00:00Z,2023-11-15T00:00:00Z,2023-11-14T22:13:20Z,1.5,usage,cpu,a\r
            ,,1,2023-11-14T00:00:00Z,2023-11-15T00:00:00Z,2023-11-14T22:13:30Z,2.5,usage,cpu,b\r
            \r

            """)
        // Raw Flux works too; a write-only token may not read.
        let raw = #"from(bucket: "metrics") |> range(start: 0) |> filter(fn: (r) => r.host == "b")"#
        #expect(try await post(query, reader.secret, raw, "application/vnd.flux").body.contains(",4,cores,cpu,b\r\n"))
        let unread = try await post(query, writer.secret, flux, "application/json")
        #expect(unread.status == 401 && unread.json?["message"] == .string("read:orgs/\(org)/buckets/\(bucket) is unauthorized"))
        #expect(try await post(query, reader.secret, #"{"query":"from(bucket: \"metrics\") |> mean()"}"#, "application/json").status == 400)

        // An inactive or deleted token: 401.
        _ = try await sandbox.influx("PATCH", "/api/v2/authorizations/\(writer.id)", body: #"{"status":"inactive"}"#)
        #expect(try await post(write, writer.secret, lines).status == 401)
        _ = try await sandbox.influx("DELETE", "/api/v2/authorizations/\(reader.id)")
        #expect(try await post(query, reader.secret, flux, "application/json").status == 401)
    }

    @Test(arguments: ["dedicated", "clustered"])
    func influxDB3WritesAndInfluxQLReadsWithDatabaseTokens(product: String) async throws {
        let sandbox = try SandboxProcess()
        let urls = try await sandbox.dataPlane()
        let data = product == "dedicated" ? urls.dedicated : urls.clustered
        #expect(data != sandbox.url && sandbox.banner.contains("  \(product) data URL:       \(data)   (/api/v2/write, /write, /query)\n"))
        #expect(try await sandbox.influxdb3(product, "POST", "/databases", body: #"{"name":"telemetry"}"#).status == 200)
        #expect(try await sandbox.influxdb3(product, "POST", "/databases", body: #"{"name":"other"}"#).status == 200)
        func token(_ permissions: String) async throws -> (id: String, secret: String) {
            let answer = try await sandbox.influxdb3(product, "POST", "/tokens", body: #"{"description":"data","permissions":\#(permissions)}"#)
            return (answer.json!["id"]!.stringValue!, answer.json!["accessToken"]!.stringValue!)
        }
        let writer = try await token(#"[{"action":"write","resource":"telemetry"}]"#)
        let reader = try await token(#"[{"action":"read","resource":"*"}]"#)
        let elsewhere = try await token(#"[{"action":"read","resource":"other"},{"action":"write","resource":"other"}]"#)
        func post(_ path: String, _ auth: String, _ body: String) async throws -> HTTPAnswer {
            try await httpExchange("POST", data + path, headers: ["Authorization": auth], body: Data(body.utf8))
        }
        func query(_ q: String, _ secret: String, db: String = "telemetry", epoch: String? = nil) async throws -> HTTPAnswer {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let target = data + "/query?db=\(db)&q=" + q.addingPercentEncoding(withAllowedCharacters: allowed)! + (epoch.map { "&epoch=\($0)" } ?? "")
            return try await httpExchange("GET", target, headers: ["Authorization": "Bearer \(secret)"])
        }

        #expect(try await post("/api/v2/write?bucket=telemetry&precision=s", "Bearer \(writer.secret)", "cpu,host=a usage=1.5 1700000000").status == 204)
        #expect(try await post("/write?db=telemetry&precision=s", "Token \(writer.secret)", "cpu,host=b usage=2.5 1700000010").status == 204)
        #expect(try await post("/write?db=telemetry&precision=s&p=\(writer.secret)", "", "cpu,host=c usage=3.5 1700000020").status == 204)

        let all = try await query("SELECT * FROM cpu", reader.secret)
        #expect(all.status == 200)
        #expect(all.json == .obj(["results": .array([.obj(["statement_id": .int(0), "series": .array([.obj([
            "name": "cpu", "columns": .array(["time", "host", "usage"]),
            "values": .array([.array(["2023-11-14T22:13:20Z", "a", .double(1.5)]), .array(["2023-11-14T22:13:30Z", "b", .double(2.5)]),
                              .array(["2023-11-14T22:13:40Z", "c", .double(3.5)])]),
        ])])])])]))
        let one = try await query("SELECT usage FROM cpu WHERE host = 'b'", reader.secret, epoch: "s")
        #expect(one.json?["results"]?.arrayValue?.first?["series"]?.arrayValue?.first?["values"] == .array([.array([.int(1_700_000_010), .double(2.5)])]))
        #expect(try await query("SELECT * FROM cpu", reader.secret, db: "other").json == .obj(["results": .array([.obj(["statement_id": .int(0)])])]))

        // Refusals: the direction, the database, the token itself.
        let wrongWay = try await post("/api/v2/write?bucket=telemetry", "Bearer \(reader.secret)", "cpu usage=1")
        #expect(wrongWay.status == 403 && wrongWay.json?["code"] == "forbidden")
        #expect(try await query("SELECT * FROM cpu", writer.secret).status == 403)
        #expect(try await query("SELECT * FROM cpu", elsewhere.secret).json == .obj(["error": "this token may not read database telemetry"]))
        #expect(try await post("/write?db=telemetry", "Bearer \(elsewhere.secret)", "cpu usage=1").status == 403)
        #expect(try await query("SELECT * FROM cpu", reader.secret, db: "nope").status == 404)
        #expect(try await query("SELECT mean(usage) FROM cpu", reader.secret).status == 400)
        #expect(try await post("/write?db=telemetry", "Bearer nope", "cpu usage=1").status == 401)
        #expect(try await sandbox.influxdb3(product, "DELETE", "/tokens/\(writer.id)").status == 204)
        #expect(try await post("/write?db=telemetry", "Bearer \(writer.secret)", "cpu usage=1").status == 401)
        // The data URL is not the management API's, and the management URL has no data endpoints.
        #expect(try await post("/api/v0/databases", "Bearer \(sandbox.apiKey)", "{}").status == 404)
        #expect(try await httpExchange("POST", sandbox.url + "/write?db=telemetry", headers: ["Authorization": "Bearer \(reader.secret)"]).status == 404)
    }
}
