import VMCtlSupport


/// The tokens of one scope (a vmcloud deployment, a Dedicated cluster, an InfluxDB 2 org), already resolved.
public protocol TokenService: Sendable {
    /// Where the tokens live, for messages: `deployment "prod" (0f6c…)`.
    var scopeDescription: String { get }
    /// What to say on stderr when a secret is printed.
    var secretWarning: String { get }
    func list(includeRevoked: Bool) async throws -> [Token]
    func get(id: String, includeRevoked: Bool) async throws -> Token
    func create(_ checked: CheckedTokenRequest) async throws -> TokenWithSecret
    func reveal(id: String) async throws -> TokenWithSecret
    /// Changes a token; new permissions replace the old ones.
    func update(id: String, _ request: TokenUpdateRequest) async throws -> Token
    func delete(id: String) async throws
    /// Where these tokens are used, for the same scope (no lookup of its own).
    var dataPlane: DataPlaneService? { get }
    /// The request that creates a token with `token`'s permissions (and expiry), for `token rotate`;
    /// a usage error when the product cannot express them again.
    func replacement(for token: Token, description: String) throws -> TokenCreateRequest
    /// The shape of this product's token IDs, for telling a whole ID from a prefix of one.
    var idShape: IDPrefix.Shape { get }
    /// Whether lists mark the token the profile itself authenticates with (`Token.usedByProfile`), so a
    /// revoke can warn before the profile stops working.
    var recognizesProfileToken: Bool { get }
}

/// Databases (InfluxDB 3) or buckets (InfluxDB 2).
public protocol DatabaseService: Sendable {
    /// What the product calls these, for messages: "database" or "bucket".
    var noun: String { get }
    func list() async throws -> [Database]
    func create(_ spec: DatabaseSpec) async throws -> Database
    func update(_ name: String, _ changes: DatabaseChanges) async throws -> Database
    /// Deletes; returns a note for the user (InfluxDB 3: the ID that undelete takes), if any.
    func delete(_ name: String) async throws -> String?
    func rename(_ name: String, to newName: String) async throws -> Database
    func undelete(_ name: String) async throws -> Database
}

/// What a product's descriptor does not list never reaches a backend (the context refuses it first);
/// these defaults only keep that true if a descriptor and its backend ever disagree.
extension TokenService {
    public var dataPlane: DataPlaneService? { nil }
    public var idShape: IDPrefix.Shape { .uuid }
    public var recognizesProfileToken: Bool { false }

    /// Whether `reference` is a prefix to look up rather than an ID to send as it is.
    public func needsLookup(_ reference: String) -> Bool {
        !idShape.isWhole(reference) && idShape.couldBePrefix(reference)
    }

    /// The ID `reference` names. A whole ID, or a word that cannot be a prefix, is taken as it is and
    /// nothing is looked up; a prefix is matched against `known` tokens, or the list when none are given.
    public func resolveID(_ reference: String, known: [Token]? = nil) async throws -> String {
        guard needsLookup(reference) else { return reference }
        let tokens: [Token]
        if let known { tokens = known } else { tokens = try await list(includeRevoked: true) }
        return try token(matching: reference, in: tokens).id
    }

    /// The one token of `tokens` that `reference` names: its whole ID, or a unique prefix of it.
    public func token(matching reference: String, in tokens: [Token]) throws -> Token {
        guard let one = try IDPrefix.find(reference, in: tokens, shape: idShape, noun: "token", id: \.id,
                                          label: { "\($0.id) (\($0.description))" }) else {
            throw VMCtlError.notFound(idShape.couldBePrefix(reference) ? "no token ID in \(scopeDescription) starts with \(reference)"
                                                                      : "no token \(reference) in \(scopeDescription)",
                                      hint: "run 'vmctl token list' to see the tokens")
        }
        return one
    }

    /// Permissions on named databases (or `'*'`) are asked for again as `--read-database`/`--write-database` would.
    public func replacement(for token: Token, description: String) throws -> TokenCreateRequest {
        try replacingDatabases(of: token, description: description)
    }

    /// The default of `replacement`, for products that add cases of their own.
    public func replacingDatabases(of token: Token, description: String) throws -> TokenCreateRequest {
        var request = TokenCreateRequest(description: description, expiresAt: token.expiresAt)
        for permission in token.permissions {
            guard let database = permission.database else {
                throw VMCtlError.usage("token \(token.id) has a permission vmctl cannot create again (\(permission.summary))",
                                       hint: "create the new token with 'vmctl token create', then revoke this one")
            }
            if permission.action == .read { request.read.append(database) } else { request.write.append(database) }
        }
        return request
    }

    public func reveal(id: String) async throws -> TokenWithSecret {
        throw VMCtlError.usage("token reveal is not available here: tokens are shown only when created")
    }

    public func update(id: String, _ request: TokenUpdateRequest) async throws -> Token {
        throw VMCtlError.usage("tokens cannot change here: revoke the token and create another")
    }
}

