import Foundation
import SandboxCore
import VMCtlSupport

/// The VictoriaMetrics Cloud management API under `/api/v1`, as docs/api/vmcloud.md describes it, with the
/// sandbox's API keys: expired keys get 401, read-only keys 403 on writes, and keys limited to some
/// deployments 403 on the others.
public struct VMCloudEmulator: Sendable {
    /// The API key with full access.
    let apiKey: String
    /// How long a new or restarted deployment stays PROVISIONING.
    let provisioningDelay: Double
    /// Serve the provisional `/api/v1/api_keys` endpoints (docs/api/vmcloud.md, API keys); VictoriaMetrics Cloud itself
    /// publishes none, and without them the sandbox answers 404 there as it does for any unknown path.
    var servesAPIKeys = true
    /// Every deployment's access endpoint when the sandbox runs a data plane (`--data-plane`): its gateway.
    public var accessEndpointOverride: String?

    public init(apiKey: String, provisioningDelay: Double, servesAPIKeys: Bool = true) {
        self.apiKey = apiKey
        self.provisioningDelay = provisioningDelay
        self.servesAPIKeys = servesAPIKeys
    }

    /// Who is calling, as far as their API key says.
    struct Caller {
        var readOnly: Bool
        var allDeployments: Bool
        var deploymentIDs: Set<String>

        static let full = Caller(readOnly: false, allDeployments: true, deploymentIDs: [])

        func canAccess(_ deploymentID: String) -> Bool { allDeployments || deploymentIDs.contains(deploymentID) }
    }

    /// One request being answered: what the route and caller need.
    struct Call {
        var request: SandboxRequest
        var params: [String: String]
        var caller: Caller
        var now: Date
        var deploymentID: String { params["id"]! }
    }

    typealias Handler = @Sendable (VMCloudEmulator, Call, inout VMCloudState) throws -> SandboxResponse

    private static let routes: [(Route, Handler)] = [
        (Route("GET", "/api/v1/cloud_providers"), { e, _, _ in e.providers() }),
        (Route("GET", "/api/v1/regions"), { e, _, _ in e.regions() }),
        (Route("GET", "/api/v1/tiers"), { e, _, _ in e.tiers() }),
        (Route("GET", "/api/v1/deployments"), { e, c, s in e.listDeployments(c, s) }),
        (Route("POST", "/api/v1/deployments"), { e, c, s in try e.createDeployment(c, &s) }),
        (Route("GET", "/api/v1/deployments/{id}"), { e, c, s in try e.getDeployment(c, s) }),
        (Route("PUT", "/api/v1/deployments/{id}"), { e, c, s in try e.updateDeployment(c, &s) }),
        (Route("DELETE", "/api/v1/deployments/{id}"), { e, c, s in try e.deleteDeployment(c, &s) }),
        (Route("GET", "/api/v1/deployments/{id}/access_tokens"), { e, c, s in try e.listTokens(c, s) }),
        (Route("POST", "/api/v1/deployments/{id}/access_tokens"), { e, c, s in try e.createToken(c, &s) }),
        (Route("GET", "/api/v1/deployments/{id}/access_tokens/{token}"), { e, c, s in try e.revealToken(c, s) }),
        (Route("DELETE", "/api/v1/deployments/{id}/access_tokens/{token}"), { e, c, s in try e.deleteToken(c, &s) }),
        (Route("GET", "/api/v1/deployments/{id}/rule-sets/files"), { e, c, s in try e.listRuleFiles(c, s) }),
        (Route("GET", "/api/v1/deployments/{id}/rule-sets/files/{name}"), { e, c, s in try e.getRuleFile(c, s) }),
        (Route("POST", "/api/v1/deployments/{id}/rule-sets/files/{name}"), { e, c, s in try e.putRuleFile(c, &s) }),
        (Route("DELETE", "/api/v1/deployments/{id}/rule-sets/files/{name}"), { e, c, s in try e.deleteRuleFile(c, &s) }),
        (Route("GET", "/api/v1/api_keys"), { e, c, s in try e.listAPIKeys(c, s) }),
        (Route("POST", "/api/v1/api_keys"), { e, c, s in try e.createAPIKey(c, &s) }),
        (Route("DELETE", "/api/v1/api_keys/{key}"), { e, c, s in try e.deleteAPIKey(c, &s) }),
    ]

    /// Answers requests under `/api/v1`; nil for any other path.
    public func handle(_ request: SandboxRequest, state: inout VMCloudState, now: Date) -> SandboxResponse? {
        guard request.path == "/api/v1" || request.path.hasPrefix("/api/v1/") else { return nil }
        let caller: Caller
        switch authenticate(request, state: state, now: now) {
        case .success(let c): caller = c
        case .failure(let failure): return failure.response
        }
        let routes = servesAPIKeys ? Self.routes : Self.routes.filter { !$0.0.segments.starts(with: ["api", "v1", "api_keys"]) }
        return Route.dispatch(routes, method: request.method, segments: Route.segments(of: request.path), path: request.path,
                              render: Reply.error) { handler, params in
            let call = Call(request: request, params: params, caller: caller, now: now)
            try authorize(call)
            return try handler(self, call, &state)
        }
    }

    /// Whether the key is the sandbox's own or a live API key.
    func authenticate(_ request: SandboxRequest, state: VMCloudState, now: Date) -> Result<Caller, SandboxFailure> {
        guard let key = request.header("X-VM-Cloud-Access"), !key.isEmpty else {
            return .failure(SandboxFailure(401, "missing X-VM-Cloud-Access header"))
        }
        if key == apiKey { return .success(.full) }
        guard let record = state.apiKeys.first(where: { $0.value == key }) else { return .failure(SandboxFailure(401, "invalid API key")) }
        if let expiry = record.expiresAt.flatMap(RFC3339.parse), expiry <= now {
            return .failure(SandboxFailure(401, "API key \(record.name) expired at \(record.expiresAt!)"))
        }
        return .success(Caller(readOnly: record.permission == "r", allDeployments: record.allDeployments,
                               deploymentIDs: Set(record.deploymentIDs)))
    }

    /// What the caller's key allows: no writes with a read-only key, only its own deployments with a
    /// scoped key, and account-wide operations only with an all-deployments key.
    func authorize(_ call: Call) throws {
        if call.caller.readOnly && call.request.method != "GET" {
            throw SandboxFailure(403, "this API key is read-only")
        }
        if let id = call.params["id"], !call.caller.canAccess(id) {
            throw SandboxFailure(403, "this API key has no access to deployment \(id)")
        }
        let accountWide = call.request.path.hasPrefix("/api/v1/api_keys")
            || (call.request.method == "POST" && call.request.path == "/api/v1/deployments")
        if accountWide && !call.caller.allDeployments {
            throw SandboxFailure(403, "this needs an API key with access to all deployments")
        }
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

    // MARK: - Shared checks

    func deployment(_ id: String, _ state: VMCloudState) throws -> VMCloudState.DeploymentRecord {
        state.deployments[try index(of: id, state)]
    }

    /// A string member of a request body that is not blank; else 400 "<key> must not be empty".
    static func nonBlank(_ body: JSONValue, _ key: String) throws -> String {
        guard let text = body[key]?.stringValue, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SandboxFailure(400, "\(key) must not be empty")
        }
        return text
    }

    func index(of id: String, _ state: VMCloudState) throws -> Int {
        guard let i = state.deployments.firstIndex(where: { $0.id == id }) else { throw SandboxFailure(404, "deployment \(id) not found") }
        return i
    }
}
