import Foundation
import VMCtlCore
import VMCtlSupport

extension ProductKind {
    public static let dedicated = ProductKind(rawValue: "dedicated")
    public static let clustered = ProductKind(rawValue: "clustered")
}

/// What only InfluxDB 3 tokens, databases and tables have.
public enum InfluxDB3Fields {
    /// Dedicated: the account and cluster something belongs to.
    public static let accountID = Attribute<String>("account_id")
    public static let clusterID = Attribute<String>("cluster_id")
    /// A database's limits and partition template.
    public static let maxTables = Attribute<Int64>("max_tables")
    public static let maxColumns = Attribute<Int64>("max_columns_per_table")
    public static let partitionTemplate = Attribute<PartitionTemplate>("partition_template")

    static let maxTablesColumn = DatabaseColumn("MAX TABLES") { $0[maxTables].map(String.init) }
    static let maxColumnsColumn = DatabaseColumn("MAX COLUMNS") { $0[maxColumns].map(String.init) }
    static let partitionTemplateColumn = DatabaseColumn("PARTITION TEMPLATE") { PartitionTemplate.summary($0[partitionTemplate]?.parts) }
}

/// What the `dedicated` and `clustered` products are: InfluxDB 3's Management API, with the same
/// operations; Dedicated's paths sit under `/accounts/{account_id}/clusters/{cluster_id}` (docs/api/influxdb3.md).
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
        // influxctl's host names the cluster, where tokens are used; the API is the console's.
        foreign: ForeignProfile(.influxctl, productWord: "dedicated", hostKey: "data_url"),
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
        // influxctl's host is the cluster, which serves the API too.
        foreign: ForeignProfile(.influxctl, productWord: "clustered"),
        // Clustered serves writes and queries on the same host as its management API.
        dataURL: { profile in profile.setting("data_url") ?? origin(profile.url ?? "") },
        prefix: { _ in "" })

    private static func descriptor(kind: ProductKind, displayName: String, aliases: [String], defaultURL: String?,
                                   profileKeys: [ProfileKey], scope: @escaping @Sendable (Profile) -> String, foreign: ForeignProfile,
                                   dataURL: @escaping @Sendable (Profile) -> String,
                                   prefix: @escaping @Sendable (Profile) -> String) -> ProductDescriptor {
        let everyDatabase = "for a token on every database use --read-database '*' --write-database '*'"
        return ProductDescriptor(
            kind: kind, displayName: displayName, aliases: aliases, defaultURL: defaultURL, apiBasePath: "/api/v0",
            profileKeys: profileKeys + [ProfileKey("data_url", flag: "data-url", valueName: "URL",
                                                   help: "the cluster's URL for writes and queries, where tokens are used", format: .url)],
            credential: Credential(header: "Authorization", scheme: "Bearer"),
            tokenLayout: TokenLayout(columns: [.expires, .status], details: [.status, .created, .createdBy, .expires, .revoked]),
            tokenAttributes: [InfluxDB3Fields.accountID.erased, InfluxDB3Fields.clusterID.erased],
            databaseLayout: DatabaseLayout(
                columns: [.name, .id, .retention, InfluxDB3Fields.maxTablesColumn, InfluxDB3Fields.maxColumnsColumn,
                          InfluxDB3Fields.partitionTemplateColumn],
                details: [DatabaseDetail("Max tables") { $0[InfluxDB3Fields.maxTables].map(String.init) },
                          DatabaseDetail("Max columns") { $0[InfluxDB3Fields.maxColumns].map(String.init) },
                          DatabaseDetail("Partitioning") { d in d[InfluxDB3Fields.partitionTemplate].map { PartitionTemplate.summary($0.parts) } }]),
            databaseAttributes: [InfluxDB3Fields.maxTables.erased, InfluxDB3Fields.maxColumns.erased, InfluxDB3Fields.partitionTemplate.erased,
                                 InfluxDB3Fields.accountID.erased, InfluxDB3Fields.clusterID.erased],
            tableAttributes: [InfluxDB3Fields.accountID.erased, InfluxDB3Fields.clusterID.erased],
            notes: [
                .tokenCreate: """
                    permissions are sent as given; a token may expire. A token without any permission, or on a database \
                    the cluster does not have (yet), is allowed, with a warning.
                    """,
                .tokenDelete: "the token is revoked and stays listed with --include-revoked.",
                .tokenUpdate: """
                    --read-database and --write-database give the token's whole new set of permissions; whatever is \
                    not named is taken away. Expiry cannot change.
                    """,
            ],
            lacking: [
                Capability.orgWideTokens.id: everyDatabase,
                Capability.deploymentScopes.id: "\(kind.rawValue) tokens belong to the cluster",
                Capability.tokenActivation.id: "\(kind.rawValue) tokens are revoked with 'vmctl token revoke'",
                Capability.tokenReveal.id: "\(displayName) shows a token's secret only when it is created: 'vmctl token rotate ID' makes a new one",
                Capability.tokenLastUse.id: "the \(displayName) API does not say when a token was last used: --created-before DATE finds old tokens instead",
            ],
            scope: scope,
            foreignProfiles: [foreign],
            backend: InfluxDB3Backend.self,
            makeBackend: { profile, client in
                InfluxDB3Backend(product: kind, client: client, prefix: prefix(profile), dataURL: dataURL(profile))
            })
    }

    /// `scheme://host[:port]` of a URL.
    static func origin(_ text: String) -> String {
        guard let url = URL(string: text), let scheme = url.scheme, let host = url.host else { return text }
        return "\(scheme)://\(host)\(url.port.map { ":\($0)" } ?? "")"
    }
}
