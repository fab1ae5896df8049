import Foundation
import VMCtlCore
import VMCtlSupport

/// The programs `profile import` reads profiles from, and how each one's file is read.
enum ImportSource: String, CaseIterable, Sendable {
    case influxctl
    case influx

    /// What the file is, in messages.
    var fileKind: String {
        switch self {
        case .influxctl: return "influxctl config file"
        case .influx: return "influx CLI configs file"
        }
    }

    /// What one of its entries is, in messages.
    var entryKind: String {
        switch self {
        case .influxctl: return "influxctl profile"
        case .influx: return "influx CLI config"
        }
    }

    /// Where the program keeps its file when not told otherwise. influxctl's documentation gives
    /// `~/.config/influxctl/config.toml` on Linux, `~/Library/Application Support/…` on macOS and `%APPDATA%\…`
    /// on Windows: each platform's user config directory, which on Linux is `$XDG_CONFIG_HOME` when that is
    /// set. The influx CLI takes `$INFLUX_CONFIGS_PATH` (its `--configs-path`), else `~/.influxdbv2/configs`.
    func defaultPath(environment: [String: String]) -> String {
        let home = environment["HOME"] ?? NSHomeDirectory()
        switch self {
        case .influxctl:
            if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/influxctl/config.toml" }
            return home + "/.config/influxctl/config.toml"
        case .influx:
            if let path = environment["INFLUX_CONFIGS_PATH"], !path.isEmpty { return ConfigStore.expandTilde(path, environment: environment) }
            return home + "/.influxdbv2/configs"
        }
    }

    /// Every entry of the file as a vmctl profile still to be checked, named `prefix` + its name, in file order.
    func entries(of document: TOMLDocument, path: String, products: ProductRegistry, prefix: String,
                 copyTokens: Bool) throws -> [ImportedProfile] {
        switch self {
        case .influxctl: return try influxctlProfiles(document, path: path, products: products, prefix: prefix)
        case .influx: return try influxConfigs(document, path: path, products: products, prefix: prefix, copyTokens: copyTokens)
        }
    }

    // MARK: - influxctl

    /// `[[profile]]` tables with `name`, `product`, `host`, `port`, `account_id`, `cluster_id` (and `database`
    /// and a database `token` for its query and write commands, which vmctl does not use), each followed by
    /// its own `[profile.tls]` and `[profile.auth.oauth2]` tables. There is no management token in the file:
    /// influxctl logs in with OAuth.
    private func influxctlProfiles(_ document: TOMLDocument, path: String, products: ProductRegistry, prefix: String) throws -> [ImportedProfile] {
        var found: [ImportedProfile] = []
        var current: (entry: SourceEntry, tls: [String: TOMLDocument.Value])?
        func finish() throws {
            guard let (entry, tls) = current else { return }
            found.append(try influxctlProfile(entry, tls: tls, path: path, products: products, prefix: prefix))
        }
        for section in document.sections {
            guard let header = section.header, header.path.first == "profile" else { continue }
            if header.path == ["profile"] && header.isArray {
                try finish()
                current = (SourceEntry(section: section, source: self, path: path), [:])
            } else if header.path == ["profile", "tls"], !header.isArray, current != nil {
                for (key, value, _) in section.entries { current!.tls[key] = value }
            }
        }
        try finish()
        return found
    }

