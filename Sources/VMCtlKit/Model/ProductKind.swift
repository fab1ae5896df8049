/// The servers vmctl speaks to; each connection profile names one.
public enum ProductKind: String, CaseIterable, Sendable, Codable {
    case vmcloud
    case dedicated
    case clustered
    case influxdb2

    /// How the product is named in messages and docs.
    public var displayName: String {
        switch self {
        case .vmcloud: return "VictoriaMetrics Cloud"
        case .dedicated: return "InfluxDB 3 Cloud Dedicated"
        case .clustered: return "InfluxDB 3 Clustered"
        case .influxdb2: return "InfluxDB 2"
        }
    }
}
