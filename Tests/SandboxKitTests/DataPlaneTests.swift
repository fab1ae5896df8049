import Foundation
import Testing
@testable import SandboxCore
@testable import SandboxInfluxDB2
@testable import SandboxInfluxDB3
@testable import SandboxKit
@testable import SandboxVMCloud
@testable import VMCtlSupport

/// The data plane's pure parts: the gateway's URL rules and rewriting, line protocol, the Flux and
/// InfluxQL subsets. The real VictoriaMetrics behind the gateway is exercised in EndToEndTests.
@Suite struct DataPlaneTests {
    typealias Grant = DataPlaneGateway.Grant
    static let single = Grant(tokenID: "t", deploymentID: "d1", deploymentType: "single_node", type: "rw", tenantID: nil)
    static let allTenants = Grant(tokenID: "t", deploymentID: "d2", deploymentType: "cluster", type: "rw", tenantID: nil)
    static let tenant12 = Grant(tokenID: "t", deploymentID: "d2", deploymentType: "cluster", type: "rw", tenantID: "12")

    static func target(_ path: String, _ direction: DataPlaneGateway.Direction, _ tenant: String?) -> Result<DataPlaneGateway.Target, DataPlaneGateway.Refusal> {
        .success(.init(path: path, direction: direction, tenant: tenant))
    }

    static let routes: [(String, Grant, Result<DataPlaneGateway.Target, DataPlaneGateway.Refusal>)] = [
        ("/api/v1/write", single, target("/api/v1/write", .write, nil)),
        ("/api/v1/import/prometheus", single, target("/api/v1/import/prometheus", .write, nil)),
        ("/api/v1/query", single, target("/api/v1/query", .read, nil)),
        ("/api/v1/label/job/values", single, target("/api/v1/label/job/values", .read, nil)),
        ("/prometheus/api/v1/write", single, .failure(.init(404, "deployment d1 is single-node: use /api/v1/write without a prefix"))),
        ("/insert/0/prometheus/api/v1/write", single, .failure(.init(404, "deployment d1 is single-node: use /api/v1/write without a prefix"))),
        ("/insert/5/prometheus/api/v1/write", allTenants, target("/api/v1/write", .write, "5:0")),
        ("/select/5:3/prometheus/api/v1/query_range", allTenants, target("/api/v1/query_range", .read, "5:3")),
        ("/select/5/prometheus/api/v1/write", allTenants, .failure(.init(404, "/select/ serves reads only, not /api/v1/write"))),
        ("/insert/x/prometheus/api/v1/write", allTenants, .failure(.init(400, "cannot parse tenant \"x\": use <accountID> or <accountID>:<projectID>"))),
        ("/insert/4294967296/prometheus/api/v1/write", allTenants,
         .failure(.init(400, "cannot parse tenant \"4294967296\": use <accountID> or <accountID>:<projectID>"))),
        ("/prometheus/api/v1/write", allTenants,
         .failure(.init(400, "this token covers every tenant: name one, as in /insert/<TENANT>/prometheus/api/v1/write"))),
        ("/api/v1/query", allTenants, .failure(.init(404, "deployment d2 is a cluster: use /select/<TENANT>/prometheus/api/v1/query"))),
        ("/prometheus/api/v1/write", tenant12, target("/api/v1/write", .write, "12:0")),
        ("/insert/12:0/prometheus/api/v1/write", tenant12, target("/api/v1/write", .write, "12:0")),
        ("/insert/13/prometheus/api/v1/write", tenant12, .failure(.init(403, "this token is for tenant 12 only, not 13"))),
        ("/api/v1/query", tenant12, .failure(.init(404, "deployment d2 is a cluster: use /prometheus/api/v1/query"))),
        ("/api/v1/status/tsdb", single, .failure(.init(404, "the gateway serves no /api/v1/status/tsdb"))),
        ("/", single, .failure(.init(404, "the gateway serves no /"))),
    ]

    @Test func urlRules() {
        for (path, grant, expected) in Self.routes {
            #expect(DataPlaneGateway.route(path, grant) == expected, "\(path)")
        }
    }

    @Test func directionIsEnforcedAfterTheRoute() {
        var reader = Self.allTenants
        reader.type = "r"
        #expect(DataPlaneGateway.route("/insert/1/prometheus/api/v1/write", reader) == .failure(.init(403, "this token may not write (its type is r)")))
        #expect(DataPlaneGateway.route("/select/1/prometheus/api/v1/query", reader) == Self.target("/api/v1/query", .read, "1:0"))
        var writer = Self.single
        writer.type = "w"
        #expect(DataPlaneGateway.route("/api/v1/export", writer) == .failure(.init(403, "this token may not read (its type is w)")))
    }

