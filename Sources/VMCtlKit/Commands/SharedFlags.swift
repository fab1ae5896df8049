import Foundation

/// Flags that several commands declare the same way.
enum SharedFlags {
    static let deployment = ValueFlag("deployment", "NAME|ID", "deployment, by name or ID (default: the profile's deployment)",
                                      completion: .deployment, scoped: true)
    static let force = ToggleFlag("force", "do not ask for confirmation (needed when stdin is not a terminal)")
    static let id = RequiredArgument("ID", "the token's ID", completion: .token)
    static let expiresAt = ValueFlag("expires-at", "TIME", "expiry as RFC 3339, e.g. 2027-01-31T00:00:00Z")
    static let expiresIn = ValueFlag("expires-in", "DURATION", "expiry from now, e.g. 30d, 12h, 1y")
}

/// Argument checks that several commands share.
enum ArgumentChecks {
    /// The IDs in the order given, each once; an empty one is a usage error.
    static func uniqueIDs(_ ids: [String], parsed: ParsedCommand) throws -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for id in ids {
            let trimmed = id.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { throw parsed.usageError("an empty ID was given") }
            if seen.insert(trimmed).inserted { out.append(trimmed) }
        }
        return out
    }

    /// A text argument that must have something in it.
    static func nonEmpty(_ value: String?, _ name: String, parsed: ParsedCommand) throws -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw parsed.usageError("\(name) must not be empty") }
        return trimmed
    }
}

/// `ID [--deployment D]`: the options of commands that act on one token.
struct TokenReference: Sendable {
    var id: String
    var deployment: String?

    init(_ parsed: ParsedCommand) throws {
        id = try ArgumentChecks.nonEmpty(parsed[SharedFlags.id], "ID", parsed: parsed)
        deployment = parsed[SharedFlags.deployment]
    }
}

/// `--expires-at TIME` or `--expires-in DURATION`: an absolute expiry now, or one computed when the command runs.
struct ExpiryOptions: Sendable {
    var expiresAt: String?
    var expiresIn: Double?

    /// Reads `at` and `in` (declared by the command, with its own help), refusing them with any of `exclusive`.
    init(_ parsed: ParsedCommand, at: ValueFlag = SharedFlags.expiresAt, in inFlag: ValueFlag = SharedFlags.expiresIn,
         also exclusive: [any FlagKey] = []) throws {
        try parsed.requireAtMostOne(of: [at, inFlag] + exclusive)
        if let text = parsed[at] {
            guard let date = RFC3339.parse(text) else {
                throw parsed.usageError("invalid value \"\(text)\" for --expires-at: use RFC 3339, e.g. 2027-01-31T00:00:00Z")
            }
            expiresAt = RFC3339.format(date)
        }
        if let text = parsed[inFlag] {
            guard let seconds = HumanDuration.parse(text, units: .lifetime), seconds > 0 else {
                throw parsed.usageError("invalid value \"\(text)\" for --expires-in: use a duration such as 30d, 12h or 1y (units \(DurationUnits.lifetime.suffixes))")
            }
            expiresIn = seconds
        }
    }

    /// The expiry as RFC 3339, `--expires-in` counted from `now`.
    func resolve(now: Date) -> String? {
        expiresIn.map { RFC3339.format(now.addingTimeInterval($0)) } ?? expiresAt
    }
}
