import Foundation
import VMCtlCore
import VMCtlSupport

/// `ID [--deployment D]`: the options of commands that act on one token.
struct TokenReference: Sendable {
    var id: String
    var deployment: String?

    init(id: String, deployment: String?) {
        self.id = id
        self.deployment = deployment
    }

    init(_ parsed: ParsedCommand) throws {
        id = try ArgumentChecks.tokenID(parsed[SharedFlags.id], parsed: parsed)
        deployment = parsed[SharedFlags.deployment]
    }

    /// The token's whole ID (a prefix is looked up) and the data plane of its scope.
    func resolve(_ backend: any TokenAdministration) async throws -> (id: String, plane: any DataPlaneService) {
        let tokens = try await backend.tokens(in: deployment)
        return (try await tokens.resolveID(self.id), tokens.dataPlane)
    }
}