    @Test func writesLoseTheClientsExtraLabelsAndGetTheGatewaysLast() {
        let write = DataPlaneGateway.Target(path: "/api/v1/import/prometheus", direction: .write, tenant: "1:0")
        #expect(DataPlaneGateway.upstreamQuery("extra_label=vm_tenant%3D2%3A0&job=x", write, Self.allTenants)
                == "job=x&extra_label=vm_deployment%3Dd2&extra_label=vm_tenant%3D1%3A0")
        let read = DataPlaneGateway.Target(path: "/api/v1/query", direction: .read, tenant: nil)
        // On reads VictoriaMetrics ANDs every extra_label, so a client's own can only narrow the answer.
        #expect(DataPlaneGateway.upstreamQuery("query=up&extra_label=a%3Db", read, Self.single)
                == "query=up&extra_label=a%3Db&extra_label=vm_deployment%3Dd1")
    }

    @Test func answersLoseTheSeparatingLabels() {
        let query = #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","vm_deployment":"d","vm_tenant":"1:0"},"value":[1796028955.5,"1"]}]}}"#
        #expect(String(decoding: DataPlaneGateway.withoutSeparatingLabels(Array(query.utf8), path: "/api/v1/query"), as: UTF8.self)
                == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up"},"value":[1796028955.5,"1"]}]}}"# + "\n")
        let labels = #"{"status":"success","data":["__name__","job","vm_deployment","vm_tenant"]}"#
        #expect(String(decoding: DataPlaneGateway.withoutSeparatingLabels(Array(labels.utf8), path: "/api/v1/labels"), as: UTF8.self)
                == #"{"status":"success","data":["__name__","job"]}"# + "\n")
        let values = #"{"status":"success","data":["d"]}"#
        #expect(String(decoding: DataPlaneGateway.withoutSeparatingLabels(Array(values.utf8), path: "/api/v1/label/vm_deployment/values"), as: UTF8.self)
                == #"{"status":"success","data":[]}"# + "\n")
        let export = #"{"metric":{"__name__":"up","vm_tenant":"1:0"},"values":[1],"timestamps":[1796028944698]}"# + "\n"
        #expect(String(decoding: DataPlaneGateway.withoutSeparatingLabels(Array(export.utf8), path: "/api/v1/export"), as: UTF8.self)
                == #"{"metric":{"__name__":"up"},"values":[1],"timestamps":[1796028944698]}"# + "\n")
        #expect(DataPlaneGateway.withoutSeparatingLabels(Array("not json".utf8), path: "/api/v1/query") == Array("not json".utf8))
    }

    @Test func tenantsNormalise() {
        #expect(DataPlaneGateway.normalizeTenant("12") == "12:0")
        #expect(DataPlaneGateway.normalizeTenant("12:3") == "12:3")
        #expect(DataPlaneGateway.normalizeTenant("4294967295:4294967295") == "4294967295:4294967295")
        for bad in ["", ":", "1:", ":1", "1:2:3", "-1", "+1", "a", "4294967296", "١٢"] {
            #expect(DataPlaneGateway.normalizeTenant(bad) == nil, "\(bad)")
        }
    }

    @Test func lineProtocol() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let text = """
        # a comment

        cpu,host=a,dc=x\\ y usage=1.5,count=3i,ok=t,note="say \\"hi\\", then go" 1700000000
        my\\ measure f=-2e3,u=7u
        """
        let points = try LineProtocol.parse(text, precision: 1_000_000_000, now: now)
        #expect(points.count == 2)
        #expect(points[0].measurement == "cpu")
        #expect(points[0].tags.map(\.0) == ["dc", "host"] && points[0].tags.map(\.1) == ["x y", "a"])
        #expect(points[0].fields.map(\.0) == ["usage", "count", "ok", "note"])
        #expect(points[0].fields.map(\.1) == [.float(1.5), .integer(3), .boolean(true), .string("say \"hi\", then go")])
        #expect(points[0].time == 1_700_000_000_000_000_000)
        #expect(points[1].measurement == "my measure" && points[1].fields.map(\.1) == [.float(-2000), .unsigned(7)])
        #expect(points[1].time == 1_800_000_000_000_000_000)
        for (bad, reason) in [("cpu", "missing fields"), ("cpu f=", "invalid field value \"\" for f"), ("cpu f=abc", "invalid field value \"abc\" for f"),
                              ("cpu f=1 12x", "invalid timestamp \"12x\""), ("cpu f=\"open", "unterminated string field value")] {
            #expect(throws: LineProtocol.ParseError(line: 2, text: bad, reason: reason)) {
                try LineProtocol.parse("ok f=1\n" + bad, precision: 1, now: now)
            }
        }
        #expect(LineProtocol.formatTime(1_700_000_000_000_000_000) == "2023-11-14T22:13:20Z")
        #expect(LineProtocol.formatTime(1_700_000_000_120_000_000) == "2023-11-14T22:13:20.12Z")
    }

    @Test func fluxSubset() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let q = try FluxQuery.parse(#"from(bucket: "metrics") |> range(start: -1h, stop: now()) |> filter(fn: (r) => r._measurement == "cpu" and r["host"] == "a") |> limit(n: 2) |> yield(name: "x")"#, now: now)
        #expect(q == FluxQuery(bucket: "metrics", start: 1_800_000_000_000_000_000 - 3_600_000_000_000, stop: 1_800_000_000_000_000_000,
                               equals: ["_measurement": "cpu", "host": "a"], limit: 2))
        for bad in [#"from(bucket: "m")"#, #"from(bucket: "m") |> mean()"#, #"from(bucket: "m") |> range(start: -1h) |> group()"#,
                    #"buckets()"#, #"from(bucket: "m") |> range(start: yesterday)"#] {
            #expect(throws: FluxQuery.Unsupported.self) { try FluxQuery.parse(bad, now: now) }
        }
        let points = try LineProtocol.parse("cpu,host=a v=1 10\ncpu,host=b v=2 20\ncpu,host=a v=3 30\nmem,host=a v=4i 40", precision: 1, now: now)
        let all = FluxQuery(bucket: "m", start: 0, stop: 100)
        #expect(FluxCSV.encode(all.run(points), start: 0, stop: 100) == """
        #datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string,string\r
        #group,false,false,true,true,false,false,true,true,true\r
        #default,_result,,,,,,,,\r
        ,result,table,_start,_stop,_time,_value,_field,_measurement,host\r
        ,,0,1970-01-01T00:00:00Z,1970-01-01T00:00:00.0000001Z,1970-01-01T00:00:00.00000001Z,1,v,cpu,a\r
        ,,0,1970-01-01T00:00:00Z,1970-01-01T00:00:00.0000001Z,1970-01-01T00:00:00.00000003Z,3,v,cpu,a\r
        ,,1,1970-01-01T00:00:00Z,1970-01-01T00:00:00.0000001Z,1970-01-01T00:00:00.00000002Z,2,v,cpu,b\r
        \r
        #datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,long,string,string,string\r
        #group,false,false,true,true,false,false,true,true,true\r
        #default,_result,,,,,,,,\r
        ,result,table,_start,_stop,_time,_value,_field,_measurement,host\r
        ,,2,1970-01-01T00:00:00Z,1970-01-01T00:00:00.0000001Z,1970-01-01T00:00:00.00000004Z,4,v,mem,a\r
        \r

        """)
        #expect(FluxCSV.encode([], start: 0, stop: 1) == "\r\n")
    }

    @Test func influxQLSubset() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let points = try LineProtocol.parse("cpu,host=a usage=1.5 1799999000\ncpu,host=b usage=2,n=3i 1799999500\nmem free=1 1799999000",
                                            precision: 1_000_000_000, now: now)
        func run(_ q: String, epoch: String? = nil) throws -> [String] {
            try InfluxQLStatement.parse(q, now: now).map { $0.run(points, epoch: epoch)?.serialized(pretty: false) ?? "-" }
        }
        #expect(try run("SELECT * FROM cpu") == [#"{"name":"cpu","columns":["time","host","n","usage"],"values":[["2027-01-15T07:43:20Z","a",null,1.5],["2027-01-15T07:51:40Z","b",3,2]]}"#])
        #expect(try run("select usage from \"cpu\" where time > now() - 10m and host = 'b'", epoch: "s")
                == [#"{"name":"cpu","columns":["time","usage"],"values":[[1799999500,2]]}"#])
        #expect(try run("SELECT usage FROM cpu WHERE time >= '2027-01-15T07:50:00Z'") == [#"{"name":"cpu","columns":["time","usage"],"values":[["2027-01-15T07:51:40Z",2]]}"#])
        #expect(try run("SELECT * FROM cpu ORDER BY time DESC LIMIT 1; SELECT * FROM nothing").last == "-")
        #expect(try run("SHOW MEASUREMENTS") == [#"{"name":"measurements","columns":["name"],"values":[["cpu"],["mem"]]}"#])
        for bad in ["SELECT mean(usage) FROM cpu", "SELECT * FROM cpu GROUP BY host", "DROP MEASUREMENT cpu", "SELECT * FROM cpu WHERE host != 'a'"] {
            #expect(throws: InfluxQLStatement.Unsupported.self, "\(bad)") { try InfluxQLStatement.parse(bad, now: now) }
        }
    }
}
