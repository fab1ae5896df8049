/// Runs one operation per ID, going on after failures: the shape of every multi-ID delete.
enum BulkOperation {
    /// What every delete command does: refuse, before anything is sent, when no one can confirm; open the
    /// service; ask (unless `--force`), in words the service chooses; then act on each ID in turn.
    /// - Parameters:
    ///   - what: how refusals name the things ("token", "3 tokens").
    ///   - action: the verb of the refusal ("revoke", "delete").
    ///   - question: the confirmation question, asked only without `--force`.
    ///   - done: the verb and noun of each success line ("Revoked token"), and the noun of failures.
    static func confirmed<Service>(_ ids: [String], what: String, action: String, force: Bool, context: CommandContext,
                                   service: () async throws -> Service, question: (Service) async -> String,
                                   done: (Service) -> (verb: String, noun: String),
                                   each: @escaping (Service, String) async throws -> String?) async throws -> CommandResult {
        try context.requireConfirmable(force: force, action: "\(action) \(what)")
        let opened = try await service()
        if !force { try context.confirm(await question(opened), force: false) }
        let (verb, noun) = done(opened)
        return await run(ids, verb: verb, noun: noun) { id in try await each(opened, id) }
    }

    /// "token 5f0c…" for one ID, "3 tokens" for several: how confirmations and refusals name them.
    static func describe(_ ids: [String], noun: String) -> String {
        ids.count == 1 ? "\(noun) \(ids[0])" : "\(ids.count) \(noun)s"
    }

    /// Each success is a line (`Revoked token X`) in tables and `{"id", "ok": true}` in JSON, with the note
    /// the operation returns, if any, on stderr; each failure is reported as an error, and the first one
    /// decides the exit code.
    static func run(_ ids: [String], verb: String, noun: String, _ operation: (String) async throws -> String?) async -> CommandResult {
        var lines: [String] = []
        var notes: [String] = []
        var items: [JSONValue] = []
        var failures: [VMCtlError] = []
        for id in ids {
            do {
                if let note = try await operation(id) { notes.append(note) }
                lines.append("\(verb) \(id)")
                items.append(.obj(["id": .string(id), "ok": .bool(true), "error": .null]))
            } catch {
                let failure = VMCtl.asVMCtlError(error)
                var reported = failure
                if !failure.message.contains(id) { reported.message = "\(noun) \(id): \(failure.message)" }
                failures.append(reported)
                items.append(.obj(["id": .string(id), "ok": .bool(false),
                                   "error": .obj(["code": .string(failure.kind.rawValue), "message": .string(reported.message)])]))
            }
        }
        return CommandResult(Presentation(json: .array(items), table: .lines(lines)), notes: notes, failures: failures)
    }
}
