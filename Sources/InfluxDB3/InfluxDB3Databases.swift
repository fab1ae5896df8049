import Foundation
import VMCtlCore
import VMCtlSupport

/// `/databases` of one cluster. Names and limits are checked against the API's rules before sending.
public struct InfluxDB3Databases: DatabaseAdministrationService {
    let client: APIClient
    let prefix: String
    let product: ProductKind

    public var noun: String { "database" }

    static let undeleteHint = "undelete takes the database's numeric ID: 'vmctl database list' shows it, and 'vmctl database delete' prints it"

    public func list() async throws -> [Database] {
        let databases: [InfluxDB3Wire.Database] = try await client.get("\(prefix)/databases")
        return databases.map(database)
    }

    public func create(_ spec: DatabaseSpec) async throws -> Database {
        try InfluxDB3Names.database(spec.name)
        let body = InfluxDB3Wire.DatabaseCreate(name: spec.name, maxTables: spec.maxTables, maxColumnsPerTable: spec.maxColumnsPerTable,
                                                retentionPeriod: spec.retentionSeconds.map(Self.nanoseconds),
                                                partitionTemplate: spec.partitionTemplate.map { $0.map(InfluxDB3Wire.Part.init) })
        return database(try await client.send("POST", "\(prefix)/databases", json: body))
    }

    public func update(_ name: String, _ changes: DatabaseChanges) async throws -> Database {
        try InfluxDB3Names.database(name)
        let body = InfluxDB3Wire.DatabaseUpdate(maxTables: changes.maxTables, maxColumnsPerTable: changes.maxColumnsPerTable,
                                                retentionPeriod: changes.retentionSeconds.map(Self.nanoseconds))
        return database(try await client.send("PATCH", path(name), json: body, notFound: "no database named \"\(name)\""))
    }

    /// Deletes the database and says its ID, which undelete needs and the API shows nowhere once it is gone.
    public func delete(_ name: String) async throws -> String? {
        try InfluxDB3Names.database(name)
        let id = try? await list().first(where: { $0.name == name })?.id
        try await client.send("DELETE", path(name), notFound: "no database named \"\(name)\"")
        return id.flatMap { $0 }.map { "database \(name) had ID \($0); 'vmctl database undelete \($0)' restores it within the grace period" }
    }

    /// A token's permissions name databases by name (docs/api/influxdb3.md), so they outlive a rename or a
    /// delete: they stop covering a renamed database, and cover whatever database takes the name next.
    public func tokensNaming(_ name: String, after change: DatabaseNameChange) -> String? {
        switch change {
        case .renamed(let newName):
            return "tokens that name \(name) do not cover \(newName); update them with 'vmctl token update'"
        case .deleted:
            return "tokens that name \(name) keep naming it, and will cover a new database of that name; update or revoke them ('vmctl token list' shows them)"
        }
    }

    public func rename(_ name: String, to newName: String) async throws -> Database {
        try InfluxDB3Names.database(name)
        try InfluxDB3Names.database(newName, what: "new database name")
        return database(try await client.send("PUT", path(name) + "/rename", json: InfluxDB3Wire.Rename(name: newName),
                                              notFound: "no database named \"\(name)\""))
    }

    /// The API's path names the database by its numeric ID.
    public func undelete(_ reference: String) async throws -> Database {
        let id = try InfluxDB3Names.numericID(reference, what: "database", hint: Self.undeleteHint)
        let response = try await client.send("PUT", "\(prefix)/databases/\(id)/undelete", notFound: "no deleted database with ID \(id)")
        return database(try client.decode(InfluxDB3Wire.Database.self, from: response))
    }

    private func path(_ name: String) -> String { "\(prefix)/databases/\(APIClient.segment(name))" }

    static func nanoseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1_000_000_000).rounded()) }

    private func database(_ d: InfluxDB3Wire.Database) -> Database {
        var database = Database(name: d.name, product: product, id: d.id.map(String.init),
                                retentionSeconds: d.retentionPeriod.map { Double($0) / 1_000_000_000 })
        database[InfluxDB3Fields.maxTables] = d.maxTables
        database[InfluxDB3Fields.maxColumns] = d.maxColumnsPerTable
        database[InfluxDB3Fields.partitionTemplate] = d.partitionTemplate.map { PartitionTemplate($0.compactMap(\.part)) }
        database[InfluxDB3Fields.accountID] = d.accountId
        database[InfluxDB3Fields.clusterID] = d.clusterId
        return database
    }
}
