import VMCtlSupport
import VMCtlCore
import VMCtlSupport

/// `/api/v1/deployments`: list, get, create, update (PUT of the whole settings) and delete.
struct VMCloudDeployments: DeploymentService {
    let client: APIClient
    /// The profile's `deployment`, for `get` without a name.
    var defaultReference: String? = nil
    /// The profile's deployment by its stored ID, for `get` without a name.
    var defaultScope: DeploymentScope? = nil

    /// The list, with each deployment's details (its access endpoint above all), which the list's summaries
    /// lack: one GET per deployment, up to 8 at a time. A deployment that vanished in between keeps its summary.
    func list(details: Bool) async throws -> [Deployment] {
        let summaries = try await listWire()
        if !details { return summaries.map { Self.deployment($0, details: false) } }
        let client = self.client
        return try await concurrentMap(summaries) { summary in
            let info: VMCloudWire.Deployment? = try? await client.get("/api/v1/deployments/\(APIClient.segment(summary.id))")
            return Self.deployment(info ?? summary, details: info != nil)
        }
    }

    func get(_ reference: String?) async throws -> Deployment {
        if reference == nil || reference == defaultReference, let defaultScope {
            return Self.deployment(try await defaultScope.details(), details: true)
        }
        guard let reference = reference ?? defaultReference else {
            throw VMCtlError.usage("no deployment given: name one, or set deployment in the profile",
                                   hint: "run 'vmctl deployment list' to see the deployments")
        }
        return Self.deployment(try await DeploymentScope.resolve(reference, client: client).details(), details: true)
    }

    func check(_ spec: DeploymentSpec) throws {
        _ = try VMCloudDeploymentRules.read(spec)
    }

    func check(_ changes: DeploymentChanges) throws {
        _ = try VMCloudDeploymentRules.read(changes)
    }

    /// The spec's own rules are checked before anything is sent; what needs the catalog is checked here,
    /// and names the new deployment's tier.
    func create(_ request: DeploymentSpec) async throws -> Deployment {
        let spec = try VMCloudDeploymentRules.read(request)
        let catalog = VMCloudCatalog(client: client)
        let tier = try await catalog.resolveTier(spec.tier, type: spec.type, provider: spec.provider)
        try await catalog.checkRegion(spec.region, provider: spec.provider)
        let body = VMCloudWire.DeploymentCreate(
            name: spec.name, type: spec.type, provider: spec.provider, region: spec.region, tier: tier.id,
            storage_size: spec.storage.value, storage_size_unit: spec.storage.unit,
            deduplication: UInt32(spec.deduplication.value), deduplication_unit: spec.deduplication.unit,
            retention: UInt32(spec.retention.value), retention_unit: spec.retention.unit,
            maintenance_window: spec.maintenanceWindow)
        let created: VMCloudWire.Deployment = try await client.send("POST", "/api/v1/deployments", json: body)
        return Self.named(Self.deployment(created, details: true), [Int64(tier.id): tier.name])
    }

    /// The deployment with its tier's name, where `names` has it.
    private static func named(_ deployment: Deployment, _ names: [Int64: String]) -> Deployment {
        DeploymentView.named([deployment], tiers: names.filter { !$0.value.isEmpty })[0]
    }

