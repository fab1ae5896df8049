/// vmctl's version, shown by `vmctl version` and sent in the User-Agent header.
public enum VMCtlVersion {
    public static let current = "0.1.0"
    public static var userAgent: String { "vmctl/\(current)" }
    /// What `vmctl --version` and `vmctl version` print: the version, then what this vmctl is, so that
    /// `vmctl --version` tells it apart from VictoriaMetrics' data-migration tool and OpenBSD's VM control
    /// program, which share the name.
    public static var line: String {
        "vmctl \(current) (token administration for VictoriaMetrics Cloud, InfluxDB 3 Cloud Dedicated/Clustered and InfluxDB 2)"
    }
}
