import VMCtlSupport

/// What a product can do is the set of protocols its backend conforms to: each protocol below is a
/// capability (`Capabilities.swift` names them for commands and flags), and a backend that conforms has to
/// implement it, so a product cannot claim what it does not do. Commands speak only to these protocols.

/// Every product's backend: one cheap read that says whether the server accepts the key.
public protocol ProductBackend: Sendable {
    var product: ProductKind { get }
    /// Whether the server accepts the profile's key, by one cheap read; returns what it showed
    /// ("2 deployments"), and throws the server's refusal (401, 403) as it is.
    func checkAccess() async throws -> String
}

extension ProductBackend {
    /// "1 deployment", "3 databases".
    public static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}

// MARK: - Tokens

/// Where a product's tokens are used: its data endpoints, client examples, and a live check.
public protocol DataPlaneService<Plan>: Sendable {
    /// The product's own reading of a token request (`TokenAdministration.plan`).
    associatedtype Plan: Sendable
    /// The token's data URLs and client examples, which read the secret from `TokenExamples.tokenFile`;
    /// `reveal` puts the secret in the step that writes that file, where the API gives it.
    /// `tenant` picks the tenant of a token that covers every tenant (products with tenant tokens).
    func examples(id: String, tenant: String?, reveal: Bool) async throws -> TokenExamples
    /// Uses the token once in each direction it grants; `secret` when the caller has it (else it is fetched
    /// where the API can give it).
    func check(id: String, tenant: String?, secret: String?) async throws -> [DirectionCheck]
    /// Uses a secret whose token is not named, so what it grants is unknown: the directions the product can
    /// try at the scope's data endpoint without a token's permissions (`token check` without an ID says
    /// which). A revoked, expired or unknown secret is refused in every one.
    func check(secret: String, tenant: String?) async throws -> [DirectionCheck]
    /// Where a token about to be created will write and read; asked alongside the create itself.
    func urls(forNew plan: Plan) async throws -> DataURLs
    /// Where existing tokens of this scope write and read, as a function of the token (its permissions and
    /// the product's fields). What that needs from the server (a deployment's endpoint) is fetched here,
    /// once, so that a caller asks for it alongside the token itself (`token get`).
    func urlsOfTokens() async throws -> @Sendable (Token) -> DataURLs
}

/// The tokens of one scope (a deployment, a cluster, an org), already resolved.
public protocol TokenService<Plan>: Sendable {
    associatedtype Plan: Sendable
    associatedtype DataPlane: DataPlaneService where DataPlane.Plan == Plan
    /// Where the tokens live, for messages: `deployment "prod" (0f6c…)`.
    var scopeDescription: String { get }
    /// What to say on stderr when a new token's secret is printed.
    var secretWarning: String { get }
    /// The shape of this product's token IDs, for telling a whole ID from a prefix of one.
    var idShape: IDPrefix.Shape { get }
    /// Whether lists mark the token the profile itself authenticates with (`Token.usedByProfile`), so a
    /// revoke can warn before the profile stops working.
    var recognizesProfileToken: Bool { get }
    /// Where these tokens are used, for the same scope (no lookup of its own).
    var dataPlane: DataPlane { get }
    /// What `delete` does to a token, in the words of the product's API: revoke or delete. Questions,
    /// refusals, success lines and hints of `token delete` and `token rotate --revoke-old` use it. A
    /// property of the type, so that a refusal can say it before any backend is made.
    static var removal: TokenRemoval { get }

    func list(includeRevoked: Bool) async throws -> [Token]
    /// The tokens one at a time as they are read, to `sink`, which alone keeps them (a long list: `token
    /// list` spools it). By default the whole list is read first.
    func list(includeRevoked: Bool, into sink: ListSink<Token>) async throws
    func get(id: String, includeRevoked: Bool) async throws -> Token
    /// Creates a token; what the API allowed but the user may not have meant comes back as the result's
    /// `warnings` (a database that does not exist yet).
    func create(_ plan: Plan) async throws -> TokenWithSecret
    func delete(id: String) async throws
    /// The request that creates a token with `token`'s permissions (and expiry), for `token rotate`;
    /// a usage error when the product cannot express them again.
    func replacement(for token: Token, description: String) throws -> TokenCreateRequest
}

/// What removing a token is called where it lives: a revoke (the API keeps it, or calls it so), or a delete
/// (the token is gone).
public struct TokenRemoval: Sendable, Equatable {
    /// "revoke": questions, refusals and hints.
    public let verb: String
    /// "revoked": what became of the token.
    public let past: String

    public static let revoke = TokenRemoval(verb: "revoke", past: "revoked")
    public static let delete = TokenRemoval(verb: "delete", past: "deleted")

