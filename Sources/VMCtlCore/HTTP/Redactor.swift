import Foundation
import VMCtlSupport

/// The one place that removes secrets from what vmctl prints about an exchange: `--debug` bodies, headers
/// and URLs, server messages quoted in errors, transport error details. It never depends on parsing:
/// it scans text for secret-bearing fields (`"token":"…"`, `"value":"…"`, `"accessToken":"…"`, `api_key=…`,
/// `Authorization: …`, `Bearer …`), masking their values even in truncated or malformed JSON, HTML or
/// plain text, and it replaces every secret value it knows wherever it appears: the API key in use, and
/// every secret-looking value it has seen in a secret field of a response (`learn(fromResponse:)`), such
/// as a token just created or revealed.
///
/// A reference type: every copy of an `APIClient` shares one redactor, so what one call learns, all
/// later output masks.
public final class Redactor: @unchecked Sendable {
    public static let mask = "[REDACTED]"
    /// The most of a body that is scanned for the debug log; only a prefix of that is shown.
    static let scanWindow = 64 << 10
    /// Header names whose values are always masked.
    static let headers: Set<String> = ["authorization", "proxy-authorization", "x-vm-cloud-access", "cookie", "set-cookie"]
    /// Field names (lower case, without `_` and `-`) whose values are masked.
    static let fields: Set<String> = ["token", "value", "key", "secret", "password", "passwd", "apikey", "accesstoken",
                                      "authorization", "proxyauthorization", "xvmcloudaccess", "cookie", "setcookie",
                                      "privatekey", "bearer"]
    /// ... and any field whose name ends in one of these (`refresh_token`, `clientSecret`, `managementToken`).
    static let fieldSuffixes = ["token", "secret", "password", "apikey"]

    private let lock = NSLock()
    private var known: [String]

    /// - Parameter secrets: values to mask wherever they appear, such as the API key in use.
    public init(secrets: [String] = []) {
        known = []
        for secret in secrets { learn(secret) }
    }

    /// The secret values masked wherever they appear, longest first.
    public var secrets: [String] { lock.withLock { known } }

    /// Adds a secret value to mask wherever it appears. Very short strings are ignored: they would blank
    /// out ordinary text, and no key or token is that short.
    public func learn(_ secret: String) {
        guard secret.count >= 6, secret != Redactor.mask else { return }
        lock.withLock {
            guard !known.contains(secret) else { return }
            known.append(secret)
            known.sort { $0.count > $1.count }
        }
    }

    /// Learns the secret-looking values of secret fields in a response body (a token just created or
    /// revealed), so that they are masked wherever they appear later, even outside such a field.
    /// Only the first `scanWindow` bytes are read: a created or revealed secret comes in a small answer,
    /// and a long list should not cost a scan of all of it.
    public func learn(fromResponse body: Data) {
        guard !body.isEmpty else { return }
        var found: [String] = []
        _ = Self.maskFields(Array(body.prefix(Self.scanWindow)), found: &found)
        for value in found where Self.looksLikeSecret(value) { learn(value) }
    }

    // MARK: - What callers use

    /// A header value for the log: auth headers entirely, others scanned like text.
    public func header(name: String, value: String) -> String {
        Redactor.headers.contains(name.lowercased()) ? Redactor.mask : text(value)
    }

    /// A URL for the log or a message: secret query parameters and a password in it masked.
    public func url(_ url: URL) -> String { text(url.absoluteString) }

    /// Any text that may hold a secret: secret fields masked, then every known secret replaced.
    public func text(_ text: String) -> String {
        var found: [String] = []
        let masked = Self.maskFields(Array(text.utf8), found: &found)
        return scrub(String(decoding: masked, as: UTF8.self))
    }

