import Foundation
import VMCtlCore
import VMCtlSupport

/// `vmctl profile import`
struct ProfileImportCommand: RunnableCommand {
    static let spec = CommandSpec(
        name: "import",
        summary: "make profiles from influxctl's or the influx CLI's own profiles",
        discussion: """
        Reads the profiles of influxctl (InfluxDB 3 Dedicated and Clustered: [[profile]] tables in its
        config.toml) or of the influx CLI (InfluxDB 2: one [NAME] table per config in its configs file) and
        makes a vmctl profile of each, of the same name, or only of the NAMEs given. Without --file, each
        program's own default is read: $XDG_CONFIG_HOME/influxctl/config.toml, else
        ~/.config/influxctl/config.toml; $INFLUX_CONFIGS_PATH, else ~/.influxdbv2/configs.

        No secret is printed, and none is copied unless asked for. influxctl keeps no management token in
        its file (it logs in with OAuth), so its profiles come without a key: give each one with 'vmctl
        profile update NAME --api-key-env VAR' (or --api-key-file, --api-key-command, --api-key-stdin). An
        influx CLI config's token stays in the influx CLI's file: the profile reads it from there when
        needed, with an api_key_command that runs awk on that file; --copy-tokens stores it in vmctl's
        config file instead (written with mode 0600).

        Nothing is written when a name is taken already, or when any profile breaks vmctl's rules: import
        the others by name, or all of them under other names with --prefix. --dry-run shows what would be
        made and writes nothing. When vmctl has no default profile yet, the one the program uses by default
        (influxctl's "default", the influx CLI's active config) becomes it.
        """,
        arguments: [names],
        flags: [from, file, prefix, copyTokens, dryRun],
        examples: [
            Example("See what influxctl's profiles would become", "vmctl profile import --from influxctl --dry-run"),
            Example("Import them, then give one its management token", "vmctl profile import --from influxctl && vmctl profile update prod --api-key-env INFLUX_MANAGEMENT_TOKEN"),
            Example("Import two influx CLI configs, each under a new name", "vmctl profile import --from influx --prefix influx- home cloud"),
        ],
        runner: ProfileImportCommand.self)

    static let names = VariadicArgument("NAME", "import only these of the program's profiles (default: all)", required: false)
    static let from = ChoiceFlag<ImportSource>("from", "PROGRAM", "required: the program whose profiles to read, influxctl or influx (the influx CLI)")
    static let file = ValueFlag("file", "PATH", "the program's file (default: the program's own default path)", completion: .file)
    static let prefix = ValueFlag("prefix", "TEXT", "put TEXT before each name (prod becomes TEXTprod), e.g. to keep clear of names taken")
    static let copyTokens = ToggleFlag("copy-tokens", "influx: store each config's token in vmctl's config file instead of reading it from the influx CLI's file")
    static let dryRun = ToggleFlag("dry-run", "show the profiles that would be made, and write nothing")

    var source: ImportSource
    var names: [String]
    var file: String?
    var prefix: String
    var copyTokens: Bool
    var dryRun: Bool

    init(_ parsed: ParsedCommand) throws {
        guard let source = parsed[Self.from] else {
            throw parsed.usageError("--from is required: \(WordList.joined(ImportSource.allCases.map(\.rawValue), conjunction: "or"))")
        }
        self.source = source
        names = parsed[Self.names]
        file = parsed[Self.file]
        prefix = parsed[Self.prefix] ?? ""
        copyTokens = parsed[Self.copyTokens]
        dryRun = parsed[Self.dryRun]
        if file?.isEmpty == true { throw parsed.usageError("--file needs a path") }
        if copyTokens && source == .influxctl {
            throw parsed.usageError("--copy-tokens is for --from influx: influxctl's file holds no management token to copy")
        }
    }

