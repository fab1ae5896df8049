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

    /// A text argument that must have something in it.
    static func nonEmpty(_ value: String?, _ name: String, parsed: ParsedCommand) throws -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw parsed.usageError("\(name) must not be empty") }
        return trimmed
    }
}
