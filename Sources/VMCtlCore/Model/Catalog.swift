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

    public init(id: Int64, name: String, type: String, cloudProvider: String, computeCostPerHour: Double, ingestionRate: Int64, activeTimeSeries: Int64, newSeriesOver24h: Int64, datapointsReadRate: Int64, seriesReadPerQuery: Int64, concurrentRequests: Int64) {
        self.id = id
        self.name = name
        self.type = type
        self.cloudProvider = cloudProvider
        self.computeCostPerHour = computeCostPerHour
        self.ingestionRate = ingestionRate
        self.activeTimeSeries = activeTimeSeries
        self.newSeriesOver24h = newSeriesOver24h
        self.datapointsReadRate = datapointsReadRate
        self.seriesReadPerQuery = seriesReadPerQuery
        self.concurrentRequests = concurrentRequests
    }
}

/// A region of a cloud provider.
public struct Region: Sendable, Equatable {
    public var cloudProvider: String
    public var name: String

    public init(cloudProvider: String, name: String) {
        self.cloudProvider = cloudProvider
        self.name = name
    }
}

/// A cloud provider.
public struct CloudProvider: Sendable, Equatable {
    public var id: String
    public var url: String

    public init(id: String, url: String) {
        self.id = id
        self.url = url
    }
}
