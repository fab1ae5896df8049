import Foundation
import VMCtlSupport

/// The parsed and validated config file: `default_profile` and the `[[profile]]` tables, plus the
/// line-preserving document they came from, so that edits keep the user's comments.
public struct ConfigFile: Equatable, Sendable {
    /// How errors refer to the file.
    public let path: String
    public private(set) var document: TOMLDocument
    public private(set) var defaultProfile: String?
    public private(set) var profiles: [Profile]
    /// The products a profile may name.
    public let products: ProductRegistry

    static let rootKeys: Set<String> = ["default_profile"]

    /// An empty config that will be written to `path`.
    public init(emptyAt path: String, products: ProductRegistry) {
        self.path = path
        self.products = products
        document = TOMLDocument()
        profiles = []
    }

    /// Parses and validates config text; every problem is a config error naming its line.
    public init(path: String, text: String, products: ProductRegistry) throws {
        self.path = path
        self.products = products
        document = try TOMLDocument(parsing: text, name: path)
        (defaultProfile, profiles) = try ConfigFile.interpret(document, path: path, products: products)
    }

    public static func == (a: ConfigFile, b: ConfigFile) -> Bool {
        a.path == b.path && a.document == b.document && a.defaultProfile == b.defaultProfile && a.profiles == b.profiles
    }

    public func profile(named name: String) -> Profile? { profiles.first { $0.name == name } }

    /// The file's text as it would be written.
    public func rendered() -> String { document.render() }

    /// Adds a profile at the end of the file.
    public mutating func add(_ profile: Profile) throws {
        if self.profile(named: profile.name) != nil {
            throw VMCtlError.conflict("profile \"\(profile.name)\" already exists in \(path)",
                                      hint: "choose another name, or run 'vmctl profile delete \(profile.name)' first")
        }
        document.appendTable("profile", profile.entries)
        try reload()
    }

    /// Removes a profile; clears `default_profile` when it named this one.
    public mutating func remove(named name: String) throws {
        guard let index = document.sections.firstIndex(where: { $0.arrayName == "profile" && $0.value("name") == .string(name) }) else {
            throw noSuchProfile(name)
        }
        document.sections.remove(at: index)
        if defaultProfile == name { document.root.remove("default_profile") }
        try reload()
    }

    /// Replaces the profile `name` with `profile` in place: the lines of keys it keeps are rewritten where
    /// they stand, keys it drops go, new ones follow the table's last key, and comments stay. A new name
    /// (a rename) must be free, and `default_profile` follows it.
    public mutating func replace(named name: String, with profile: Profile) throws {
        guard let index = document.sections.firstIndex(where: { $0.arrayName == "profile" && $0.value("name") == .string(name) }) else {
            throw noSuchProfile(name)
        }
        if profile.name != name, self.profile(named: profile.name) != nil {
            throw VMCtlError.conflict("profile \"\(profile.name)\" already exists in \(path)",
                                      hint: "choose another name, or run 'vmctl profile delete \(profile.name)' first")
        }
        let entries = profile.entries
        for (key, _, _) in document.sections[index].entries where !entries.contains(where: { $0.0 == key }) {
            document.sections[index].remove(key)
        }
        for (key, value) in entries where document.sections[index].value(key) != value { document.sections[index].set(key, value) }
        if profile.name != name && defaultProfile == name { document.root.set("default_profile", .string(profile.name)) }
        try reload()
    }

    /// Sets or clears `default_profile`.
    public mutating func setDefault(_ name: String?) throws {
        if let name {
            guard profile(named: name) != nil else { throw noSuchProfile(name) }
            document.root.set("default_profile", .string(name))
        } else {
            document.root.remove("default_profile")
        }
        try reload()
    }

    /// The error for a profile name that is not in the file, with a suggestion when one is close.
    public func noSuchProfile(_ name: String) -> VMCtlError {
        var message = "no profile named \"\(name)\" in \(path)"
        if let close = Suggestion.closest(to: name, among: profiles.map(\.name)) { message += " (did you mean \"\(close)\"?)" }
        let hint = profiles.isEmpty
            ? "create one: \(products.exampleProfileCreate(name))"
            : "run 'vmctl profile list' to see profiles"
        return .config(message, hint: hint)
    }

    /// Re-reads the edited document, so what is written is exactly what will be read back.
    private mutating func reload() throws {
        let text = document.render()
        document = try TOMLDocument(parsing: text, name: path)
        (defaultProfile, profiles) = try ConfigFile.interpret(document, path: path, products: products)
    }

    private static func interpret(_ document: TOMLDocument, path: String, products: ProductRegistry) throws -> (String?, [Profile]) {
        var defaultProfile: String?
        for (key, value, line) in document.root.entries {
            let at = "\(path):\(line ?? 0)"
            guard rootKeys.contains(key) else {
                throw VMCtlError.config("\(at): unknown key \"\(key)\" (the top level holds only default_profile and [[profile]] tables)")
            }
            guard case .string(let name) = value else { throw VMCtlError.config("\(at): default_profile must be a string") }
            defaultProfile = name
        }
        var profiles: [Profile] = []
        for section in document.sections.dropFirst() {
            let profile = try interpretProfile(section, path: path, products: products)
            if profiles.contains(where: { $0.name == profile.name }) {
                throw VMCtlError.config("\(path):\(section.headerLine ?? 0): profile \"\(profile.name)\" is defined twice")
            }
            profiles.append(profile)
        }
        return (defaultProfile, profiles)
    }

    private static func interpretProfile(_ section: TOMLDocument.Section, path: String, products: ProductRegistry) throws -> Profile {
        let header = "\(path):\(section.headerLine ?? 0)"
        var strings: [String: String] = [:]
        var allowHTTP = false
        let knownKeys = ProfileRules.allKeys(products)
        for (key, value, line) in section.entries {
            let at = "\(path):\(line ?? 0)"
            guard knownKeys.contains(key) else {
                var message = "\(at): unknown key \"\(key)\" in [[profile]]"
                if let close = Suggestion.closest(to: key, among: knownKeys) { message += " (did you mean \"\(close)\"?)" }
                throw VMCtlError.config(message)
            }
            if key == "allow_http" {
                guard case .bool(let b) = value else { throw VMCtlError.config("\(at): allow_http must be true or false") }
                allowHTTP = b
                continue
            }
            guard case .string(let s) = value else { throw VMCtlError.config("\(at): \(key) must be a string, not \(value.typeName)") }
            guard !s.isEmpty else { throw VMCtlError.config("\(at): \(key) is empty") }
            strings[key] = s
        }
        guard let name = strings["name"] else { throw VMCtlError.config("\(header): [[profile]] has no name") }
        let draft = ProfileRules.Draft(
            name: name, product: strings["product"], url: strings["url"],
            settings: strings.filter { !Profile.commonKeys.contains($0.key) }, allowHTTP: allowHTTP, caCert: strings["ca_cert"],
            secrets: SecretSource.configKeys.compactMap { key in strings[key].flatMap { SecretSource.from(key: key, value: $0) } })
        do {
            return try ProfileRules.check(draft, products: products)
        } catch {
            let line = error.key.flatMap { section.line(of: $0) } ?? section.headerLine ?? 0
            throw VMCtlError.config("\(path):\(line): \(error.message { $0 })")
        }
    }
}
