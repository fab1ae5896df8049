import Foundation
import Testing
@testable import SandboxCore
@testable import SandboxInfluxDB3

/// The InfluxQL subset the InfluxDB 3 data endpoints understand, answered in the v1 JSON shape.
@Suite struct InfluxQLTests {
    @Test func selectsFiltersOrdersLimitsAndShowsMeasurementsAndRefusesTheRest() throws {
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
