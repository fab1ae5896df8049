import Foundation
import SandboxCore
import VMCtlSupport

/// `/api/v1/deployments`: DeploymentSummary in lists, DeploymentInfo otherwise; PROVISIONING for the
/// configured delay after creation or a flags change; storage never shrinks; type, provider, region fixed.
extension VMCloudEmulator {
    func listDeployments(_ call: Call, _ state: VMCloudState) -> SandboxResponse {
        .json(200, .array(state.deployments.filter { call.caller.canAccess($0.id) }.map(summary)))
    }

    func getDeployment(_ call: Call, _ state: VMCloudState) throws -> SandboxResponse {
        .json(200, info(try deployment(call.deploymentID, state)))
    }

    func createDeployment(_ call: Call, _ state: inout VMCloudState) throws -> SandboxResponse {
        let body = try Reply.jsonObject(call.request).get()
        let name = try Self.nonBlank(body, "name")
        if state.deployments.contains(where: { $0.name == name }) { throw SandboxFailure(409, "a deployment named \(name) already exists") }
        guard let type = body["type"]?.stringValue, ["single_node", "cluster"].contains(type) else {
            throw SandboxFailure(400, "type must be single_node or cluster")
        }
        guard body["provider"]?.stringValue == "aws" else { throw SandboxFailure(400, "provider must be aws") }
        guard let region = body["region"]?.stringValue, VMCloudCatalog.regions.contains(region) else {
            throw SandboxFailure(400, "unknown region")
        }
        let tier = try checkTier(body["tier"], type: type)
        let storage = try storageGB(body, type: type, currentGB: nil)
        let (retention, retentionUnit) = try quantity(body, "retention", units: ["d", "m"])
        if retention == 0 { throw SandboxFailure(400, "retention must not be 0") }
        let (dedup, dedupUnit) = try quantity(body, "deduplication", units: ["s", "ms"])
        let window = try maintenanceWindow(body)
        let id = Random.uuid()
        let record = VMCloudState.DeploymentRecord(
            id: id, name: name, type: type, tier: tier, version: "v1.110.0", cloudProvider: "aws", region: region,
            createdAt: RFC3339.format(call.now), status: "PROVISIONING", retentionValue: retention, retentionUnit: retentionUnit,
            deduplicationValue: dedup, deduplicationUnit: dedupUnit, storageSizeGB: storage, maintenanceWindow: window,
            singleFlags: type == "single_node" ? [] : nil, storageFlags: type == "cluster" ? [] : nil,
            selectFlags: type == "cluster" ? [] : nil, insertFlags: type == "cluster" ? [] : nil,
            accessEndpoint: VMCloudState.accessEndpoint(region: region), readyAt: RFC3339.format(call.now.addingTimeInterval(provisioningDelay)))
        state.deployments.append(record)
        state.tokens[id] = [VMCloudState.defaultToken(now: call.now)]
        return .json(200, info(record))
    }

    func updateDeployment(_ call: Call, _ state: inout VMCloudState) throws -> SandboxResponse {
        let i = try index(of: call.deploymentID, state)
        var d = state.deployments[i]
        let body = try Reply.jsonObject(call.request).get()
        for (key, current) in [("type", d.type), ("provider", d.cloudProvider), ("cloud_provider", d.cloudProvider), ("region", d.region)] {
            if let given = body[key]?.stringValue, given != current {
                throw SandboxFailure(400, "\(key) cannot change (it is \(current))")
            }
        }
        if let name = body["name"]?.stringValue {
            if name.trimmingCharacters(in: .whitespaces).isEmpty { throw SandboxFailure(400, "name must not be empty") }
            if state.deployments.contains(where: { $0.name == name && $0.id != d.id }) {
                throw SandboxFailure(409, "a deployment named \(name) already exists")
            }
            d.name = name
        }
        if body["tier"] != nil { d.tier = try checkTier(body["tier"], type: d.type) }
        if body["storage_size"] != nil { d.storageSizeGB = try storageGB(body, type: d.type, currentGB: d.storageSizeGB) }
        if body["retention"] != nil {
            let (v, u) = try quantity(body, "retention", units: ["d", "m"])
            if v == 0 { throw SandboxFailure(400, "retention must not be 0") }
            (d.retentionValue, d.retentionUnit) = (v, u)
        }
        if body["deduplication"] != nil { (d.deduplicationValue, d.deduplicationUnit) = try quantity(body, "deduplication", units: ["s", "ms"]) }
        if body["maintenance_window"] != nil { d.maintenanceWindow = try maintenanceWindow(body) }
        if let flags = body["flags"], flags != .null {
            func list(_ key: String) throws -> [String]? {
                guard let value = flags[key], value != .null else { return nil }
                guard let items = value.arrayValue?.compactMap(\.stringValue), items.count == value.arrayValue?.count else {
                    throw SandboxFailure(400, "flags.\(key) must be a list of strings")
                }
                return items
            }
            let single = try list("single_flags"), select = try list("select_flags")
            let storage = try list("storage_flags"), insert = try list("insert_flags")
            if d.type == "single_node" && [select, storage, insert].contains(where: { !($0 ?? []).isEmpty }) {
                throw SandboxFailure(400, "a single-node deployment takes only single_flags")
            }
            if d.type == "cluster" && !(single ?? []).isEmpty { throw SandboxFailure(400, "a cluster takes select, storage and insert flags") }
            let before = [d.singleFlags, d.selectFlags, d.storageFlags, d.insertFlags]
            if d.type == "single_node" { d.singleFlags = single ?? d.singleFlags } else {
                d.selectFlags = select ?? d.selectFlags
                d.storageFlags = storage ?? d.storageFlags
                d.insertFlags = insert ?? d.insertFlags
            }
            if before != [d.singleFlags, d.selectFlags, d.storageFlags, d.insertFlags] {
                // New flags restart the deployment.
                d.status = "PROVISIONING"
                d.readyAt = RFC3339.format(call.now.addingTimeInterval(provisioningDelay))
            }
        }
        state.deployments[i] = d
        return .json(200, info(d))
    }

