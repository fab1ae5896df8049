import VMCtlSupport
/// One labelled value of a token, for a list column or a details row. Products choose which fields they
/// show, in their descriptor; the view renders whatever they chose.
public struct TokenField: Sendable {
    /// The details label; the list column is the same in capitals.
    public var label: String
    public var value: @Sendable (Token) -> String?

    public init(_ label: String, _ value: @escaping @Sendable (Token) -> String?) {
        self.label = label
        self.value = value
    }

    public var column: String { label.uppercased() }

    public static let type = TokenField("Type") { $0.type }
    public static let tenant = TokenField("Tenant") { $0.tenantID ?? "* (all tenants)" }
    public static let deployment = TokenField("Deployment") { $0.deploymentID }
    /// The deployment by name where it is known, else by ID (`token list --all-deployments`).
    public static let deploymentName = TokenField("Deployment") { $0.deploymentName ?? $0.deploymentID }
    public static let status = TokenField("Status") { $0.status }
    public static let created = TokenField("Created") { $0.createdAt }
    public static let createdBy = TokenField("Created by") { $0.createdBy }
    public static let expires = TokenField("Expires") { $0.expiresAt }
    /// Expiry where tokens can expire: "never" when this one does not.
    public static let expiresOrNever = TokenField("Expires") { $0.expiresAt ?? "never" }
    public static let revoked = TokenField("Revoked") { $0.revokedAt }
    public static let lastUsed = TokenField("Last used") { $0.lastUsedAt }
    public static let org = TokenField("Org") { t in t.orgName.map { name in t.orgID.map { "\(name) (\($0))" } ?? name } ?? t.orgID }
    public static let owner = TokenField("Owner") { $0.createdBy ?? $0.userID }
}

/// One column of `database list`.
public struct DatabaseField: Sendable {
    public var column: String
    public var value: @Sendable (Database) -> String?

    public init(_ column: String, _ value: @escaping @Sendable (Database) -> String?) {
        self.column = column
        self.value = value
    }

    public static let name = DatabaseField("NAME") { $0.name }
    public static let id = DatabaseField("ID") { $0.id }
    public static let retention = DatabaseField("RETENTION") { $0.retentionText }
    public static let maxTables = DatabaseField("MAX TABLES") { $0.maxTables.map(String.init) }
    public static let maxColumns = DatabaseField("MAX COLUMNS") { $0.maxColumnsPerTable.map(String.init) }
    public static let partitionTemplate = DatabaseField("PARTITION TEMPLATE") { DatabaseView.template($0.partitionTemplate) }
}
