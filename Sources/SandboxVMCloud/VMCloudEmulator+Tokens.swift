import Foundation
import SandboxCore
import VMCtlSupport

/// `/api/v1/deployments/{id}/access_tokens`: lists show a secret's first 4 characters only (as the API
/// does), create and reveal the whole secret.
extension VMCloudEmulator {
    func tokenJSON(_ t: VMCloudState.TokenRecord, masked: Bool) -> JSONValue {
        var members = [JSONMember("id", .string(t.id)),
                       JSONMember("value", .string(masked ? String(t.value.prefix(4)) : t.value)),
                       JSONMember("type", .string(t.type)), JSONMember("description", .string(t.description)),
                       JSONMember("created_by", .string(t.createdBy)), JSONMember("created_at", .string(t.createdAt))]
        if let tenant = t.tenantID { members.append(JSONMember("tenant_id", .string(tenant))) }
        if let used = t.lastUsedAt { members.append(JSONMember("last_used_at", .string(used))) }
        return .object(members)
    }

    func listTokens(_ call: Call, _ state: VMCloudState) throws -> SandboxResponse {
        _ = try deployment(call.deploymentID, state)
        return .json(200, .array((state.tokens[call.deploymentID] ?? []).map { tokenJSON($0, masked: true) }))
    }

    func createToken(_ call: Call, _ state: inout VMCloudState) throws -> SandboxResponse {
        let id = call.deploymentID
        let d = try deployment(id, state)
        let body = try Reply.jsonObject(call.request).get()
        guard let type = body["type"]?.stringValue, ["r", "w", "rw"].contains(type) else {
            throw SandboxFailure(400, "type must be one of r, w, rw")
        }
        let description = try Self.nonBlank(body, "description")
        var tenant: String?
        if let value = body["tenant_id"], value != .null {
            guard let text = value.stringValue, DataPlaneGateway.normalizeTenant(text) != nil else {
                throw SandboxFailure(400, "tenant_id must be <accountID> or <accountID>:<projectID> with 32-bit decimal numbers")
            }
            guard d.type == "cluster" else { throw SandboxFailure(400, "tenant_id is only supported for cluster deployments") }
            tenant = text
        }
        let limit = VMCloudCatalog.tier(d.tier)?.tokenLimit ?? 10
        if (state.tokens[id]?.count ?? 0) >= limit {
            throw SandboxFailure(400, "access token limit reached: tier allows \(limit) tokens per deployment")
        }
        let record = VMCloudState.TokenRecord(id: Random.uuid(), value: Random.secret(), type: type, description: description,
                                              createdBy: "sandbox-user", createdAt: RFC3339.format(call.now), tenantID: tenant, lastUsedAt: nil)
        state.tokens[id, default: []].append(record)
        return .json(200, tokenJSON(record, masked: false))
    }

    /// Where the token the path names is in its deployment's list; 404 for an unknown deployment or token.
    func tokenIndex(_ call: Call, _ state: VMCloudState) throws -> Int {
        _ = try deployment(call.deploymentID, state)
        let tokenID = call.params["token"]!
        guard let index = state.tokens[call.deploymentID]?.firstIndex(where: { $0.id == tokenID }) else {
            throw SandboxFailure(404, "access token \(tokenID) not found")
        }
        return index
    }

    func revealToken(_ call: Call, _ state: VMCloudState) throws -> SandboxResponse {
        .json(200, tokenJSON(state.tokens[call.deploymentID]![try tokenIndex(call, state)], masked: false))
    }

    func deleteToken(_ call: Call, _ state: inout VMCloudState) throws -> SandboxResponse {
        let index = try tokenIndex(call, state)
        state.tokens[call.deploymentID]!.remove(at: index)
        return .json(200, .obj([:]))
    }
}
