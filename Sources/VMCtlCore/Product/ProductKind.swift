import VMCtlSupport

/// A product's identity: the name a profile gives in `product = "..."`. Everything else about a product
/// is in its descriptor, which the registry hands out; each product module declares its own kind
/// (`ProductKind.vmcloud` is in the VMCloud module).
public struct ProductKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}
