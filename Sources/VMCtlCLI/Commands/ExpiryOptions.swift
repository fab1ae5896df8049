import Foundation
import VMCtlCore
import VMCtlSupport

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
