import VMCtlSupport
/// How `token examples` and `token check` look: URLs, then each example under a heading, ready to paste.
public enum TokenExamplesView {
    public static func examples(_ e: TokenExamples) -> Presentation {
        // Raw text: the examples are multi-line and must come out exactly as they are to be pasted.
        var text = "Write URL: \(e.writeURL ?? "none (the token cannot write)")\nRead URL:  \(e.readURL ?? "none (the token cannot read)")\n"
        for example in e.examples {
            text += "\n# \(example.client) (\(example.purpose.rawValue), \(example.format))\n\(example.text)\n"
        }
        let json = JSONValue.object([
            JSONMember("id", .string(e.id)), JSONMember("write_url", .optional(e.writeURL)), JSONMember("read_url", .optional(e.readURL)),
            JSONMember("examples", .array(e.examples.map { x in
                .object([JSONMember("client", .string(x.client)), JSONMember("purpose", .string(x.purpose.rawValue)),
                         JSONMember("format", .string(x.format)), JSONMember("text", .string(x.text))])
            })),
        ])
        return Presentation(json: json, table: .raw(text))
    }

    public static func checks(_ id: String, _ checks: [DirectionCheck]) -> Presentation {
        let lines = checks.map { c -> String in
            switch c.outcome {
            case .ok(let status): return "\(c.purpose.rawValue): ok (HTTP \(status)) \(c.url)"
            case .refused(let status): return "\(c.purpose.rawValue): refused (HTTP \(status)) \(c.url)"
            case .failed(let status, let message): return "\(c.purpose.rawValue): failed (HTTP \(status): \(message)) \(c.url)"
            case .unreachable(let why): return "\(c.purpose.rawValue): unreachable (\(why))"
            }
        }
        let json = JSONValue.object([
            JSONMember("id", .string(id)),
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
