import Foundation
import Testing
@testable import VMCtlKit
@testable import VMCtlCLI
@testable import VMCtlCore
@testable import VMCloud
@testable import InfluxDB2
@testable import InfluxDB3
@testable import VMCtlSupport

/// `vmctl --version` names this project: VictoriaMetrics' data-migration tool and
/// OpenBSD's VM control program are also called vmctl, and this is how a user tells which one runs.
@Suite struct VersionTests {
    let expected = "vmctl \(VMCtlVersion.current) (token administration for VictoriaMetrics Cloud, InfluxDB 3 Cloud Dedicated/Clustered and InfluxDB 2)\n"

    @Test func versionFlagNamesTheProject() async {
        let r = await runVMCtl(["--version"], config: nil)
        #expect(r.code == 0)
        #expect(r.stdout == expected)
        #expect(r.stderr == "")
    }

    @Test func versionCommandPrintsTheSameLine() async {
        let r = await runVMCtl(["version"], config: nil)
        #expect(r.code == 0)
        #expect(r.stdout == expected)
    }

    /// Scripts that read the version keep their JSON: the number alone, not the description.
    @Test func versionJSONKeepsTheBareNumber() async throws {
        let r = await runVMCtl(["version", "--format", "json"], config: nil)
        #expect(r.code == 0)
        let json = try JSONParser.parse(r.stdout)
        #expect(json["version"] == .string(VMCtlVersion.current))
        #expect(json["user_agent"] == .string("vmctl/\(VMCtlVersion.current)"))
    }
}
