import Foundation

/// `/databases` of one cluster.
struct InfluxDB3Databases: DatabaseService {
    let client: APIClient
    let prefix: String
    let product: ProductKind

    var noun: String { "database" }

    func list() async throws -> [Database] {
        let databases: [InfluxDB3Wire.Database] = try await client.get("\(prefix)/databases")
        return databases.map(database)
    }

    func create(_ spec: DatabaseSpec) async throws -> Database {
        let body = InfluxDB3Wire.DatabaseCreate(name: spec.name, maxTables: spec.maxTables, maxColumnsPerTable: spec.maxColumnsPerTable,
                                                retentionPeriod: spec.retentionSeconds.map(Self.nanoseconds),
                                                partitionTemplate: spec.partitionTemplate.map { $0.map(InfluxDB3Wire.Part.init) })
        return database(try await client.send("POST", "\(prefix)/databases", json: body))
    }

    func update(_ name: String, _ changes: DatabaseChanges) async throws -> Database {
        let body = InfluxDB3Wire.DatabaseUpdate(maxTables: changes.maxTables, maxColumnsPerTable: changes.maxColumnsPerTable,
                                                retentionPeriod: changes.retentionSeconds.map(Self.nanoseconds))
        return database(try await client.send("PATCH", path(name), json: body, notFound: "no database named \"\(name)\""))
    }

    func delete(_ name: String) async throws {
        try await client.send("DELETE", path(name), notFound: "no database named \"\(name)\"")
    }

    func rename(_ name: String, to newName: String) async throws -> Database {
        database(try await client.send("PUT", path(name) + "/rename", json: InfluxDB3Wire.Rename(name: newName),
                                       notFound: "no database named \"\(name)\""))
    }

    /// The API's path names a database ID here; influxctl passes the deleted database's name, and so does vmctl.
    func undelete(_ name: String) async throws -> Database {
        let response = try await client.send("PUT", path(name) + "/undelete", notFound: "no deleted database named \"\(name)\"")
        if response.body.isEmpty { return Database(name: name, product: product) }
        return database(try client.decode(InfluxDB3Wire.Database.self, from: response))
    }

    private func path(_ name: String) -> String { "\(prefix)/databases/\(APIClient.segment(name))" }

    static func nanoseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1_000_000_000).rounded()) }

    private func database(_ d: InfluxDB3Wire.Database) -> Database {
        Database(name: d.name, product: product, retentionSeconds: d.retentionPeriod.map { Double($0) / 1_000_000_000 },
                 maxTables: d.maxTables, maxColumnsPerTable: d.maxColumnsPerTable,
                 partitionTemplate: d.partitionTemplate.map { $0.compactMap(\.part) }, accountID: d.accountId, clusterID: d.clusterId)
    }
}