    private func influxctlProfile(_ entry: SourceEntry, tls: [String: TOMLDocument.Value], path: String, products: ProductRegistry,
                                  prefix: String) throws -> ImportedProfile {
        let name = try entry.requiredString("name")
        let at = entry.location(name)
        // Which product a profile is, and where its host goes, is what the products say of influxctl's
        // profiles (`ProductDescriptor.foreignProfiles`).
        let words = WordList.joined(products.productWords(of: .influxctl), conjunction: "or")
        guard let word = try entry.string("product") else {
            throw VMCtlError.config("\(at): no product (influxctl's is \(words))")
        }
        guard let (descriptor, foreign) = products.importing(from: .influxctl, productWord: word) else {
            throw VMCtlError.config("\(at): product \"\(word)\" is not one vmctl imports (\(words))")
        }
        var settings = try Self.profileKeys(of: entry, for: descriptor)
        let newName = prefix + name
        var warnings: [String] = []
        var url: String?
        let plain = tls["disable"] == .bool(true)
        if let host = try entry.string("host") {
            let address = Self.address(host: host, port: try entry.string("port", allowInteger: true), plain: plain)
            if let hostKey = foreign.hostKey { settings[hostKey] = address } else { url = address }
            if plain, let hostName = URL(string: address)?.host, !Identifier.isLoopback(host: hostName) {
                warnings.append("profile \(newName) talks plain http to \(hostName), as influxctl's tls.disable says; "
                                + "vmctl refuses that until you allow it: vmctl profile update \(newName) --allow-http")
            }
        }
        if tls["insecure"] == .bool(true) {
            warnings.append("influxctl profile \(name) skips certificate checks (tls.insecure); vmctl always checks them")
        }
        let ownCertificates = ["ca", "cert", "key"].filter { tls[$0].map { $0 != .string("") } ?? false }
        if !ownCertificates.isEmpty {
            warnings.append("influxctl profile \(name) names its own TLS files (\(ownCertificates.map { "tls.\($0)" }.joined(separator: ", "))); "
                            + "vmctl does not carry them over"
                            + (ownCertificates.contains("ca") ? ": give the CA's file with vmctl profile update \(newName) --ca-cert FILE" : ""))
        }
        var notes: [String] = []
        if try entry.string("token") != nil {
            notes.append("the token of influxctl profile \(name) is a database token for its query and write commands, "
                         + "not a management token: it was not imported")
        }
        let draft = ProfileRules.Draft(name: newName, product: descriptor.kind.rawValue, url: url, settings: settings,
                                       allowHTTP: false, secrets: [])
        // influxctl uses the profile named "default" when none is chosen.
        return ImportedProfile(sourceName: name, location: at, draft: draft, key: .notGiven, isSourceDefault: name == "default",
                               warnings: warnings, notes: notes, keyNames: [foreign.hostKey ?? "url": "host"])
    }

    /// The source's keys that are profile keys of `descriptor`'s product, by the same name (`account_id`,
    /// `org`), as they are.
    static func profileKeys(of entry: SourceEntry, for descriptor: ProductDescriptor) throws -> [String: String] {
        var settings: [String: String] = [:]
        for key in descriptor.profileKeys where key.derivedFrom == nil {
            if let value = try entry.string(key.name) { settings[key.name] = value }
        }
        return settings
    }

    /// `https://host[:port]` (`http://` when influxctl's TLS is disabled), the port left out when it is the
    /// scheme's own; a host that already has a scheme is taken as it is.
    static func address(host: String, port: String?, plain: Bool) -> String {
        if host.contains("://") { return host }
        let scheme = plain ? "http" : "https"
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        guard let port, port != (plain ? "80" : "443") else { return "\(scheme)://\(hostPart)" }
        return "\(scheme)://\(hostPart):\(port)"
    }

    // MARK: - influx CLI

    /// One `[NAME]` table per config, with `url`, `token`, `org`, `active` (and `previous`, or a session
    /// `cookie` instead of a token). Written by the influx CLI with mode 0600.
    private func influxConfigs(_ document: TOMLDocument, path: String, products: ProductRegistry, prefix: String,
                               copyTokens: Bool) throws -> [ImportedProfile] {
        guard let (descriptor, _) = products.importing(from: .influx, productWord: nil) else { return [] }
        return try document.sections.compactMap { section -> ImportedProfile? in
            guard let header = section.header, !header.isArray, header.path.count == 1 else { return nil }
            let entry = SourceEntry(section: section, source: self, path: path)
            let name = header.path[0]
            let newName = prefix + name
            let at = entry.location(name)
            let settings = try Self.profileKeys(of: entry, for: descriptor)
            let url = try entry.string("url")
            var warnings: [String] = []
            var notes: [String] = []
            if let url, let parsed = URL(string: url), parsed.scheme?.lowercased() == "http", let host = parsed.host,
               !Identifier.isLoopback(host: host) {
                warnings.append("profile \(newName) talks plain http to \(host), as the influx CLI config says; "
                                + "vmctl refuses that until you allow it: vmctl profile update \(newName) --allow-http")
            }
            if settings.isEmpty {
                warnings.append("profile \(newName) names no org, which every command needs: vmctl profile update \(newName) --org NAME (or --org-id ID)")
            }
            var key = ImportedProfile.Key.notGiven
            var secrets: [SecretSource] = []
            if let token = try entry.string("token") {
                if copyTokens {
                    secrets = [.literal(token)]
                    key = .copied(entry: name)
                } else if let command = Self.tokenCommand(path: path, config: name, token: token, line: entry.section.lines.first { $0.key == "token" }) {
                    secrets = [.command(command)]
                    key = .referenced(entry: name)
                } else {
                    notes.append("the token of influx CLI config \(name) is not written as a plain quoted string, so vmctl cannot "
                                 + "read it from there: import it with --copy-tokens, or give it another way")
                }
            } else if try entry.string("cookie") != nil {
                notes.append("influx CLI config \(name) has a session cookie, not an API token, which vmctl needs")
            }
            let draft = ProfileRules.Draft(name: newName, product: descriptor.kind.rawValue, url: url, settings: settings,
                                           allowHTTP: false, secrets: secrets)
            return ImportedProfile(sourceName: name, location: at, draft: draft, key: key, isSourceDefault: entry.section.value("active") == .bool(true),
                                   warnings: warnings, notes: notes, keyNames: [:])
        }
    }

