import VMCtlCore
import VMCtlSupport
/// `/api/v1/tiers`, `/api/v1/regions`, `/api/v1/cloud_providers`.
struct VMCloudCatalog: CatalogService {
    let client: APIClient

    func tiers() async throws -> [Tier] {
        let tiers: [VMCloudWire.Tier] = try await client.get("/api/v1/tiers")
        return tiers.map { t in
            Tier(id: t.id, name: t.name ?? "", type: t.type ?? "", cloudProvider: t.cloud_provider ?? "",
                 computeCostPerHour: t.compute_cost_per_hour ?? 0, ingestionRate: t.ingestion_rate ?? 0,
                 activeTimeSeries: t.active_time_series ?? 0, newSeriesOver24h: t.new_series_over_24h ?? 0,
                 datapointsReadRate: t.datapoints_read_rate ?? 0, seriesReadPerQuery: t.series_read_per_query ?? 0,
                 concurrentRequests: t.access_token_concurrent_requests ?? 0)
        }
    }

    /// Tier names by ID; empty when the catalog cannot be read.
    func tierNames() async -> [Int64: String] {
        guard let tiers = try? await tiers() else { return [:] }
        return Dictionary(tiers.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    func regions() async throws -> [Region] {
        let regions: [VMCloudWire.Region] = try await client.get("/api/v1/regions")
        return regions.map { Region(cloudProvider: $0.cloud_provider ?? "", name: $0.name) }
    }

    func providers() async throws -> [CloudProvider] {
        let providers: [VMCloudWire.Provider] = try await client.get("/api/v1/cloud_providers")
        return providers.map { CloudProvider(id: $0.id, url: $0.url ?? "") }
    }

    /// A tier given by ID or name, checked against the catalog: it must exist and suit the deployment type.
    /// Returns its ID as the API takes it, and its name.
    func resolveTier(_ reference: String, type: String, provider: String) async throws -> (id: UInt32, name: String) {
        let all = try await tiers()
        let match: Tier?
        if let id = Int64(reference) {
            match = all.first { $0.id == id }
        } else {
            match = all.first { $0.name.lowercased() == reference.lowercased() }
        }
        guard let tier = match else {
            var message = "no tier \"\(reference)\""
            if let close = Suggestion.closest(to: reference, among: all.map(\.name)) { message += " (did you mean \"\(close)\"?)" }
            throw VMCtlError.usage(message, hint: "run 'vmctl tier list' to see the tiers")
        }
        if !tier.type.isEmpty && !type.isEmpty && tier.type != type {
            throw VMCtlError.usage("tier \(tier.name) (\(tier.id)) is for \(tier.type) deployments, not \(type)",
                                   hint: "run 'vmctl tier list' to see the tiers for \(type)")
        }
        if !tier.cloudProvider.isEmpty && tier.cloudProvider != provider {
            throw VMCtlError.usage("tier \(tier.name) (\(tier.id)) is offered on \(tier.cloudProvider), not \(provider)")
        }
        guard tier.id > 0, let id = UInt32(exactly: tier.id) else { throw VMCtlError.usage("tier \(tier.id) is not a valid tier ID") }
        return (id, tier.name)
    }

    /// The region must be one the provider offers.
    func checkRegion(_ region: String, provider: String) async throws {
        let names = try await regions().filter { $0.cloudProvider == provider || $0.cloudProvider.isEmpty }.map(\.name)
        guard names.contains(region) else {
            var message = "no region \"\(region)\" for provider \(provider)"
            if let close = Suggestion.closest(to: region, among: names) { message += " (did you mean \"\(close)\"?)" }
            throw VMCtlError.usage(message, hint: "run 'vmctl region list' to see the regions")
        }
    }
}
