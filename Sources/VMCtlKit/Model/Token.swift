import VMCtlSupport
/// One permission of a token, in vmctl's own terms: an action on a "database", which is a tenant for
/// vmcloud, a database for InfluxDB 3 and a bucket for InfluxDB 2; `*` means all of them.
public struct Permission: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable { case read, write }

    public var action: Action
    /// The database name (tenant, bucket), `*` for all; nil for a resource that is not a database.
    public var database: String?
    /// "database" for databases/tenants/buckets; otherwise the product's resource type (influxdb2: "orgs", …).
    public var resourceType: String
    /// The server's ID of the database where it has one (influxdb2 bucket IDs).
    public var databaseID: String?
    /// influxdb2: the organization the permission is limited to; nil for every organization.
    public var orgID: String?
    /// influxdb2: one resource that is not a database (the org itself in an all-access token).
    public var resourceID: String?

    public init(_ action: Action, database: String?, resourceType: String = "database", databaseID: String? = nil,
                orgID: String? = nil, resourceID: String? = nil) {
        self.action = action
        self.database = database
        self.resourceType = resourceType
        self.databaseID = databaseID
        self.orgID = orgID
        self.resourceID = resourceID
    }

    public var json: JSONValue {
        .obj(["action": .string(action.rawValue), "resource_type": .string(resourceType),
              "database": .optional(database), "database_id": .optional(databaseID),
              "org_id": .optional(orgID), "resource_id": .optional(resourceID)])
    }

    /// Writes `json` as bytes at nesting level `indent`, without building it (long lists).
    public func writeJSON(to out: inout [UInt8], indent: Int?) {
        var object = JSONObjectWriter(into: &out, indent: indent)
        object.string("action", action.rawValue, &out)
        object.string("resource_type", resourceType, &out)
        object.string("database", database, &out)
        object.string("database_id", databaseID, &out)
        object.string("org_id", orgID, &out)
        object.string("resource_id", resourceID, &out)
        object.end(&out)
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

/// A token as vmctl shows it, whatever product it came from. The secret is never part of it.
public struct Token: Sendable, Equatable {
    public var id: String
    public var description: String
    public var product: ProductKind
    /// "active", "inactive" or "revoked".
    public var status: String
    public var permissions: [Permission]
    public var createdAt: String?
    public var createdBy: String?
    public var expiresAt: String?
    public var revokedAt: String?
    public var lastUsedAt: String?
    /// vmcloud: the deployment the token belongs to, its type (r, w, rw) and tenant.
    public var deploymentID: String?
    public var tenantID: String?
    public var type: String?
    /// influxdb2: the org and the owning user.
    public var orgID: String?
    public var userID: String?
    /// dedicated: the account and cluster.
    public var accountID: String?
    public var clusterID: String?
    /// influxdb2: "operator" or "all-access" when the token has every permission of that kind.
    public var access: String?
    /// influxdb2: the org's name, for tables (JSON carries `org_id`).
    public var orgName: String?
    /// vmcloud: the deployment's name, where it was looked up (`token list --all-deployments`).
    public var deploymentName: String?
    /// Whether this is the token the active profile authenticates with (where the API lets vmctl tell).
    public var usedByProfile = false

    public init(id: String, description: String, product: ProductKind, status: String = "active", permissions: [Permission] = [],
                createdAt: String? = nil, createdBy: String? = nil, expiresAt: String? = nil, revokedAt: String? = nil,
                lastUsedAt: String? = nil, deploymentID: String? = nil, tenantID: String? = nil, type: String? = nil,
                orgID: String? = nil, userID: String? = nil, accountID: String? = nil, clusterID: String? = nil,
                access: String? = nil, deploymentName: String? = nil) {
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
        self.deploymentID = deploymentID
        self.tenantID = tenantID
        self.type = type
        self.orgID = orgID
        self.userID = userID
        self.accountID = accountID
        self.clusterID = clusterID
        self.access = access
        self.deploymentName = deploymentName
    }

    /// The token's JSON form; the same keys for every product (docs/json.md). `secret` adds `"token"`.
    public func json(secret: String? = nil) -> JSONValue {
        var members: [JSONMember] = [
            JSONMember("id", .string(id)),
            JSONMember("description", .string(description)),
            JSONMember("product", .string(product.rawValue)),
            JSONMember("status", .string(status)),
            JSONMember("access", .optional(access)),
            JSONMember("permissions", .array(permissions.map(\.json))),
            JSONMember("created_at", .optional(createdAt)),
            JSONMember("created_by", .optional(createdBy)),
            JSONMember("expires_at", .optional(expiresAt)),
            JSONMember("revoked_at", .optional(revokedAt)),
            JSONMember("last_used_at", .optional(lastUsedAt)),
            JSONMember("deployment_id", .optional(deploymentID)),
            JSONMember("deployment_name", .optional(deploymentName)),
            JSONMember("tenant_id", .optional(tenantID)),
            JSONMember("type", .optional(type)),
            JSONMember("org_id", .optional(orgID)),
            JSONMember("user_id", .optional(userID)),
            JSONMember("account_id", .optional(accountID)),
            JSONMember("cluster_id", .optional(clusterID)),
        ]
        if let secret { members.append(JSONMember("token", .string(secret))) }
        return .object(members)
    }

    /// Writes `json()` (without a secret) as bytes at nesting level `indent`, without building the value:
    /// how a long list prints its tokens. The text is the same, byte for byte (ListOutputTests).
    public func writeJSON(to out: inout [UInt8], indent: Int?) {
        var object = JSONObjectWriter(into: &out, indent: indent)
        object.string("id", id, &out)
        object.string("description", description, &out)
        object.string("product", product.rawValue, &out)
        object.string("status", status, &out)
        object.string("access", access, &out)
        object.objects("permissions", permissions, &out) { $0.writeJSON(to: &$1, indent: $2) }
        object.string("created_at", createdAt, &out)
        object.string("created_by", createdBy, &out)
        object.string("expires_at", expiresAt, &out)
        object.string("revoked_at", revokedAt, &out)
        object.string("last_used_at", lastUsedAt, &out)
        object.string("deployment_id", deploymentID, &out)
        object.string("deployment_name", deploymentName, &out)
        object.string("tenant_id", tenantID, &out)
        object.string("type", type, &out)
        object.string("org_id", orgID, &out)
        object.string("user_id", userID, &out)
        object.string("account_id", accountID, &out)
        object.string("cluster_id", clusterID, &out)
        object.end(&out)
    }
}

/// A token just created or revealed, with its secret.
public struct TokenWithSecret: Sendable, Equatable {
    public var token: Token
    public var secret: String
    public init(token: Token, secret: String) {
        self.token = token
        self.secret = secret
    }
}
