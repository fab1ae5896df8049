import Foundation
import VMCtlSupport

extension ProductKind {
    public static let dedicated = ProductKind(rawValue: "dedicated")
    public static let clustered = ProductKind(rawValue: "clustered")
}

/// What the `dedicated` and `clustered` products are: InfluxDB 3's Management API, with the same
/// operations; Dedicated's paths sit under `/accounts/{account_id}/clusters/{cluster_id}`.
public enum InfluxDB3Product {
    public static let dedicated = descriptor(
        kind: .dedicated, displayName: "InfluxDB 3 Cloud Dedicated",
        aliases: ["cloud-dedicated", "influxdb3-dedicated", "influxdb-dedicated"],
        defaultURL: "https://console.influxdata.com/api/v0",
        profileKeys: [
            ProfileKey("account_id", flag: "account-id", valueName: "UUID", help: "account ID", required: true, format: .uuid),
            ProfileKey("cluster_id", flag: "cluster-id", valueName: "UUID", help: "cluster ID", required: true, format: .uuid),
        ],
        scope: { "cluster \($0.setting("cluster_id") ?? "-")" },
        // Dedicated's data plane is the cluster's own host, named by its ID (the docs' cluster URL).
        dataURL: { profile in profile.setting("data_url") ?? "https://\(profile.setting("cluster_id") ?? "CLUSTER_ID").a.influxdb.io" },
        prefix: { profile in
            guard let account = profile.setting("account_id"), let cluster = profile.setting("cluster_id") else { return "" }
            return "/accounts/\(APIClient.segment(account))/clusters/\(APIClient.segment(cluster))"
        })

    public static let clustered = descriptor(
        kind: .clustered, displayName: "InfluxDB 3 Clustered",
        aliases: ["influxdb3-clustered", "influxdb-clustered"],
        defaultURL: nil, profileKeys: [], scope: { _ in "-" },
        // Clustered serves writes and queries on the same host as its management API.
        dataURL: { profile in profile.setting("data_url") ?? origin(profile.url ?? "") },
        prefix: { _ in "" })

    private static func descriptor(kind: ProductKind, displayName: String, aliases: [String], defaultURL: String?,
                                   profileKeys: [ProfileKey], scope: @escaping @Sendable (Profile) -> String,
                                   dataURL: @escaping @Sendable (Profile) -> String,
                                   prefix: @escaping @Sendable (Profile) -> String) -> ProductDescriptor {
        let influx2Only = "all-access", operatorFlag = "operator"
        func everyDatabase(_ flag: String) -> Refusal {
            Refusal("--\(flag) is for product \"influxdb2\", not \"\(kind.rawValue)\"",
                    hint: "for a token on every database use --read-database '*' --write-database '*'")
        }
        let clusterTokens = Refusal("--deployment is for product vmcloud; \(kind.rawValue) tokens belong to the cluster")
        let tokenCommand = CommandSupport(flags: ["include-revoked"], refusals: ["deployment": clusterTokens])
        var descriptor = ProductDescriptor(
            kind: kind, displayName: displayName, aliases: aliases, defaultURL: defaultURL,
            profileKeys: profileKeys + [ProfileKey("data_url", flag: "data-url", valueName: "URL",
                                                   help: "the cluster's URL for writes and queries, where tokens are used", format: .url)],
            credential: Credential(header: "Authorization", scheme: "Bearer"),
            commands: [
                "token create": CommandSupport(
                    flags: ["expires-at", "expires-in"],
                    refusals: [influx2Only: everyDatabase(influx2Only), operatorFlag: everyDatabase(operatorFlag), "deployment": clusterTokens],
                    note: "permissions are sent as given; a token may expire. A token without any permission is allowed, with a warning."),
                "token list": CommandSupport(flags: ["include-revoked"],
                                             refusals: ["deployment": clusterTokens, "unused-for": .noLastUse(displayName)]),
                "token get": tokenCommand,
                "token update": CommandSupport(
                    flags: ["read-database", "write-database"],
                    refusals: ["active": revokedInstead(kind), "inactive": revokedInstead(kind)],
                    note: """
                    --read-database and --write-database give the token's whole new set of permissions; whatever is \
                    not named is taken away. Expiry cannot change.
                    """),
                "token delete": CommandSupport(refusals: ["deployment": clusterTokens]),
                "token rotate": CommandSupport(refusals: ["deployment": clusterTokens]),
                "token examples": CommandSupport(refusals: ["deployment": clusterTokens]),
                "token check": CommandSupport(refusals: ["deployment": clusterTokens]),
                "database list": .plain,
                "database create": CommandSupport(flags: templateFlags.union(["max-tables", "max-columns"])),
                "database update": CommandSupport(flags: ["max-tables", "max-columns"]),
                "database delete": .plain,
                "database rename": .plain, "database undelete": .plain,
                "table create": CommandSupport(flags: templateFlags),
                "table delete": .plain, "table rename": .plain, "table undelete": .plain,
                "auth status": .plain,
            ],
            tokenColumns: [.expires, .status],
            tokenDetails: [.status, .created, .createdBy, .expiresOrNever, .revoked],
            databaseColumns: [.name, .id, .retention, .maxTables, .maxColumns, .partitionTemplate],
            scope: scope,
            makeBackend: { profile, client in
                InfluxDB3Backend(product: kind, client: client, prefix: prefix(profile), dataURL: dataURL(profile))
            })
        descriptor.apiBasePath = "/api/v0"
        return descriptor
    }

    /// `scheme://host[:port]` of a URL.
    static func origin(_ text: String) -> String {
        guard let url = URL(string: text), let scheme = url.scheme, let host = url.host else { return text }
        return "\(scheme)://\(host)\(url.port.map { ":\($0)" } ?? "")"
    }

    /// The flags of a partition template (`database create`, `table create`).
    static let templateFlags: Set<String> = ["template-tag", "template-tag-bucket", "template-timeformat"]

    private static func revokedInstead(_ kind: ProductKind) -> Refusal {
        Refusal("--active and --inactive are for product influxdb2; \(kind.rawValue) tokens are revoked with 'vmctl token revoke'")
    }
}
