import Foundation
import VMCtlCore
import VMCtlSupport

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

    /// A token ID (or a prefix of one) given as an argument: something, and not too short to be a prefix
    /// (docs/contract.md, exit codes), refused before anything is sent.
    static func tokenID(_ value: String?, parsed: ParsedCommand) throws -> String {
        let id = try nonEmpty(value, "ID", parsed: parsed)
        try IDPrefix.requireMinimumLength(id, noun: "token")
        return id
    }

    /// A text argument that must have something in it.
    static func nonEmpty(_ value: String?, _ name: String, parsed: ParsedCommand) throws -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw parsed.usageError("\(name) must not be empty") }
        return trimmed
    }
}
