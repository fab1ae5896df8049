import Foundation
import VMCtlSupport

/// What one product is, as data: the only place outside its own folder that vmctl learns anything about
/// a product from. Commands, config validation, views, help, completions and docs ask this; the
/// product's folder holds its descriptor, its backend and its wire formats. (Modelled on gh's factory,
/// which builds what commands need in one place, and on swift-argument-parser's CommandConfiguration,
/// which states a command's facts as data.)
public struct ProductDescriptor: Sendable {
    public var kind: ProductKind
    /// "VictoriaMetrics Cloud".
    public var displayName: String
    /// Other names users type for it (`--product cloud-dedicated`).
    public var aliases: [String]
    /// The server's URL when a profile gives none; nil when every profile must give one.
    public var defaultURL: String?
    /// Where the API lives on the server's host (`/api/v0` for InfluxDB 3): added to a profile's URL that
    /// does not already end with it, so `url = "https://influx.example.com"` works.
    public var apiBasePath: String?
    /// The `[[profile]]` keys this product takes beyond the common ones (name, product, url, allow_http, the secret).
    public var profileKeys: [ProfileKey]
    /// Groups of profile keys of which at most one may be set (`org` or `org_id`).
    public var exclusiveProfileKeys: [[String]]
    /// How the secret travels to the server.
    public var credential: Credential
    /// What the `code` field of the API's error bodies means, where it has one.
    public var errorCodes: [String: VMCtlError.Kind] = [:]
    /// The commands the product runs, by path (`token create`), with the product-specific flags each honours.
    public var commands: [String: CommandSupport]
    /// Columns of `token list` after ID, DESCRIPTION, PERMISSIONS and CREATED.
    public var tokenColumns: [TokenField]
    /// Rows of a token's details after ID, Description and Permissions.
    public var tokenDetails: [TokenField]
    /// How far back the API tracks a token's last use, in seconds; nil when it tracks it for good or not at all.
    public var lastUseWindow: Double?
    /// What the product calls a database: "database" or "bucket".
    public var databaseNoun: String
    /// Columns of `database list`.
    public var databaseColumns: [DatabaseField]
    /// A profile's scope in `profile list`: "deployment prod", "org acme".
    public var scope: @Sendable (Profile) -> String
    /// Builds the backend that serves a profile, given an API client already set up for it.
    public var makeBackend: @Sendable (Profile, APIClient) -> ProductBackend
    /// Works out the profile's derived keys (those with `derivedFrom`) from the server, once, when
    /// `profile create` or `update` sets what they derive from; nil when the product has none.
    public var deriveSettings: (@Sendable (Profile, APIClient) async throws -> [String: String])?

    public init(kind: ProductKind, displayName: String, aliases: [String] = [], defaultURL: String?, profileKeys: [ProfileKey] = [],
                exclusiveProfileKeys: [[String]] = [], credential: Credential, commands: [String: CommandSupport],
                tokenColumns: [TokenField] = [], lastUseWindow: Double? = nil, tokenDetails: [TokenField] = [], databaseNoun: String = "database",
                databaseColumns: [DatabaseField] = [], scope: @escaping @Sendable (Profile) -> String,
                deriveSettings: (@Sendable (Profile, APIClient) async throws -> [String: String])? = nil,
                makeBackend: @escaping @Sendable (Profile, APIClient) -> ProductBackend) {
        self.kind = kind
        self.displayName = displayName
        self.aliases = aliases
        self.defaultURL = defaultURL
        self.profileKeys = profileKeys
        self.exclusiveProfileKeys = exclusiveProfileKeys
        self.credential = credential
        self.commands = commands
        self.tokenColumns = tokenColumns
        self.lastUseWindow = lastUseWindow
        self.tokenDetails = tokenDetails
        self.databaseNoun = databaseNoun
        self.databaseColumns = databaseColumns
        self.scope = scope
        self.makeBackend = makeBackend
        self.deriveSettings = deriveSettings
    }

    /// The API's base URL for a profile's URL.
    public func apiBase(_ url: URL) -> URL {
        guard let base = apiBasePath else { return url }
        let text = url.absoluteString.withoutTrailingSlashes
        if text.hasSuffix(base) { return URL(string: text) ?? url }
        return URL(string: text + base) ?? url
    }

    /// Whether the product runs the command at `path`.
    public func supports(_ path: String) -> Bool { commands[path] != nil }

    /// The refusal for a product-specific flag of `path` that this product does not honour; nil when it does.
    public func refusal(of flag: String, in path: String) -> Refusal? {
        guard let support = commands[path], !support.flags.contains(flag) else { return nil }
        if let custom = support.refusals[flag] { return custom }
        let others = ProductRegistry.products(supporting: flag, of: path)
        let list = others.isEmpty ? "no product" : WordList.joined(others.map { "\"\($0.rawValue)\"" }, conjunction: "and")
        return Refusal("--\(flag) is for product\(others.count > 1 ? "s" : "") \(list), not \"\(kind.rawValue)\"")
    }
}

/// One product-specific key of a `[[profile]]` table, and the `profile create` flag that sets it.
public struct ProfileKey: Sendable {
    public enum Format: Sendable { case text, uuid, url }

    /// The config key: `account_id`.
    public var name: String
    /// The flag of `profile create`: `account-id`.
    public var flag: String
    /// The placeholder in help: `UUID`.
    public var valueName: String
    /// Help for the flag, without the products (added from the registry).
    public var help: String
    public var required: Bool
    public var format: Format
    /// Set for a key vmctl writes itself, worked out from the key named here (`deployment_id` from
    /// `deployment`): it has no flag, is dropped when that key changes, and is refused without it.
    public var derivedFrom: String?

    public init(_ name: String, flag: String, valueName: String, help: String, required: Bool = false, format: Format = .text,
                derivedFrom: String? = nil) {
        self.name = name
        self.flag = flag
        self.valueName = valueName
        self.help = help
        self.required = required
        self.format = format
        self.derivedFrom = derivedFrom
    }
}

/// What a product does with one command: the product-specific flags it honours and why it refuses others.
public struct CommandSupport: Sendable {
    public var flags: Set<String>
    /// Refusals with more to say than "--flag is for product …", by flag name.
    public var refusals: [String: Refusal]
    /// What the command does differently for this product, for its help and docs.
    public var note: String?

    public init(flags: Set<String> = [], refusals: [String: Refusal] = [:], note: String? = nil) {
        self.flags = flags
        self.refusals = refusals
        self.note = note
    }

    /// The command, with no product-specific flags.
    public static let plain = CommandSupport()
}

/// Why a product refuses a flag, and what to do instead.
public struct Refusal: Sendable, Equatable {
    public var message: String
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// `token list --unused-for` on a product whose API does not say when a token was last used.
    public static func noLastUse(_ product: String) -> Refusal {
        Refusal("--unused-for needs a token's last use, and the \(product) API does not give it",
                hint: "--created-before DATE finds old tokens instead")
    }
}
