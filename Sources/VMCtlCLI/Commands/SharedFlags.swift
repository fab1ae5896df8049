import Foundation
import VMCtlCore
import VMCtlSupport

/// Flags that several commands declare the same way.
enum SharedFlags {
    static let deployment = ValueFlag("deployment", "NAME|ID", "deployment, by name, ID or ID prefix (default: the profile's deployment)",
                                      completion: .deployment, requires: Capability.deploymentScopes.id)
    static let force = ToggleFlag("force", "do not ask for confirmation (needed when stdin is not a terminal)", short: "f", "y")
    static let id = RequiredArgument("ID", "the token's ID, or a unique prefix of it (at least 4 characters)", completion: .token)
    static let expiresAt = ValueFlag("expires-at", "TIME", "expiry as RFC 3339, e.g. 2027-01-31T00:00:00Z")
    static let expiresIn = ValueFlag("expires-in", "DURATION", "expiry from now, e.g. 30d, 12h, 1y")
}
