import Foundation
import SandboxCore
import VMCtlSupport

/// The VictoriaMetrics Cloud catalog the sandbox offers.
enum VMCloudCatalog {
    struct Tier {
        var id: UInt32
        var type: String
        var name: String
        var computeCostPerHour: Double
        var ingestionRate: Int64
        var activeTimeSeries: Int64
        var newSeriesOver24h: Int64
        var datapointsReadRate: Int64
        var seriesReadPerQuery: Int64
        var concurrentRequests: Int64
        /// How many access tokens a deployment on this tier may have.
        var tokenLimit: Int
    }

    /// IDs and names shaped like the real catalog's (the Go client's examples: 21 `s.starter.a`, 22 `s.micro.a`;
    /// docs/api/vmcloud.md, catalog); the cluster tiers and all the figures are illustrative.
    static let tiers: [Tier] = [
        Tier(id: 21, type: "single_node", name: "s.starter.a", computeCostPerHour: 0.05, ingestionRate: 10_000, activeTimeSeries: 100_000,
             newSeriesOver24h: 50_000, datapointsReadRate: 1_000_000, seriesReadPerQuery: 10_000, concurrentRequests: 10, tokenLimit: 10),
        Tier(id: 22, type: "single_node", name: "s.micro.a", computeCostPerHour: 0.2, ingestionRate: 100_000, activeTimeSeries: 1_000_000,
             newSeriesOver24h: 500_000, datapointsReadRate: 10_000_000, seriesReadPerQuery: 100_000, concurrentRequests: 20, tokenLimit: 25),
        Tier(id: 31, type: "cluster", name: "c.small.a", computeCostPerHour: 0.8, ingestionRate: 500_000, activeTimeSeries: 5_000_000,
             newSeriesOver24h: 2_000_000, datapointsReadRate: 50_000_000, seriesReadPerQuery: 500_000, concurrentRequests: 50, tokenLimit: 50),
        Tier(id: 32, type: "cluster", name: "c.medium.a", computeCostPerHour: 3.2, ingestionRate: 2_000_000, activeTimeSeries: 20_000_000,
             newSeriesOver24h: 10_000_000, datapointsReadRate: 200_000_000, seriesReadPerQuery: 2_000_000, concurrentRequests: 100, tokenLimit: 100),
    ]

    static let regions = ["us-east-1", "eu-central-1", "eu-west-1", "ap-southeast-1"]

    static func tier(_ id: UInt32) -> Tier? { tiers.first { $0.id == id } }
}
