import VMCtlCore
import VMCtlSupport

/// Names that make IDs readable in output, looked up beside a command's own requests; empty when they
/// cannot be had (the IDs are shown then).
enum NameLookups {
    /// Tier names by ID from the catalog, where the product has one.
    static func tierNames(_ backend: any ProductBackend) async -> [Int64: String] {
        guard let catalog = Capability.catalog.view(of: backend), let tiers = try? await catalog.catalog().tiers() else { return [:] }
        return Dictionary(tiers.filter { !$0.name.isEmpty }.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// Deployment names by ID, for showing an API key's scope.
    static func deploymentNames(_ backend: any DeploymentManagement) async -> [String: String] {
        guard let deployments = try? await backend.deployments().list(details: false) else { return [:] }
        return Dictionary(deployments.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }
}
