import VMCtlSupport

/// One permission of a token, in vmctl's own terms: an action on a "database", which each product names
/// its own way (a tenant, a database, a bucket); `*` means all of them.
public struct Permission: Sendable, Equatable, HasAttributes {
    public enum Action: String, Sendable, CaseIterable { case read, write }

    public var action: Action
    /// The database name, `*` for all; nil for a resource that is not a database.
    public var database: String?
    /// "database" for a database; otherwise the product's own resource type.
    public var resourceType: String
    /// The server's ID of the database where it has one.
    public var databaseID: String?
    /// What only some products say about a permission.
    public var attributes: Attributes

    public init(_ action: Action, database: String?, resourceType: String = "database", databaseID: String? = nil,
                attributes: Attributes = Attributes()) {
        self.action = action
        self.database = database
        self.resourceType = resourceType
        self.databaseID = databaseID
        self.attributes = attributes
    }

    /// The JSON object of a permission: the shared keys, then every product's (docs/json.md).
    public static func shape(_ schema: AttributeSchema) -> JSONShape<Permission> {
        JSONShape<Permission>([
            .string("action") { $0.action.rawValue },
            .string("resource_type") { $0.resourceType },
            .string("database") { $0.database },
            .string("database_id") { $0.databaseID },
        ]).appending(attributeMembers(schema))
    }

    /// Short text for tables: `read:*`, `write:metrics`, `read:orgs`.
    public var summary: String {
        "\(action.rawValue):\(database ?? resourceType)"
    }

    /// A readable list for a table cell: `read:*, write:*`, or `none`.
    public static func summary(_ permissions: [Permission]) -> String {
        permissions.isEmpty ? "none" : permissions.map(\.summary).joined(separator: ", ")
    }
}

/// A token as vmctl shows it, whatever product it came from: what every product has, and in `attributes`
/// what only some have. The secret is never part of it.
public struct Token: Sendable, Equatable, HasAttributes {
    public var id: String
    public var description: String
    public var product: ProductKind
    /// "active", "inactive", "expired" or "revoked".
    public var status: String
    public var permissions: [Permission]
    public var createdAt: String?
    public var createdBy: String?
    public var expiresAt: String?
    public var revokedAt: String?
    public var lastUsedAt: String?
    /// What only some products say about a token (its tenant, its org), by the keys they declare.
    public var attributes: Attributes
    /// Whether this is the token the active profile authenticates with (where the API lets vmctl tell).
    public var usedByProfile = false

    public init(id: String, description: String, product: ProductKind, status: String = "active", permissions: [Permission] = [],
                createdAt: String? = nil, createdBy: String? = nil, expiresAt: String? = nil, revokedAt: String? = nil,
                lastUsedAt: String? = nil, attributes: Attributes = Attributes()) {
        self.id = id
        self.description = description
        self.product = product
        self.status = status
        self.permissions = permissions
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
        self.attributes = attributes
    }

    public subscript<Value>(attribute: Attribute<Value>) -> Value? {
        get { attributes[attribute] }
        set { attributes[attribute] = newValue }
    }

    /// The first database (`*` for all) the token may act on with `action`; nil when it has none.
    public func firstDatabase(_ action: Permission.Action) -> String? {
        permissions.first { $0.action == action && $0.database != nil }?.database
    }
}

/// A token just created or revealed, with its secret.
public struct TokenWithSecret: Sendable, Equatable {
    public var token: Token
    public var secret: String
    /// What the server allowed but the user may not have meant, for stderr ("database logs does not exist").
    public var warnings: [String]
    public init(token: Token, secret: String, warnings: [String] = []) {
        self.token = token
        self.secret = secret
        self.warnings = warnings
    }
}

/// The JSON form of tokens, for the products registered: the shared keys, then each product's own, every
/// key present for every token (null where it does not apply), as docs/json.md says.
public struct TokenSchema: Sendable {
    public let token: AttributeSchema
    public let permission: AttributeSchema
    /// The token object, declared once: lists write it as bytes, single tokens as a value.
    public let shape: JSONShape<Token>

    public init(token: AttributeSchema, permission: AttributeSchema) {
        self.token = token
        self.permission = permission
        let permissionShape = Permission.shape(permission)
        var members: [JSONShape<Token>.Member] = [
            .string("id") { $0.id },
            .string("description") { $0.description },
            .string("product") { $0.product.rawValue },
            .string("status") { $0.status },
            .objects("permissions", { $0.permissions }, permissionShape),
            .string("created_at") { $0.createdAt },
            .string("created_by") { $0.createdBy },
            .string("expires_at") { $0.expiresAt },
            .string("revoked_at") { $0.revokedAt },
            .string("last_used_at") { $0.lastUsedAt },
        ]
        members += attributeMembers(token) as [JSONShape<Token>.Member]
        shape = JSONShape(members)
    }

    /// A token's JSON; `secret` adds `"token"` at the end.
    public func json(_ token: Token, secret: String? = nil) -> JSONValue {
        var value = shape.value(of: token)
        if let secret, case .object(var members) = value {
            members.append(JSONMember("token", .string(secret)))
            value = .object(members)
        }
        return value
    }
}
