import VMCtlSupport
/// A product's identity: the name a profile gives in `product = "..."`. Everything else about a product
/// lives in its descriptor; each product folder declares its own kind (`ProductKind.vmcloud` is in
/// `Products/VMCloud/VMCloudProduct.swift`), so the rest of vmctl never lists the products.
public struct ProductKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// What the product is: its keys, auth, commands, columns and backend.
    public var descriptor: ProductDescriptor { ProductRegistry.descriptor(for: self) }

    /// How the product is named in messages and docs: "VictoriaMetrics Cloud".
    public var displayName: String { descriptor.displayName }

    public var description: String { rawValue }

    /// Every product, in the registry's order.
    public static var allCases: [ProductKind] { ProductRegistry.all.map(\.kind) }
}
