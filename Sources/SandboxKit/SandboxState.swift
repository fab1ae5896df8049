import Foundation
import SandboxCore
import SandboxInfluxDB2
import SandboxInfluxDB3
import SandboxVMCloud
import VMCtlSupport

/// Everything the sandbox knows: each emulator's own state, persisted as JSON with `--state FILE`.
///
/// The file keeps the layout it had before the emulators were modules of their own: one object whose
/// members are VictoriaMetrics Cloud's (`deployments`, `tokens`, `apiKeys`, `ruleFiles`) and InfluxDB 3's
/// (`dedicated`, `clustered`, `dedicatedAccountID`, `dedicatedClusterID`) side by side, and InfluxDB 2's
/// under `influxdb2`. Each emulator's state reads and writes its own members of that one object.
public struct SandboxState: Codable, Sendable {
    public var vmcloud = VMCloudState()
    public var influxdb3 = InfluxDB3State()
    /// The InfluxDB 2 server.
    public var influxdb2 = InfluxDB2State.seeded()

    public init() {}

    enum CodingKeys: String, CodingKey {
        case influxdb2
    }

    /// Reads state files written by older sandboxes too: each emulator's state fills in what the file lacks.
    public init(from decoder: Decoder) throws {
        vmcloud = try VMCloudState(from: decoder)
        influxdb3 = try InfluxDB3State(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        influxdb2 = try c.decodeIfPresent(InfluxDB2State.self, forKey: .influxdb2) ?? InfluxDB2State.seeded()
    }

    public func encode(to encoder: Encoder) throws {
        try vmcloud.encode(to: encoder)
        try influxdb3.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(influxdb2, forKey: .influxdb2)
    }

    /// A fresh sandbox: VictoriaMetrics Cloud's two seeded deployments, empty InfluxDB 3 clusters, and the
    /// seeded InfluxDB 2 org.
    public static func seeded(now: Date) -> SandboxState {
        var state = SandboxState()
        state.vmcloud = VMCloudState.seeded(now: now)
        return state
    }

    /// Reads a state file; nil when it does not exist.
    static func load(path: String) throws -> SandboxState? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(SandboxState.self, from: data)
    }

    /// Writes the state file atomically: compact JSON (a state with thousands of tokens is written often).
    func save(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(String(decoding: try encoder.encode(self), as: UTF8.self) + "\n", to: path, mode: 0o600)
    }
}