    /// "Revoke", at the start of a question.
    public var capitalizedVerb: String { verb.prefix(1).uppercased() + verb.dropFirst() }
    /// "Revoked", at the start of a success line.
    public var capitalizedPast: String { past.prefix(1).uppercased() + past.dropFirst() }
}

extension TokenService {
    public var removal: TokenRemoval { Self.removal }

    public func list(includeRevoked: Bool, into sink: ListSink<Token>) async throws {
        let tokens = try await list(includeRevoked: includeRevoked)
        try sink.restart()
        for token in tokens { try sink.add(token) }
    }
}

/// Where a list goes as it is read, item by item. When the answer comes again (a retry after the first
/// one broke off), `restart` is called first: what was added before is to be forgotten.
public struct ListSink<Item>: @unchecked Sendable {
    public let restart: () throws -> Void
    public let add: (Item) throws -> Void

    public init(restart: @escaping () throws -> Void, add: @escaping (Item) throws -> Void) {
        self.restart = restart
        self.add = add
    }
}

/// Creates, lists, shows and revokes tokens, and says where they are used.
public protocol TokenAdministration: ProductBackend {
    /// What a token request reduces to for this product, worked out once before anything is sent.
    associatedtype Plan: Sendable
    associatedtype Tokens: TokenService where Tokens.Plan == Plan
    /// Checks a token request against what the product can express, before anything is sent.
    func plan(_ request: TokenCreateRequest) throws -> Plan
    /// The tokens of `scope` (the `--deployment` of products with deployment scopes), or of the profile's own scope.
    func tokens(in scope: String?) async throws -> Tokens
}

extension ProductDescriptor {
    /// What removing one of the product's tokens is called; nil for a product without tokens.
    public var tokenRemoval: TokenRemoval? {
        func removal<Backend: TokenAdministration>(_: Backend.Type) -> TokenRemoval { Backend.Tokens.removal }
        guard let type = backendType as? any TokenAdministration.Type else { return nil }
        return removal(type)
    }
}

/// Tokens whose secret the API shows again.
public protocol RevealingTokenService: TokenService {
    /// The token with its secret; where the server does not show this token's secret to the profile's key,
    /// an error that says why and what to do instead.
    func reveal(id: String) async throws -> TokenWithSecret
    /// What to say on stderr when a revealed secret is printed.
    var revealWarning: String { get }
}

/// Shows a token's secret again (`token reveal`).
public protocol TokenReveal: TokenAdministration where Tokens: RevealingTokenService {}

/// Tokens that can change after they are made.
public protocol UpdatingTokenService: TokenService {
    /// Changes a token; new permissions replace the old ones.
    func update(id: String, _ request: TokenUpdateRequest) async throws -> Token
}

/// Changes a token's description (and what its product lets change: permissions, whether it is active).
public protocol TokenUpdates: TokenAdministration where Tokens: UpdatingTokenService {}

/// Lists the tokens of every scope the key can see (`token list --all-deployments`).
public protocol EveryTokenScope: TokenAdministration {
    /// A token service for each scope, in the API's order.
    func everyScope() async throws -> [Tokens]
    /// The column that says which scope a token came from.
    var scopeColumn: TokenColumn { get }
}

/// Says when a token was last used (`token list --unused-for`).
public protocol TokenLastUse: TokenAdministration {
    /// How far back the API tracks a token's last use, in seconds; nil when it keeps it for good.
    static var lastUseWindow: Double? { get }
}

/// Tokens that live in one of several deployments, named by `--deployment` (token and rule commands).
public protocol DeploymentScopes: ProductBackend {}
/// Tokens that may expire (`--expires-at`, `--expires-in`): `TokenCreateRequest.expiresAt` is sent.
public protocol ExpiringTokens: TokenAdministration {}
/// Tokens with every permission on an org or on every org (`--all-access`, `--operator`).
public protocol OrgWideTokens: TokenAdministration {}
/// Revoked tokens stay listed (`--include-revoked`).
public protocol RevokedTokensListed: TokenAdministration {}
/// Tokens for one tenant or all of them, whose data URLs name the tenant (`--tenant`).
public protocol TenantTokens: TokenAdministration {}
/// A token's permissions can be replaced (`token update --read-database/--write-database`).
public protocol TokenPermissionChanges: TokenUpdates {}
/// A token can be switched off and on (`token update --inactive/--active`).
public protocol TokenActivation: TokenUpdates {}

// MARK: - Databases and tables

/// Databases (each product names them its own way: a database, a bucket).
public protocol DatabaseService: Sendable {
    /// What the product calls these, for messages: "database" or "bucket".
    var noun: String { get }
    func list() async throws -> [Database]
    func create(_ spec: DatabaseSpec) async throws -> Database
    /// Deletes; returns a note for the user (the ID that undelete takes), if any.
    func delete(_ name: String) async throws -> String?
    /// What becomes of the tokens that name database `name` after `change`, as a warning; nil where tokens
    /// do not name databases by name. `database delete` and `database rename` both say it.
    func tokensNaming(_ name: String, after change: DatabaseNameChange) -> String?
}

