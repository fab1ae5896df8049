import Foundation
import SandboxCore
import VMCtlSupport

/// One InfluxDB 3 cluster: its database tokens and databases, and the deleted databases that can come back.
public struct InfluxDB3Cluster: Codable, Sendable {
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
