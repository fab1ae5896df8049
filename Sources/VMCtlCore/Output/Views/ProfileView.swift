import VMCtlSupport
/// How profiles look in tables and JSON. A literal key is never shown, only masked.
public enum ProfileView {
    /// `****abcd` for a long secret, `****` for a short one.
    public static func mask(_ secret: String) -> String {
        secret.count >= 12 ? "****" + secret.suffix(4) : "****"
    }

    /// Where the secret comes from, in words: `config file`, `env VAR`, `file PATH`, `command`, `none`.
    public static func sourceText(_ source: SecretSource?) -> String {
        switch source {
        case .literal: return "config file"
        case .environment(let v): return "env \(v)"
        case .file(let p): return "file \(p)"
        case .command: return "command"
        case nil: return "none"
        }
    }


    public static func json(_ p: Profile, isDefault: Bool, products: ProductRegistry, extra: [JSONMember] = []) -> JSONValue {
        let source: JSONValue
        switch p.secret {
        case nil: source = .null
        case .literal: source = .obj(["source": "config_file", "reference": .null])
        case .environment(let v): source = .obj(["source": "env", "reference": .string(v)])
        case .file(let v): source = .obj(["source": "file", "reference": .string(v)])
        case .command(let v): source = .obj(["source": "command", "reference": .string(v)])
        }
        return .object([
            JSONMember("name", .string(p.name)), JSONMember("product", .string(p.product.rawValue)),
            JSONMember("url", .optional(p.effectiveURL)),
        ] + products.profileKeys.map { JSONMember($0.key.name, .optional(p.setting($0.key.name))) } + [
            JSONMember("allow_http", .bool(p.allowHTTP)), JSONMember("ca_cert", .optional(p.caCert)), JSONMember("default", .bool(isDefault)),
            JSONMember("api_key", source),
        ] + extra)
    }

    public static func list(_ profiles: [Profile], defaultName: String?, path: String, products: ProductRegistry) -> Presentation {
        let rows = profiles.map { p in
            [p.name == defaultName ? "*" : "", p.name, p.product.rawValue, p.effectiveURL ?? "-", p.descriptor.scope(p), sourceText(p.secret)]
        }
        return Presentation(json: .array(profiles.map { json($0, isDefault: $0.name == defaultName, products: products) }),
                            table: .list(columns: ["DEFAULT", "NAME", "PRODUCT", "URL", "SCOPE", "API KEY"], rows: rows),
                            emptyMessage: "No profiles in \(path); create one with '\(products.exampleProfileCreate("NAME"))'")
    }
}