    func deleteDeployment(_ call: Call, _ state: inout VMCloudState) throws -> SandboxResponse {
        let i = try index(of: call.deploymentID, state)
        state.deployments.remove(at: i)
        state.tokens[call.deploymentID] = nil
        state.ruleFiles[call.deploymentID] = nil
        return .json(200, .obj([:]))
    }

    // MARK: - Shapes and checks

    func summary(_ d: VMCloudState.DeploymentRecord) -> JSONValue {
        .obj(["id": .string(d.id), "name": .string(d.name), "type": .string(d.type), "tier": .int(Int64(d.tier)),
              "version": .string(d.version), "cloud_provider": .string(d.cloudProvider), "region": .string(d.region),
              "created_at": .string(d.createdAt), "status": .string(d.status)])
    }

    func info(_ d: VMCloudState.DeploymentRecord) -> JSONValue {
        guard case .object(var members) = summary(d) else { return .null }
        let computePerMonth = (VMCloudCatalog.tier(d.tier)?.computeCostPerHour ?? 0) * 730
        let storagePerMonth = Double(d.storageSizeGB) * 0.08
        func cents(_ v: Double) -> JSONValue { .double((v * 100).rounded() / 100) }
        members += [
            JSONMember("retention_value", .int(Int64(d.retentionValue))), JSONMember("retention_unit", .string(d.retentionUnit)),
            JSONMember("deduplication_value", .int(Int64(d.deduplicationValue))), JSONMember("deduplication_unit", .string(d.deduplicationUnit)),
            JSONMember("storage_size_gb", .int(Int64(d.storageSizeGB))), JSONMember("maintenance_window", .string(d.maintenanceWindow)),
            JSONMember("price", .obj(["compute_cost": cents(computePerMonth), "storage_cost": cents(storagePerMonth),
                                      "total_cost": cents(computePerMonth + storagePerMonth)])),
            JSONMember("access_endpoint", .string(accessEndpointOverride ?? d.accessEndpoint)),
        ]
        for (key, flags) in [("vmsingle_settings", d.singleFlags), ("vmstorage_settings", d.storageFlags),
                             ("vmselect_settings", d.selectFlags), ("vminsert_settings", d.insertFlags)] {
            if let flags { members.append(JSONMember(key, .array(flags.map(JSONValue.string)))) }
        }
        return .object(members)
    }

    private func checkTier(_ value: JSONValue?, type: String) throws -> UInt32 {
        guard let raw = value?.intValue, raw != 0, let id = UInt32(exactly: raw) else { throw SandboxFailure(400, "tier must be a tier ID, not 0") }
        guard let tier = VMCloudCatalog.tier(id) else { throw SandboxFailure(400, "unknown tier \(id)") }
        guard tier.type == type else { throw SandboxFailure(400, "tier \(id) is for \(tier.type) deployments") }
        return id
    }

    private func storageGB(_ body: JSONValue, type: String, currentGB: UInt64?) throws -> UInt64 {
        guard let size = body["storage_size"]?.intValue, (1...1_000_000).contains(size), let unit = body["storage_size_unit"]?.stringValue,
              ["GB", "TB"].contains(unit) else {
            throw SandboxFailure(400, "storage_size must be a positive number with storage_size_unit GB or TB")
        }
        let gb = UInt64(size) * (unit == "TB" ? 1024 : 1)
        if gb < 10 { throw SandboxFailure(400, "storage must be at least 10GB") }
        if type == "single_node" && gb > 16 * 1024 { throw SandboxFailure(400, "single-node storage is at most 16TB") }
        if let currentGB, gb < currentGB { throw SandboxFailure(400, "storage cannot shrink (it is \(currentGB)GB)") }
        return gb
    }

    private func quantity(_ body: JSONValue, _ key: String, units: [String]) throws -> (UInt32, String) {
        guard let value = body[key]?.intValue, let v = UInt32(exactly: value), let unit = body["\(key)_unit"]?.stringValue, units.contains(unit) else {
            throw SandboxFailure(400, "\(key) must be a number with \(key)_unit one of \(units.joined(separator: ", "))")
        }
        return (v, unit)
    }

    private func maintenanceWindow(_ body: JSONValue) throws -> String {
        guard let window = body["maintenance_window"]?.stringValue, ["Sat-Sun 3-4am", "Mon-Fri 4-5am"].contains(window) else {
            throw SandboxFailure(400, "maintenance_window must be \"Sat-Sun 3-4am\" or \"Mon-Fri 4-5am\"")
        }
        return window
    }
}
