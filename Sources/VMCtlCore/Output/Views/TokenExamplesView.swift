import VMCtlSupport
/// How `token examples` and `token check` look: URLs, then each example under a heading, ready to paste.
public enum TokenExamplesView {
    /// Everything: the URLs, the token-file step, then each example under a heading (its note as a comment).
    public static func examples(_ e: TokenExamples) -> Presentation {
        // Raw text: the examples are multi-line and must come out exactly as they are to be pasted.
        var text = urlLines(e).joined(separator: "\n") + "\n"
        text += "\n# token file: every example reads the secret from \(e.tokenFile.path); write it first (mode 0600)\n\(e.tokenFile.setup)\n"
        for example in e.examples {
            text += "\n# \(example.client) (\(example.purpose.rawValue), \(example.format))\n"
            if let note = example.note { text += "# \(note)\n" }
            text += example.text + "\n"
        }
        return Presentation(json: json(e), table: .raw(text))
    }

    /// One client's examples and nothing else on stdout, so that `> file` writes a file that runs or loads
    /// as it is: several (curl's write and read, one per database) follow each other after a blank line,
    /// which keeps a shell script or a TOML file valid. What the table form says around them is in `notes`,
    /// for stderr.
    public static func clientOnly(_ e: TokenExamples) -> (presentation: Presentation, notes: [String]) {
        let text = e.examples.map(\.text).joined(separator: "\n\n") + "\n"
        var notes = urlLines(e)
        notes.append("The example reads the secret from \(e.tokenFile.path); write it first (mode 0600):")
        notes += e.tokenFile.setup.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var seen: [String] = []
        for note in e.examples.compactMap(\.note) where !seen.contains(note) { seen.append(note) }
        return (Presentation(json: json(e), table: .raw(text)), notes + seen + e.notes)
    }

    private static func urlLines(_ e: TokenExamples) -> [String] {
        ["Write URL: \(e.writeURL ?? "none (the token cannot write)")", "Read URL:  \(e.readURL ?? "none (the token cannot read)")"]
    }

    private static func json(_ e: TokenExamples) -> JSONValue {
        .object([
            JSONMember("id", .string(e.id)), JSONMember("write_url", .optional(e.writeURL)), JSONMember("read_url", .optional(e.readURL)),
            JSONMember("token_file", .string(e.tokenFile.path)), JSONMember("token_file_setup", .string(e.tokenFile.setup)),
            JSONMember("examples", .array(e.examples.map { x in
                .object([JSONMember("client", .string(x.client)), JSONMember("purpose", .string(x.purpose.rawValue)),
                         JSONMember("format", .string(x.format)), JSONMember("text", .string(x.text)), JSONMember("note", .optional(x.note))])
            })),
        ])
    }

    /// - Parameter id: nil when a secret was checked without naming its token.
    public static func checks(_ id: String?, _ checks: [DirectionCheck]) -> Presentation {
        let lines = checks.map { c -> String in
            switch c.outcome {
            case .ok(let status): return "\(c.purpose.rawValue): ok (HTTP \(status)) \(c.url)"
            case .refused(let status): return "\(c.purpose.rawValue): refused (HTTP \(status)) \(c.url)"
            case .failed(let status, let message): return "\(c.purpose.rawValue): failed (HTTP \(status): \(message)) \(c.url)"
            case .unreachable(let why): return "\(c.purpose.rawValue): unreachable (\(why))"
            }
        }
        let json = JSONValue.object([
            JSONMember("id", .optional(id)),
            JSONMember("checks", .array(checks.map { c in
                let (result, status, message): (String, Int?, String?) = {
                    switch c.outcome {
                    case .ok(let s): return ("ok", s, nil)
                    case .refused(let s): return ("refused", s, nil)
                    case .failed(let s, let m): return ("failed", s, m)
                    case .unreachable(let m): return ("unreachable", nil, m)
                    }
                }()
                return .object([JSONMember("purpose", .string(c.purpose.rawValue)), JSONMember("url", .string(c.url)),
                                JSONMember("result", .string(result)), JSONMember("status", status.map { .int(Int64($0)) } ?? .null),
                                JSONMember("message", .optional(message))])
            })),
        ])
        return Presentation(json: json, table: .lines(lines))
    }
}
