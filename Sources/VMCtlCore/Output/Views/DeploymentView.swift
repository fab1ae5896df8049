import Foundation
import VMCtlSupport

/// How deployments look in tables and JSON.
public enum DeploymentView {
    /// `deployments` with their tier names filled in from `names`.
    public static func named(_ deployments: [Deployment], tiers names: [Int64: String]) -> [Deployment] {
        deployments.map { d in
            var d = d
            d.tierName = d.tier.flatMap { names[$0] } ?? d.tierName
            return d
        }
    }

    public static func list(_ deployments: [Deployment]) -> Presentation {
        let rows = deployments.map { d in
            [d.id, d.name, d.type, d.status, d.tierName ?? d.tier.map(String.init) ?? "-", [d.cloudProvider, d.region].compactMap { $0 }.joined(separator: "/"),
             d.details?.accessEndpoint ?? "-", d.createdAt ?? "-"]
        }
        return Presentation(json: .array(deployments.map(\.json)),
                            table: .list(columns: ["ID", "NAME", "TYPE", "STATUS", "TIER", "REGION", "ENDPOINT", "CREATED"], rows: rows),
                            emptyMessage: "No deployments")
    }

    public static func details(_ d: Deployment) -> Presentation {
        var rows = [TableView.Detail("ID", d.id), TableView.Detail("Name", d.name), TableView.Detail("Type", d.type),
                    TableView.Detail("Status", d.status)]
        func add(_ label: String, _ value: String?) {
            if let value, !value.isEmpty { rows.append(TableView.Detail(label, value)) }
        }
        add("Tier", d.tierName.map { name in d.tier.map { "\(name) (\($0))" } ?? name } ?? d.tier.map(String.init))
        add("Version", d.version)
        add("Provider", d.cloudProvider)
        add("Region", d.region)
        add("Created", d.createdAt)
        if let x = d.details {
            add("Storage", x.storageSizeGB.map { "\($0) GB" })
            add("Retention", x.retentionValue.map { "\($0)\(x.retentionUnit ?? "")" + (x.retentionUnit == "m" ? " (months)" : "") })
            add("Deduplication", x.deduplicationValue.map { "\($0)\(x.deduplicationUnit ?? "")" })
            add("Maintenance", x.maintenanceWindow)
            add("Endpoint", x.accessEndpoint)
            add("Price", x.totalCost.map { String(format: "$%.2f/month (compute $%.2f, storage $%.2f)", $0, x.computeCost ?? 0, x.storageCost ?? 0) })
            for (label, flags) in [("Single flags", x.singleFlags), ("Storage flags", x.storageFlags),
                                   ("Select flags", x.selectFlags), ("Insert flags", x.insertFlags)] {
                if let flags, !flags.isEmpty { add(label, flags.joined(separator: " ")) }
            }
        }
        return Presentation(json: d.json, table: .details(rows))
    }
}