/// A database that goes away under its name: deleted, or renamed.
public enum DatabaseNameChange: Sendable, Equatable {
    case deleted
    case renamed(to: String)
}

/// Databases that can be changed, renamed and brought back after a delete.
public protocol DatabaseAdministrationService: DatabaseService {
    func update(_ name: String, _ changes: DatabaseChanges) async throws -> Database
    func rename(_ name: String, to newName: String) async throws -> Database
    func undelete(_ name: String) async throws -> Database
}

/// Lists, creates and deletes databases.
public protocol DatabaseManagement: ProductBackend {
    associatedtype Databases: DatabaseService
    func databases() async throws -> Databases
}

/// Changes, renames and undeletes databases (`database update|rename|undelete`).
public protocol DatabaseAdministration: DatabaseManagement where Databases: DatabaseAdministrationService {}
/// Databases with limits on their tables and columns (`--max-tables`, `--max-columns`).
public protocol DatabaseLimits: DatabaseManagement {}
/// Databases and tables with a custom partition template (`--template-*`).
public protocol PartitionTemplates: DatabaseManagement {}

/// Tables of the databases of one cluster. The API has no list of tables.
public protocol TableService: Sendable {
    func create(database: String, name: String, partitionTemplate: [PartitionPart]?) async throws -> Table
    func delete(database: String, name: String) async throws
    func rename(database: String, name: String, to newName: String) async throws -> Table
    /// The API's path names a deleted table by its numeric ID.
    func undelete(database: String, id: String) async throws -> Table
}

/// Creates, deletes, renames and undeletes tables.
public protocol TableManagement: ProductBackend {
    func tables() -> any TableService
}

// MARK: - Deployments, API keys, rules, catalog

/// Deployments of an account.
public protocol DeploymentService: Sendable {
    /// Every deployment; `details` fetches each one's details too (its access endpoint), else summaries only.
    func list(details: Bool) async throws -> [Deployment]
    /// A deployment by name or ID, with its details; nil names the profile's own deployment.
    func get(_ reference: String?) async throws -> Deployment
    /// The product's rules for a new deployment, checked before anything is sent; usage errors name the rule.
    func check(_ spec: DeploymentSpec) throws
    /// The product's rules for the changes given, checked before anything is sent.
    func check(_ changes: DeploymentChanges) throws
    /// Creates a deployment; the result is usually still PROVISIONING. It names its tier (`tierName`) where
    /// the product's catalog does.
    func create(_ spec: DeploymentSpec) async throws -> Deployment
    /// Applies `changes` to the deployment's current settings; returns it, naming its tier as `create`
    /// does, and any warnings.
    func update(_ reference: String, _ changes: DeploymentChanges) async throws -> (Deployment, [String])
    /// Deletes a deployment by name or ID; returns how to name it in messages.
    func delete(_ reference: String) async throws -> String
}

/// Creates, shows, changes and deletes deployments.
public protocol DeploymentManagement: ProductBackend {
    func deployments() -> any DeploymentService
}

/// Management API keys.
public protocol APIKeyService: Sendable {
    func list() async throws -> [APIKey]
    func create(_ request: APIKeyRequest) async throws -> APIKeyWithSecret
    func delete(id: String) async throws
    /// The IDs `references` name, in their order: a whole ID as it is (nothing is looked up); anything else,
    /// with one list for all of them, by name and then as a unique ID prefix. Also the keys that list showed.
    func resolve(_ references: [String]) async throws -> (ids: [String], known: [APIKey])
}

/// Creates, lists and deletes the account's API keys.
public protocol APIKeyManagement: DeploymentManagement {
    func apiKeys() -> any APIKeyService
}

/// Alerting and recording rule files of one deployment.
public protocol RuleService: Sendable {
    var scopeDescription: String { get }
    func list() async throws -> [String]
    /// The file exactly as stored.
    func get(_ name: String) async throws -> String
    /// Creates or replaces a file.
    func upload(_ name: String, content: String) async throws
    func delete(_ name: String) async throws
}

/// Lists, shows, uploads and deletes rule files.
public protocol RuleManagement: ProductBackend {
    /// The rule files of `scope` (a deployment), or of the profile's own.
    func rules(in scope: String?) async throws -> any RuleService
}

/// What can be bought: tiers, regions, providers.
public protocol CatalogService: Sendable {
    func tiers() async throws -> [Tier]
    func regions() async throws -> [Region]
    func providers() async throws -> [CloudProvider]
}

/// Reads the catalog.
public protocol CatalogAccess: ProductBackend {
    func catalog() -> any CatalogService
}