    /// `text` with every known secret replaced (and nothing else changed).
    public func scrub(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: Redactor.mask) }
    }

    /// A body as text for the debug log, at most `limit` characters: secret fields masked (whether or not
    /// the body is valid JSON), known secrets replaced, binary data summarized. Only the first
    /// `scanWindow` bytes are looked at; a cut there counts as a truncation, so a value it splits is masked.
    public func body(_ data: Data, limit: Int = 4096) -> String {
        guard !data.isEmpty else { return "" }
        var window = Array(data.prefix(Self.scanWindow))
        // Cut on a character boundary, so a multi-byte character split by the window is not "binary".
        if data.count > window.count { while let last = window.last, last & 0xC0 == 0x80 { window.removeLast() } }
        guard String(validating: window, as: UTF8.self) != nil, !window.contains(0) else {
            return "<\(data.count) bytes of binary data>"
        }
        var found: [String] = []
        var shown = scrub(String(decoding: Self.maskFields(window, found: &found), as: UTF8.self))
        if shown.count > limit || data.count > window.count {
            shown = String(shown.prefix(limit)) + "… (\(data.count) bytes in all)"
        }
        return shown
    }

    // MARK: - The scanner

    static func isSecretField(_ name: String) -> Bool {
        let key = String(name.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" })
        return fields.contains(key) || fieldSuffixes.contains { key.hasSuffix($0) }
    }

    /// Whether a value seen in a secret field is worth masking everywhere: long, no spaces, letters and digits.
    static func looksLikeSecret(_ value: String) -> Bool {
        value.count >= 16 && !value.contains("*") && value != mask
            && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
            && value.unicodeScalars.contains { CharacterSet.decimalDigits.contains($0) }
            && value.unicodeScalars.contains { CharacterSet.letters.contains($0) }
    }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), colon = UInt8(ascii: ":")
    private static let maskBytes = Array(mask.utf8), quotedMask = Array("\"\(mask)\"".utf8)

    /// Masks secret fields in JSON-shaped text (quoted keys, any value type, unterminated strings and
    /// containers masked to the end), then in free text (`name: value`, `name=value`, `Bearer value`,
    /// also inside JSON strings). The string values it masks are collected in `found`.
    static func maskFields(_ input: [UInt8], found: inout [String]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            guard input[i] == quote else { out.append(input[i]); i += 1; continue }
            let end = stringEnd(input, from: i)
            let j = skipSpace(input, from: end)
            if j < input.count, input[j] == colon, isSecretField(unescape(input[(i + 1)..<max(i + 1, end - 1)])) {
                let valueStart = skipSpace(input, from: j + 1)
                out += input[i..<valueStart]
                let valueEnd = self.valueEnd(input, from: valueStart)
                let value = input[valueStart..<valueEnd]
                if value.elementsEqual("null".utf8) || value.isEmpty {
                    out += value
                } else {
                    if value.first == quote { found.append(unescape(value.dropFirst().prefix(max(0, value.count - 2)))) }
                    out += quotedMask
                }
                i = valueEnd
            } else {
                out += input[i..<end]
                i = end
            }
        }
        return maskFreeText(out, found: &found)
    }

    /// Masks `name: value`, `name=value` (optionally quoted or backslash-quoted) and `Bearer value` for
    /// secret names, wherever they are.
    private static func maskFreeText(_ input: [UInt8], found: inout [String]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            let byte = input[i]
            let startsWord = isWordByte(byte) && (i == 0 || !isWordByte(input[i - 1]))
            guard startsWord else { out.append(byte); i += 1; continue }
            let start = i
            var end = i
            while end < input.count, isWordByte(input[end]) { end += 1 }
            out += input[start..<end]
            i = end
            // Cheap checks first: most words are followed by neither an assignment nor a space.
            var j = end
            while j < input.count, isQuoteOrSpace(input[j]) { j += 1 }
            let assigns = j < input.count && (input[j] == colon || input[j] == UInt8(ascii: "="))
            let spaced = end < input.count && input[end] == UInt8(ascii: " ")
            guard assigns || spaced, end - start <= 40 else { continue }
            let word = String(decoding: input[start..<end], as: UTF8.self).lowercased()
            if word == "bearer" {
                guard spaced else { continue }
                j = end
                while j < input.count, input[j] == UInt8(ascii: " ") { j += 1 }
            } else {
                guard assigns, isSecretField(word) else { continue }
                // `https://` and `==` are not assignments.
                if j + 1 < input.count, input[j + 1] == UInt8(ascii: "/") || input[j + 1] == UInt8(ascii: "=") { continue }
                j += 1
                while j < input.count, isQuoteOrSpace(input[j]) { j += 1 }
            }
            let isHeader = headers.contains(word)
            // Already masked (by the JSON pass): leave it.
            if input[j...].starts(with: maskBytes) { continue }
            var valueEnd = j
            if isHeader {
                // A header's value runs to the end of its line (or of the string it is in).
                while valueEnd < input.count, !isLineEnd(input[valueEnd]), input[valueEnd] != quote, input[valueEnd] != backslash { valueEnd += 1 }
            } else {
                while valueEnd < input.count, !isValueDelimiter(input[valueEnd]) { valueEnd += 1 }
            }
            let value = input[j..<valueEnd]
            guard !value.isEmpty, !value.elementsEqual("null".utf8) else { continue }
            out += input[end..<j]
            found.append(String(decoding: value, as: UTF8.self))
            out += maskBytes
            i = valueEnd
        }
        return out
    }

    /// The index just past the JSON string starting at `start` (a quote), or the end of input when it is unterminated.
    private static func stringEnd(_ input: [UInt8], from start: Int) -> Int {
        var i = start + 1
        while i < input.count {
            if input[i] == backslash { i += 2; continue }
            if input[i] == quote { return i + 1 }
            i += 1
        }
        return input.count
    }

    /// The index just past a JSON value starting at `start`: a string, a container (to its matching close,
    /// strings respected), or a bare word; the end of input when it is cut short.
    private static func valueEnd(_ input: [UInt8], from start: Int) -> Int {
        guard start < input.count else { return input.count }
        switch input[start] {
        case quote:
            return stringEnd(input, from: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var i = start
            while i < input.count {
                switch input[i] {
                case quote: i = stringEnd(input, from: i); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default: break
                }
                i += 1
            }
            return input.count
        default:
            var i = start
            while i < input.count, !isValueDelimiter(input[i]) { i += 1 }
            return i
        }
    }

    private static func skipSpace(_ input: [UInt8], from start: Int) -> Int {
        var i = start
        while i < input.count, input[i] == 0x20 || input[i] == 0x09 || input[i] == 0x0A || input[i] == 0x0D { i += 1 }
        return i
    }

    private static func isQuoteOrSpace(_ b: UInt8) -> Bool {
        b == quote || b == backslash || b == UInt8(ascii: "'") || b == 0x20 || b == 0x09
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
    }

    private static func isLineEnd(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D }

    private static func isValueDelimiter(_ b: UInt8) -> Bool {
        b <= 0x20 || b == quote || b == backslash || b == UInt8(ascii: "'") || b == UInt8(ascii: ",")
            || b == UInt8(ascii: ";") || b == UInt8(ascii: "&") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]")
            || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: ")") || b == 0x7F
    }

    /// The text of a JSON string's contents, escapes decoded (so `"to\u006ben"` is seen as `token`).
    private static func unescape(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(backslash) else { return String(decoding: bytes, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        let chars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        var i = 0
        while i < chars.count {
            if chars[i] == "\\", i + 1 < chars.count {
                let next = chars[i + 1]
                if next == "u", i + 5 < chars.count, let code = UInt32(String(String.UnicodeScalarView(chars[(i + 2)...(i + 5)])), radix: 16),
                   let scalar = Unicode.Scalar(code) {
                    scalars.append(scalar)
                    i += 6
                    continue
                }
                scalars.append(next == "n" ? "\n" : next == "t" ? "\t" : next)
                i += 2
                continue
            }
            scalars.append(chars[i])
            i += 1
        }
        return String(scalars)
    }
}
