import VMCtlCore
import VMCtlSupport

extension ProductKind {
    public static let influxdb2 = ProductKind(rawValue: "influxdb2")
}

/// The kind of an InfluxDB 2 token that has every permission of a kind, as influx-cli makes them.
public enum InfluxDB2Access: String, Sendable, AttributeValue {
    /// Everything in every org (`influx auth create --operator`).
    case `operator`
    /// Everything in one org (`influx auth create --all-access`).
    case allAccess = "all-access"

    public var json: JSONValue { .string(rawValue) }
    public init?(json: JSONValue) {
        guard let text = json.stringValue else { return nil }
        self.init(rawValue: text)
    }
}

/// What only InfluxDB 2 tokens, permissions and buckets have.
public enum InfluxDB2Fields {
    /// Operator or all-access; absent for a token with particular permissions.
    public static let access = Attribute<InfluxDB2Access>("access")
    /// The org a token, a permission or a bucket belongs to; a permission without one covers every org.
    public static let orgID = Attribute<String>("org_id")
    /// The user who owns a token.
    public static let userID = Attribute<String>("user_id")
    /// The org's name, for tables (JSON carries `org_id`).
    public static let orgName = Attribute<String>("org_name", inJSON: false)
    /// A permission on one resource that is not a bucket (the org itself, in an all-access token).
    public static let resourceID = Attribute<String>("resource_id")

    static let orgColumn = TokenColumn("Org") { t in t[orgName].map { name in t[orgID].map { "\(name) (\($0))" } ?? name } ?? t[orgID] }
    static let ownerColumn = TokenColumn("Owner") { $0.createdBy ?? $0[userID] }

    /// What a token may do, short enough for a table: the kind of an operator or all-access token.
    static func permissionsText(_ t: Token) -> String? {
        switch t[access] {
        case .operator: return "operator: everything in every org"
        case .allAccess: return "all access in org \(t[orgName] ?? t[orgID] ?? "-")"
        case nil: return nil
        }
    }
}

/// What the `influxdb2` product is: InfluxDB 2.x OSS and Cloud (TSM) at the profile's URL, `/api/v2`
/// (docs/api/influxdb2.md).
public enum InfluxDB2Product {
    public static let descriptor = ProductDescriptor(
        kind: .influxdb2,
        displayName: "InfluxDB 2",
        aliases: ["influxdb-2", "influx2", "influxdb-oss"],
        defaultURL: nil,
        profileKeys: [
            ProfileKey("org", flag: "org", valueName: "NAME", help: "organization name"),
            ProfileKey("org_id", flag: "org-id", valueName: "ID", help: "organization ID"),
        ],
        exclusiveProfileKeys: [["org", "org_id"]],
        credential: Credential(header: "Authorization", scheme: "Token"),
        // The body's code decides: OSS answers a duplicate name with 422 "conflict", and a value it refuses
        // with 400 "invalid" or 422 "unprocessable entity" (a usage error: the value was wrong).
        errorCodes: ["conflict": .conflict, "not found": .notFound, "unauthorized": .auth, "forbidden": .auth,
                     "invalid": .usage, "unprocessable entity": .usage],
        // InfluxDB 2 tokens never expire, are deleted rather than revoked, and say nothing of their last use:
        // no rows for those.
        tokenLayout: TokenLayout(columns: [.status, InfluxDB2Fields.ownerColumn],
                                 details: [.status, .created, InfluxDB2Fields.orgColumn, InfluxDB2Fields.ownerColumn],
                                 permissionsText: InfluxDB2Fields.permissionsText),
        tokenAttributes: [InfluxDB2Fields.access.erased, InfluxDB2Fields.orgID.erased, InfluxDB2Fields.userID.erased,
                          InfluxDB2Fields.orgName.erased],
        permissionAttributes: [InfluxDB2Fields.orgID.erased, InfluxDB2Fields.resourceID.erased],
        databaseLayout: DatabaseLayout(noun: "bucket", columns: [.name, .id, .retention]),
        databaseAttributes: [InfluxDB2Fields.orgID.erased],
        notes: [
            .tokenCreate: """
                bucket names are resolved to IDs in the profile's org; --all-access grants every permission on the org \
                and --operator every permission on every org.
                """,
            .tokenUpdate: "--description, --active and --inactive; permissions cannot change.",
            .tokenReveal: """
                InfluxDB OSS shows a token's value only to the token's owner, and InfluxDB Cloud never again: where the \
                server does not send it, reveal fails (exit 4).
                """,
            .tokenDelete: "the token (an authorization) is deleted, not kept as revoked.",
        ],
        lacking: [
            Capability.expiringTokens.id: "InfluxDB 2 tokens do not expire: make it inactive when it is no longer needed (vmctl token update ID --inactive)",
            Capability.deploymentScopes.id: "influxdb2 tokens belong to the profile's org",
            Capability.tokenLastUse.id: "the InfluxDB 2 API does not say when a token was last used: --created-before DATE finds old tokens instead",
            Capability.tokenPermissionChanges.id: "InfluxDB 2 cannot change a token's permissions: create a token with the permissions wanted, then delete this one",
            Capability.databaseLimits.id: "an InfluxDB 2 bucket has a retention only",
            Capability.partitionTemplates.id: "an InfluxDB 2 bucket has a retention only",
        ],
        scope: { p in p.setting("org").map { "org \($0)" } ?? p.setting("org_id").map { "org \($0)" } ?? "-" },
        // Every config of the influx CLI talks to an InfluxDB 2 server.
        foreignProfiles: [ForeignProfile(.influx)],
        backend: InfluxDB2Backend.self,
        makeBackend: { profile, client in
            InfluxDB2Backend(client: client, org: profile.setting("org"), orgID: profile.setting("org_id"), profileName: profile.name)
        })
}
