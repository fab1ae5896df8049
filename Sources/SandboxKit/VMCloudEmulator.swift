import Foundation
import VMCtlKit

/// The VictoriaMetrics Cloud management API under `/api/v1`, as api/vmcloud.md describes it.
struct VMCloudEmulator {
    /// The API key with full access.
    let apiKey: String

    private typealias Handler = @Sendable (VMCloudEmulator, SandboxRequest, [String: String], inout SandboxState, Date) throws -> SandboxResponse

    private static let routes: [(Route, Handler)] = [
        (Route("GET", "/api/v1/cloud_providers"), { e, _, _, _, _ in e.providers() }),
        (Route("GET", "/api/v1/regions"), { e, _, _, _, _ in e.regions() }),
        (Route("GET", "/api/v1/tiers"), { e, _, _, _, _ in e.tiers() }),
        (Route("GET", "/api/v1/deployments"), { e, _, _, s, _ in e.listDeployments(s) }),
        (Route("GET", "/api/v1/deployments/{id}"), { e, _, p, s, _ in try e.getDeployment(p["id"]!, s) }),
        (Route("GET", "/api/v1/deployments/{id}/access_tokens"), { e, _, p, s, _ in try e.listTokens(p["id"]!, s) }),
        (Route("POST", "/api/v1/deployments/{id}/access_tokens"), { e, r, p, s, now in try e.createToken(p["id"]!, r, &s, now) }),
        (Route("GET", "/api/v1/deployments/{id}/access_tokens/{token}"), { e, _, p, s, _ in try e.revealToken(p["id"]!, p["token"]!, s) }),
        (Route("DELETE", "/api/v1/deployments/{id}/access_tokens/{token}"), { e, _, p, s, _ in try e.deleteToken(p["id"]!, p["token"]!, &s) }),
    ]

    /// Answers requests under `/api/v1`; nil for any other path.
    func handle(_ request: SandboxRequest, state: inout SandboxState, now: Date) -> SandboxResponse? {
        guard request.path == "/api/v1" || request.path.hasPrefix("/api/v1/") else { return nil }
        guard let key = request.header("X-VM-Cloud-Access"), !key.isEmpty else {
            return Reply.error(401, "missing X-VM-Cloud-Access header")
        }
        guard key == apiKey else { return Reply.error(401, "invalid API key") }
        let segments = Route.segments(of: request.path)
        var pathMatched = false
        for (route, handler) in Self.routes {
            if route.match(method: route.method, segments: segments) != nil { pathMatched = true }
            guard let params = route.match(method: request.method, segments: segments) else { continue }
            do {
                return try handler(self, request, params, &state, now)
            } catch let failure as SandboxFailure {
                return failure.response
            } catch {
                return Reply.error(500, "internal error")
            }
        }
        return pathMatched ? Reply.notAllowed : Reply.error(404, "no such endpoint: \(request.method) \(request.path)")
    }

    // MARK: - Catalog

    private func providers() -> SandboxResponse {
        .json(200, .array([.obj(["id": "aws", "url": "https://aws.amazon.com"])]))
    }

    private func regions() -> SandboxResponse {
        .json(200, .array(VMCloudCatalog.regions.map { .obj(["cloud_provider": "aws", "name": .string($0)]) }))
    }

    private func tiers() -> SandboxResponse {
        .json(200, .array(VMCloudCatalog.tiers.map { t in
            .obj(["id": .int(Int64(t.id)), "type": .string(t.type), "cloud_provider": "aws", "name": .string(t.name),
                  "compute_cost_per_hour": .double(t.computeCostPerHour), "ingestion_rate": .int(t.ingestionRate),
                  "active_time_series": .int(t.activeTimeSeries), "new_series_over_24h": .int(t.newSeriesOver24h),
                  "datapoints_read_rate": .int(t.datapointsReadRate), "series_read_per_query": .int(t.seriesReadPerQuery),
                  "access_token_concurrent_requests": .int(t.concurrentRequests)])
        }))
    }

    // MARK: - Deployments

    private func listDeployments(_ state: SandboxState) -> SandboxResponse {
        .json(200, .array(state.deployments.map(summary)))
    }

    private func getDeployment(_ id: String, _ state: SandboxState) throws -> SandboxResponse {
        .json(200, info(try deployment(id, state)))
    }

    func deployment(_ id: String, _ state: SandboxState) throws -> SandboxState.DeploymentRecord {
        guard let d = state.deployments.first(where: { $0.id == id }) else { throw SandboxFailure(404, "deployment \(id) not found") }
        return d
    }

    private func summary(_ d: SandboxState.DeploymentRecord) -> JSONValue {
        .obj(["id": .string(d.id), "name": .string(d.name), "type": .string(d.type), "tier": .int(Int64(d.tier)),
              "version": .string(d.version), "cloud_provider": .string(d.cloudProvider), "region": .string(d.region),
              "created_at": .string(d.createdAt), "status": .string(d.status)])
    }

