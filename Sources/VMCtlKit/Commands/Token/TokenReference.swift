import Foundation

/// `ID [--deployment D]`: the options of commands that act on one token.
struct TokenReference: Sendable {
    var id: String
    var deployment: String?

    init(_ parsed: ParsedCommand) throws {
        id = try ArgumentChecks.nonEmpty(parsed[SharedFlags.id], "ID", parsed: parsed)
        deployment = parsed[SharedFlags.deployment]
    }
}
