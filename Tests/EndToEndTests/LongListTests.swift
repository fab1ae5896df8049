import Foundation
import Testing
@testable import VMCtlSupport

/// docs/guarantees.md (Size limits) and docs/performance.md (Long lists): a list is as long as the server
/// sends. A million VictoriaMetrics Cloud tokens (a 200 MB answer, twelve times the limit of an answer that
/// is not a list) print whole, as a table and as JSON, and vmctl's memory stays far below the answer's size:
/// the answer is read element by element and the rows wait on disk (`ListSpool`), not in memory. (Before:
/// 1.25 GB at a million.) A debug build, ten times slower, gets 150,000 tokens (a 30 MB answer; before: 260 MB).
@Suite struct LongListTests {
    static let release = !(ProcessInfo.processInfo.environment["VMCTL_BIN_DIR"] ?? "").isEmpty
    static let size = release ? 1_000_000 : 150_000
    static let bound = (release ? 400 : 150) * 1024

    @Test func aMillionTokensPrintWithFlatMemory() throws {
        // No exchange log for the contract validator: two answers of up to 200 MB would keep it busy for many
        // minutes, and the same endpoint's exchanges are validated from the other tests.
        let sandbox = try SandboxProcess(arguments: ["--seed-tokens", "\(Self.size)", "--exchange-log", "/dev/null"])
        let user = VMCtlUser()
        try user.createProfile(sandbox: sandbox)
        let table = try user.vmctlMeasuringMemory(["token", "list", "--timeout", "300s"], timeout: 300)
        #expect(table.code == 0, "\(table.stderr.prefix(500))")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == Self.size + 2, "header, the sandbox's own token and the seeded ones")
        #expect(lines.first?.hasPrefix("ID ") == true)
        // Aligned: every row's second column starts where the header's does.
        let column = lines[0].range(of: "DESCRIPTION").map { lines[0].distance(from: lines[0].startIndex, to: $0.lowerBound) }
        #expect(column != nil && lines.dropFirst().allSatisfy { $0.count > column! && $0[$0.index($0.startIndex, offsetBy: column! - 1)] == " " })
        #expect(table.peakKiB < Self.bound, "peak RSS \(table.peakKiB) KiB for \(Self.size) tokens")

        let json = try user.vmctlMeasuringMemory(["token", "list", "--timeout", "300s", "--format", "json"], timeout: 300)
        #expect(json.code == 0, "\(json.stderr.prefix(500))")
        #expect(try JSONParser.parse(json.stdout).arrayValue?.count == Self.size + 1)
        #expect(json.peakKiB < Self.bound, "peak RSS \(json.peakKiB) KiB for \(Self.size) tokens")
    }
}
