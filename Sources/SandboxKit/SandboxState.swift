import Foundation
import VMCtlKit

/// Everything the sandbox knows, persisted as JSON with `--state FILE`.
public struct SandboxState: Codable, Sendable {
    public var deployments: [DeploymentRecord] = []
    /// Access tokens by deployment ID.
    public var tokens: [String: [TokenRecord]] = [:]
    /// Management API keys besides the sandbox's own.
    public var apiKeys: [APIKeyRecord] = []
    /// Rule files by deployment ID, then by name: the raw YAML.
    public var ruleFiles: [String: [String: String]] = [:]
    /// The one InfluxDB 3 Cloud Dedicated cluster and the one Clustered cluster.
    public var dedicated = InfluxDB3State()
    public var clustered = InfluxDB3State()
    public var dedicatedAccountID = Random.uuid()
    public var dedicatedClusterID = Random.uuid()
    /// The InfluxDB 2 server.
    public var influxdb2 = InfluxDB2State.seeded()

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
        case deployments, tokens, apiKeys, ruleFiles, dedicated, clustered, dedicatedAccountID, dedicatedClusterID, influxdb2
    }

    /// Reads state files written by older sandboxes too: missing collections are empty.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        deployments = try c.decodeIfPresent([DeploymentRecord].self, forKey: .deployments) ?? []
        tokens = try c.decodeIfPresent([String: [TokenRecord]].self, forKey: .tokens) ?? [:]
        apiKeys = try c.decodeIfPresent([APIKeyRecord].self, forKey: .apiKeys) ?? []
        ruleFiles = try c.decodeIfPresent([String: [String: String]].self, forKey: .ruleFiles) ?? [:]
        dedicated = try c.decodeIfPresent(InfluxDB3State.self, forKey: .dedicated) ?? InfluxDB3State()
        clustered = try c.decodeIfPresent(InfluxDB3State.self, forKey: .clustered) ?? InfluxDB3State()
        dedicated.assignMissingIDs()
        clustered.assignMissingIDs()
        dedicatedAccountID = try c.decodeIfPresent(String.self, forKey: .dedicatedAccountID) ?? Random.uuid()
        dedicatedClusterID = try c.decodeIfPresent(String.self, forKey: .dedicatedClusterID) ?? Random.uuid()
        influxdb2 = try c.decodeIfPresent(InfluxDB2State.self, forKey: .influxdb2) ?? InfluxDB2State.seeded()
    }

    /// Moves deployments whose provisioning time is over to RUNNING; true when anything changed.
    mutating func advance(now: Date) -> Bool {
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
    public static func seeded(now: Date) -> SandboxState {
        var state = SandboxState()
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

    /// A deployment's access endpoint, shaped like VictoriaMetrics Cloud's gateways (`https://gw-c15-1c.cloud.victoriametrics.com`),
    /// one shared by every deployment of a region, as real gateways are shared. Nothing answers there for sandbox
    /// tokens; with `--data-plane` the API shows the sandbox's own gateway instead (`SandboxDataPlane`).
    static func accessEndpoint(region: String) -> String {
        let gateways = ["us-east-1": "gw-c15-1c", "eu-central-1": "gw-c21-1a", "eu-west-1": "gw-c9-1b", "ap-southeast-1": "gw-c30-1a"]
        return "https://\(gateways[region] ?? "gw-c1-1a").cloud.victoriametrics.com"
    }

    /// Reads a state file; nil when it does not exist.
    static func load(path: String) throws -> SandboxState? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(SandboxState.self, from: data)
    }

    /// Writes the state file atomically.
    func save(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(String(decoding: try encoder.encode(self), as: UTF8.self) + "\n", to: path, mode: 0o600)
    }
}

/// The VictoriaMetrics Cloud catalog the sandbox offers.
enum VMCloudCatalog {
    struct Tier {
        var id: UInt32
        var type: String
        var name: String
        var computeCostPerHour: Double
        var ingestionRate: Int64
        var activeTimeSeries: Int64
        var newSeriesOver24h: Int64
        var datapointsReadRate: Int64
        var seriesReadPerQuery: Int64
        var concurrentRequests: Int64
        /// How many access tokens a deployment on this tier may have.
        var tokenLimit: Int
    }

    /// IDs and names shaped like the real catalog's (the Go client's examples: 21 `s.starter.a`, 22 `s.micro.a`);
    /// the cluster tiers and all the figures are illustrative.
    static let tiers: [Tier] = [
        Tier(id: 21, type: "single_node", name: "s.starter.a", computeCostPerHour: 0.05, ingestionRate: 10_000, activeTimeSeries: 100_000,
             newSeriesOver24h: 50_000, datapointsReadRate: 1_000_000, seriesReadPerQuery: 10_000, concurrentRequests: 10, tokenLimit: 10),
        Tier(id: 22, type: "single_node", name: "s.micro.a", computeCostPerHour: 0.2, ingestionRate: 100_000, activeTimeSeries: 1_000_000,
             newSeriesOver24h: 500_000, datapointsReadRate: 10_000_000, seriesReadPerQuery: 100_000, concurrentRequests: 20, tokenLimit: 25),
        Tier(id: 31, type: "cluster", name: "c.small.a", computeCostPerHour: 0.8, ingestionRate: 500_000, activeTimeSeries: 5_000_000,
             newSeriesOver24h: 2_000_000, datapointsReadRate: 50_000_000, seriesReadPerQuery: 500_000, concurrentRequests: 50, tokenLimit: 50),
        Tier(id: 32, type: "cluster", name: "c.medium.a", computeCostPerHour: 3.2, ingestionRate: 2_000_000, activeTimeSeries: 20_000_000,
             newSeriesOver24h: 10_000_000, datapointsReadRate: 200_000_000, seriesReadPerQuery: 2_000_000, concurrentRequests: 100, tokenLimit: 100),
    ]