    /// A command that prints the token of influx CLI config `config` from the file at `path` each time it
    /// runs, so the token stays in that file alone and never goes on a command line: POSIX awk finds the
    /// config's `[NAME]` (or `["NAME"]`) table and prints its `token = "…"`, or says on stderr that there is
    /// none and fails. nil when the token cannot be read back that way: a name or a token that is not plain
    /// (quotes, escapes, spaces), or a token line that is not `token = "…"`.
    static func tokenCommand(path: String, config: String, token: String, line: TOMLDocument.Line?) -> String? {
        let plainName = config.unicodeScalars.allSatisfy { CharacterClass.alphanumeric($0) || "._-".unicodeScalars.contains($0) }
        let plainToken = !token.unicodeScalars.contains { $0 == "\"" || $0 == "\\" || $0.value < 0x21 || $0.value == 0x7F }
        guard plainName, plainToken, let line, line.text.contains("\"\(token)\"") else { return nil }
        let program = #"/^[ \t]*\[/{h=$0;sub(/#.*/,"",h);gsub(/[ \t\r"]/,"",h);s=h=="["n"]";next}"#
            + #"s&&/^[ \t]*token[ \t]*=/{print $2;f=1;exit}"#
            + #"END{if(!f){print "no token for ["n"] in "ARGV[1]>"/dev/stderr";exit 1}}"#
        return ShellQuote.line(["awk", "-F\"", "-v", "n=\(config)", program, path])
    }
}

/// One table of the source file, read key by key.
struct SourceEntry {
    var section: TOMLDocument.Section
    var source: ImportSource
    var path: String

    /// `PATH:LINE: influxctl profile "prod"`, where messages about the entry start.
    func location(_ name: String) -> String { "\(path):\(section.headerLine ?? 0): \(source.entryKind) \"\(name)\"" }

    /// A string value; an empty one counts as absent. `allowInteger`: a number is taken as its digits (a port).
    func string(_ key: String, allowInteger: Bool = false) throws -> String? {
        switch section.value(key) {
        case nil: return nil
        case .string(let s): return s.isEmpty ? nil : s
        case .integer(let i) where allowInteger: return String(i)
        case let other?:
            throw VMCtlError.config("\(path):\(section.line(of: key) ?? 0): \(key) must be a string, not \(other.typeName)")
        }
    }

    func requiredString(_ key: String) throws -> String {
        guard let value = try string(key) else {
            throw VMCtlError.config("\(path):\(section.headerLine ?? 0): \(source.entryKind) without a \(key)")
        }
        return value
    }
}

/// An entry of the source file as a vmctl profile, before vmctl's rules have checked it.
struct ImportedProfile {
    /// Where the profile's key comes from.
    enum Key: Equatable {
        /// Read from the source file's entry of this name each time it is needed, by `api_key_command`.
        case referenced(entry: String)
        /// Copied from the source file's entry of this name into vmctl's config file (`--copy-tokens`).
        case copied(entry: String)
        /// Not known: the user must give it.
        case notGiven
    }

    /// The entry's name in the source file.
    var sourceName: String
    /// `PATH:LINE: influxctl profile "prod"`.
    var location: String
    var draft: ProfileRules.Draft
    var key: Key
    /// Whether the source program uses this entry when none is named (influxctl's `default`, the influx CLI's active config).
    var isSourceDefault: Bool
    /// What keeps the profile from working as imported, and what was left behind.
    var warnings: [String]
    var notes: [String]
    /// The source's names for vmctl's keys, for messages (`host` for `url`).
    var keyNames: [String: String]
}
