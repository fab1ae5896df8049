import VMCtlCore
import VMCtlSupport

/// The three kinds of InfluxDB 2 token and the permissions each one has. All-access and operator tokens
/// grant what `influx auth create --all-access` / `--operator` grant in influx-cli, over the resource types
/// the server lists at `GET /api/v2/resources`.
public enum InfluxDB2Permissions {
    /// All-access: read and write on every type of the org; the org itself read-only, by its ID; `users`
    /// only for the owner, by ID (so the token can manage the org's tokens, which OSS checks against the
    /// owner); `instance` never (only setup grants it).
    static func allAccess(types: [String], orgID: String, userID: String) -> [InfluxDB2Wire.Permission] {
        var out: [InfluxDB2Wire.Permission] = []
        for type in types where type != "instance" {
            switch type {
            case "orgs":
                out.append(InfluxDB2Wire.Permission(action: "read", resource: InfluxDB2Wire.Resource(type: type, id: orgID)))
            case "users":
                out += readWrite(InfluxDB2Wire.Resource(type: type, id: userID))
            default:
                out += readWrite(InfluxDB2Wire.Resource(type: type, orgID: orgID))
            }
        }
        return out
    }

    /// Operator: read and write on every type of every org, `instance` excepted.
    static func operatorAccess(types: [String]) -> [InfluxDB2Wire.Permission] {
        types.filter { $0 != "instance" }.flatMap { readWrite(InfluxDB2Wire.Resource(type: $0)) }
    }

    private static func readWrite(_ resource: InfluxDB2Wire.Resource) -> [InfluxDB2Wire.Permission] {
        ["read", "write"].map { InfluxDB2Wire.Permission(action: $0, resource: resource) }
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

    /// The types both kinds must cover for vmctl to call a token by its kind.
    static let coreTypes = ["authorizations", "buckets", "orgs", "users"]

    /// Operator, all-access, or nil for a token with particular permissions.
    static func kind(_ permissions: [InfluxDB2Wire.Permission]) -> InfluxDB2Access? {
        func has(_ action: String, _ type: String, _ match: (InfluxDB2Wire.Resource) -> Bool = { _ in true }) -> Bool {
            permissions.contains { $0.action == action && $0.resource.type == type && match($0.resource) }
        }
        let global = { (r: InfluxDB2Wire.Resource) in r.orgID == nil && r.id == nil }
        if permissions.allSatisfy({ global($0.resource) }),
           coreTypes.allSatisfy({ has("read", $0) && has("write", $0) }) {
            return .operator
        }
        let orgWide = permissions.filter { $0.resource.type != "orgs" && $0.resource.type != "users" }
        if has("read", "orgs", { $0.id != nil }), has("read", "users", { $0.id != nil }), has("write", "users", { $0.id != nil }),
           !orgWide.isEmpty, orgWide.allSatisfy({ $0.resource.orgID != nil && $0.resource.id == nil }),
           ["authorizations", "buckets"].allSatisfy({ has("read", $0) && has("write", $0) }) {
            return .allAccess
        }
        return nil
    }
}
