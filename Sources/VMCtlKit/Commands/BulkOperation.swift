/// Runs one operation per ID, going on after failures: the shape of every multi-ID delete.
enum BulkOperation {
    /// "token 5f0c…" for one ID, "3 tokens" for several: how confirmations and refusals name them.
    static func describe(_ ids: [String], noun: String) -> String {
        ids.count == 1 ? "\(noun) \(ids[0])" : "\(ids.count) \(noun)s"
    }

    /// Each success is a line (`Revoked token X`) in tables and `{"id", "ok": true}` in JSON; each failure
    /// is reported as an error, and the first one decides the exit code.
    static func run(_ ids: [String], verb: String, noun: String, _ operation: (String) async throws -> Void) async -> CommandResult {
        var lines: [String] = []
        var items: [JSONValue] = []
        var failures: [VMCtlError] = []
        for id in ids {
            do {
                try await operation(id)
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
        return CommandResult(Presentation(json: .array(items), table: .lines(lines)), failures: failures)
    }
}
