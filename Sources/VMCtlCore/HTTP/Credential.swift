import VMCtlSupport
/// How a product's secret is sent: `X-VM-Cloud-Access: <key>`, `Authorization: Bearer <token>`.
public struct Credential: Sendable, Equatable {
    public var header: String
    /// The word before the secret in the header's value, if any: `Bearer`, `Token`.
    public var scheme: String?

    public init(header: String, scheme: String? = nil) {
        self.header = header
        self.scheme = scheme
    }

    /// The header's value for `secret`.
    public func value(for secret: String) -> String {
        scheme.map { "\($0) \(secret)" } ?? secret
    }
}
