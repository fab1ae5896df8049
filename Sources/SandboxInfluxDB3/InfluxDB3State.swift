import Foundation
import SandboxCore
import VMCtlSupport

/// What the InfluxDB 3 emulator knows: the one Cloud Dedicated cluster (with the account and cluster IDs
/// its paths name) and the one Clustered cluster.
public struct InfluxDB3State: Codable, Sendable {
    public var dedicated = InfluxDB3Cluster()
    public var clustered = InfluxDB3Cluster()
    public var dedicatedAccountID = Random.uuid()
    public var dedicatedClusterID = Random.uuid()

    public init() {}

    /// The cluster of that flavor.
    public func cluster(_ flavor: InfluxDB3Emulator.Flavor) -> InfluxDB3Cluster {
        flavor == .dedicated ? dedicated : clustered
    }

    enum CodingKeys: String, CodingKey {
        case dedicated, clustered, dedicatedAccountID, dedicatedClusterID
    }

    /// Reads state files written by older sandboxes too: a missing cluster is empty, missing IDs are new
    /// ones, and databases without an ID get one.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dedicated = try c.decodeIfPresent(InfluxDB3Cluster.self, forKey: .dedicated) ?? InfluxDB3Cluster()
        clustered = try c.decodeIfPresent(InfluxDB3Cluster.self, forKey: .clustered) ?? InfluxDB3Cluster()
        dedicated.assignMissingIDs()
        clustered.assignMissingIDs()
        dedicatedAccountID = try c.decodeIfPresent(String.self, forKey: .dedicatedAccountID) ?? Random.uuid()
        dedicatedClusterID = try c.decodeIfPresent(String.self, forKey: .dedicatedClusterID) ?? Random.uuid()
    }
}
