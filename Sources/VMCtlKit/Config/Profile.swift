import Foundation

/// Where a profile's secret (API key, management token, API token) comes from.
public enum SecretSource: Equatable, Sendable {
    /// `api_key = "..."` in the config file itself.
    case literal(String)
    /// `api_key_env = "VAR"`: read from an environment variable.
    case environment(String)
    /// `api_key_file = "~/.secrets/x"`: the first line of a file.
    case file(String)
    /// `api_key_command = "pass show x"`: the first line a shell command prints.
    case command(String)

    /// The config key that declares this source.
    public var configKey: String {
        switch self {
        case .literal: return "api_key"
        case .environment: return "api_key_env"
        case .file: return "api_key_file"
        case .command: return "api_key_command"
        }
    }

    var configValue: String {
        switch self {
        case .literal(let v), .environment(let v), .file(let v), .command(let v): return v
        }
    }

    static let configKeys = ["api_key", "api_key_env", "api_key_file", "api_key_command"]

    static func from(key: String, value: String) -> SecretSource? {
        switch key {
        case "api_key": return .literal(value)
        case "api_key_env": return .environment(value)
        case "api_key_file": return .file(value)
        case "api_key_command": return .command(value)
        default: return nil
        }
    }
}

/// One `[[profile]]` of the config file: a named connection to one product.
public struct Profile: Equatable, Sendable {
    public var name: String
    public var product: ProductKind
    public var url: String?
    /// The product's own keys (`deployment`, `account_id`, `org`, ...), by config key; its descriptor lists them.
    public var settings: [String: String]
    /// Allows plain http to a host that is not loopback.
    public var allowHTTP = false
    public var secret: SecretSource?

    public init(name: String, product: ProductKind, url: String? = nil, settings: [String: String] = [:],
                allowHTTP: Bool = false, secret: SecretSource? = nil) {
        self.name = name
        self.product = product
        self.url = url
        self.settings = settings
        self.allowHTTP = allowHTTP
        self.secret = secret
    }

    /// A product-specific setting: `profile.setting("deployment")`.
    public func setting(_ key: String) -> String? { settings[key] }

    /// The keys every `[[profile]]` table may hold, whatever its product.
    static let commonKeys = ["name", "product", "url", "allow_http"] + SecretSource.configKeys

    /// The server URL: the profile's `url`, else the product's public default.
    public var effectiveURL: String? { url ?? product.descriptor.defaultURL }

    /// The profile as config entries, in the order they are written.
    var entries: [(String, TOMLDocument.Value)] {
        var out: [(String, TOMLDocument.Value)] = [("name", .string(name)), ("product", .string(product.rawValue))]
        if let url { out.append(("url", .string(url))) }
        for key in product.descriptor.profileKeys {
            if let value = settings[key.name] { out.append((key.name, .string(value))) }
        }
        if allowHTTP { out.append(("allow_http", .bool(true))) }
        if let secret { out.append((secret.configKey, .string(secret.configValue))) }
        return out
    }

    /// Whether a profile name is one vmctl accepts: letters, digits, `.`, `_` and `-`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}

/// Checks on identifiers and URLs that profiles and commands share.
public enum Identifier {
    /// A UUID in its canonical 8-4-4-4-12 hexadecimal form.
    public static func isUUID(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard bytes.count == 36 else { return false }
        for (i, b) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                if b != UInt8(ascii: "-") { return false }
            } else if !((48...57).contains(b) || (65...70).contains(b) || (97...102).contains(b)) {
                return false
            }
        }
        return true
    }

    /// `text` with ASCII letters lowered; a UUID needs nothing more, and this avoids Unicode case tables.
    public static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// Checks that `text` is an absolute http(s) URL with a host; returns a reason when it is not.
    public static func urlProblem(_ text: String) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            return "\"\(text)\" is not an http:// or https:// URL"
        }
        if components.query != nil || components.fragment != nil {
            return "\"\(text)\" should not have a query or fragment"
        }
        return nil
    }

    /// Loopback hosts, to which plain http is allowed without `allow_http`.
    public static func isLoopback(host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" || h.hasSuffix(".localhost") { return true }
        let octets = h.split(separator: ".")
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
