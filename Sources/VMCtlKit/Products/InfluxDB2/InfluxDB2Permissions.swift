/// The three kinds of InfluxDB 2 token and the permissions each one has (api/influxdb2.md).
public enum InfluxDB2Permissions {
    /// Every resource type of an organization.
    public static let resourceTypes = [
        "authorizations", "buckets", "dashboards", "orgs", "sources", "tasks", "telegrafs", "users", "variables", "scrapers",
        "secrets", "labels", "views", "documents", "notificationRules", "notificationEndpoints", "checks", "dbrp", "notebooks",
        "annotations", "remotes", "replications",
    ]

    /// All-access: read and write on every type in the org; the org itself named by its ID.
    static func allAccess(orgID: String) -> [InfluxDB2Wire.Permission] {
        everything { type in
            type == "orgs" ? InfluxDB2Wire.Resource(type: type, id: orgID) : InfluxDB2Wire.Resource(type: type, orgID: orgID)
        }
    }

    /// Operator: read and write on every type of every org.
    static func operatorAccess() -> [InfluxDB2Wire.Permission] {
        everything { InfluxDB2Wire.Resource(type: $0) }
    }

    private static func everything(_ resource: (String) -> InfluxDB2Wire.Resource) -> [InfluxDB2Wire.Permission] {
        resourceTypes.flatMap { type in ["read", "write"].map { InfluxDB2Wire.Permission(action: $0, resource: resource(type)) } }
    }

    /// Bucket permissions: `*` is every bucket of the org, any other name a bucket ID from `ids`.
    static func buckets(read: [String], write: [String], orgID: String, ids: [String: String]) -> [InfluxDB2Wire.Permission] {
        var out: [InfluxDB2Wire.Permission] = []
        for (action, names) in [("read", read), ("write", write)] {
            for name in names {
                let resource = name == "*" ? InfluxDB2Wire.Resource(type: "buckets", orgID: orgID)
                                           : InfluxDB2Wire.Resource(type: "buckets", id: ids[name], orgID: orgID)
                let permission = InfluxDB2Wire.Permission(action: action, resource: resource)
                if !out.contains(permission) { out.append(permission) }
            }
        }
        return out
    }

    /// "operator", "all-access", or nil for a token with particular permissions.
    static func kind(_ permissions: [InfluxDB2Wire.Permission]) -> String? {
        let covered = Set(permissions.map { "\($0.action) \($0.resource.type)" })
        guard covered.count == resourceTypes.count * 2, permissions.count == covered.count,
              resourceTypes.allSatisfy({ covered.contains("read \($0)") && covered.contains("write \($0)") }) else { return nil }
        if permissions.allSatisfy({ $0.resource.orgID == nil && $0.resource.id == nil }) { return "operator" }
        if permissions.allSatisfy({ $0.resource.orgID != nil || ($0.resource.type == "orgs" && $0.resource.id != nil) }) { return "all-access" }
        return nil
    }
}
