import Foundation
import Testing
@testable import SandboxCore
@testable import SandboxInfluxDB2

/// The Flux subset the InfluxDB 2 query endpoint understands, and the annotated CSV it answers with.
@Suite struct FluxQueryTests {
    @Test func readsTheSupportedPipelineRefusesTheRestAndAnswersAnnotatedCSV() throws {
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
}
