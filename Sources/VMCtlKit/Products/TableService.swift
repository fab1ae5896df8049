import VMCtlSupport
/// Tables of the databases of one cluster (InfluxDB 3). The API has no list of tables.
public protocol TableService: Sendable {
    func create(database: String, name: String, partitionTemplate: [PartitionPart]?) async throws -> Table
    func delete(database: String, name: String) async throws
    func rename(database: String, name: String, to newName: String) async throws -> Table
    /// The API's path names a deleted table by its numeric ID.
    func undelete(database: String, id: String) async throws -> Table
}
