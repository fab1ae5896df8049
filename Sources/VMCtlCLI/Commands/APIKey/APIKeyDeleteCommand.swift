import VMCtlCore
import VMCtlSupport
/// `vmctl apikey delete`
struct APIKeyDeleteCommand: ProductCommand {
    static let spec = CommandSpec(
        name: "delete",
        aliases: ["revoke", "rm"],
        summary: "delete management API keys",
        discussion: """
        A key is named by its ID, by a unique prefix of its ID (at least 4 characters), or by its name; names
        and prefixes are looked up in one list before anything is deleted. Asks for confirmation on a terminal;
        refuses without --force when stdin is not a terminal. Goes on after a failure. The API does not say
        which key vmctl itself is using: if it was one of those deleted, vmctl finds out right after, says so,
        and the profile needs a new key.
        """,
        arguments: [ids],
        flags: [SharedFlags.force],
        examples: [
            Example("Delete a key by name, asking first", "vmctl apikey delete grafana-prod"),
            Example("Delete a key from a script", "vmctl apikey delete --force 8d1f2c3a-0b4e-4f6a-9c7d-1e2f3a4b5c6d"),
        ],
        runner: APIKeyDeleteCommand.self)

    static var capability: Capability<any APIKeyManagement> { .apiKeys }

    static let ids = VariadicArgument("KEY", "the keys to delete: IDs, ID prefixes or names", completion: .apiKey)

    var ids: [String]
    var force: Bool

    init(_ parsed: ParsedCommand) throws {
        ids = try ArgumentChecks.uniqueIDs(parsed[Self.ids], parsed: parsed)
        force = parsed[SharedFlags.force]
    }

    func preflight(_ context: CommandContext) throws {
        try context.requireConfirmable(force: force, action: "delete \(BulkOperation.describe(ids, noun: "API key"))")
    }

    func run(_ context: CommandContext, _ backend: any APIKeyManagement) async throws -> CommandResult {
        let what = BulkOperation.describe(ids, noun: "API key")
        let keys = backend.apiKeys()
        let (resolved, known) = try await keys.resolve(ids)
        let profile = (try? context.activeProfileName().0) ?? "default"
        var result = try await BulkOperation.confirmed(
            resolved, what: what, action: "delete", force: force, context: context,
            service: { keys },
            question: { _ in
                let names = resolved.map { id in known.first { $0.id == id }.map { "\(id) (\($0.name))" } ?? id }
                return """
                Delete \(what)? Tools using \(resolved.count == 1 ? "it" : "them") lose access at once.
                  \(names.joined(separator: "\n  "))
                If vmctl's own key (profile "\(profile)") is one of these, the profile stops working too.
                Delete?
                """
            },
            done: { _ in ("Deleted API key", "API key") },
            each: { keys, id in try await keys.delete(id: id); return nil })
        // The API cannot say which key is vmctl's own, but the server can say whether it still accepts it.
        if result.failures.count < resolved.count {
            do {
                _ = try await backend.checkAccess()
            } catch let error as VMCtlError where error.kind == .auth {
                result.warnings.append("the server no longer accepts the API key vmctl used: it was one of those deleted, so profile \"\(profile)\" stops working; give it a new key with 'vmctl profile update \(profile) --api-key-stdin'")
            } catch {}
        }
        return result
    }
}
