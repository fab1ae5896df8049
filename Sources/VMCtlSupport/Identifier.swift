import Foundation

/// Checks on identifiers and URLs that profiles and commands share.
public enum Identifier {
    /// A UUID in its canonical 8-4-4-4-12 hexadecimal form.
    public static func isUUID(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard bytes.count == 36 else { return false }
        for (i, b) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                if b != UInt8(ascii: "-") { return false }
            } else if !((48...57).contains(b) || (65...70).contains(b) || (97...102).contains(b)) {
                return false
            }
        }
        return true
    }

    /// `text` with ASCII letters lowered; a UUID needs nothing more, and this avoids Unicode case tables.
    public static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// Checks that `text` is an absolute http(s) URL with a host; returns a reason when it is not.
    public static func urlProblem(_ text: String) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            return "\"\(text)\" is not an http:// or https:// URL"
        }
        if components.query != nil || components.fragment != nil {
            return "\"\(text)\" should not have a query or fragment"
        }
        return nil
    }

    /// Loopback hosts, to which plain http is allowed without `allow_http`.
    public static func isLoopback(host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" || h.hasSuffix(".localhost") { return true }
        let octets = h.split(separator: ".")
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
