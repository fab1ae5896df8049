import VMCtlSupport

/// One labelled value of a token, for a list column or a details row. Each product says which it shows
/// (its descriptor's `TokenLayout`); the shared ones are here, a product's own are in its module.
public struct TokenColumn: Sendable {
    /// The details label; the list column is the same in capitals.
    public var label: String
    public var value: @Sendable (Token) -> String?

    public init(_ label: String, _ value: @escaping @Sendable (Token) -> String?) {
        self.label = label
        self.value = value
    }

    public var column: String { label.uppercased() }

    public static let status = TokenColumn("Status") { $0.status }
    public static let created = TokenColumn("Created") { $0.createdAt }
    public static let createdBy = TokenColumn("Created by") { $0.createdBy }
    /// For products whose tokens can expire, in lists and details alike: "never" when this one does not.
    public static let expires = TokenColumn("Expires") { $0.expiresAt ?? "never" }
    public static let revoked = TokenColumn("Revoked") { $0.revokedAt }
    public static let lastUsed = TokenColumn("Last used") { $0.lastUsedAt }
}

/// How a product's tokens look in tables: the columns of `token list` after ID, DESCRIPTION, PERMISSIONS and
/// CREATED, the rows of a token's details after ID, Description and Permissions, and how a token's
/// permissions read when a word says them better than the list (a token with every permission).
public struct TokenLayout: Sendable {
    public var columns: [TokenColumn]
    public var details: [TokenColumn]
    public var permissionsText: (@Sendable (Token) -> String?)?

    public init(columns: [TokenColumn] = [], details: [TokenColumn] = [], permissionsText: (@Sendable (Token) -> String?)? = nil) {
        self.columns = columns
        self.details = details
        self.permissionsText = permissionsText
    }

    /// What a token may do, short enough for a table.
    public func permissions(_ token: Token) -> String {
        permissionsText?(token) ?? Permission.summary(token.permissions)
    }
}

/// One column of `database list`.
public struct DatabaseColumn: Sendable {
    public var column: String
    public var value: @Sendable (Database) -> String?

    public init(_ column: String, _ value: @escaping @Sendable (Database) -> String?) {
        self.column = column
        self.value = value
    }

    public static let name = DatabaseColumn("NAME") { $0.name }
    public static let id = DatabaseColumn("ID") { $0.id }
    public static let retention = DatabaseColumn("RETENTION") { $0.retentionText }
}

/// How a product's databases look: what it calls them, the columns of `database list`, and the rows of one
/// database's details after Name.
public struct DatabaseLayout: Sendable {
    public var noun: String
    public var columns: [DatabaseColumn]
    public var details: [DatabaseDetail]

    public init(noun: String = "database", columns: [DatabaseColumn], details: [DatabaseDetail] = []) {
        self.noun = noun
        self.columns = columns
        self.details = details
    }
}

/// One row of a database's details.
public struct DatabaseDetail: Sendable {
    public var label: String
    public var value: @Sendable (Database) -> String?

    public init(_ label: String, _ value: @escaping @Sendable (Database) -> String?) {
        self.label = label
        self.value = value
    }
}
