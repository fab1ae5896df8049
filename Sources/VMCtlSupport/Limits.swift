/// The bounds vmctl puts on everything that comes from outside: files, helper commands and servers.
/// docs/guarantees.md lists them; each error that hits one names it.
public enum Limits {
    /// The most of a config file vmctl reads. A real config is a few KiB; anything larger (or endless,
    /// like `/dev/zero`) is refused before it is held in memory.
    public static let configFileBytes = 1 << 20
    /// The most an `api_key_command` may print on stdout (and, separately, on stderr).
    public static let secretCommandOutputBytes = 64 << 10
    /// The most of a profile's `ca_cert` file vmctl reads. A CA's certificate is a few KiB, and the system's
    /// whole bundle of them about 200 KiB.
    public static let caCertificateFileBytes = 1 << 20
    /// The most of one HTTP response body vmctl reads; past it the transfer is stopped. A list (a token
    /// list) is not bound by it: it is read element by element, each within `listElementBytes`.
    public static let responseBodyBytes = 16 << 20
    /// The most one element of a list answer may take (a token is a few hundred bytes).
    public static let listElementBytes = 1 << 20

    /// `1 MiB`, `64 KiB`, `300 bytes`.
    public static func describe(bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
