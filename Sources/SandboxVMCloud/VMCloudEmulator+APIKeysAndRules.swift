import Foundation
import SandboxCore
import VMCtlSupport

/// `/api/v1/api_keys` (the provisional endpoint) and `/api/v1/deployments/{id}/rule-sets/files`.
extension VMCloudEmulator {
    // MARK: - API keys

    func apiKeyJSON(_ k: VMCloudState.APIKeyRecord, withValue: Bool) -> JSONValue {
        var members = [JSONMember("id", .string(k.id)), JSONMember("name", .string(k.name)),
                       JSONMember("permission", .string(k.permission)),
                       JSONMember("deployment_ids", .array(k.deploymentIDs.map(JSONValue.string))),
                       JSONMember("all_deployments", .bool(k.allDeployments))]
        if let expiry = k.expiresAt { members.append(JSONMember("expires_at", .string(expiry))) }
        members.append(JSONMember("created_at", .string(k.createdAt)))
        if withValue { members.append(JSONMember("value", .string(k.value))) }
        return .object(members)
    }

    func listAPIKeys(_ call: Call, _ state: VMCloudState) throws -> SandboxResponse {
        .json(200, .array(state.apiKeys.map { apiKeyJSON($0, withValue: false) }))
    }

    func createAPIKey(_ call: Call, _ state: inout VMCloudState) throws -> SandboxResponse {
        let body = try Reply.jsonObject(call.request).get()
        let name = try Self.nonBlank(body, "name")
        guard let permission = body["permission"]?.stringValue, ["r", "rw"].contains(permission) else {
            throw SandboxFailure(400, "permission must be r or rw")
        }
        let all = body["all_deployments"]?.boolValue ?? false
        let ids = body["deployment_ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard all != !ids.isEmpty else {
            throw SandboxFailure(400, "give exactly one of a non-empty deployment_ids or all_deployments: true")
        }
        for id in ids where !state.deployments.contains(where: { $0.id == id }) {
            throw SandboxFailure(400, "unknown deployment \(id)")
        }
        var expiresAt: String?
        if let value = body["expires_at"], value != .null {
            guard let text = value.stringValue, let date = RFC3339.parse(text) else { throw SandboxFailure(400, "expires_at must be RFC 3339") }
            if date <= call.now { throw SandboxFailure(400, "expires_at is in the past") }
            expiresAt = RFC3339.format(date)
        }
        let record = VMCloudState.APIKeyRecord(id: Random.uuid(), name: name, permission: permission, deploymentIDs: ids,
                                               allDeployments: all, expiresAt: expiresAt, createdAt: RFC3339.format(call.now),
                                               value: "vmc-key-" + Random.secret(length: 32))
        state.apiKeys.append(record)
        return .json(200, apiKeyJSON(record, withValue: true))
    }

    func deleteAPIKey(_ call: Call, _ state: inout VMCloudState) throws -> SandboxResponse {
        let id = call.params["key"]!
        guard let index = state.apiKeys.firstIndex(where: { $0.id == id }) else { throw SandboxFailure(404, "API key \(id) not found") }
        state.apiKeys.remove(at: index)
        return .json(200, .obj([:]))
    }

    // MARK: - Rule files

    static let maxRuleFileBytes = 20 * 1024 * 1024
    static let maxRules = 100

    func listRuleFiles(_ call: Call, _ state: VMCloudState) throws -> SandboxResponse {
        _ = try deployment(call.deploymentID, state)
        return .json(200, .array((state.ruleFiles[call.deploymentID] ?? [:]).keys.sorted().map(JSONValue.string)))
    }

    func getRuleFile(_ call: Call, _ state: VMCloudState) throws -> SandboxResponse {
        _ = try deployment(call.deploymentID, state)
        let name = call.params["name"]!
        guard let content = state.ruleFiles[call.deploymentID]?[name] else { throw SandboxFailure(404, "rule file \(name) not found") }
        return .text(200, content, contentType: "application/yaml")
    }

    func putRuleFile(_ call: Call, _ state: inout VMCloudState) throws -> SandboxResponse {
        _ = try deployment(call.deploymentID, state)
        let name = call.params["name"]!
        // Any name will do, extension or none: the docs' own example uploads `testing-rules`.
        guard !name.isEmpty, !name.contains("/") else { throw SandboxFailure(400, "a rule file needs a name without '/'") }
        guard call.request.body.count <= Self.maxRuleFileBytes else { throw SandboxFailure(413, "rule files are at most 20MB") }
        guard let text = String(validating: call.request.body, as: UTF8.self), !text.isEmpty else {
            throw SandboxFailure(400, "a rule file must be non-empty UTF-8 YAML")
        }
        var files = state.ruleFiles[call.deploymentID] ?? [:]
        files[name] = text
        let rules = files.values.reduce(0) { $0 + Self.countRules($1) }
        if rules > Self.maxRules { throw SandboxFailure(400, "at most \(Self.maxRules) rules across a deployment's files (these would make \(rules))") }
        state.ruleFiles[call.deploymentID] = files
        return .json(200, .obj([:]))
    }

    func deleteRuleFile(_ call: Call, _ state: inout VMCloudState) throws -> SandboxResponse {
        _ = try deployment(call.deploymentID, state)
        let name = call.params["name"]!
        guard state.ruleFiles[call.deploymentID]?[name] != nil else { throw SandboxFailure(404, "rule file \(name) not found") }
        state.ruleFiles[call.deploymentID]![name] = nil
        return .json(200, .obj([:]))
    }

    /// Rules in a file: list items that start with `alert:` or `record:`.
    static func countRules(_ text: String) -> Int {
        text.split(whereSeparator: \.isNewline).filter { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("-") else { return false }
            let item = trimmed.dropFirst().drop { $0 == " " }
            return item.hasPrefix("alert:") || item.hasPrefix("record:")
        }.count
    }
}
