import VMCtlSupport
/// A deployment reference resolved to its ID; name and type are known when a lookup was needed anyway.
/// Its details (`GET /deployments/{id}`) are fetched at most once per command, whoever asks first
/// (the single-node check of a tenant token, the data URLs).
struct ResolvedDeployment: Sendable {
    var id: String
    var name: String?
    var type: String?
    let details = DeploymentDetails()

    var description: String {
        name.map { "deployment \"\($0)\" (\(id))" } ?? "deployment \(id)"
    }

    /// The deployment's own answer, fetched once.
    func info(_ client: APIClient) async throws -> VMCloudWire.Deployment {
        try await call(client) {
            try await details.value {
                try await client.get("/api/v1/deployments/\(APIClient.segment(id))", notFound: "no \(description)")
            }
        }
    }

    /// Runs a request on this deployment, so that a deployment the API key cannot see is missing however
    /// it was named. A key limited to some deployments lists only those, so a name of any other resolves to
    /// nothing (exit 5), while its ID is denied (403, exit 4): a denial is therefore checked against the
    /// key's own list, and a deployment not in it is reported as not found. A denial on a deployment the
    /// key can see (a read-only key that writes) stays a denial; the list costs a request only on a denial.
    func call<T>(_ client: APIClient, _ request: () async throws -> T) async throws -> T {
        do {
            return try await request()
        } catch let error as VMCtlError where error.kind == .auth && error.httpStatus == 403 {
            guard let visible: [VMCloudWire.Deployment] = try? await client.get("/api/v1/deployments"),
                  !visible.contains(where: { Identifier.asciiLowercased($0.id) == Identifier.asciiLowercased(id) }) else { throw error }
            throw VMCtlError.notFound("no \(description) among the \(visible.count == 1 ? "1 deployment" : "\(visible.count) deployments") this API key can see",
                                      hint: "run 'vmctl deployment list' to see them")
        }
    }
}

/// One fetch shared by everyone who asks while it runs, and its answer kept after.
actor DeploymentDetails {
    private var task: Task<VMCloudWire.Deployment, Error>?

    func value(_ fetch: @escaping @Sendable () async throws -> VMCloudWire.Deployment) async throws -> VMCloudWire.Deployment {
        if let task { return try await task.value }
        let started = Task { try await fetch() }
        task = started
        return try await started.value
    }
}
