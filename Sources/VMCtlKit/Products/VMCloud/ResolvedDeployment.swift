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
        try await details.value {
            try await client.get("/api/v1/deployments/\(APIClient.segment(id))", notFound: "no \(description)")
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
