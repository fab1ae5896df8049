import VMCtlCore
import VMCtlSupport
/// `vmctl token rotate`
struct TokenRotateCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "rotate",
        summary: "replace a token with a new one that has the same permissions",
        discussion: """
        Creates a token with the old one's permissions (and expiry) and a description that says it replaced it,
        and prints it as 'token create' does. The old token keeps working until you revoke it; --revoke-old
        revokes it (InfluxDB 2: deletes it) right after, asking first unless --force is given. If a step
        fails, vmctl says which tokens exist then.
        """,
        arguments: [SharedFlags.id],
        flags: [revokeOld, SharedFlags.force, SharedFlags.deployment],
        examples: [
            Example("New token now, old one revoked once clients use the new one", "vmctl token rotate 5f0c2d7e-3b1a-4c9e-9d2f-1a2b3c4d5e6f"),
            Example("Replace and revoke in one go, from a script", "vmctl token rotate --revoke-old --force --format json ID | jq -r .token"),
        ],
        runner: TokenRotateCommand.self)

    static var capability: Capability<any TokenAdministration> { .tokens }

    static let revokeOld = ToggleFlag("revoke-old", "revoke (InfluxDB 2: delete) the old token once the new one exists")

    var id: String
    var revokeOld: Bool
    var force: Bool
    var deployment: String?

    init(_ parsed: ParsedCommand) throws {
        id = try ArgumentChecks.tokenID(parsed[SharedFlags.id], parsed: parsed)
        revokeOld = parsed[Self.revokeOld]
        force = parsed[SharedFlags.force]
        deployment = parsed[SharedFlags.deployment]
        if force && !revokeOld { throw parsed.usageError("--force goes with --revoke-old: nothing else is asked") }
    }

    func preflight(_ context: CommandContext) throws {
        if revokeOld { try context.requireConfirmable(force: force, action: "\(TokenDeleteCommand.removal(context).verb) token \(id)") }
    }

    func run(_ context: CommandContext, _ backend: any TokenAdministration) async throws -> CommandResult {
        try await rotate(with: backend, context)
    }

    /// The new token's plan is worked out, from the old one's permissions, before anything changes.
    private func rotate<Backend: TokenAdministration>(with backend: Backend, _ context: CommandContext) async throws -> CommandResult {
        let view = try context.tokenView()
        let tokens = try await backend.tokens(in: deployment)
        let old = try await tokens.get(id: id, includeRevoked: false)
        let id = old.id
        let day = String(RFC3339.format(context.dependencies.now()).prefix(10))
        // A token rotated before says so once, about its latest predecessor.
        let base = old.description.components(separatedBy: " (rotated from ").first ?? old.description
        let request = try tokens.replacement(for: old, description: "\(base) (rotated from \(old.id) on \(day))")
        let plan = try backend.plan(request)
        let removal = tokens.removal
        var warnings: [String] = []
        if revokeOld {
            var question = "Create a token like \(old.id) (\(old.description)) in \(tokens.scopeDescription), then \(removal.verb) \(old.id)?"
            if old.usedByProfile {
                let warning = TokenDeleteCommand.ownTokenWarning(old.id, removal, context)
                if force { warnings.append(warning) } else { question = "Warning: \(warning)\n\(question)" }
            }
            try context.confirm(question, force: force)
        }
        let created: TokenWithSecret
        do {
            created = try await tokens.create(plan)
        } catch {
            var failure = VMCtlError.from(error)
            failure.message = "could not create the new token: \(failure.message); token \(id) is unchanged"
            throw failure
        }
        let newID = created.token.id
        var notes: [String] = []
        var failures: [VMCtlError] = []
        var revoked = false
        if revokeOld {
            do {
                try await tokens.delete(id: id)
                revoked = true
                notes.append("\(removal.capitalizedPast) old token \(id)")
            } catch {
                let failure = VMCtlError.from(error)
                failures.append(VMCtlError(failure.kind, "new token \(newID) was created (shown above), but old token \(id) was not \(removal.past): \(failure.message)",
                                           hint: "both work now; \(removal.verb) the old one with 'vmctl token \(removal.verb) \(id)'"))
            }
        } else {
            notes.append("Old token \(id) still works; once clients use the new one: vmctl token \(removal.verb) \(id)")
        }
        var presentation = view.details(created.token, secret: created.secret)
        // `old_revoked` is one key for every product (docs/json.md): true once the old token no longer
        // works, whether the product revoked or deleted it.
        if case .object(let members) = presentation.json {
            presentation.json = .object(members + [JSONMember("rotated_from", .string(id)), JSONMember("old_revoked", .bool(revoked))])
        }
        return CommandResult(presentation, warnings: [tokens.secretWarning] + warnings + created.warnings, notes: notes, failures: failures)
    }
}