    /// The tier's name comes from the catalog: the one read to check a new `--tier`, else one read beside
    /// the update itself (not knowing it fails nothing).
    func update(_ reference: String, _ changes: DeploymentChanges) async throws -> (Deployment, [String]) {
        let read = try VMCloudDeploymentRules.read(changes)
        let catalog = VMCloudCatalog(client: client)
        let resolved = try await DeploymentScope.resolve(reference, client: client)
        let current = try await resolved.details()
        let type = current.type ?? ""
        var warnings: [String] = []

        var tier = try Self.setting(current.tier, "tier", as: UInt32.self)
        var tierNames: [Int64: String] = [:]
        if let wanted = changes.tier {
            let found = try await catalog.resolveTier(wanted, type: type, provider: current.cloud_provider ?? "aws")
            (tier, tierNames) = (found.id, [Int64(found.id): found.name])
        }
        let currentStorage = try Self.setting(current.storage_size_gb, "storage_size_gb", as: UInt64.self)
        var storage = UnitValue(currentStorage, "GB")
        if let wanted = read.storage {
            let now = currentStorage
            if VMCloudDeploymentRules.gigabytes(wanted) < now {
                throw VMCtlError.usage("storage can grow but never shrink: \(resolved.description) has \(now)GB, asked for \(wanted)")
            }
            try VMCloudDeploymentRules.checkStorage(wanted)
            storage = wanted
        }
        // Only what the user gives is checked; the current settings are the server's to judge, but they
        // must fit the fields they go back into.
        let retention = try read.retention
            ?? UnitValue(UInt64(Self.setting(current.retention_value, "retention_value", as: UInt32.self)), current.retention_unit ?? "d")
        let deduplication = try read.deduplication
            ?? UnitValue(UInt64(Self.setting(current.deduplication_value, "deduplication_value", as: UInt32.self)), current.deduplication_unit ?? "s")
        let componentFlags = type == "cluster" ? ["select", "storage", "insert"] : ["single"]
        let given: [(String, [String]?)] = [("single", changes.singleFlags), ("select", changes.selectFlags),
                                            ("storage", changes.storageFlags), ("insert", changes.insertFlags)]
        for (component, flags) in given where flags != nil && !componentFlags.contains(component) {
            throw VMCtlError.usage("--\(component)-flag does not apply to a \(type) deployment; use \(componentFlags.map { "--\($0)-flag" }.joined(separator: ", "))")
        }
        if changes.changesFlags {
            warnings.append("changing flags restarts \(resolved.description)")
        }
        let body = VMCloudWire.DeploymentUpdate(
            name: changes.name ?? current.name ?? "", tier: tier,
            storage_size: storage.value, storage_size_unit: storage.unit,
            deduplication: UInt32(deduplication.value), deduplication_unit: deduplication.unit,
            retention: UInt32(retention.value), retention_unit: retention.unit,
            maintenance_window: read.maintenanceWindow ?? current.maintenance_window ?? "",
            flags: VMCloudWire.Flags(single_flags: changes.singleFlags ?? current.vmsingle_settings ?? [],
                                     select_flags: changes.selectFlags ?? current.vmselect_settings ?? [],
                                     storage_flags: changes.storageFlags ?? current.vmstorage_settings ?? [],
                                     insert_flags: changes.insertFlags ?? current.vminsert_settings ?? []))
        async let catalogTiers = changes.tier == nil ? catalog.tierNames() : [:]
        let updated: VMCloudWire.Deployment = try await resolved.call { id in
            try await client.send("PUT", DeploymentScope.path(id), json: body, notFound: "no \(resolved.description)")
        }
        if changes.tier == nil { tierNames = await catalogTiers }
        return (Self.named(Self.deployment(updated, details: true), tierNames), warnings)
    }

    func delete(_ reference: String) async throws -> String {
        let resolved = try await DeploymentScope.resolve(reference, client: client)
        try await resolved.call { id in _ = try await client.send("DELETE", DeploymentScope.path(id), notFound: "no \(resolved.description)") }
        return resolved.description
    }

    /// A number of the current settings as the update request takes it: a value that does not fit is an
    /// unexpected answer, not a trap.
    private static func setting<T: FixedWidthInteger>(_ value: Int64?, _ field: String, as type: T.Type) throws -> T {
        guard let number = T(exactly: value ?? 0) else {
            throw VMCtlError.failure("unexpected response from the server: \(field) is \(value ?? 0)",
                                     hint: "run the command again with --debug to see the response")
        }
        return number
    }

    private func listWire() async throws -> [VMCloudWire.Deployment] {
        try await client.get("/api/v1/deployments")
    }

    /// vmctl's deployment from the wire; `details` when it came from the single-deployment endpoint.
    static func deployment(_ i: VMCloudWire.Deployment, details withDetails: Bool) -> Deployment {
        var details: Deployment.Details?
        if withDetails {
            var d = Deployment.Details()
            d.retentionValue = i.retention_value
            d.retentionUnit = i.retention_unit
            d.deduplicationValue = i.deduplication_value
            d.deduplicationUnit = i.deduplication_unit
            d.storageSizeGB = i.storage_size_gb
            d.maintenanceWindow = i.maintenance_window
            d.computeCost = i.price?.compute_cost
            d.storageCost = i.price?.storage_cost
            d.totalCost = i.price?.total_cost
            d.accessEndpoint = i.access_endpoint
            d.singleFlags = i.vmsingle_settings
            d.storageFlags = i.vmstorage_settings
            d.selectFlags = i.vmselect_settings
            d.insertFlags = i.vminsert_settings
            details = d
        }
        return Deployment(id: i.id, name: i.name ?? "", type: i.type ?? "", status: i.status ?? "", tier: i.tier,
                          version: i.version, cloudProvider: i.cloud_provider, region: i.region,
                          createdAt: i.created_at.map(RFC3339.normalize), details: details)
    }
}