    private func info(_ d: SandboxState.DeploymentRecord) -> JSONValue {
        guard case .object(var members) = summary(d) else { return .null }
        let computePerMonth = (VMCloudCatalog.tier(d.tier)?.computeCostPerHour ?? 0) * 730
        let storagePerMonth = Double(d.storageSizeGB) * 0.08
        members += [
            JSONMember("retention_value", .int(Int64(d.retentionValue))), JSONMember("retention_unit", .string(d.retentionUnit)),
            JSONMember("deduplication_value", .int(Int64(d.deduplicationValue))), JSONMember("deduplication_unit", .string(d.deduplicationUnit)),
            JSONMember("storage_size_gb", .int(Int64(d.storageSizeGB))), JSONMember("maintenance_window", .string(d.maintenanceWindow)),
            JSONMember("price", .obj(["compute_cost": .double((computePerMonth * 100).rounded() / 100),
                                      "storage_cost": .double((storagePerMonth * 100).rounded() / 100),
                                      "total_cost": .double(((computePerMonth + storagePerMonth) * 100).rounded() / 100)])),
            JSONMember("access_endpoint", .string(d.accessEndpoint)),
        ]
        for (key, flags) in [("vmsingle_settings", d.singleFlags), ("vmstorage_settings", d.storageFlags),
                             ("vmselect_settings", d.selectFlags), ("vminsert_settings", d.insertFlags)] {
            if let flags { members.append(JSONMember(key, .array(flags.map(JSONValue.string)))) }
        }
        return .object(members)
    }

    // MARK: - Access tokens

    private func tokenJSON(_ t: SandboxState.TokenRecord, masked: Bool) -> JSONValue {
        var members = [JSONMember("id", .string(t.id)),
                       JSONMember("value", .string(masked ? String(t.value.prefix(4)) + "****" : t.value)),
                       JSONMember("type", .string(t.type)), JSONMember("description", .string(t.description)),
                       JSONMember("created_by", .string(t.createdBy)), JSONMember("created_at", .string(t.createdAt))]
        if let tenant = t.tenantID { members.append(JSONMember("tenant_id", .string(tenant))) }
        if let used = t.lastUsedAt { members.append(JSONMember("last_used_at", .string(used))) }
        return .object(members)
    }

    private func listTokens(_ id: String, _ state: SandboxState) throws -> SandboxResponse {
        _ = try deployment(id, state)
        return .json(200, .array((state.tokens[id] ?? []).map { tokenJSON($0, masked: true) }))
    }

    private func createToken(_ id: String, _ request: SandboxRequest, _ state: inout SandboxState, _ now: Date) throws -> SandboxResponse {
        let d = try deployment(id, state)
        let body = try Reply.jsonObject(request).get()
        guard let type = body["type"]?.stringValue, ["r", "w", "rw"].contains(type) else {
            throw SandboxFailure(400, "type must be one of r, w, rw")
        }
        guard let description = body["description"]?.stringValue, !description.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SandboxFailure(400, "description must not be empty")
        }
        var tenant: String?
        if let value = body["tenant_id"], value != .null {
            guard let text = value.stringValue, Self.isValidTenant(text) else {
                throw SandboxFailure(400, "tenant_id must be <accountID> or <accountID>:<projectID> with 32-bit decimal numbers")
            }
            guard d.type == "cluster" else { throw SandboxFailure(400, "tenant_id is only supported for cluster deployments") }
            tenant = text
        }
        let limit = VMCloudCatalog.tier(d.tier)?.tokenLimit ?? 10
        if (state.tokens[id]?.count ?? 0) >= limit {
            throw SandboxFailure(400, "access token limit reached: tier allows \(limit) tokens per deployment")
        }
        let record = SandboxState.TokenRecord(id: Random.uuid(), value: Random.secret(), type: type, description: description,
                                              createdBy: "sandbox-user", createdAt: RFC3339.format(now), tenantID: tenant, lastUsedAt: nil)
        state.tokens[id, default: []].append(record)
        return .json(200, tokenJSON(record, masked: false))
    }

    private func revealToken(_ id: String, _ tokenID: String, _ state: SandboxState) throws -> SandboxResponse {
        _ = try deployment(id, state)
        guard let t = state.tokens[id]?.first(where: { $0.id == tokenID }) else { throw SandboxFailure(404, "access token \(tokenID) not found") }
        return .json(200, tokenJSON(t, masked: false))
    }

    private func deleteToken(_ id: String, _ tokenID: String, _ state: inout SandboxState) throws -> SandboxResponse {
        _ = try deployment(id, state)
        guard let index = state.tokens[id]?.firstIndex(where: { $0.id == tokenID }) else {
            throw SandboxFailure(404, "access token \(tokenID) not found")
        }
        state.tokens[id]!.remove(at: index)
        return .json(200, .obj([:]))
    }

    static func isValidTenant(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } && UInt32($0) != nil }
    }
}
