import VMCtlSupport
/// A price tier of the catalog.
public struct Tier: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var type: String
    public var cloudProvider: String
    public var computeCostPerHour: Double
    public var ingestionRate: Int64
    public var activeTimeSeries: Int64
    public var newSeriesOver24h: Int64
    public var datapointsReadRate: Int64
    public var seriesReadPerQuery: Int64
    public var concurrentRequests: Int64
}

/// A region of a cloud provider.
public struct Region: Sendable, Equatable {
    public var cloudProvider: String
    public var name: String
}

/// A cloud provider.
public struct CloudProvider: Sendable, Equatable {
    public var id: String
    public var url: String
}