    static let regions = ["us-east-1", "eu-central-1", "eu-west-1", "ap-southeast-1"]

    static func tier(_ id: UInt32) -> Tier? { tiers.first { $0.id == id } }
}

/// One InfluxDB 3 cluster: its database tokens and databases, and the deleted databases that can come back.
public struct InfluxDB3State: Codable, Sendable {
    public var tokens: [Token] = []
    public var databases: [Database] = []
    public var deletedDatabases: [Database] = []

    public struct Permission: Codable, Sendable, Equatable {
        public var action: String
        public var resource: String
    }

    public struct Token: Codable, Sendable {
        public var id: String
        public var description: String
        public var permissions: [Permission]
        public var createdAt: String
        public var expiresAt: String?
        public var revokedAt: String?
        public var accessToken: String
    }

    public struct Part: Codable, Sendable, Equatable {
        public var type: String
        public var value: String?
        public var tagName: String?
        public var numberOfBuckets: Int?
    }

    public struct Database: Codable, Sendable {
        /// The numeric database ID (int64, from 1) that undelete takes; nil only in state files written
        /// before the sandbox had IDs, until `assignMissingIDs` runs.
        public var id: Int64?
        public var name: String
        public var maxTables: Int64
        public var maxColumnsPerTable: Int64
        public var retentionPeriod: Int64
        public var partitionTemplate: [Part]?
        /// Its tables, and the deleted ones that can come back (nil in older state files: none).
        public var tables: [Table]?
        public var deletedTables: [Table]?
    }

    public struct Table: Codable, Sendable {
        /// The numeric table ID (int64) that undelete takes.
        public var id: Int64
        public var name: String
        public var partitionTemplate: [Part]?
    }

    public init() {}

    /// The next free database ID: deleted databases keep theirs.
    var nextDatabaseID: Int64 { ((databases + deletedDatabases).compactMap(\.id).max() ?? 0) + 1 }

    /// The next free table ID in the cluster: deleted tables keep theirs.
    var nextTableID: Int64 {
        ((databases + deletedDatabases).flatMap { ($0.tables ?? []) + ($0.deletedTables ?? []) }.map(\.id).max() ?? 0) + 1
    }

    /// Gives databases from older state files an ID.
    mutating func assignMissingIDs() {
        for i in databases.indices where databases[i].id == nil { databases[i].id = nextDatabaseID }
        for i in deletedDatabases.indices where deletedDatabases[i].id == nil { deletedDatabases[i].id = nextDatabaseID }
    }
}

/// The InfluxDB 2 server: orgs, users, buckets and authorizations.
public struct InfluxDB2State: Codable, Sendable {
    /// An org or a user. The optional fields are absent from state files of older sandboxes.
    public struct Named: Codable, Sendable {
        public var id: String
        public var name: String
        public var description: String?
        public var createdAt: String?
        public var updatedAt: String?
    }

    public struct Bucket: Codable, Sendable {
        public var id: String
        public var name: String
        public var orgID: String
        public var type: String
        public var everySeconds: Int64
        public var createdAt: String
        public var description: String?
        public var updatedAt: String?
        /// As OSS normalises it at creation; derived from the retention when absent.
        public var shardGroupSeconds: Int64?
    }

    public struct Resource: Codable, Sendable, Equatable {
        public var type: String
        public var id: String?
        public var orgID: String?
    }

    public struct Permission: Codable, Sendable, Equatable {
        public var action: String
        public var resource: Resource
    }

    public struct Authorization: Codable, Sendable {
        public var id: String
        public var token: String
        public var status: String
        public var description: String
        public var orgID: String
        public var userID: String
        public var permissions: [Permission]
        public var createdAt: String
        public var updatedAt: String
    }

    public var orgs: [Named] = []
    public var users: [Named] = []
    public var buckets: [Bucket] = []
    public var authorizations: [Authorization] = []

    /// One org with its system buckets and a `metrics` bucket, and the admin user.
    static func seeded() -> InfluxDB2State {
        var state = InfluxDB2State()
        let created = RFC3339.format(Date())
        let org = Named(id: Random.hexID(), name: "sandbox-org", description: "", createdAt: created, updatedAt: created)
        state.orgs = [org]
        state.users = [Named(id: Random.hexID(), name: "admin", createdAt: created, updatedAt: created)]
        state.buckets = [
            Bucket(id: Random.hexID(), name: "_monitoring", orgID: org.id, type: "system", everySeconds: 604_800, createdAt: created,
                   description: "System bucket for monitoring logs", updatedAt: created),
            Bucket(id: Random.hexID(), name: "_tasks", orgID: org.id, type: "system", everySeconds: 259_200, createdAt: created,
                   description: "System bucket for task logs", updatedAt: created),
            Bucket(id: Random.hexID(), name: "metrics", orgID: org.id, type: "user", everySeconds: 0, createdAt: created, updatedAt: created),
        ]
        return state
    }

    /// Makes `token` the operator token (every permission on every org), as the sandbox's key.
    mutating func ensureOperator(token: String) {
        if authorizations.contains(where: { $0.token == token }) { return }
        let now = RFC3339.format(Date())
        let permissions = InfluxDB2Emulator.allResourceTypes.flatMap { type in
            ["read", "write"].map { Permission(action: $0, resource: Resource(type: type)) }
        }
        authorizations.insert(Authorization(id: Random.hexID(), token: token, status: "active", description: "sandbox operator token",
                                            orgID: orgs[0].id, userID: users[0].id, permissions: permissions,
                                            createdAt: now, updatedAt: now), at: 0)
    }
}
