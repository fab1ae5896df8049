import VMCtlCore
import VMCtlSupport
/// `vmctl token delete` (alias `revoke`)
struct TokenDeleteCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "delete",
        aliases: ["revoke"],
        summary: "revoke access tokens (InfluxDB 2 deletes them)",
        discussion: """
        Asks for confirmation on a terminal. When stdin is not a terminal it refuses unless --force is given.
        With several IDs it goes on after a failure and exits non-zero if any failed. ID prefixes are looked
        up before anything is removed: one that matches no token, or several, stops the command. Removing the
        token the profile itself uses (InfluxDB 2, where the list shows it) is said in the question, or on
        stderr with --force: the profile stops working. That token goes after the others. Questions and
        results use the product's word: revoked, or deleted.
        """,
        arguments: [ids],
        flags: [SharedFlags.deployment, SharedFlags.force],
        examples: [
            Example("Revoke a token, asking first", "vmctl token revoke 5f0c2d7e-3b1a-4c9e-9d2f-1a2b3c4d5e6f"),
            Example("Revoke two tokens from a script", "vmctl token revoke --force ID1 ID2"),
        ],
        helpTopic: .tokenDelete,
        runner: TokenDeleteCommand.self)

    static var capability: Capability<any TokenAdministration> { .tokens }

    static let ids = VariadicArgument("ID", "the IDs of the tokens, or unique prefixes of them", completion: .token)

    var ids: [String]
    var deployment: String?
    var force: Bool

    init(_ parsed: ParsedCommand) throws {
        ids = try ArgumentChecks.uniqueIDs(parsed[Self.ids], parsed: parsed).map { try ArgumentChecks.tokenID($0, parsed: parsed) }
        deployment = parsed[SharedFlags.deployment]
        force = parsed[SharedFlags.force]
    }

    /// What is said before removing the token the active profile authenticates with.
    static func ownTokenWarning(_ id: String, _ removal: TokenRemoval, _ context: CommandContext) -> String {
        let profile = (try? context.activeProfileName().0) ?? "default"
        return "token \(id) is the one profile \"\(profile)\" uses: once it is \(removal.past), the profile stops working until it is given another token"
    }

    /// How the profile's product says a token is removed, for a refusal made before any backend exists:
    /// read from the config alone (no secret is resolved); "delete", the command's name, when it cannot be.
    static func removal(_ context: CommandContext) -> TokenRemoval {
        (try? context.activeProfile().descriptor.tokenRemoval) ?? .delete
    }

    /// "token" for one (its ID follows in the question), "3 tokens" for several.
    private var what: String { ids.count == 1 ? "token" : BulkOperation.describe(ids, noun: "token") }

    func preflight(_ context: CommandContext) throws {
        try context.requireConfirmable(force: force, action: "\(Self.removal(context).verb) \(what)")
    }

    func run(_ context: CommandContext, _ backend: any TokenAdministration) async throws -> CommandResult {
        let what = self.what
        let tokens = try await backend.tokens(in: deployment)
        // One list serves the prefixes, the question's descriptions and the profile's own token. Prefixes
        // need it; the question and the warning do without it when it cannot be had.
        var known: [Token] = []
        if ids.contains(where: tokens.needsLookup) {
            known = try await tokens.list(includeRevoked: true)
        } else if !force || tokens.recognizesProfileToken {
            known = (try? await tokens.list(includeRevoked: true)) ?? []
        }
        let resolved = try await ids.asyncMap { try await tokens.resolveID($0, known: known) }
        let ownID = known.first { $0.usedByProfile && resolved.contains($0.id) }?.id
        let removal = tokens.removal
        let ownWarning = ownID.map { Self.ownTokenWarning($0, removal, context) }
        // The profile's own token goes last: removed first, it would make the server refuse the others.
        let others = Countdown(resolved.filter { $0 != ownID }.count)
        var result = try await BulkOperation.confirmed(
            resolved, what: what, action: removal.verb, force: force, context: context,
            service: { tokens },
            question: { tokens in
                let names = resolved.map { id in known.first { $0.id == id }.map { "\(id) (\($0.description))" } ?? id }
                let warning = ownWarning.map { "\nWarning: \($0)" } ?? ""
                return "\(removal.capitalizedVerb) \(what) from \(tokens.scopeDescription)?\n  \(names.joined(separator: "\n  "))\(warning)\n\(removal.capitalizedVerb)?"
            },
            done: { _ in ("\(removal.capitalizedPast) token", "token") },
            each: { tokens, id in
                if id == ownID {
                    await others.wait()
                    try await tokens.delete(id: id)
                    return nil
                }
                do { try await tokens.delete(id: id) } catch { await others.arrive(); throw error }
                await others.arrive()
                return nil
            })
        if force, let ownWarning { result.warnings.append(ownWarning) }
        return result
    }
}

/// Lets one task wait until `count` others have arrived.
private actor Countdown {
    private var remaining: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { remaining = count }

    func arrive() {
        remaining -= 1
        if remaining <= 0 {
            waiting.forEach { $0.resume() }
            waiting.removeAll()
        }
    }

    func wait() async {
        if remaining <= 0 { return }
        await withCheckedContinuation { waiting.append($0) }
    }
}
