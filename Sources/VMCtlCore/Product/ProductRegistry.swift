import VMCtlSupport

/// The products vmctl speaks, in order, as one value: built once where the products are wired in
/// (the VMCtlKit module) and handed to everything that asks what a product is or can do. Nothing below
/// that place lists the products.
public struct ProductRegistry: Sendable {
    public let all: [ProductDescriptor]
    /// The JSON forms of the shared models, with every product's own keys (docs/json.md).
    public let tokenSchema: TokenSchema
    public let databaseSchema: AttributeSchema
    public let tableSchema: AttributeSchema

    public init(_ all: [ProductDescriptor]) {
        precondition(!all.isEmpty, "a registry needs at least one product")
        precondition(Set(all.map(\.kind)).count == all.count, "a product is registered twice")
        self.all = all
        tokenSchema = TokenSchema(token: AttributeSchema(all.flatMap(\.tokenAttributes)),
                                  permission: AttributeSchema(all.flatMap(\.permissionAttributes)))
        databaseSchema = AttributeSchema(all.flatMap(\.databaseAttributes))
        tableSchema = AttributeSchema(all.flatMap(\.tableAttributes))
    }

    /// The descriptor of a registered kind; nil for a kind this registry does not hold.
    public func descriptor(for kind: ProductKind) -> ProductDescriptor? {
        all.first { $0.kind == kind }
    }

    /// The product a user named, by its name or one of its aliases.
    public func lookup(_ name: String) -> ProductDescriptor? {
        let name = name.lowercased()
        return all.first { $0.kind.rawValue == name } ?? all.first { $0.aliases.contains(name) }
    }

    /// The products a word could mean when it names none of them but is part of the names of several
    /// (`influxdb3` → dedicated and clustered, by `influxdb3-dedicated` and `influxdb3-clustered`).
    public func candidates(for word: String) -> [ProductDescriptor] {
        let word = word.lowercased()
        guard !word.isEmpty else { return [] }
        return all.filter { descriptor in
            ([descriptor.kind.rawValue] + descriptor.aliases).contains { $0.hasPrefix(word + "-") || $0.hasSuffix("-" + word) }
        }
    }

    /// The product (and how) a profile of `tool` becomes, given the tool's word for its product (nil for a
    /// tool whose profiles all talk to one product).
    public func importing(from tool: ForeignTool, productWord: String?) -> (descriptor: ProductDescriptor, foreign: ForeignProfile)? {
        for descriptor in all {
            if let foreign = descriptor.foreignProfiles.first(where: { $0.tool == tool && $0.productWord == productWord }) {
                return (descriptor, foreign)
            }
        }
        return nil
    }

    /// The words `tool` uses for the products vmctl imports its profiles as.
    public func productWords(of tool: ForeignTool) -> [String] {
        all.flatMap { $0.foreignProfiles.filter { $0.tool == tool }.compactMap(\.productWord) }
    }

    /// The names a profile may give, in order.
    public var names: [String] { all.map(\.kind.rawValue) }

    /// The products whose backend has every one of `capabilities`, in the registry's order.
    public func products(providing capabilities: [CapabilityID]) -> [ProductKind] {
        all.filter { descriptor in capabilities.allSatisfy(descriptor.provides) }.map(\.kind)
    }

    /// Every product-specific profile key, each once, in the registry's order, with the products that take it.
    public var profileKeys: [(key: ProfileKey, products: [ProductKind])] {
        var out: [(key: ProfileKey, products: [ProductKind])] = []
        for descriptor in all {
            for key in descriptor.profileKeys {
                if let i = out.firstIndex(where: { $0.key.name == key.name }) {
                    out[i].products.append(descriptor.kind)
                } else {
                    out.append((key, [descriptor.kind]))
                }
            }
        }
        return out
    }

    /// "vmcloud", "dedicated and clustered", "vmcloud, dedicated or influxdb2".
    public static func list(_ kinds: [ProductKind], conjunction: String = "and") -> String {
        WordList.joined(kinds.map(\.rawValue), conjunction: conjunction)
    }

    /// The `profile create` line hints suggest: the first product's, with its key from an environment variable.
    public func exampleProfileCreate(_ name: String) -> String {
        let first = all[0].kind.rawValue
        return "vmctl profile create \(name) --product \(first) --api-key-env \(first.uppercased())_API_KEY"
    }

    /// Why `descriptor`'s product refuses a product-specific flag, said the same way for every flag: the
    /// products that honour it, and the product's own reason where it gives one.
    public func refusal(of flag: String, needing capability: CapabilityID, in command: [CapabilityID],
                        for descriptor: ProductDescriptor) -> VMCtlError {
        let others = products(providing: command + [capability])
        let list = others.isEmpty ? "no product" : WordList.joined(others.map { "\"\($0.rawValue)\"" }, conjunction: "and")
        return VMCtlError.usage("--\(flag) is for product\(others.count > 1 ? "s" : "") \(list), not \"\(descriptor.kind.rawValue)\"",
                                hint: descriptor.lacking[capability])
    }
}
