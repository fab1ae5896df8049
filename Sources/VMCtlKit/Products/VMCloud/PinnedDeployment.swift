import Foundation
import VMCtlSupport

/// The profile's deployment by the ID `profile create`/`update` stored beside its name (`deployment_id`), so
/// that a command needs no `GET /deployments` to find it. An ID can go stale (the deployment was deleted and
/// another made under the same name): when a call under it answers "not found", the name is looked up once
/// more, and the call is made again if the name now has another ID. A notice says how to store the new ID.
final class PinnedDeployment: @unchecked Sendable {
    private let client: APIClient
    private let profileName: String
    private let lock = NSLock()
    private var current: ResolvedDeployment
    private var lookup: Task<ResolvedDeployment, Error>?

    init(client: APIClient, id: String, name: String, profileName: String) {
        self.client = client
        self.profileName = profileName
        current = ResolvedDeployment(id: id, name: name)
    }

    /// The deployment as known now: the stored ID, or the one the name had when looked up again.
    var deployment: ResolvedDeployment { lock.withLock { current } }

    /// Runs `body` with the deployment; after a "not found" it runs once more if the name has a new ID.
    func run<T>(_ body: (ResolvedDeployment) async throws -> T) async throws -> T {
        let used = deployment
        do {
            return try await body(used)
        } catch let error as VMCtlError where error.kind == .notFound {
            let fresh = try await lookedUpAgain()
            guard fresh.id != used.id else { throw error }
            return try await body(fresh)
        }
    }

    /// One lookup of the name per command, shared by everyone who asks.
    private func lookedUpAgain() async throws -> ResolvedDeployment {
        let task: Task<ResolvedDeployment, Error> = lock.withLock {
            if let lookup { return lookup }
            let stale = current
            let (client, profileName) = (self.client, self.profileName)
            let started = Task {
                let fresh = try await VMCloudDeployments(client: client).resolve(stale.name ?? stale.id)
                if fresh.id != stale.id {
                    client.notices?.write("Warning: profile \"\(profileName)\" stored ID \(stale.id) for deployment \"\(stale.name ?? "")\", "
                                          + "which now has ID \(fresh.id); run 'vmctl profile update \(profileName) --deployment \(stale.name ?? fresh.id)' to store it\n")
                }
                return fresh
            }
            lookup = started
            return started
        }
        let fresh = try await task.value
        lock.withLock { current = fresh }
        return fresh
    }
}

/// The tokens of a pinned deployment (see `PinnedDeployment`).
struct PinnedTokens: TokenService {
    let client: APIClient
    let pin: PinnedDeployment

    private func tokens(_ d: ResolvedDeployment) -> VMCloudTokens { VMCloudTokens(client: client, deployment: d) }

    var scopeDescription: String { tokens(pin.deployment).scopeDescription }
    var secretWarning: String { tokens(pin.deployment).secretWarning }
    var dataPlane: DataPlaneService? { PinnedDataPlane(client: client, pin: pin) }

    func list(includeRevoked: Bool) async throws -> [Token] {
        try await pin.run { try await tokens($0).list(includeRevoked: includeRevoked) }
    }
    func get(id: String, includeRevoked: Bool) async throws -> Token {
        try await pin.run { try await tokens($0).get(id: id, includeRevoked: includeRevoked) }
    }
    func create(_ checked: CheckedTokenRequest) async throws -> TokenWithSecret {
        try await pin.run { try await tokens($0).create(checked) }
    }
    func reveal(id: String) async throws -> TokenWithSecret {
        try await pin.run { try await tokens($0).reveal(id: id) }
    }
    func update(id: String, _ request: TokenUpdateRequest) async throws -> Token {
        try await pin.run { try await tokens($0).update(id: id, request) }
    }
    func delete(id: String) async throws {
        try await pin.run { try await tokens($0).delete(id: id) }
    }
    func replacement(for token: Token, description: String) throws -> TokenCreateRequest {
        try tokens(pin.deployment).replacement(for: token, description: description)
    }
}

/// The data plane of a pinned deployment.
struct PinnedDataPlane: DataPlaneService {
    let client: APIClient
    let pin: PinnedDeployment

    private func plane(_ d: ResolvedDeployment) -> VMCloudDataPlane { VMCloudDataPlane(client: client, deployment: d) }

    func examples(id: String, tenant: String?, reveal: Bool) async throws -> TokenExamples {
        try await pin.run { try await plane($0).examples(id: id, tenant: tenant, reveal: reveal) }
    }
    func check(id: String, tenant: String?, secret: String?) async throws -> [DirectionCheck] {
        try await pin.run { try await plane($0).check(id: id, tenant: tenant, secret: secret) }
    }
    func urls(forNew checked: CheckedTokenRequest) async throws -> DataURLs {
        try await pin.run { try await plane($0).urls(forNew: checked) }
    }
}

/// The rule files of a pinned deployment.
struct PinnedRules: RuleService {
    let client: APIClient
    let pin: PinnedDeployment

    private func rules(_ d: ResolvedDeployment) -> VMCloudRules { VMCloudRules(client: client, deployment: d) }

    var scopeDescription: String { rules(pin.deployment).scopeDescription }

    func list() async throws -> [String] { try await pin.run { try await rules($0).list() } }
    func get(_ name: String) async throws -> String { try await pin.run { try await rules($0).get(name) } }
    func upload(_ name: String, content: String) async throws { try await pin.run { try await rules($0).upload(name, content: content) } }
    func delete(_ name: String) async throws { try await pin.run { try await rules($0).delete(name) } }
}
