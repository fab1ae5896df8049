import Foundation
import VMCtlSupport

/// What one product is, as data: the only place outside its own module that vmctl learns anything about a
/// product from. Config validation, views, help, completions and docs read this; what the product can do
/// is its backend's type (the protocols it conforms to), which the descriptor holds. (Modelled on gh's
/// factory, which builds what commands need in one place, and on swift-argument-parser's
/// CommandConfiguration, which states a command's facts as data.)
public struct ProductDescriptor: Sendable {
    public var kind: ProductKind
    /// "VictoriaMetrics Cloud".
    public var displayName: String
    /// Other names users type for it (`--product cloud-dedicated`).
    public var aliases: [String]
    /// The server's URL when a profile gives none; nil when every profile must give one.
    public var defaultURL: String?
    /// Where the API lives on the server's host (`/api/v0`): added to a profile's URL that does not already
    /// end with it, so `url = "https://influx.example.com"` works.
    public var apiBasePath: String?
    /// The `[[profile]]` keys this product takes beyond the common ones (name, product, url, allow_http, the secret).
    public var profileKeys: [ProfileKey]
    /// Groups of profile keys of which at most one may be set (`org` or `org_id`).
    public var exclusiveProfileKeys: [[String]]
    /// How the secret travels to the server.
    public var credential: Credential
    /// What the `code` field of the API's error bodies means, where it has one.
    public var errorCodes: [String: VMCtlError.Kind]
    /// How its tokens look in tables.
    public var tokenLayout: TokenLayout
    /// The keys its tokens, and their permissions, carry beyond the shared ones.
    public var tokenAttributes: [AttributeKey]
    public var permissionAttributes: [AttributeKey]
    /// How its databases look, and the keys they (and their tables) carry beyond the shared ones.
    public var databaseLayout: DatabaseLayout
    public var databaseAttributes: [AttributeKey]
    public var tableAttributes: [AttributeKey]
    /// What a command does differently for this product, for its help and docs.
    public var notes: [HelpTopic: String]
    /// For a capability the product lacks, why, and what to do instead: the hint under the refusal.
    public var lacking: [CapabilityID: String]
    /// A profile's scope in `profile list`: "deployment prod", "org acme".
    public var scope: @Sendable (Profile) -> String
    /// The type of its backend: what the product can do.
    public let backendType: any ProductBackend.Type
    /// Builds the backend that serves a profile, given an API client already set up for it.
    public let makeBackend: @Sendable (Profile, APIClient) -> any ProductBackend
    /// Works out the profile's derived keys (those with `derivedFrom`) from the server, once, when
    /// `profile create` or `update` sets what they derive from; nil when the product has none.
    public var deriveSettings: (@Sendable (Profile, APIClient) async throws -> [String: String])?
    /// Which other tools' saved profiles are this product's, for `profile import`.
    public var foreignProfiles: [ForeignProfile]

    /// - Parameter backend: the backend's type; `makeBackend` must make one, so the two cannot disagree.
    public init<Backend: ProductBackend>(kind: ProductKind, displayName: String, aliases: [String] = [], defaultURL: String?,
                                         apiBasePath: String? = nil, profileKeys: [ProfileKey] = [], exclusiveProfileKeys: [[String]] = [],
                                         credential: Credential, errorCodes: [String: VMCtlError.Kind] = [:],
                                         tokenLayout: TokenLayout = TokenLayout(), tokenAttributes: [AttributeKey] = [],
                                         permissionAttributes: [AttributeKey] = [],
                                         databaseLayout: DatabaseLayout = DatabaseLayout(columns: [.name]),
                                         databaseAttributes: [AttributeKey] = [], tableAttributes: [AttributeKey] = [],
                                         notes: [HelpTopic: String] = [:], lacking: [CapabilityID: String] = [:],
                                         scope: @escaping @Sendable (Profile) -> String,
                                         deriveSettings: (@Sendable (Profile, APIClient) async throws -> [String: String])? = nil,
                                         foreignProfiles: [ForeignProfile] = [],
                                         backend: Backend.Type,
                                         makeBackend: @escaping @Sendable (Profile, APIClient) -> Backend) {
        self.kind = kind
        self.displayName = displayName
        self.aliases = aliases
        self.defaultURL = defaultURL
        self.apiBasePath = apiBasePath
        self.profileKeys = profileKeys
        self.exclusiveProfileKeys = exclusiveProfileKeys
        self.credential = credential
        self.errorCodes = errorCodes
        self.tokenLayout = tokenLayout
        self.tokenAttributes = tokenAttributes
        self.permissionAttributes = permissionAttributes
        self.databaseLayout = databaseLayout
        self.databaseAttributes = databaseAttributes
        self.tableAttributes = tableAttributes
        self.notes = notes
        self.lacking = lacking
        self.scope = scope
        self.deriveSettings = deriveSettings
        self.foreignProfiles = foreignProfiles
        backendType = backend
        self.makeBackend = { makeBackend($0, $1) }
    }

    /// Whether the product's backend has `capability`.
    public func provides(_ capability: CapabilityID) -> Bool { capability.isProvided(by: backendType) }

    /// The API's base URL for a profile's URL.
    public func apiBase(_ url: URL) -> URL {
        guard let base = apiBasePath else { return url }
        let text = url.absoluteString.withoutTrailingSlashes
        if text.hasSuffix(base) { return URL(string: text) ?? url }
        return URL(string: text + base) ?? url
    }
}

/// A program whose saved connection profiles `profile import` reads.
public struct ForeignTool: Sendable, Hashable {
    public let name: String
    public init(_ name: String) { self.name = name }

    /// InfluxData's `influxctl`, for InfluxDB 3 Cloud Dedicated and Clustered.
    public static let influxctl = ForeignTool("influxctl")
    /// InfluxData's `influx` CLI, for InfluxDB 2.
    public static let influx = ForeignTool("influx")
}

/// How one tool's saved profiles become profiles of this product.
public struct ForeignProfile: Sendable {
    public var tool: ForeignTool
    /// The tool's own word for this product in a profile (influxctl's `product`); nil when every profile of
    /// the tool talks to this product.
    public var productWord: String?
    /// The profile key the tool's host becomes; nil for `url`.
    public var hostKey: String?

    public init(_ tool: ForeignTool, productWord: String? = nil, hostKey: String? = nil) {
        self.tool = tool
        self.productWord = productWord
        self.hostKey = hostKey
    }
}

/// A command whose help says what it does differently per product (`ProductDescriptor.notes`).
public struct HelpTopic: Sendable, Hashable {
    public let name: String
    public init(_ name: String) { self.name = name }

    public static let tokenCreate = HelpTopic("token create")
    public static let tokenGet = HelpTopic("token get")
    public static let tokenReveal = HelpTopic("token reveal")
    public static let tokenDelete = HelpTopic("token delete")
    public static let tokenUpdate = HelpTopic("token update")
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
