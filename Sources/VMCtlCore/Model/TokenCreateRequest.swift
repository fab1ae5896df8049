import VMCtlSupport
/// What `token create` asks for, in vmctl's terms; each product maps it to its own request.
public struct TokenCreateRequest: Sendable, Equatable {
    public var description: String
    public var read: [String]
    public var write: [String]
    /// RFC 3339, already checked and normalised.
    public var expiresAt: String?
    /// Every permission on the organization (products with org-wide tokens).
    public var allAccess: Bool
    /// Every permission on every organization (products with org-wide tokens).
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
