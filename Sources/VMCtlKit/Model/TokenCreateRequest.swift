import VMCtlSupport
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

/// A token request a product has checked, before anything is sent, with what it worked out while checking
/// (vmcloud: the one type and tenant the flags reduce to), so that nothing is worked out twice.
public struct CheckedTokenRequest: Sendable {
    public var request: TokenCreateRequest
    /// The product's own reading of the request; only that product's token service looks at it.
    public var plan: (any Sendable)?

    public init(_ request: TokenCreateRequest, plan: (any Sendable)? = nil) {
        self.request = request
        self.plan = plan
    }
}
