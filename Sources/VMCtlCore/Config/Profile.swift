import Foundation
import VMCtlSupport

/// One `[[profile]]` of the config file: a named connection to one product.
public struct Profile: Equatable, Sendable {
    public var name: String
    /// The product it talks to.
    public var descriptor: ProductDescriptor
    public var url: String?
    /// The product's own keys (`deployment`, `account_id`, `org`, ...), by config key; its descriptor lists them.
    public var settings: [String: String]
    /// Allows plain http to a host that is not loopback.
    public var allowHTTP = false
    /// `ca_cert`: the PEM file of the CA certificates that alone are trusted for this profile's servers (a
    /// private CA), as an absolute path (or `~/…` in a file edited by hand); nil: the system's.
    public var caCert: String?
    public var secret: SecretSource?

    public init(name: String, product: ProductDescriptor, url: String? = nil, settings: [String: String] = [:],
                allowHTTP: Bool = false, caCert: String? = nil, secret: SecretSource? = nil) {
        self.name = name
        descriptor = product
        self.url = url
        self.settings = settings
        self.allowHTTP = allowHTTP
        self.caCert = caCert
        self.secret = secret
    }

    public var product: ProductKind { descriptor.kind }

    /// A product-specific setting: `profile.setting("deployment")`.
    public func setting(_ key: String) -> String? { settings[key] }

    /// The keys every `[[profile]]` table may hold, whatever its product.
    static let commonKeys = ["name", "product", "url", "allow_http", "ca_cert"] + SecretSource.configKeys

    /// The server URL: the profile's `url`, else the product's public default.
    public var effectiveURL: String? { url ?? descriptor.defaultURL }

    /// The profile as config entries, in the order they are written.
    var entries: [(String, TOMLDocument.Value)] {
        var out: [(String, TOMLDocument.Value)] = [("name", .string(name)), ("product", .string(product.rawValue))]
        if let url { out.append(("url", .string(url))) }
        for key in descriptor.profileKeys {
            if let value = settings[key.name] { out.append((key.name, .string(value))) }
        }
        if allowHTTP { out.append(("allow_http", .bool(true))) }
        if let caCert { out.append(("ca_cert", .string(caCert))) }
        if let secret { out.append((secret.configKey, .string(secret.configValue))) }
        return out
    }

    public static func == (a: Profile, b: Profile) -> Bool {
        a.name == b.name && a.product == b.product && a.url == b.url && a.settings == b.settings && a.allowHTTP == b.allowHTTP
            && a.caCert == b.caCert && a.secret == b.secret
    }

    /// Whether a profile name is one vmctl accepts: letters, digits, `.`, `_` and `-`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}
