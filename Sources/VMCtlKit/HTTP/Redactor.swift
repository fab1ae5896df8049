import Foundation

/// Removes secrets from what `--debug` prints: auth headers, secret-bearing JSON fields, and any
/// occurrence of a secret vmctl knows (the profile's key) wherever it appears.
public struct Redactor: Sendable {
    public static let mask = "[REDACTED]"
    static let headers: Set<String> = ["authorization", "x-vm-cloud-access", "cookie", "set-cookie", "proxy-authorization"]
    static let fields: Set<String> = ["token", "value", "accesstoken", "access_token", "api_key", "apikey", "secret",
                                      "password", "key"]

    /// Secret values to scrub from any text, such as the API key in use.
    public var secrets: [String]

    public init(secrets: [String] = []) {
        // Very short strings would blank out ordinary text; keys are never that short.
        self.secrets = secrets.filter { $0.count >= 6 }
    }

    public func header(name: String, value: String) -> String {
        Redactor.headers.contains(name.lowercased()) ? Redactor.mask : scrub(value)
    }

    /// A body as text for the debug log: JSON with secret fields masked, other text scrubbed, binary summarized.
    public func body(_ data: Data, limit: Int = 4096) -> String {
        guard !data.isEmpty else { return "" }
        guard let text = String(data: data, encoding: .utf8) else { return "<\(data.count) bytes of binary data>" }
        var shown: String
        if let json = try? JSONParser.parse(text) {
            shown = redact(json).serialized(pretty: false)
        } else {
            shown = text
        }
        shown = scrub(shown)
        if shown.count > limit { shown = String(shown.prefix(limit)) + "… (\(data.count) bytes in all)" }
        return shown
    }

    /// The JSON value with every secret-bearing field's value replaced.
    public func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.map { member in
                if Redactor.fields.contains(member.key.lowercased()), member.value != .null {
                    return JSONMember(member.key, .string(Redactor.mask))
                }
                return JSONMember(member.key, redact(member.value))
            })
        case .array(let items):
            return .array(items.map(redact))
        default:
            return value
        }
    }

    /// `text` with every known secret replaced.
    public func scrub(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: Redactor.mask) }
    }
}
