/// vmctl's version, shown by `vmctl version` and sent in the User-Agent header.
public enum VMCtlVersion {
    public static let current = "0.1.0"
    public static var userAgent: String { "vmctl/\(current)" }
}