    func run(_ context: CommandContext) async throws -> CommandResult {
        let path = Self.absolute(ConfigStore.expandTilde(file ?? source.defaultPath(environment: context.environment), environment: context.environment))
        let hint = file == nil ? "give its path with --file PATH" : nil
        guard let text = try SmallTextFile.read(path, what: "an \(source.fileKind)", hint: hint ?? "check the path given with --file")?.text else {
            throw VMCtlError.config("no \(source.fileKind) at \(path)", hint: hint)
        }
        let document = try TOMLDocument(parsing: text, name: path, dialect: .foreign)
        var entries = try source.entries(of: document, path: path, products: context.products, prefix: prefix, copyTokens: copyTokens)
        guard !entries.isEmpty else { throw VMCtlError.config("\(path) holds no \(source.entryKind)s") }
        if let twice = Self.firstRepeated(entries.map(\.sourceName)) {
            throw VMCtlError.config("\(path): \(source.entryKind) \"\(twice)\" is defined twice")
        }
        if !names.isEmpty {
            let missing = names.filter { name in !entries.contains { $0.sourceName == name } }
            if !missing.isEmpty {
                let list = missing.map { "\"\($0)\"" }.joined(separator: ", ")
                throw VMCtlError.notFound("no \(source.entryKind) \(list) in \(path)",
                                          hint: "it holds \(entries.map(\.sourceName).joined(separator: ", "))")
            }
            entries = entries.filter { names.contains($0.sourceName) }
        }
        let profiles = try entries.map { try Self.check($0, products: context.products, others: entries.count > 1 ? source : nil) }

        // The same checks and choices for a dry run as for the write, on the file as it is now; the write
        // makes them again under the config's lock.
        let store = context.configStore
        let sourceDefault = entries.firstIndex(where: { $0.isSourceDefault }).map { profiles[$0].name } ?? profiles[0].name
        var newDefault: String?
        func add(to config: inout ConfigFile) throws {
            let taken = profiles.map(\.name).filter { config.profile(named: $0) != nil }
            if !taken.isEmpty {
                let which = taken.count == 1 ? "profile \(taken[0]) is" : "profiles \(taken.joined(separator: ", ")) are"
                throw VMCtlError.conflict("\(which) already in \(store.path): nothing imported",
                                          hint: "import the others by name, all of them under other names with --prefix, or delete or rename the profiles in the way first")
            }
            for profile in profiles { try config.add(profile) }
            if config.defaultProfile.flatMap(config.profile(named:)) == nil {
                try config.setDefault(sourceDefault)
                newDefault = sourceDefault
            }
        }
        let defaultProfile: String?
        if dryRun {
            var config = try store.load() ?? ConfigFile(emptyAt: store.path, products: context.products)
            try add(to: &config)
            defaultProfile = config.defaultProfile
        } else {
            defaultProfile = try store.update(add).defaultProfile
        }

        let count = profiles.count == 1 ? "1 profile" : "\(profiles.count) profiles"
        var notes = [dryRun ? "Dry run: would import \(count) from \(path) into \(store.path); nothing written"
                            : "Imported \(count) from \(path) into \(store.path)"]
        if let newDefault { notes.append("\(newDefault) \(dryRun ? "would become" : "is now") the default profile") }
        notes += entries.flatMap(\.notes)
        var warnings = entries.flatMap(\.warnings)
        let keyless = zip(entries, profiles).filter { entry, _ in entry.key == .notGiven }.map { _, profile in profile.name }
        if !keyless.isEmpty {
            let why = source == .influxctl ? "influxctl keeps no management token in its file" : "the influx CLI's file gave no token for it"
            warnings.append("\(keyless.count == 1 ? "profile" : "profiles") \(keyless.joined(separator: ", ")) \(keyless.count == 1 ? "has" : "have") no API key "
                            + "(\(why)): give \(keyless.count == 1 ? "it" : "each") one with 'vmctl profile update \(keyless[0]) --api-key-env VAR' "
                            + "(or --api-key-file PATH, --api-key-command CMD, --api-key-stdin)")
        }

        let rows = zip(entries, profiles).map { entry, profile in
            [profile.name, profile.product.rawValue, profile.effectiveURL ?? "-", profile.descriptor.scope(profile),
             Self.keyText(entry.key), entry.sourceName]
        }
        let json = JSONValue.array(zip(entries, profiles).map { entry, profile in
            ProfileView.json(profile, isDefault: defaultProfile == profile.name, products: context.products,
                             extra: [JSONMember("imported_from", .obj(["file": .string(path), "name": .string(entry.sourceName)]))])
        })
        return CommandResult(Presentation(json: json, table: .list(columns: ["NAME", "PRODUCT", "URL", "SCOPE", "API KEY", "FROM"], rows: rows)),
                             warnings: warnings, notes: notes)
    }

    /// The entry as a vmctl profile, if it meets vmctl's rules. `others`: the source, when the file has other
    /// entries the user could import by name instead.
    static func check(_ entry: ImportedProfile, products: ProductRegistry, others: ImportSource?) throws -> Profile {
        do {
            return try ProfileRules.check(entry.draft, products: products)
        } catch {
            let names = entry.keyNames
            throw VMCtlError.config("\(entry.location): \(error.message { names[$0] ?? $0 })",
                                    hint: others.map { "import the others by name: vmctl profile import --from \($0.rawValue) NAME..." })
        }
    }

    /// The API KEY column: where the key will come from. Never the key itself.
    static func keyText(_ key: ImportedProfile.Key) -> String {
        switch key {
        case .referenced(let entry): return "command: token of [\(entry)] in the influx CLI's file"
        case .copied(let entry): return "config file (copied from [\(entry)])"
        case .notGiven: return "none"
        }
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    static func firstRepeated(_ names: [String]) -> String? {
        var seen = Set<String>()
        return names.first { !seen.insert($0).inserted }
    }
}
