/// The last component and the parent directory of a path, split at `/` byte by byte, as NSString's
/// `lastPathComponent` and `deletingLastPathComponent` give them for ordinary paths. Those two trap in
/// swift-corelibs-foundation on some paths with a non-ASCII component between doubled slashes
/// (`x//é//`), and these paths come from the command line.
public enum PathComponents {
    /// `/a/b/` → `b`, `/` → `/`, `` → ``.
    public static func last(of path: String) -> String {
        guard let last = parts(path).last else { return path.utf8.first == UInt8(ascii: "/") ? "/" : "" }
        return last
    }

    /// `/a/b/` → `/a`, `/a` → `/`, `a` → ``, `/` → `/`.
    public static func parent(of path: String) -> String {
        let absolute = path.utf8.first == UInt8(ascii: "/")
        let joined = parts(path).dropLast().joined(separator: "/")
        return absolute ? "/" + joined : joined
    }

    private static func parts(_ path: String) -> [String] {
        path.utf8.split(separator: UInt8(ascii: "/")).map { String(Substring($0)) }
    }
}
