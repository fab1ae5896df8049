import Foundation
import Testing
@testable import SandboxCore

/// InfluxDB line protocol as both InfluxDB emulators read it, and times as they write them.
@Suite struct LineProtocolTests {
    @Test func parsesEscapesFieldTypesAndMissingTimesAndNamesTheLineThatFails() throws {
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
    }

    @Test func timesAreWrittenAsInfluxDBWritesThem() {
        #expect(LineProtocol.formatTime(1_700_000_000_000_000_000) == "2023-11-14T22:13:20Z")
        #expect(LineProtocol.formatTime(1_700_000_000_120_000_000) == "2023-11-14T22:13:20.12Z")
    }

    @Test func compressedWriteBodiesAreRefusedSayingHowToSendThem() {
        func request(_ encoding: String?) -> SandboxRequest {
            SandboxRequest(method: "POST", path: "/write", headers: encoding.map { ["content-encoding": $0] } ?? [:])
        }
        #expect(LineProtocol.encodingRefusal(request("GZIP")) == "the sandbox does not decode Content-Encoding gzip: send line protocol uncompressed")
        #expect(LineProtocol.encodingRefusal(request("identity")) == nil && LineProtocol.encodingRefusal(request(nil)) == nil)
    }
}