extension DatabaseService {
    public func update(_ name: String, _ changes: DatabaseChanges) async throws -> Database {
        throw VMCtlError.usage("\(noun)s cannot be updated here")
    }

    public func rename(_ name: String, to newName: String) async throws -> Database {
        throw VMCtlError.usage("\(noun)s cannot be renamed here")
    }

    public func undelete(_ name: String) async throws -> Database {
        throw VMCtlError.usage("\(noun)s cannot be undeleted here")
    }
}

/// Deployments of a vmcloud account.
public protocol DeploymentService: Sendable {
    /// Every deployment; `details` fetches each one's details too (its access endpoint), else summaries only.
    func list(details: Bool) async throws -> [Deployment]
    /// A deployment by name or ID, with its details; nil names the profile's own deployment.
    func get(_ reference: String?) async throws -> Deployment
    /// Creates a deployment; the result is usually still PROVISIONING.
    func create(_ spec: DeploymentSpec) async throws -> Deployment
    /// Applies `changes` to the deployment's current settings; returns it and any warnings.
    func update(_ reference: String, _ changes: DeploymentChanges) async throws -> (Deployment, [String])
    /// Deletes a deployment by name or ID; returns how to name it in messages.
    func delete(_ reference: String) async throws -> String
}

/// Management API keys (vmcloud).
public protocol APIKeyService: Sendable {
    func list() async throws -> [APIKey]
    func create(_ request: APIKeyRequest) async throws -> APIKeyWithSecret
    func delete(id: String) async throws
    /// The IDs `references` name, in their order: a whole ID as it is (nothing is looked up); anything else,
    /// with one list for all of them, by name and then as a unique ID prefix. Also the keys that list showed.
    func resolve(_ references: [String]) async throws -> (ids: [String], known: [APIKey])
}

/// Alerting and recording rule files of one deployment (vmcloud).
public protocol RuleService: Sendable {
    var scopeDescription: String { get }
    func list() async throws -> [String]
    /// The file exactly as stored.
    func get(_ name: String) async throws -> String
    /// Creates or replaces a file.
    func upload(_ name: String, content: String) async throws
    func delete(_ name: String) async throws
}

/// What can be bought (vmcloud): tiers, regions, providers.
public protocol CatalogService: Sendable {
    func tiers() async throws -> [Tier]
    func regions() async throws -> [Region]
    func providers() async throws -> [CloudProvider]
}

/// One product's implementation of vmctl's operations. Commands speak only to this protocol, so adding a
/// product does not touch them; what a product cannot do is refused with a usage error naming it.
public protocol ProductBackend: Sendable {
    var product: ProductKind { get }
    /// Checks a token request against what the product can express, before anything is sent.
    func check(_ request: TokenCreateRequest) throws -> CheckedTokenRequest
    /// The token service for `deployment` (vmcloud) or the profile's own scope.
    func tokens(deployment: String?) async throws -> TokenService
    /// A token service for each deployment the key can see (vmcloud), in the API's order.
    func tokenScopes() async throws -> [TokenService]
    func deployments() throws -> DeploymentService
    func apiKeys() throws -> APIKeyService
    func rules(deployment: String?) async throws -> RuleService
    func catalog() throws -> CatalogService
    func databases() async throws -> DatabaseService
    func tables() throws -> TableService
    /// The data plane of `deployment` (vmcloud) or the profile's own scope.
    func dataPlane(deployment: String?) async throws -> DataPlaneService
    /// Whether the server accepts the profile's key, by one cheap read; returns what it showed
    /// ("2 deployments"), and throws the server's refusal (401, 403) as it is.
    func checkAccess() async throws -> String
}

extension ProductBackend {
    public func check(_ request: TokenCreateRequest) throws -> CheckedTokenRequest { CheckedTokenRequest(request) }

    public func tokens(deployment: String?) async throws -> TokenService {
        throw unsupported("token commands")
    }

    public func deployments() throws -> DeploymentService {
        throw unsupported("deployment commands")
    }

    public func tokenScopes() async throws -> [TokenService] {
        throw unsupported("token lists of every deployment")
    }

    public func apiKeys() throws -> APIKeyService {
        throw unsupported("apikey commands")
    }

    public func rules(deployment: String?) async throws -> RuleService {
        throw unsupported("rule commands")
    }

    public func catalog() throws -> CatalogService {
        throw unsupported("catalog commands")
    }

    public func databases() async throws -> DatabaseService {
        throw unsupported("database commands")
    }

    public func tables() throws -> TableService {
        throw unsupported("table commands")
    }

    public func dataPlane(deployment: String?) async throws -> DataPlaneService {
        throw unsupported("token examples and checks")
    }

    public func checkAccess() async throws -> String {
        throw unsupported("access checks")
    }

    /// "1 deployment", "3 databases".
    public static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// The usage error for an operation this product does not have.
    public func unsupported(_ what: String) -> VMCtlError {
        .usage("\(what) are not available for product \"\(product.rawValue)\"")
    }
}
