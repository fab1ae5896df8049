import VMCtlSupport
/// The one list of products. Adding a product is a folder under `Products/` with its descriptor, plus
/// one line here.
public enum ProductRegistry {
    public static let all: [ProductDescriptor] = [
        VMCloudProduct.descriptor,
        InfluxDB3Product.dedicated,
        InfluxDB3Product.clustered,
        InfluxDB2Product.descriptor,
    ]

    /// The descriptor of a registered kind.
    public static func descriptor(for kind: ProductKind) -> ProductDescriptor {
        guard let found = all.first(where: { $0.kind == kind }) else {
            preconditionFailure("product \(kind.rawValue) is not registered in ProductRegistry.all")
        }
        return found
    }

    /// The product a user named, by its name or one of its aliases.
    public static func lookup(_ name: String) -> ProductDescriptor? {
        let name = name.lowercased()
        return all.first { $0.kind.rawValue == name } ?? all.first { $0.aliases.contains(name) }
    }

    /// The products a word could mean when it names none of them but is part of the names of several
    /// (`influxdb3` → dedicated and clustered, by `influxdb3-dedicated` and `influxdb3-clustered`).
    public static func candidates(for word: String) -> [ProductKind] {
        let word = word.lowercased()
        guard !word.isEmpty else { return [] }
        return all.filter { descriptor in
            ([descriptor.kind.rawValue] + descriptor.aliases).contains { $0.hasPrefix(word + "-") || $0.hasSuffix("-" + word) }
        }.map(\.kind)
    }

    /// The names a profile may give, in order.
    public static var names: [String] { all.map(\.kind.rawValue) }

    /// The products that run the command at `path` (`token create`), in the registry's order.
    public static func products(supporting path: String) -> [ProductKind] {
        all.filter { $0.commands[path] != nil }.map(\.kind)
    }

    /// The products that honour a product-specific flag of the command at `path`.
    public static func products(supporting flag: String, of path: String) -> [ProductKind] {
        all.filter { $0.commands[path]?.flags.contains(flag) == true }.map(\.kind)
    }

    /// Every product-specific profile key, each once, in the registry's order, with the products that take it.
    public static var profileKeys: [(key: ProfileKey, products: [ProductKind])] {
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
}

extension ProductRegistry {
    /// The `profile create` line hints suggest: the first product's, with its key from an environment variable.
    public static func exampleProfileCreate(_ name: String) -> String {
        let first = all[0].kind.rawValue
        return "vmctl profile create \(name) --product \(first) --api-key-env \(first.uppercased())_API_KEY"
    }
}
