/// What `token create` asks for, in vmctl's terms; each product maps it to its own request.
public struct TokenCreateRequest: Sendable, Equatable {
    public var description: String
    public var read: [String]
    public var write: [String]
    /// RFC 3339, already checked and normalised.
    public var expiresAt: String?
    public var allAccess: Bool
    public var operatorAccess: Bool

    public init(description: String, read: [String] = [], write: [String] = [], expiresAt: String? = nil,
                allAccess: Bool = false, operatorAccess: Bool = false) {
        self.description = description
        self.read = read
        self.write = write
        self.expiresAt = expiresAt
        self.allAccess = allAccess
        self.operatorAccess = operatorAccess
    }
}

/// The tokens of one scope (a vmcloud deployment, a Dedicated cluster, an InfluxDB 2 org), already resolved.
public protocol TokenService: Sendable {
    /// Where the tokens live, for messages: `deployment "prod" (0f6c…)`.
    var scopeDescription: String { get }
    /// What to say on stderr when a secret is printed.
    var secretWarning: String { get }
    func list(includeRevoked: Bool) async throws -> [Token]
    func get(id: String, includeRevoked: Bool) async throws -> Token
    func create(_ request: TokenCreateRequest) async throws -> TokenWithSecret
    func reveal(id: String) async throws -> TokenWithSecret
    func delete(id: String) async throws
}

/// Deployments of a vmcloud account.
public protocol DeploymentService: Sendable {
    func list() async throws -> [Deployment]
    /// A deployment by name or ID, with its details.
    func get(_ reference: String) async throws -> Deployment
}

/// One product's implementation of vmctl's operations. Commands speak only to this protocol, so adding a
/// product does not touch them; what a product cannot do is refused with a usage error naming it.
public protocol ProductBackend: Sendable {
    var product: ProductKind { get }
    /// Checks a token request against what the product can express, before anything is sent.
    func validate(_ request: TokenCreateRequest) throws
    /// The token service for `deployment` (vmcloud) or the profile's own scope.
    func tokens(deployment: String?) async throws -> TokenService
    func deployments() throws -> DeploymentService
}

extension ProductBackend {
    public func validate(_ request: TokenCreateRequest) throws {}

    public func tokens(deployment: String?) async throws -> TokenService {
        throw unsupported("token commands")
    }

    public func deployments() throws -> DeploymentService {
        throw unsupported("deployment commands")
    }

    /// The usage error for an operation this product does not have.
    public func unsupported(_ what: String) -> VMCtlError {
        .usage("\(what) are not available for product \"\(product.rawValue)\"")
    }
}
