import Foundation
import VMCtlCore
import VMCtlSupport

/// `/databases/{databaseName}/tables` of one cluster: create, delete, rename, and undelete by ID.
struct InfluxDB3Tables: TableService {
    let client: APIClient
    let prefix: String

    static let undeleteHint = "undelete takes the table's numeric ID, which 'vmctl table rename' and 'vmctl table undelete' show"

    func create(database: String, name: String, partitionTemplate: [PartitionPart]?) async throws -> Table {
        try InfluxDB3Names.database(database)
        try InfluxDB3Names.table(name)
        let body = InfluxDB3Wire.TableCreate(name: name, partitionTemplate: partitionTemplate.map { $0.map(InfluxDB3Wire.Part.init) })
        return table(try await client.send("POST", base(database), json: body, notFound: "no database named \"\(database)\""), database)
    }

    func delete(database: String, name: String) async throws {
        try InfluxDB3Names.database(database)
        try InfluxDB3Names.table(name)
        try await client.send("DELETE", "\(base(database))/\(APIClient.segment(name))",
                              notFound: "no table \(name) in database \(database)")
    }

    func rename(database: String, name: String, to newName: String) async throws -> Table {
        try InfluxDB3Names.database(database)
        try InfluxDB3Names.table(name)
        try InfluxDB3Names.table(newName)
        return table(try await client.send("PUT", "\(base(database))/\(APIClient.segment(name))/rename",
                                           json: InfluxDB3Wire.Rename(name: newName), notFound: "no table \(name) in database \(database)"),
                     database)
    }

    func undelete(database: String, id: String) async throws -> Table {
        try InfluxDB3Names.database(database)
        let number = try InfluxDB3Names.numericID(id, what: "table", hint: Self.undeleteHint)
        let response = try await client.send("PUT", "\(base(database))/\(number)/undelete",
                                             notFound: "no deleted table with ID \(number) in database \(database)")
        return table(try client.decode(InfluxDB3Wire.Table.self, from: response), database)
    }

    private func base(_ database: String) -> String { "\(prefix)/databases/\(APIClient.segment(database))/tables" }

    private func table(_ t: InfluxDB3Wire.Table, _ database: String) -> Table {
        var attributes = Attributes()
        attributes[InfluxDB3Fields.accountID] = t.accountId
        attributes[InfluxDB3Fields.clusterID] = t.clusterId
        return Table(name: t.name, database: t.databaseName ?? database, id: t.id.map(String.init),
                     partitionTemplate: t.partitionTemplate.map { $0.compactMap(\.part) }, attributes: attributes)
    }
}
