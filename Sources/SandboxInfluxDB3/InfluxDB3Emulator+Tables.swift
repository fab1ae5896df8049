import Foundation
import SandboxCore
import VMCtlSupport

/// `/databases/{databaseName}/tables`: create, delete, rename, and undelete by the numeric table ID, with
/// the answers the descriptions give (the database's name beside the table's; rename and undelete carry
/// the ID). A new table takes the database's partition template unless it brings its own.
extension InfluxDB3Emulator {
    func tableJSON(_ t: InfluxDB3Cluster.Table, database: String, _ scope: Scope) -> JSONValue {
        var members: [JSONMember] = []
        if let a = scope.accountID { members.append(JSONMember("accountId", .string(a))) }
        if let c = scope.clusterID { members.append(JSONMember("clusterId", .string(c))) }
        members += [JSONMember("databaseName", .string(database)), JSONMember("id", .int(t.id)), JSONMember("name", .string(t.name))]
        if let parts = t.partitionTemplate { members.append(JSONMember("partitionTemplate", templateJSON(parts))) }
        return .object(members)
    }

    private func databaseIndex(_ name: String, _ state: InfluxDB3Cluster) throws -> Int {
        guard let i = state.databases.firstIndex(where: { $0.name == name }) else { throw SandboxFailure(404, "database \(name) not found") }
        return i
    }

    private func tableName(_ body: JSONValue) throws -> String {
        guard let name = body["name"]?.stringValue, !name.isEmpty else { throw SandboxFailure(400, "name must be a non-empty table name") }
        return name
    }

    func createTable(_ database: String, _ request: SandboxRequest, _ state: inout InfluxDB3Cluster, _ scope: Scope) throws -> SandboxResponse {
        let d = try databaseIndex(database, state)
        let body = try Reply.jsonObject(request).get()
        let name = try tableName(body)
        let tables = state.databases[d].tables ?? []
        if tables.contains(where: { $0.name == name }) { throw SandboxFailure(409, "table \(name) already exists in database \(database)") }
        if tables.count >= state.databases[d].maxTables {
            throw SandboxFailure(400, "database \(database) already has its maximum of \(state.databases[d].maxTables) tables")
        }
        let table = InfluxDB3Cluster.Table(id: state.nextTableID, name: name,
                                         partitionTemplate: try partitionTemplate(body["partitionTemplate"]) ?? state.databases[d].partitionTemplate)
        state.databases[d].tables = tables + [table]
        return .json(200, tableJSON(table, database: database, scope))
    }

    func deleteTable(_ database: String, _ name: String, _ state: inout InfluxDB3Cluster) throws -> SandboxResponse {
        let d = try databaseIndex(database, state)
        guard let i = state.databases[d].tables?.firstIndex(where: { $0.name == name }) else {
            throw SandboxFailure(404, "table \(name) not found in database \(database)")
        }
        let table = state.databases[d].tables!.remove(at: i)
        state.databases[d].deletedTables = (state.databases[d].deletedTables ?? []) + [table]
        return .empty(204)
    }

    func renameTable(_ database: String, _ name: String, _ request: SandboxRequest, _ state: inout InfluxDB3Cluster, _ scope: Scope) throws -> SandboxResponse {
        let d = try databaseIndex(database, state)
        guard let i = state.databases[d].tables?.firstIndex(where: { $0.name == name }) else {
            throw SandboxFailure(404, "table \(name) not found in database \(database)")
        }
        let newName = try tableName(try Reply.jsonObject(request).get())
        if state.databases[d].tables!.contains(where: { $0.name == newName }) {
            throw SandboxFailure(409, "table \(newName) already exists in database \(database)")
        }
        state.databases[d].tables![i].name = newName
        return .json(200, tableJSON(state.databases[d].tables![i], database: database, scope))
    }

    func undeleteTable(_ database: String, _ idText: String, _ state: inout InfluxDB3Cluster, _ scope: Scope) throws -> SandboxResponse {
        let d = try databaseIndex(database, state)
        guard let id = Int64(idText) else { throw SandboxFailure(400, "tableId must be the numeric ID of the table, not \"\(idText)\"") }
        guard let i = state.databases[d].deletedTables?.firstIndex(where: { $0.id == id }) else {
            throw SandboxFailure(404, "no deleted table with ID \(id) in database \(database)")
        }
        let name = state.databases[d].deletedTables![i].name
        if (state.databases[d].tables ?? []).contains(where: { $0.name == name }) {
            throw SandboxFailure(400, "table \(name) exists; it cannot be undeleted")
        }
        let table = state.databases[d].deletedTables!.remove(at: i)
        state.databases[d].tables = (state.databases[d].tables ?? []) + [table]
        return .json(200, tableJSON(table, database: database, scope))
    }
}
