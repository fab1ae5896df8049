import Foundation
import VMCtlSupport

/// How the catalog looks: tiers with readable costs and limits, regions, providers.
public enum CatalogView {
    /// Hours in an average month, for the monthly estimate.
    static let hoursPerMonth = 730.0

    public static func tiers(_ tiers: [Tier]) -> Presentation {
        let rows = tiers.map { t in
            [String(t.id), t.name, t.type, t.cloudProvider, String(format: "$%.3f", t.computeCostPerHour),
             String(format: "$%.0f", t.computeCostPerHour * hoursPerMonth), short(t.ingestionRate), short(t.activeTimeSeries),
             short(t.newSeriesOver24h), short(t.datapointsReadRate), short(t.seriesReadPerQuery), short(t.concurrentRequests)]
        }
        let json = JSONValue.array(tiers.map { t in
            .obj(["id": .int(t.id), "name": .string(t.name), "type": .string(t.type), "cloud_provider": .string(t.cloudProvider),
                  "compute_cost_per_hour": .double(t.computeCostPerHour),
                  "compute_cost_per_month": .double((t.computeCostPerHour * hoursPerMonth * 100).rounded() / 100),
                  "ingestion_rate": .int(t.ingestionRate), "active_time_series": .int(t.activeTimeSeries),
                  "new_series_over_24h": .int(t.newSeriesOver24h), "datapoints_read_rate": .int(t.datapointsReadRate),
                  "series_read_per_query": .int(t.seriesReadPerQuery), "access_token_concurrent_requests": .int(t.concurrentRequests)])
        })
        return Presentation(json: json, table: .list(columns: ["ID", "NAME", "TYPE", "PROVIDER", "COMPUTE/H", "≈/MONTH", "INGEST/S",
                                                               "ACTIVE SERIES", "NEW SERIES/24H", "READ POINTS/S", "SERIES/QUERY",
                                                               "CONCURRENCY"], rows: rows),
                            emptyMessage: "No tiers")
    }

    public static func regions(_ regions: [Region]) -> Presentation {
        Presentation(json: .array(regions.map { .obj(["cloud_provider": .string($0.cloudProvider), "name": .string($0.name)]) }),
                     table: .list(columns: ["PROVIDER", "REGION"], rows: regions.map { [$0.cloudProvider, $0.name] }),
                     emptyMessage: "No regions")
    }

    public static func providers(_ providers: [CloudProvider]) -> Presentation {
        Presentation(json: .array(providers.map { .obj(["id": .string($0.id), "url": .string($0.url)]) }),
                     table: .list(columns: ["ID", "URL"], rows: providers.map { [$0.id, $0.url] }),
                     emptyMessage: "No providers")
    }

    /// 1500 → 1.5K, 2000000 → 2M.
    static func short(_ n: Int64) -> String {
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "K")]
        for (size, suffix) in units where Double(n) >= size {
            let value = Double(n) / size
            return (value == value.rounded() ? String(Int64(value)) : String(format: "%.1f", value)) + suffix
        }
        return String(n)
    }
}
