import Foundation
import SandboxCore
import VMCtlSupport

/// What the VictoriaMetrics Cloud emulator knows: deployments, their access tokens and rule files, and
/// the management API keys besides the sandbox's own.
public struct VMCloudState: Codable, Sendable {
    public var deployments: [DeploymentRecord] = []
    /// Access tokens by deployment ID.
    public var tokens: [String: [TokenRecord]] = [:]
    /// Management API keys besides the sandbox's own.
    public var apiKeys: [APIKeyRecord] = []
    /// Rule files by deployment ID, then by name: the raw YAML.
    public var ruleFiles: [String: [String: String]] = [:]

    public struct APIKeyRecord: Codable, Sendable {
        public var id: String
        public var name: String
        public var permission: String
        public var deploymentIDs: [String]
        public var allDeployments: Bool
        public var expiresAt: String?
        public var createdAt: String
        public var value: String
    }

    public struct DeploymentRecord: Codable, Sendable {
        public var id: String
        public var name: String
        public var type: String
        public var tier: UInt32
        public var version: String
        public var cloudProvider: String
        public var region: String
        public var createdAt: String
        public var status: String
        public var retentionValue: UInt32
        public var retentionUnit: String
        public var deduplicationValue: UInt32
        public var deduplicationUnit: String
        public var storageSizeGB: UInt64
        public var maintenanceWindow: String
        public var singleFlags: [String]?
        public var storageFlags: [String]?
        public var selectFlags: [String]?
        public var insertFlags: [String]?
        public var accessEndpoint: String
        /// While PROVISIONING: when it becomes RUNNING.
        public var readyAt: String?
    }

    public struct TokenRecord: Codable, Sendable {
        public var id: String
        public var value: String
        public var type: String
        public var description: String
        public var createdBy: String
        public var createdAt: String
        public var tenantID: String?
        public var lastUsedAt: String?
    }

    public init() {}

    enum CodingKeys: String, CodingKey {
        case deployments, tokens, apiKeys, ruleFiles
    }

    /// Reads state files written by older sandboxes too: missing collections are empty.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        deployments = try c.decodeIfPresent([DeploymentRecord].self, forKey: .deployments) ?? []
        tokens = try c.decodeIfPresent([String: [TokenRecord]].self, forKey: .tokens) ?? [:]
        apiKeys = try c.decodeIfPresent([APIKeyRecord].self, forKey: .apiKeys) ?? []
        ruleFiles = try c.decodeIfPresent([String: [String: String]].self, forKey: .ruleFiles) ?? [:]
    }

    /// Moves deployments whose provisioning time is over to RUNNING; true when anything changed.
    public mutating func advance(now: Date) -> Bool {
        var changed = false
        for i in deployments.indices where deployments[i].status == "PROVISIONING" {
            if let ready = deployments[i].readyAt.flatMap(RFC3339.parse), ready <= now {
                deployments[i].status = "RUNNING"
                deployments[i].readyAt = nil
                changed = true
            }
        }
        return changed
    }

    /// A new deployment's default read/write token.
    static func defaultToken(now: Date) -> TokenRecord {
        TokenRecord(id: Random.uuid(), value: Random.secret(), type: "rw", description: "default",
                    createdBy: "sandbox", createdAt: RFC3339.format(now), tenantID: nil, lastUsedAt: nil)
    }

    /// A fresh sandbox: a single-node and a cluster deployment, each with its default read/write token.
    public static func seeded(now: Date) -> VMCloudState {
        var state = VMCloudState()
        let created = RFC3339.format(now)
        for (name, type, tier, storage) in [("dev-single", "single_node", UInt32(21), UInt64(10)),
                                            ("prod-cluster", "cluster", UInt32(32), UInt64(100))] {
            let id = Random.uuid()
            state.deployments.append(DeploymentRecord(
                id: id, name: name, type: type, tier: tier, version: "v1.110.0", cloudProvider: "aws", region: "us-east-1",
                createdAt: created, status: "RUNNING", retentionValue: 1, retentionUnit: "m", deduplicationValue: 0,
                deduplicationUnit: "s", storageSizeGB: storage, maintenanceWindow: "Sat-Sun 3-4am",
                singleFlags: type == "single_node" ? [] : nil, storageFlags: type == "cluster" ? [] : nil,
                selectFlags: type == "cluster" ? [] : nil, insertFlags: type == "cluster" ? [] : nil,
                accessEndpoint: accessEndpoint(region: "us-east-1"), readyAt: nil))
            var token = defaultToken(now: now)
            // The cluster's default token has been in use, so answers carry last_used_at as the API's do
            // for tokens used in the last 7 days.
            if type == "cluster" { token.lastUsedAt = RFC3339.format(now.addingTimeInterval(-7200)) }
            state.tokens[id] = [token]
        }
        return state
    }

    /// Adds `count` access tokens to the (first) cluster deployment, beyond its tier's limit: long lists
    /// to measure vmctl with (`--seed-tokens`). Descriptions, types and tenants vary as real ones do.
    public mutating func seedTokens(_ count: Int, now: Date) {
        guard let deployment = deployments.first(where: { $0.type == "cluster" }) ?? deployments.first else { return }
        let created = RFC3339.format(now)
        let types = ["r", "w", "rw"]
        var added: [TokenRecord] = []
        added.reserveCapacity(count)
        for i in 0..<count {
            added.append(TokenRecord(id: Random.uuid(), value: Random.secret(), type: types[i % 3],
                                     description: "seeded token \(i) for service-\(i % 37)", createdBy: "sandbox-seed",
                                     createdAt: created, tenantID: i % 3 == 0 ? "\(i % 50):\(i % 7)" : nil, lastUsedAt: nil))
        }
        tokens[deployment.id, default: []] += added
    }

    /// A deployment's access endpoint, shaped like VictoriaMetrics Cloud's gateways (`https://gw-c15-1c.cloud.victoriametrics.com`),
    /// one shared by every deployment of a region, as real gateways are shared. Nothing answers there for sandbox
    /// tokens; with `--data-plane` the API shows the sandbox's own gateway instead (`VMCloudEmulator.accessEndpointOverride`).
    static func accessEndpoint(region: String) -> String {
        let gateways = ["us-east-1": "gw-c15-1c", "eu-central-1": "gw-c21-1a", "eu-west-1": "gw-c9-1b", "ap-southeast-1": "gw-c30-1a"]
        return "https://\(gateways[region] ?? "gw-c1-1a").cloud.victoriametrics.com"
    }

    /// The gateway's view of a live access token, found by its secret; marks the token used at `now`.
    public mutating func grant(forSecret secret: String, now: Date) -> DataPlaneGateway.Grant? {
        for (deploymentID, deploymentTokens) in tokens {
            guard let i = deploymentTokens.firstIndex(where: { $0.value == secret }),
                  let deployment = deployments.first(where: { $0.id == deploymentID }) else { continue }
            tokens[deploymentID]![i].lastUsedAt = RFC3339.format(now)
            let t = deploymentTokens[i]
            return DataPlaneGateway.Grant(tokenID: t.id, deploymentID: deploymentID, deploymentType: deployment.type, type: t.type,
                                          tenantID: t.tenantID)
        }
        return nil
    }

    /// Sets a deployment's status (e.g. ERROR, to exercise `--wait`), ending any provisioning; false when
    /// there is no such deployment.
    public mutating func setStatus(_ status: String, ofDeployment id: String) -> Bool {
        guard let i = deployments.firstIndex(where: { $0.id == id }) else { return false }
        deployments[i].status = status
        deployments[i].readyAt = nil
        return true
    }
}
