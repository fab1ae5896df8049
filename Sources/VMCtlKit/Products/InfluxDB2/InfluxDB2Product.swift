import VMCtlSupport
extension ProductKind {
    public static let influxdb2 = ProductKind(rawValue: "influxdb2")
}

/// What the `influxdb2` product is: InfluxDB 2.x OSS and Cloud (TSM) at the profile's URL, `/api/v2`.
public enum InfluxDB2Product {
    public static let descriptor: ProductDescriptor = {
        var descriptor = ProductDescriptor(
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
            commands: [
                "token create": CommandSupport(
                    flags: ["all-access", "operator"],
                    refusals: ["expires-at": expiryRefusal, "expires-in": expiryRefusal, "deployment": orgTokens],
                    note: """
                    bucket names are resolved to IDs in the profile's org; --all-access grants every permission on the org \
                    and --operator every permission on every org.
                    """),
                "token list": CommandSupport(refusals: ["deployment": orgTokens, "unused-for": .noLastUse("InfluxDB 2")]),
                "token get": CommandSupport(refusals: ["deployment": orgTokens]),
                "token update": CommandSupport(
                    flags: ["active", "inactive"],
                    refusals: ["read-database": fixedPermissions, "write-database": fixedPermissions],
                    note: "--description, --active and --inactive; permissions cannot change."),
                "token delete": CommandSupport(refusals: ["deployment": orgTokens]),
                "token rotate": CommandSupport(refusals: ["deployment": orgTokens]),
            "token examples": CommandSupport(refusals: ["deployment": orgTokens]),
            "token check": CommandSupport(refusals: ["deployment": orgTokens]),
                "database list": .plain,
                "database create": CommandSupport(refusals: Dictionary(
                    uniqueKeysWithValues: ["max-tables", "max-columns", "template-tag", "template-tag-bucket", "template-timeformat"].map { ($0, retentionOnly) })),
                "database delete": .plain,
                "auth status": .plain,
            ],
            tokenColumns: [.status, .owner],
            tokenDetails: [.status, .created, .expires, .revoked, .lastUsed, .org, .owner],
            databaseNoun: "bucket",
            databaseColumns: [.name, .id, .retention],
            scope: { p in p.setting("org").map { "org \($0)" } ?? p.setting("org_id").map { "org \($0)" } ?? "-" },
            makeBackend: { profile, client in
                InfluxDB2Backend(client: client, org: profile.setting("org"), orgID: profile.setting("org_id"), profileName: profile.name)
            })
        // The body's code decides: OSS answers a duplicate name with 422 "conflict", and a value it refuses
        // with 400 "invalid" or 422 "unprocessable entity" (a usage error: the value was wrong).
        descriptor.errorCodes = ["conflict": .conflict, "not found": .notFound, "unauthorized": .auth, "forbidden": .auth,
                                 "invalid": .usage, "unprocessable entity": .usage]
        return descriptor
    }()

    static let expiryRefusal = Refusal("InfluxDB 2 tokens do not expire, so --expires-at and --expires-in do not apply",
                                       hint: "make it inactive when it is no longer needed: vmctl token update ID --inactive")
    static let retentionOnly = Refusal("--max-tables, --max-columns and partition templates are for InfluxDB 3; an InfluxDB 2 bucket has a retention only")
    static let orgTokens = Refusal("--deployment is for product vmcloud; influxdb2 tokens belong to the org")
    static let fixedPermissions = Refusal("InfluxDB 2 cannot change a token's permissions",
                                          hint: "create a token with the permissions wanted, then delete this one")
}
