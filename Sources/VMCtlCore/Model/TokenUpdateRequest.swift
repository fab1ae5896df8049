import VMCtlSupport
/// What `token update` changes.
public struct TokenUpdateRequest: Sendable, Equatable {
    public var description: String?
    /// nil when no permission flag was given; otherwise the new permissions replace the old.
    public var read: [String]?
    public var write: [String]?
    /// "active" or "inactive" (products whose tokens can be switched off).
    public var status: String?

    public init(description: String? = nil, read: [String]? = nil, write: [String]? = nil, status: String? = nil) {
        self.description = description
        self.read = read
        self.write = write
        self.status = status
    }

    public var replacesPermissions: Bool { read != nil || write != nil }
}
