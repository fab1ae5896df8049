import Foundation
import VMCtlSupport

/// `ID [--deployment D]`: the options of commands that act on one token.
struct TokenReference: Sendable {
    var id: String
    var deployment: String?

    init(_ parsed: ParsedCommand) throws {
        id = try ArgumentChecks.nonEmpty(parsed[SharedFlags.id], "ID", parsed: parsed)
        deployment = parsed[SharedFlags.deployment]
    }

    /// The token's whole ID (a prefix is looked up) and the data plane of its scope.
    func resolve(_ context: CommandContext) async throws -> (id: String, plane: DataPlaneService) {
        let backend = try context.backend()
        let tokens = try await backend.tokens(deployment: deployment)
        let id = try await tokens.resolveID(self.id)
        if let plane = tokens.dataPlane { return (id, plane) }
        return (id, try await backend.dataPlane(deployment: deployment))
    }
}
