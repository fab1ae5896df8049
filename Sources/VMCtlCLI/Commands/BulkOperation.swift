import VMCtlCore
import VMCtlSupport
/// Runs one operation per ID, going on after failures: the shape of every multi-ID delete.
enum BulkOperation {
    /// What every delete command does: refuse, before anything is sent, when no one can confirm; open the
    /// service; ask (unless `--force`), in words the service chooses; then act on each ID in turn.
    /// - Parameters:
    ///   - what: how refusals name the things ("token", "3 tokens").
    ///   - action: the verb of the refusal ("revoke", "delete").
    ///   - question: the confirmation question, asked only without `--force`.
    ///   - done: the verb and noun of each success line ("Revoked token"), and the noun of failures.
    ///   - warning: what to warn of after each success, if anything (the tokens that name a deleted database).
    static func confirmed<Service>(_ ids: [String], what: String, action: String, force: Bool, context: CommandContext,
                                   service: () async throws -> Service, question: (Service) async -> String,
                                   done: (Service) -> (verb: String, noun: String),
                                   warning: @escaping @Sendable (Service, String) -> String? = { _, _ in nil },
                                   each: @escaping @Sendable (Service, String) async throws -> String?) async throws -> CommandResult where Service: Sendable {
        try context.requireConfirmable(force: force, action: "\(action) \(what)")
        let opened = try await service()
        if !force { try context.confirm(await question(opened), force: false) }
        let (verb, noun) = done(opened)
        return await run(ids, verb: verb, noun: noun, warning: { warning(opened, $0) }) { id in try await each(opened, id) }
    }

    /// "token 5f0c…" for one ID, "3 tokens" for several: how confirmations and refusals name them.
    static func describe(_ ids: [String], noun: String) -> String {
        ids.count == 1 ? "\(noun) \(ids[0])" : "\(ids.count) \(noun)s"
    }

    /// How many operations run at once: a bulk delete waits for the slowest of 8, not the sum of all.
    static let parallelism = 8

    /// Each success is a line (`Revoked token X`) in tables and `{"id", "ok": true}` in JSON, with the note
    /// the operation returns, if any, on stderr; each failure is reported as an error, and the first one (in
    /// argument order) decides the exit code. Up to `parallelism` run at once; results keep argument order.
    /// `warning` says what to warn of after a success.
    static func run(_ ids: [String], verb: String, noun: String, warning: @Sendable (String) -> String? = { _ in nil },
                    _ operation: @escaping @Sendable (String) async throws -> String?) async -> CommandResult {
        let outcomes: [Result<String?, VMCtlError>] = (try? await concurrentMap(ids, limit: parallelism) { id in
            do { return .success(try await operation(id)) } catch { return .failure(VMCtlError.from(error)) }
        }) ?? []
        var lines: [String] = []
        var notes: [String] = []
        var warnings: [String] = []
        var items: [JSONValue] = []
        var failures: [VMCtlError] = []
        for (id, outcome) in zip(ids, outcomes) {
            switch outcome {
            case .success(let note):
                if let note { notes.append(note) }
                if let warned = warning(id) { warnings.append(warned) }
                lines.append("\(verb) \(id)")
                items.append(.obj(["id": .string(id), "ok": .bool(true), "error": .null]))
            case .failure(let failure):
                var reported = failure
                if !failure.message.contains(id) { reported.message = "\(noun) \(id): \(failure.message)" }
                failures.append(reported)
                items.append(.obj(["id": .string(id), "ok": .bool(false),
                                   "error": .obj(["code": .string(failure.kind.rawValue), "message": .string(reported.message),
                                                  "hint": .optional(failure.hint)])]))
            }
        }
        return CommandResult(Presentation(json: .array(items), table: .lines(lines)), warnings: warnings, notes: notes, failures: failures)
    }
}
