import Foundation
import VMCtlSupport

/// The rules a profile must meet, in one place: the config file reader and `profile create` both call
/// `check`, so a profile that one accepts the other accepts too. Each broken rule names the key at
/// fault; the caller says where that key is (a line of the file, a flag).
public enum ProfileRules {
    /// A profile as given, before it is known to be valid.
    public struct Draft: Sendable {
        public var name: String
        /// The product as the user wrote it; nil when not given.
        public var product: String?
        public var url: String?
        /// Product-specific keys by config key, as given (any product's keys may appear: that is checked).
        public var settings: [String: String]
        public var allowHTTP: Bool
        /// `ca_cert`, as given: an absolute path, or `~/…` (the file itself is checked by `CertificateAuthorityFile`).
        public var caCert: String?
        /// Every secret source given, in order; more than one is an error.
        public var secrets: [SecretSource]
        /// Secret sources given without a value yet (`--api-key-stdin`), by config key.
        public var pendingSecretKeys: [String]

        public init(name: String, product: String?, url: String?, settings: [String: String], allowHTTP: Bool,
                    caCert: String? = nil, secrets: [SecretSource], pendingSecretKeys: [String] = []) {
            self.name = name
            self.product = product
            self.url = url
            self.settings = settings
            self.allowHTTP = allowHTTP
            self.caCert = caCert
            self.secrets = secrets
            self.pendingSecretKeys = pendingSecretKeys
        }
    }

    /// A broken rule. `message` is given how the caller names keys: `org` in the file, `--org` on the command line.
    public struct Violation: Error, Sendable {
        /// The config key at fault; nil for the profile as a whole.
        public var key: String?
        public var message: @Sendable (_ name: @Sendable (String) -> String) -> String
    }

    /// The valid profile, or the first rule it breaks.
    public static func check(_ draft: Draft, products: ProductRegistry) throws(Violation) -> Profile {
        func violation(_ key: String?, _ message: @escaping @Sendable (_ name: @Sendable (String) -> String) -> String) -> Violation {
            Violation(key: key, message: message)
        }
        let name = draft.name
        guard Profile.isValidName(name) else {
            throw violation("name") { _ in "invalid profile name \"\(name)\": use up to 64 letters, digits, '.', '_' and '-'" }
        }
        let choices = WordList.joined(products.names, conjunction: "or")
        guard let productName = draft.product else {
            throw violation("product") { "\($0("product")) is required: use \(choices)" }
        }
        guard let descriptor = products.lookup(productName) else {
            let meant = products.candidates(for: productName)
            if meant.count > 1 {
                let each = meant.map { "\($0.kind.rawValue) (\($0.displayName))" }
                throw violation("product") { _ in "product \"\(productName)\" could be \(WordList.joined(each, conjunction: "or")): say which" }
            }
            if let only = meant.first {
                throw violation("product") { _ in "unknown product \"\(productName)\": use \(choices) (did you mean \"\(only.kind.rawValue)\"?)" }
            }
            let close = Suggestion.closest(to: productName, among: products.names + products.all.flatMap(\.aliases))
                .map { " (did you mean \"\($0)\"?)" } ?? ""
            throw violation("product") { _ in "unknown product \"\(productName)\": use \(choices)\(close)" }
        }
        let product = descriptor.kind
        for (key, owners) in products.profileKeys where draft.settings[key.name] != nil && !owners.contains(product) {
            throw violation(key.name) { "\($0(key.name)) does not apply to product \"\(product.rawValue)\" (only \(ProductRegistry.list(owners, conjunction: "and")))" }
        }
        let secretKeys = draft.pendingSecretKeys + draft.secrets.map(\.configKey)
        if secretKeys.count > 1 {
            throw violation(secretKeys[1]) { n in "\(secretKeys.map(n).joined(separator: " and ")) cannot be used together; keep exactly one" }
        }
        // The file reader refuses an empty value, so an empty value must never be written.
        let values = [("url", draft.url), ("ca_cert", draft.caCert)] + draft.settings.sorted { $0.key < $1.key }.map { ($0.key, Optional($0.value)) }
            + draft.secrets.map { ($0.configKey, Optional($0.configValue)) }
        if let (key, _) = values.first(where: { $0.1?.isEmpty == true }) {
            throw violation(key) { "\($0(key)) is empty" }
        }
        if let url = draft.url, let problem = Identifier.urlProblem(url) {
            throw violation("url") { "invalid \($0("url")): \(problem)" }
        }
        if let caCert = draft.caCert, !caCert.hasPrefix("/") && !caCert.hasPrefix("~/") {
            throw violation("ca_cert") { "\($0("ca_cert")) \"\(caCert)\" is not an absolute path" }
        }
        if draft.url == nil && descriptor.defaultURL == nil {
            throw violation("url") { "\($0("url")) is required for product \(product.rawValue)" }
        }
        var settings: [String: String] = [:]
        for key in descriptor.profileKeys {
            guard let value = draft.settings[key.name] else {
                if key.required { throw violation(nil) { "\($0(key.name)) is required for product \(product.rawValue)" } }
                continue
            }
            switch key.format {
            case .uuid:
                guard Identifier.isUUID(value) else { throw violation(key.name) { "\($0(key.name)) \"\(value)\" is not a UUID" } }
                settings[key.name] = Identifier.asciiLowercased(value)
            case .url:
                if let problem = Identifier.urlProblem(value) { throw violation(key.name) { "invalid \($0(key.name)): \(problem)" } }
                settings[key.name] = value
            case .text:
                settings[key.name] = value
            }
        }
        for key in descriptor.profileKeys {
            if let source = key.derivedFrom, settings[key.name] != nil, settings[source] == nil {
                throw violation(key.name) { _ in "\(key.name) is written by vmctl from \(source), which is not set: remove \(key.name), or set \(source)" }
            }
        }
        for group in descriptor.exclusiveProfileKeys {
            let given = group.filter { settings[$0] != nil }
            if given.count > 1 {
                throw violation(given[1]) { n in "\(given.map(n).joined(separator: " and ")) cannot be used together; keep one" }
            }
        }
        for source in draft.secrets {
            switch source {
            case .environment(let variable):
                guard let first = variable.first, first == "_" || (first.isASCII && first.isLetter),
                      variable.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }) else {
                    throw violation(source.configKey) { "invalid \($0("api_key_env")) \"\(variable)\": give the name of an environment variable, not its value" }
                }
            case .command(let command) where command.trimmingCharacters(in: .whitespaces).isEmpty:
                throw violation(source.configKey) { "\($0("api_key_command")) is empty" }
            default:
                break
            }
        }
        return Profile(name: name, product: descriptor, url: draft.url, settings: settings, allowHTTP: draft.allowHTTP,
                       caCert: draft.caCert, secret: draft.secrets.first)
    }

    /// Every key a `[[profile]]` table may hold, for "did you mean".
    static func allKeys(_ products: ProductRegistry) -> [String] { Profile.commonKeys + products.profileKeys.map(\.key.name) }
}
